"""Watched intervals: parsing a heartbeat, merging, and the 90 % rule. No Flask here.

An interval is a ``(start, end)`` pair of seconds of the recording that actually
played. Merging is a union, so sending the same intervals twice never counts twice,
and what the learner skipped by seeking is never in it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Interval = tuple[float, float]

MAX_INTERVALS = 500  # per heartbeat; the browser's `played` ranges stay far below this
DONE_SHARE = 0.9  # the share of the duration that must have played
MAX_RATE = 2.0  # the fastest playback speed the player offers
SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
TOLERANCE = 1.0  # seconds a browser may report past the end (rounding, last frame)


class HeartbeatError(ValueError):
    """A heartbeat the server refuses; `code` names what is wrong, for the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Heartbeat:
    position: float
    intervals: list[Interval]
    speed: float | None


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of `intervals` as sorted, disjoint, non-empty intervals."""
    merged: list[list[float]] = []
    for start, end in sorted((s, e) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def clamp(intervals: Iterable[Interval], duration: float) -> list[Interval]:
    """`intervals` cut to [0, duration], merged."""
    return merge((max(0.0, s), min(duration, e)) for s, e in intervals)


def total(intervals: Iterable[Interval]) -> float:
    """Seconds covered by merged `intervals`."""
    return sum(e - s for s, e in intervals)


def _subtract(intervals: Sequence[Interval], taken: Sequence[Interval]) -> list[Interval]:
    """Parts of merged `intervals` not covered by merged `taken`."""
    result: list[Interval] = []
    for start, end in intervals:
        cursor = start
        for t_start, t_end in taken:
            if t_end <= cursor or t_start >= end:
                continue
            if t_start > cursor:
                result.append((cursor, t_start))
            cursor = max(cursor, t_end)
        if cursor < end:
            result.append((cursor, end))
    return result


def add_watched(
    existing: Iterable[Interval], incoming: Iterable[Interval], duration: float, budget: float
) -> list[Interval]:
    """Merge `incoming` into `existing`, adding at most `budget` seconds of new coverage.

    The budget is how much could really have played since the last heartbeat (the
    elapsed time at the fastest speed); new coverage beyond it is left out, earliest
    first kept, so a forged heartbeat cannot complete a recording at once.
    """
    old = clamp(existing, duration)
    new = _subtract(clamp(incoming, duration), old)
    kept: list[Interval] = []
    left = max(0.0, budget)
    for start, end in new:
        if left <= 0:
            break
        kept.append((start, min(end, start + left)))
        left -= kept[-1][1] - start
    return merge([*old, *kept])


def is_watched(intervals: Iterable[Interval], duration: float) -> bool:
    """At least 90 % of the recording actually played."""
    return watched_enough(total(clamp(intervals, duration)), duration)


def watched_enough(seconds: float, duration: float) -> bool:
    """`seconds` credited as watched are at least 90 % of the recording."""
    return duration > 0 and seconds >= DONE_SHARE * duration - 1e-9


def _number(value: object, code: str) -> float:
    # bool is an int in Python; NaN and infinities get through json.loads
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise HeartbeatError(code)
    number = float(value)
    if not math.isfinite(number):
        raise HeartbeatError(code)
    return number


def parse_heartbeat(data: object, duration: float) -> Heartbeat:
    """Validate a heartbeat's JSON body against the recording's `duration` in seconds.

    Raises HeartbeatError for anything a real player could not have sent.
    """
    if not isinstance(data, dict):
        raise HeartbeatError("shape")
    limit = duration + TOLERANCE
    position = _number(data.get("position", 0), "position")
    if not 0 <= position <= limit:
        raise HeartbeatError("position")
    raw = data.get("intervals", [])
    if not isinstance(raw, list):
        raise HeartbeatError("shape")
    if len(raw) > MAX_INTERVALS:
        raise HeartbeatError("too_many")
    intervals: list[Interval] = []
    for item in raw:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise HeartbeatError("shape")
        start, end = _number(item[0], "interval"), _number(item[1], "interval")
        if not 0 <= start <= end <= limit:
            raise HeartbeatError("interval")
        intervals.append((start, end))
    speed = data.get("speed")
    if speed is not None:
        speed = _number(speed, "speed")
        if speed not in SPEEDS:
            raise HeartbeatError("speed")
    return Heartbeat(min(position, duration), intervals, speed)


def timestamp(seconds: float) -> str:
    """12:34, or 1:02:03 past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
