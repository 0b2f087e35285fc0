"""Watched intervals: merging never double counts, clamps to the duration, and is judged fairly."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.webinars import intervals as iv

DURATION = 600.0
seconds = st.floats(min_value=-50, max_value=DURATION + 50, allow_nan=False)
pairs = st.lists(st.tuples(seconds, seconds).map(lambda p: (min(p), max(p))), max_size=30)


@given(pairs)
def test_watched_time_is_never_more_than_the_duration(raw):
    assert 0 <= iv.total(iv.clamp(raw, DURATION)) <= DURATION


@given(pairs, st.randoms())
def test_merging_does_not_depend_on_the_order(raw, rnd):
    shuffled = list(raw)
    rnd.shuffle(shuffled)
    assert iv.merge(shuffled) == iv.merge(raw)


@given(pairs)
def test_merging_twice_changes_nothing(raw):
    once = iv.merge(raw)
    assert iv.merge(once) == once
    assert iv.merge(once + once) == once  # the same heartbeat sent twice counts once


@given(pairs, pairs)
def test_merged_intervals_are_sorted_disjoint_and_cover_the_union(a, b):
    merged = iv.merge(a + b)
    assert all(s < e for s, e in merged)
    assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1))
    assert iv.total(merged) <= sum(e - s for s, e in a + b if e > s) + 1e-6


@given(pairs, pairs, st.floats(min_value=0, max_value=2 * DURATION))
def test_a_heartbeat_adds_at_most_its_budget(old, new, budget):
    before = iv.clamp(old, DURATION)
    after = iv.add_watched(old, new, DURATION, budget)
    gained = iv.total(after) - iv.total(before)
    assert -1e-6 <= gained <= budget + 1e-6
    assert iv.total(after) <= DURATION + 1e-6


def test_overlapping_replays_count_once():
    assert iv.total(iv.merge([(0, 60), (30, 90), (30, 90), (0, 10)])) == 90


def test_ninety_percent_rule():
    assert iv.is_watched([(0, 540)], 600)
    assert not iv.is_watched([(0, 539)], 600)
    # opening it, seeking to the end and letting the last minute play is not watching
    assert not iv.is_watched([(0, 3), (540, 600)], 600)


def test_budget_keeps_the_earliest_new_seconds():
    assert iv.add_watched([(0, 10)], [(0, 100)], 600, budget=20) == [(0, 30)]


def _parse(body):
    return iv.parse_heartbeat(body, DURATION)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ([], "shape"),
        ({"position": -1}, "position"),
        ({"position": math.nan}, "position"),
        ({"position": math.inf}, "position"),
        ({"position": "12"}, "position"),
        ({"position": True}, "position"),
        ({"position": DURATION + 5}, "position"),
        ({"intervals": {"0": 1}}, "shape"),
        ({"intervals": [[1, 2, 3]]}, "shape"),
        ({"intervals": [[-1, 5]]}, "interval"),
        ({"intervals": [[10, 5]]}, "interval"),
        ({"intervals": [[0, DURATION + 30]]}, "interval"),
        ({"intervals": [[0, math.nan]]}, "interval"),
        ({"intervals": [[i, i + 0.5] for i in range(501)]}, "too_many"),
        ({"speed": 3}, "speed"),
        ({"speed": 0.5}, "speed"),
    ],
)
def test_bogus_heartbeats_are_refused(body, code):
    with pytest.raises(iv.HeartbeatError) as caught:
        _parse(body)
    assert caught.value.code == code


def test_a_real_heartbeat_is_accepted_and_clamped_to_the_end():
    beat = _parse({"position": DURATION + 0.4, "intervals": [[0, 12.5]], "speed": 1.5})
    assert beat == iv.Heartbeat(DURATION, [(0, 12.5)], 1.5)


def test_timestamps():
    assert iv.timestamp(754) == "12:34"
    assert iv.timestamp(5.9) == "0:05"
    assert iv.timestamp(3723) == "1:02:03"
