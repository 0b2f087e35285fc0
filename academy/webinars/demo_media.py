"""`make demo-media`: rebuild the demo recording of the webinar "CX, důvěra a AI".

Slides drawn with ImageMagick (DejaVu fonts, Czech diacritics), a Czech voice from
espeak-ng, encoded by ffmpeg to WebM (VP9 + Opus), with Czech captions (.cs.vtt)
timed from the narration itself, and the chapters to put in the module's front matter.
Needs Debian's ffmpeg, espeak-ng, imagemagick and fonts-dejavu-core; no Flask.

    python -m academy.webinars.demo_media courses/mapovani-zakaznickych-cest/media
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

NAME = "webinar-cx-duvera-ai"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = 1280, 720
RATE = 22050  # espeak-ng's sample rate
GAP = 0.6  # seconds of silence after each slide's narration
TOOLS = {"ffmpeg": "ffmpeg", "espeak-ng": "espeak-ng", "convert": "imagemagick"}


@dataclass(frozen=True)
class Slide:
    chapter: str
    heading: str
    points: tuple[str, ...]
    narration: str


SLIDES = (
    Slide(
        "Úvod", "CX, důvěra a AI",
        ("Záznam webináře", "Zákaznická zkušenost v době umělé inteligence"),
        "Vítejte u záznamu webináře o zákaznické zkušenosti, důvěře a umělé inteligenci.",
    ),
    Slide(
        "AI v péči o zákazníky", "AI v péči o zákazníky",
        ("Zvládá rutinu, objem a rychlost", "Empatii za člověka nepřevezme"),
        "Umělá inteligence v péči o zákazníky zvládá rutinu, velké objemy a rychlost, "
        "ale empatii za člověka nepřevezme.",
    ),
    Slide(
        "Tichý zákazník", "Tichý zákazník",
        ("Přestane dávat zpětnou vazbu", "Odejde bez stížnosti – a bez varování"),
        "Nejnebezpečnější je tichý zákazník, který přestane dávat zpětnou vazbu a prostě odejde.",
    ),
    Slide(
        "Důvěra z malých zážitků", "Důvěra se staví z maličkostí",
        ("Malé, konzistentní zážitky", "Každý den, v každém kontaktním bodě"),
        "Důvěra nevzniká velkými kampaněmi, ale z malých, konzistentních zážitků.",
    ),
    Slide(
        "Živá zákaznická cesta", "Zákaznická cesta žije",
        ("Propojuje data, výzkum a realitu", "Není to plakát na zdi"),
        "Zákaznická cesta je živý nástroj, který propojuje data, výzkum a realitu.",
    ),
    Slide(
        "Co dál: CX akademie", "Pokračujte v CX akademii",
        ("Mapování zákaznických cest krok za krokem", "Zdarma, i na telefonu"),
        "Na webinář navazuje CX akademie, kde si vše vyzkoušíte krok za krokem.",
    ),
)  # fmt: skip


def _run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True)


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


def draw_slide(slide: Slide, number: int, out: Path) -> None:
    """A 1280×720 PNG: chapter label, heading, two points, footer."""
    regular, bold = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
    args: list[str | Path] = ["convert", "-size", f"{WIDTH}x{HEIGHT}", "xc:#f6f8fa"]
    args += ["-fill", "#0f4c5c", "-draw", f"rectangle 0,0 {WIDTH},18"]
    args += ["-fill", "#e36414", "-draw", "rectangle 90,250 250,258"]
    args += ["-font", regular, "-pointsize", "30", "-fill", "#5b6676"]
    args += ["-annotate", "+90+130", f"{number} / {len(SLIDES)}  ·  {slide.chapter}"]
    args += ["-font", bold, "-pointsize", "66", "-fill", "#1c2430"]
    args += ["-annotate", "+90+225", slide.heading]
    args += ["-font", regular, "-pointsize", "42", "-fill", "#1c2430"]
    for i, point in enumerate(slide.points):
        args += ["-annotate", f"+90+{350 + i * 80}", f"•  {point}"]
    args += ["-pointsize", "26", "-fill", "#5b6676"]
    args += ["-annotate", f"+90+{HEIGHT - 50}", "CX akademie  ·  webinář CX, důvěra a AI"]
    _run(*args, out)


def speak(text: str, out: Path) -> float:
    """A WAV of `text` in espeak-ng's Czech voice; returns its length in seconds."""
    _run("espeak-ng", "-v", "cs", "-s", "150", "-p", "45", "-w", out, text)
    with wave.open(str(out)) as wav:
        return wav.getnframes() / wav.getframerate()


