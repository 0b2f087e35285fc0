"""WebVTT captions to a transcript: cues with start, end and plain text. No Flask here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")
_TAG = re.compile(r"<[^>]*>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": "\u00a0", "&lrm;": "", "&rlm;": ""}


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def parse_time(value: str) -> float | None:
    """'01:02.500' or '1:01:02.500' to seconds; None if malformed."""
    match = re.fullmatch(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})", value)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _plain(line: str) -> str:
    text = _TAG.sub("", line)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text.strip()


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file in order; NOTE, STYLE and REGION blocks are skipped."""
    cues: list[Cue] = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    for block in blocks:
        lines = block.strip("\n").split("\n")
        timing_at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing_at is None or timing_at > 1:
            continue
        match = _TIMING.match(lines[timing_at])
        if not match:
            continue
        start, end = parse_time(match.group(1)), parse_time(match.group(2))
        words = " ".join(p for p in (_plain(line) for line in lines[timing_at + 1 :]) if p)
        if start is None or end is None or end < start or not words:
            continue
        cues.append(Cue(start, end, words))
    return cues


@lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int) -> tuple[Cue, ...]:
    return tuple(parse_vtt(Path(path).read_text(encoding="utf-8", errors="replace")))


def load_cues(path: Path) -> list[Cue]:
    """The cues of a .vtt file, parsed once per version of the file; [] if missing."""
    try:
        return list(_cached(str(path), path.stat().st_mtime_ns))
    except OSError:
        return []
