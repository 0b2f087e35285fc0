"""`make demo-media`: rebuild the demonstration recording of the webinar "CX, důvěra a AI".

What it says and shows is in demo_script (two synthetic voices, a host and a guest; no real
person, not an excerpt of a real webinar). Slides come from demo_slides (Pillow, DejaVu), the
voices from Festival's Czech diphone voices (festvox-czech-dita for the host,
festvox-czech-machac for the guest: clearer than espeak-ng's formant voice), and ffmpeg
encodes a small WebM (VP9 + Opus) for git. The captions (.cs.vtt) are timed from the
synthesised speech itself, sentence by sentence; the transcript is built from them.

    python -m academy.webinars.demo_media courses/mapovani-zakaznickych-cest/media
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from academy.webinars.demo_script import GUEST, HOST, SCENES, Line, spoken

NAME = "webinar-cx-duvera-ai"
SLIDES = tuple(scene.slide for scene in SCENES)
RATE = 32000  # both Czech diphone voices speak at 32 kHz
VOICES = {HOST: "czech_dita", GUEST: "czech_machac"}
PAUSE_SENTENCE, PAUSE_TURN, PAUSE_SLIDE = 0.3, 0.6, 1.0
CUE_CHARS = 84  # two caption lines of about 42 characters
TOOLS = {
    "ffmpeg": "ffmpeg",
    "text2wave": "festival festvox-czech-dita festvox-czech-machac",
}
PACKAGES = "ffmpeg festival festvox-czech-dita festvox-czech-machac fonts-dejavu-core"


def _run(*args: str | Path, stdin: bytes | None = None) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True, input=stdin)


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def split_cue(start: float, end: float, text: str) -> list[tuple[float, float, str]]:
    """A long sentence as two cues, split at the comma nearest its middle, timed by length."""
    commas = [i for i, char in enumerate(text) if char == ","]
    if len(text) <= 70 or not commas:
        return [(start, end, text)]
    cut = min(commas, key=lambda i: abs(i - len(text) / 2)) + 1
    middle = start + (end - start) * cut / len(text)
    return [(start, middle, text[:cut].strip()), (middle, end, text[cut:].strip())]


def sentences(text: str) -> list[str]:
    """`text` cut after each full stop, question or exclamation mark (not inside "2. srpna")."""
    parts = re.split(r"(?<=[.?!])\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ„])", text)
    return [p for p in parts if p]


def cues_for(start: float, end: float, sentence: str) -> list[tuple[float, float, str]]:
    """A spoken sentence as caption cues of at most CUE_CHARS, timed by their length.

    A long sentence is cut at the comma nearest its middle (or, without one, at the space
    nearest it) and each half cut again until it fits; both halves are always shorter."""
    size = len(sentence)
    if size <= CUE_CHARS:
        return [(start, end, sentence)]
    commas = [i + 1 for i, c in enumerate(sentence) if c == "," and size / 4 < i < size * 3 / 4]
    spaces = [i for i, c in enumerate(sentence) if c == " "]
    cut = min(commas or spaces, key=lambda i: abs(i - size / 2))
    middle = start + (end - start) * cut / size
    return cues_for(start, middle, sentence[:cut].strip()) + cues_for(
        middle, end, sentence[cut:].strip()
    )


def speak(line_text: str, speaker: str, out: Path) -> bytes:
    """16-bit mono PCM at RATE of `line_text` in the speaker's Festival voice."""
    text = spoken(line_text).replace("„", "").replace("“", "")
    source = out.with_suffix(".txt")
    source.write_bytes(text.encode("iso-8859-2", errors="ignore"))
    _run("text2wave", "-eval", f"(voice_{VOICES[speaker]})", source, "-o", out)
    with wave.open(str(out)) as wav:
        if wav.getframerate() != RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise SystemExit(f"{VOICES[speaker]}: expected 16-bit mono at {RATE} Hz")
        return wav.readframes(wav.getnframes())


def _silence(seconds: float) -> bytes:
    return b"\0\0" * int(seconds * RATE)


def narrate(tmp: Path) -> tuple[bytes, list[float], list[tuple[float, float, str]]]:
    """All scenes' speech, each scene's start in seconds, and the caption cues."""
    pcm, starts, cues = bytearray(), [], []
    last_speaker = None
    for number, scene in enumerate(SCENES, 1):
        if number > 1:
            pcm += _silence(PAUSE_SLIDE)
        starts.append(len(pcm) / 2 / RATE)
        for index, line in enumerate(scene.lines):
            if index:
                pcm += _silence(PAUSE_TURN if line.speaker != last_speaker else PAUSE_SENTENCE)
            cues += _say_line(line, line.speaker != last_speaker, pcm, tmp / f"s{number}l{index}")
            last_speaker = line.speaker
    pcm += _silence(PAUSE_SLIDE)
    return bytes(pcm), starts, cues


