"""The duration of a WebM/Matroska or MP4 file, read from its headers. No Flask here.

The server needs the real length of a recording to judge "90 % watched"; it must
not take the browser's word for it.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

_EBML, _SEGMENT, _INFO = 0x1A45DFA3, 0x18538067, 0x1549A966
_TIMECODE_SCALE, _DURATION = 0x2AD7B1, 0x4489
_HEAD = 1 << 20  # Info sits near the start of a WebM file


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int]:
    first = data[pos]
    length = next((i + 1 for i in range(8) if first & (0x80 >> i)), 0)
    if not length or pos + length > len(data):
        raise ValueError("bad EBML")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return (-1 if unknown else value), pos + length


def _webm_duration(data: bytes) -> float | None:
    pos, end = 0, len(data)
    scale, duration = 1_000_000, None
    while pos < end:
        element, pos = _vint(data, pos, keep_marker=True)
        size, pos = _vint(data, pos, keep_marker=False)
        if element in (_SEGMENT, _INFO):  # descend
            if element == _INFO:
                end = min(end, pos + size) if size >= 0 else end
            continue
        if size < 0:
            return None
        payload = data[pos : pos + size]
        if element == _TIMECODE_SCALE:
            scale = int.from_bytes(payload, "big")
        elif element == _DURATION and size in (4, 8):
            duration = struct.unpack(">f" if size == 4 else ">d", payload)[0]
        pos += size
    return duration * scale / 1e9 if duration else None


def _mp4_duration(handle: BinaryIO, end: int) -> float | None:
    while handle.tell() + 8 <= end:
        start = handle.tell()
        size, kind = struct.unpack(">I4s", handle.read(8))
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
        elif size == 0:
            size = end - start
        if size < 8:
            return None
        if kind == b"moov":
            return _mp4_duration(handle, start + size)
        if kind == b"mvhd":
            version = handle.read(4)[0]
            if version == 1:
                _, _, timescale, length = struct.unpack(">QQIQ", handle.read(28))
            else:
                _, _, timescale, length = struct.unpack(">IIII", handle.read(16))
            return length / timescale if timescale else None
        handle.seek(start + size)
    return None


def read_duration(path: Path) -> float | None:
    """Seconds of the recording at `path`, or None when the headers do not say."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
            if head[:4] == _EBML.to_bytes(4, "big"):
                return _webm_duration(head)
            if head[4:8] == b"ftyp":
                handle.seek(0, 2)
                size = handle.tell()
                handle.seek(0)
                return _mp4_duration(handle, size)
    except (OSError, ValueError, struct.error, IndexError):
        return None
    return None


@lru_cache(maxsize=128)
def _cached(path: str, mtime_ns: int) -> float | None:
    return read_duration(Path(path))


def duration_of(path: Path) -> float | None:
    """read_duration, once per version of the file."""
    try:
        return _cached(str(path), path.stat().st_mtime_ns)
    except OSError:
        return None
