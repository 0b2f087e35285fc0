"""`courses check`, webinars: the recording, its captions (WebVTT), chapters and transcript."""

from __future__ import annotations

from pathlib import Path

from academy.courses.check_links import check_media
from academy.courses.check_types import TRUE_OR_FALSE, Report
from academy.courses.source import (
    Document,
    Problem,
    relative_name,
)
from academy.courses.wording import N_
from academy.webinars.webvtt import check_webvtt


def check_webinar(err: Report, doc: Document) -> None:
    meta = doc.meta
    video = meta.get("video")
    if not video:
        err(
            None,
            N_("webinář nemá video; doplňte 'video: media/soubor.mp4' nebo adresu https://"),
        )
    else:
        check_media(err, doc, str(video), "video")
    for key in ("video_mp4", "poster"):
        if meta.get(key):
            check_media(err, doc, str(meta[key]), key)
    if not isinstance(meta.get("public", False), bool):
        err("public", TRUE_OR_FALSE, key="public")
    duration = meta.get("duration")
    if duration is not None and not (
        (isinstance(duration, int | float) and not isinstance(duration, bool) and duration > 0)
        or parse_timestamp(str(duration)) is not None
    ):
        err("duration", N_("duration musí být počet sekund nebo 'MM:SS' / 'HH:MM:SS'"))
    captions = meta.get("captions", [])
    if not isinstance(captions, list):
        err("captions", N_("captions musí být seznam položek 'src:', 'lang:', 'label:'"))
        captions = []
    for i, entry in enumerate(captions):
        if not isinstance(entry, dict) or not entry.get("src") or not entry.get("lang"):
            err(
                ("captions", i),
                N_("každá položka titulků potřebuje 'src:' (soubor .vtt) a 'lang:'"),
            )
        elif not str(entry["src"]).endswith(".vtt"):
            err(
                ("captions", i, "src"),
                N_("soubor titulků %(src)s musí být soubor WebVTT s příponou .vtt"),
                src=repr(entry["src"]),
            )
        else:
            check_media(err, doc, str(entry["src"]), ("captions", i, "src"))
    chapters = meta.get("chapters", [])
    if not isinstance(chapters, list):
        err("chapters", N_("chapters musí být seznam položek {start: 'MM:SS', title: ...}"))
        chapters = []
    for i, entry in enumerate(chapters):
        if (
            not isinstance(entry, dict)
            or not entry.get("title")
            or parse_timestamp(str(entry.get("start", ""))) is None
        ):
            err(
                ("chapters", i),
                N_("kapitola %(chapter)s potřebuje 'start: MM:SS' (nebo HH:MM:SS) a 'title:'"),
                chapter=repr(entry),
            )


def check_caption_files(doc: Document, root: Path) -> list[Problem]:
    """Each caption file in the course's media/ checked against the WebVTT spec, its
    problems at the caption file's own lines (missing files are reported by check_media)."""
    found: list[Problem] = []
    captions = doc.meta.get("captions")
    media = (doc.path.parent / "media").resolve()
    for entry in captions if isinstance(captions, list) else []:
        src = str(entry.get("src") or "") if isinstance(entry, dict) else ""
        path = (doc.path.parent / src).resolve()
        if not src.endswith(".vtt") or not path.is_relative_to(media) or not path.is_file():
            continue
        name = relative_name(path, root)
        for problem in check_webvtt(path.read_bytes())[:MAX_CAPTION_PROBLEMS]:
            args = {"line": problem.line, **problem.args}
            found.append(Problem(name, problem.line, problem.template, "error", args))
    return found


MAX_CAPTION_PROBLEMS = 20  # per file: a file in another format would list every line


def parse_timestamp(value: str) -> int | None:
    """'MM:SS' or 'HH:MM:SS' to seconds; None if malformed."""
    parts = value.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds
