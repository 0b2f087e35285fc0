"""The map's shape and limits (academy.journeys.schema), and the editor's buttons (edits)."""

from __future__ import annotations

import pytest

from academy.journeys import content, edits
from academy.journeys.schema import (
    MAX_CELL,
    MAX_STAGES,
    MapRefused,
    clean_map,
    empty_map,
    empty_stage,
    empty_step,
)


def _map_with(stages: int, steps: int = 1) -> dict:
    data = empty_map()
    data["plans"]["as_is"]["stages"] = [
        {"name": f"F{i}", "steps": [empty_step() for _ in range(steps)]} for i in range(stages)
    ]
    return data


def test_an_empty_map_is_valid_and_keeps_its_shape():
    assert clean_map(empty_map()) == empty_map()


def test_cell_text_is_plain_text_kept_as_written_without_control_characters():
    data = empty_map()
    step = data["plans"]["as_is"]["stages"][0]["steps"][0]
    step["lanes"]["pains"] = "<script>alert(1)</script>\r\nŘeřicha\x00 ✓"
    clean = clean_map(data)
    assert clean["plans"]["as_is"]["stages"][0]["steps"][0]["lanes"]["pains"] == (
        "<script>alert(1)</script>\nŘeřicha ✓"
    )


def test_forty_stages_pass_and_forty_one_are_refused_with_a_message():
    clean_map(_map_with(MAX_STAGES))
    with pytest.raises(MapRefused) as refused:
        clean_map(_map_with(MAX_STAGES + 1))
    assert "povoleno je nejvýš 40" in str(refused.value)


def test_a_too_long_cell_is_refused_naming_the_field():
    data = _map_with(1)
    data["plans"]["as_is"]["stages"][0]["steps"][0]["lanes"]["actions"] = "x" * (MAX_CELL + 1)
    with pytest.raises(MapRefused) as refused:
        clean_map(data)
    assert refused.value.params["where"] == "as_is.stages[0].steps[0].actions"


def test_too_many_lanes_and_a_too_big_map_are_refused():
    data = _map_with(1)
    data["plans"]["as_is"]["stages"][0]["steps"][0]["lanes"] = {f"l{i}": "" for i in range(13)}
    with pytest.raises(MapRefused, match="vrstev"):
        clean_map(data)
    big = _map_with(40, 5)
    for stage in big["plans"]["as_is"]["stages"]:
        for step in stage["steps"]:
            step["lanes"] = {lane: "é" * 600 for lane in step["lanes"]}
    with pytest.raises(MapRefused, match="kB"):
        clean_map(big)


@pytest.mark.parametrize("value", [3, -3, "x", 1.5, True, [1]])
def test_an_emotion_outside_minus_two_to_plus_two_is_refused(value):
    data = _map_with(1)
    data["plans"]["as_is"]["stages"][0]["steps"][0]["emotion"] = value
    with pytest.raises(MapRefused, match="-2 do \\+2"):
        clean_map(data)


@pytest.mark.parametrize(
    "raw", [None, [], "mapa", {"plans": [1]}, {"goals": "x"}, {"plans": {"as_is": {"stages": [1]}}}]
)
def test_nonsense_is_refused_never_crashes(raw):
    with pytest.raises(MapRefused):
        clean_map(raw)


def test_moving_a_step_past_its_stage_edge_moves_it_into_the_neighbour():
    data = _map_with(2, 1)
    data["plans"]["as_is"]["stages"][0]["steps"][0]["title"] = "A"
    assert edits.apply(data, "as_is", "step-right:0:0") == "step-1-0"
    assert [s["title"] for s in data["plans"]["as_is"]["stages"][1]["steps"]] == ["A", ""]
    assert data["plans"]["as_is"]["stages"][0]["steps"] == []


def test_buttons_naming_nothing_change_nothing():
    data = _map_with(1)
    before = clean_map(data)
    for op in ("remove-stage:9", "step-left:0:7", "remove-goal:5", "nonsense", "add-step:x"):
        edits.apply(data, "as_is", op)
    assert clean_map(data) == before


def test_stages_move_and_are_added_after_the_one_pressed():
    data = _map_with(3)
    edits.apply(data, "as_is", "stage-left:2")
    assert [s["name"] for s in data["plans"]["as_is"]["stages"]] == ["F0", "F2", "F1"]
    edits.apply(data, "as_is", "add-stage:0")
    assert data["plans"]["as_is"]["stages"][1] == empty_stage()


def test_csv_is_czech_exact_and_never_a_formula():
    data = _map_with(1)
    step = data["plans"]["as_is"]["stages"][0]["steps"][0]
    step["title"], step["lanes"]["pains"] = "Hlášení škody", '=HYPERLINK("x")'
    text = content.as_csv(clean_map(data))
    assert text.startswith("\ufeff")
    assert "Hlášení škody" in text and "'=HYPERLINK" in text
