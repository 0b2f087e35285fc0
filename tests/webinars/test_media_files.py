"""Captions to transcript, the recording's length from its headers, and the demo recording."""

from __future__ import annotations

import struct
from itertools import pairwise
from pathlib import Path

from academy.studio.archives import media_problems
from academy.webinars.demo_media import (
    CUE_CHARS,
    NAME,
    SLIDES,
    cues_for,
    front_matter,
    sentences,
    split_cue,
)
from academy.webinars.demo_script import GUEST, HOST, SCENES, spoken
from academy.webinars.probe import read_duration
from academy.webinars.transcript import Cue, parse_time, parse_vtt

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "courses" / "demo-kurz" / "media"
DEMO = ROOT / "courses" / "mapovani-zakaznickych-cest" / "media"

VTT = """WEBVTT
Kind: captions

NOTE napsáno ručně

STYLE
::cue { color: yellow }

uvod
00:00.000 --> 00:04.500 align:start
<v Jana>Dobrý den,</v>
vítejte &amp; <i>pohodlně</i> se usaďte.

00:01:02.250 --> 01:00:03.000
Důvěra.

00:05.000 --> 00:04.000
obrácený čas se zahodí
"""


def test_vtt_cues_become_plain_text_lines():
    assert parse_vtt(VTT) == [
        Cue(0.0, 4.5, "Dobrý den, vítejte & pohodlně se usaďte."),
        Cue(62.25, 3603.0, "Důvěra."),
    ]
    assert parse_time("1:02:03.004") == 3723.004
    assert parse_time("12:34") is None


def test_duration_from_webm_headers():
    assert abs(read_duration(FIXTURE / "webinar.webm") - 20.008) < 0.01
    assert read_duration(FIXTURE / "webinar.cs.vtt") is None


def test_duration_from_mp4_headers(tmp_path):
    mvhd = struct.pack(">I4sB3xIIII", 32, b"mvhd", 0, 0, 0, 1000, 75_500)
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 512)
    (tmp_path / "a.mp4").write_bytes(ftyp + struct.pack(">I4s", 12, b"mdat") + b"1234" + moov)
    assert read_duration(tmp_path / "a.mp4") == 75.5


def test_long_sentences_are_split_into_two_cues_at_a_comma():
    text = "Umělá inteligence zvládá rutinu, velké objemy a rychlost, ale empatii nepřevezme."
    first, second = split_cue(10.0, 18.0, text)
    assert first[0] == 10.0 and first[1] == second[0] < 18.0 and second[1] == 18.0
    assert f"{first[2]} {second[2]}" == text


def test_the_committed_demo_recording_is_a_real_length_small_and_fully_captioned():
    """8 to 15 minutes (issue 24), small enough for git, two voices, every line captioned."""
    video = DEMO / f"{NAME}.webm"
    duration = read_duration(video)
    assert 8 * 60 <= duration <= 15 * 60
    assert video.stat().st_size < 4 * 1024 * 1024
    cues = parse_vtt((DEMO / f"{NAME}.cs.vtt").read_text("utf-8"))
    assert cues[-1].end <= duration
    assert all(later.start >= earlier.end for earlier, later in pairwise(cues))
    assert all(len(cue.text) <= CUE_CHARS + len(f"{HOST}: ") for cue in cues)
    spoken_words = sum(len(line.text.split()) for scene in SCENES for line in scene.lines)
    captioned = sum(len(cue.text.split()) for cue in cues)
    turns = sum(cue.text.startswith((f"{HOST}: ", f"{GUEST}: ")) for cue in cues)
    assert captioned == spoken_words + turns  # the full transcript, plus one speaker label a turn
    assert (DEMO / f"{NAME}-poster.png").is_file()
    assert media_problems(DEMO.parent, DEMO.parents[1]) == []  # the studio .zip import takes it


def test_the_module_front_matter_matches_the_committed_recording():
    module = (DEMO.parent / "05-webinar-cx-duvera-ai.md").read_text("utf-8")
    minutes = int(module.split("minutes: ", 1)[1].split("\n", 1)[0])
    assert minutes == round(read_duration(DEMO / f"{NAME}.webm") / 60)
    assert "Zdarma" not in module and "Šťastný" not in module
    assert "syntetické" in module


def test_the_script_has_a_host_and_a_guest_and_no_free_slide():
    speakers = {line.speaker for scene in SCENES for line in scene.lines}
    assert speakers == {HOST, GUEST}
    words = " ".join(" ".join(s.points + s.right + (s.heading, s.note)) for s in SLIDES)
    assert "Zdarma" not in words and "zdarma" not in words


def test_the_voice_reads_acronyms_and_percentages_in_words():
    assert spoken("AI v CX: 31 % klientů") == "á í v cé iks: třicet jedna procent klientů"
    assert spoken("KPIs a MAIL") == "KPIs a MAIL"  # only whole words are replaced


def test_narration_is_cut_into_sentences_but_not_at_ordinal_numbers():
    assert sentences("Platí od 2. srpna 2026. Tak je to. Jak?") == [
        "Platí od 2. srpna 2026.",
        "Tak je to.",
        "Jak?",
    ]


def test_long_sentences_become_cues_that_fit_two_caption_lines():
    text = "slovo " * 40
    cues = cues_for(0.0, 12.0, text.strip())
    assert all(len(t) <= CUE_CHARS for _, _, t in cues)
    assert " ".join(t for _, _, t in cues) == text.strip()
    assert cues[0][0] == 0.0 and cues[-1][1] == 12.0
    assert all(a[1] == b[0] for a, b in pairwise(cues))


def test_front_matter_names_the_files_and_quotes_chapter_titles():
    text = front_matter({"chapters": [{"start": 76, "title": "Co dál: CX akademie"}]})
    assert f"video: media/{NAME}.webm" in text
    assert '{start: "01:16", title: "Co dál: CX akademie"}' in text
