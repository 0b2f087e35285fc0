"""Captions to transcript, the recording's length from its headers, and the demo recording."""

from __future__ import annotations

import struct
from pathlib import Path

from academy.webinars.demo_media import NAME, SLIDES, front_matter, split_cue
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


def test_the_committed_demo_recording_is_short_small_and_captioned():
    video = DEMO / f"{NAME}.webm"
    duration = read_duration(video)
    assert 30 <= duration <= 90
    assert video.stat().st_size < 3 * 1024 * 1024
    cues = parse_vtt((DEMO / f"{NAME}.cs.vtt").read_text("utf-8"))
    assert len(cues) >= len(SLIDES) and cues[-1].end <= duration
    assert any("důvěr" in cue.text.lower() for cue in cues)
    assert (DEMO / f"{NAME}-poster.png").is_file()


def test_front_matter_names_the_files_and_quotes_chapter_titles():
    text = front_matter({"chapters": [{"start": 76, "title": "Co dál: CX akademie"}]})
    assert f"video: media/{NAME}.webm" in text
    assert '{start: "01:16", title: "Co dál: CX akademie"}' in text
