"""HTTP Range requests for several ranges at once (RFC 9110 §14), on Werkzeug's parser.

One range is answered by Werkzeug's send_file (206 or 416). For several ranges the
academy answers like this, and the docs say so:

* Werkzeug parses the header: ranges must come in ascending order without overlap, else
  the header counts as malformed;
* ranges that lie closer than ``GAP`` bytes are coalesced;
* one range left: a plain 206 with its Content-Range;
* two to ``MAX_PARTS`` ranges: 206 ``multipart/byteranges``, parts in ascending order;
* more than ``MAX_PARTS``, a bad header, or an If-Range: the Range header is ignored
  and the whole file comes with 200, which RFC 9110 permits;
* none satisfiable: 416 with ``Content-Range: bytes */size``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from werkzeug.datastructures import Range
from werkzeug.http import parse_range_header

MAX_PARTS = 8
GAP = 80  # about the size of one part's headers
CHUNK = 64 * 1024

ByteRange = tuple[int, int]  # start, stop (exclusive)


def parse_ranges(header: str | None) -> Range | None:
    """A Range header in bytes, parsed by Werkzeug (RFC 9110); None when it is absent, in
    other units, or malformed: RFC 9110 says to ignore it then."""
    parsed = parse_range_header(header)
    return parsed if parsed is not None and parsed.units == "bytes" else None


def plan_ranges(header: str | None, size: int) -> list[ByteRange] | None:
    """The ranges to send: None means "ignore Range, send everything", [] means 416."""
    parsed = parse_ranges(header)
    if parsed is None:
        return None
    wanted: list[ByteRange] = []
    for start, stop in parsed.ranges:  # Werkzeug's: stop exclusive; "-500" is (-500, None)
        if start < 0:  # the suffix: the last bytes
            start, stop = max(0, size + start), size
        else:
            stop = size if stop is None else min(stop, size)
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