def build(out_dir: Path) -> dict[str, object]:
    """Write NAME.webm, NAME.cs.vtt and NAME-poster.png into out_dir; return the facts."""
    missing = [pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            "Install first: apt-get install " + " ".join(missing) + " fonts-dejavu-core"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cues, chapters, playlist, frames = [], [], [], []
        clock = 0.0
        for number, slide in enumerate(SLIDES, 1):
            image, voice = tmp / f"slide{number}.png", tmp / f"voice{number}.wav"
            draw_slide(slide, number, image)
            spoken = speak(slide.narration, voice)
            length = round(spoken + GAP, 2)
            with wave.open(str(voice)) as wav:
                frames.append(wav.readframes(wav.getnframes()) + b"\0\0" * int(GAP * RATE))
                frames[-1] += b"\0\0" * (int(length * RATE) - len(frames[-1]) // 2)
            chapters.append({"start": int(clock), "title": slide.chapter})
            cues += split_cue(clock, clock + spoken, slide.narration)
            playlist.append(f"file '{image}'\nduration {length}\n")
            clock += length
        playlist.append(
            f"file '{tmp / f'slide{len(SLIDES)}.png'}'\n"
        )  # concat needs the last twice
        (tmp / "slides.txt").write_text("".join(playlist), "utf-8")
        with wave.open(str(tmp / "voice.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(b"".join(frames))
        video = out_dir / f"{NAME}.webm"
        _run(
            "ffmpeg", "-y", "-loglevel", "error", "-f", "concat", "-safe", "0",
            "-i", tmp / "slides.txt", "-i", tmp / "voice.wav",
            "-vf", "fps=10,format=yuv420p", "-c:v", "libvpx-vp9", "-crf", "42", "-b:v", "0",
            "-g", "50", "-row-mt", "1", "-deadline", "good", "-cpu-used", "4",
            "-c:a", "libopus", "-b:a", "32k", "-ac", "1", "-shortest", video,
        )  # fmt: skip
        shutil.copy(tmp / "slide1.png", out_dir / f"{NAME}-poster.png")
    _run("convert", out_dir / f"{NAME}-poster.png", "-resize", "640x360", "-strip",
         "-colors", "64", out_dir / f"{NAME}-poster.png")  # fmt: skip
    vtt = ["WEBVTT", ""]
    for i, (start, end, text) in enumerate(cues, 1):
        vtt += [str(i), f"{_stamp(start)} --> {_stamp(end)}", text, ""]
    (out_dir / f"{NAME}.cs.vtt").write_text("\n".join(vtt), "utf-8")
    return {"duration": clock, "size": video.stat().st_size, "chapters": chapters}


def front_matter(facts: dict[str, object]) -> str:
    """The module's front matter for the recording just built."""
    lines = [
        'title: "Webinář: CX, důvěra a AI"', "kind: webinar", "minutes: 1", "public: true",
        f"video: media/{NAME}.webm", f"poster: media/{NAME}-poster.png",
        "captions:", f"  - src: media/{NAME}.cs.vtt", "    lang: cs", "    label: Čeština",
        "chapters:",
    ]  # fmt: skip
    for chapter in facts["chapters"]:  # type: ignore[attr-defined]
        start = chapter["start"]
        lines.append(
            f'  - {{start: "{start // 60:02d}:{start % 60:02d}", title: "{chapter["title"]}"}}'
        )
    return "---\n" + "\n".join(lines) + "\n---\n"


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1] if len(argv) > 1 else "courses/mapovani-zakaznickych-cest/media")
    facts = build(out_dir)
    print(f"{out_dir / NAME}.webm: {facts['duration']:.1f} s, {facts['size'] / 1024:.0f} KiB")
    print(front_matter(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