def _say_line(line: Line, new_turn: bool, pcm: bytearray, stem: Path) -> list:
    cues = []
    for i, sentence in enumerate(sentences(line.text)):
        if i:
            pcm += _silence(PAUSE_SENTENCE)
        start = len(pcm) / 2 / RATE
        pcm += speak(sentence, line.speaker, stem.with_name(f"{stem.name}-{i}.wav"))
        for j, (a, b, text) in enumerate(cues_for(start, len(pcm) / 2 / RATE, sentence)):
            label = f"{line.speaker}: " if new_turn and i == 0 and j == 0 else ""
            cues.append((a, b, f"<v {line.speaker}>{label}{text}"))
    return cues


def encode(tmp: Path, starts: list[float], duration: float, video: Path) -> None:
    """Slides held for their scenes plus the voice, as VP9 + Opus WebM, one thread, niced."""
    from academy.webinars.demo_slides import draw_slide  # Pillow only when building

    playlist = []
    for number, scene in enumerate(SCENES, 1):
        image = tmp / f"slide{number}.png"
        draw_slide(scene.slide, number, len(SCENES), image)
        end = starts[number] if number < len(SCENES) else duration
        playlist.append(f"file '{image}'\nduration {end - starts[number - 1]:.3f}\n")
    playlist.append(f"file '{tmp / f'slide{len(SCENES)}.png'}'\n")  # concat needs the last twice
    (tmp / "slides.txt").write_text("".join(playlist), "utf-8")
    keyframes = ",".join(f"{s:.2f}" for s in starts)
    _run(
        "nice",
        "ffmpeg",
        "-y",
        "-loglevel",
        "error",
        "-threads",
        "1",
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        tmp / "slides.txt",
        "-i",
        tmp / "voice.wav",
        "-vf",
        "fps=5,format=yuv420p",
        "-force_key_frames",
        keyframes,
        "-c:v",
        "libvpx-vp9",
        "-crf",
        "40",
        "-b:v",
        "0",
        "-g",
        "150",
        "-threads",
        "1",
        "-deadline",
        "good",
        "-cpu-used",
        "4",
        "-af",
        "loudnorm=I=-18:TP=-2",
        "-ar",
        "48000",
        "-c:a",
        "libopus",
        "-b:a",
        "24k",
        "-ac",
        "1",
        "-application",
        "voip",
        "-shortest",
        video,
    )


def build(out_dir: Path) -> dict[str, object]:
    """Write NAME.webm, NAME.cs.vtt and NAME-poster.png into out_dir; return the facts."""
    missing = [pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        raise SystemExit("Install first: apt-get install " + PACKAGES)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        pcm, starts, cues = narrate(tmp)
        with wave.open(str(tmp / "voice.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(pcm)
        duration = len(pcm) / 2 / RATE
        video = out_dir / f"{NAME}.webm"
        encode(tmp, starts, duration, video)
        from PIL import Image

        with Image.open(tmp / "slide1.png") as poster:
            poster.resize((640, 360), Image.Resampling.LANCZOS).save(
                out_dir / f"{NAME}-poster.png", optimize=True
            )
    vtt = ["WEBVTT", "", "NOTE Ukázkový záznam CX akademie; oba hlasy jsou syntetické.", ""]
    for i, (start, end, text) in enumerate(cues, 1):
        vtt += [str(i), f"{_stamp(start)} --> {_stamp(end)}", f"{text}</v>", ""]
    (out_dir / f"{NAME}.cs.vtt").write_text("\n".join(vtt), "utf-8")
    chapters, seen = [], None
    for start, scene in zip(starts, SCENES, strict=True):
        if scene.slide.chapter != seen:
            chapters.append({"start": int(start), "title": scene.slide.chapter})
            seen = scene.slide.chapter
    words = sum(len(line.text.split()) for scene in SCENES for line in scene.lines)
    return {
        "duration": duration,
        "size": video.stat().st_size,
        "chapters": chapters,
        "words": words,
        "cues": len(cues),
    }


def front_matter(facts: dict[str, object]) -> str:
    """The module's front matter for the recording just built."""
    minutes = round(float(facts.get("duration", 60)) / 60)  # type: ignore[arg-type]
    lines = [
        'title: "Webinář: CX, důvěra a AI"',
        "kind: webinar",
        f"minutes: {minutes}",
        "public: true",
        f"video: media/{NAME}.webm",
        f"poster: media/{NAME}-poster.png",
        "captions:",
        f"  - src: media/{NAME}.cs.vtt",
        "    lang: cs",
        "    label: Čeština",
        "chapters:",
    ]
    for chapter in facts["chapters"]:  # type: ignore[attr-defined]
        start = chapter["start"]
        lines.append(
            f'  - {{start: "{start // 60:02d}:{start % 60:02d}", title: "{chapter["title"]}"}}'
        )
    return "---\n" + "\n".join(lines) + "\n---\n"


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1] if len(argv) > 1 else "courses/mapovani-zakaznickych-cest/media")
    facts = build(out_dir)
    print(
        f"{out_dir / NAME}.webm: {facts['duration']:.1f} s, {facts['size'] / 1024:.0f} KiB, "
        f"{facts['words']} words, {facts['cues']} cues"
    )
    print(front_matter(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
