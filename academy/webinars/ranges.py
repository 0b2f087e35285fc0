"""HTTP Range requests for several ranges at once (RFC 9110 §14). No Flask here.

One range is answered by Werkzeug's send_file (206 or 416). For several ranges the
academy answers like this, and the docs say so:

* ranges that overlap or lie closer than ``GAP`` bytes are coalesced;
* one range left: a plain 206 with its Content-Range;
* two to ``MAX_PARTS`` ranges: 206 ``multipart/byteranges``, parts in ascending order;
* more than ``MAX_PARTS``, a bad header, or an If-Range: the Range header is ignored
  and the whole file comes with 200, which RFC 9110 permits;
* none satisfiable: 416 with ``Content-Range: bytes */size``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

MAX_PARTS = 8
GAP = 80  # about the size of one part's headers
CHUNK = 64 * 1024

ByteRange = tuple[int, int]  # start, stop (exclusive)


_SPEC = re.compile(r"(\d*)-(\d*)")


def parse_ranges(header: str | None) -> list[tuple[int | None, int | None]] | None:
    """A Range header as (first, last) byte positions, inclusive; (None, n) is the suffix
    "-n". None when it is absent, not in bytes, or malformed: RFC 9110 says to ignore it."""
    if not header:
        return None
    units, _, spec = header.partition("=")
    if units.strip().lower() != "bytes":
        return None
    result: list[tuple[int | None, int | None]] = []
    for item in spec.split(","):
        match = _SPEC.fullmatch(item.strip())
        if not match or not any(match.groups()):
            return None
        first = int(match[1]) if match[1] else None
        last = int(match[2]) if match[2] else None
        if first is not None and last is not None and last < first:
            return None
        result.append((first, last))
    return result


def plan_ranges(header: str | None, size: int) -> list[ByteRange] | None:
    """The ranges to send: None means "ignore Range, send everything", [] means 416."""
    parsed = parse_ranges(header)
    if parsed is None:
        return None
    wanted: list[ByteRange] = []
    for first, last in parsed:
        if first is None:  # the suffix "-500": the last 500 bytes
            start, stop = max(0, size - (last or 0)), size
        else:
            start, stop = first, size if last is None else min(last + 1, size)
        if start < stop:
            wanted.append((start, stop))
    coalesced: list[list[int]] = []
    for start, stop in sorted(wanted):
        if coalesced and start <= coalesced[-1][1] + GAP:
            coalesced[-1][1] = max(coalesced[-1][1], stop)
        else:
            coalesced.append([start, stop])
    if len(coalesced) > MAX_PARTS:
        return None
    return [(a, b) for a, b in coalesced]


def multipart_body(
    path: Path, ranges: list[ByteRange], size: int, content_type: str, boundary: str
) -> tuple[int, Iterator[bytes]]:
    """Content-Length and the streamed body of a multipart/byteranges answer."""
    heads = [
        (
            f"\r\n--{boundary}\r\nContent-Type: {content_type}\r\n"
            f"Content-Range: bytes {start}-{stop - 1}/{size}\r\n\r\n"
        ).encode()
        for start, stop in ranges
    ]
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = sum(map(len, heads)) + sum(b - a for a, b in ranges) + len(tail)

    def stream() -> Iterator[bytes]:
        for head, (start, stop) in zip(heads, ranges, strict=True):
            yield head
            yield from stream_range(path, start, stop)
        yield tail

    return length, stream()


def stream_range(path: Path, start: int, stop: int) -> Iterator[bytes]:
    """The bytes [start, stop) of a file, in chunks."""
    with path.open("rb") as handle:
        handle.seek(start)
        left = stop - start
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
