"""The editor's buttons as plain functions on a map: add, remove and move stages, steps,
goals and personas. Each returns the anchor to show after the page reloads. No Flask.

An operation naming something that is not there (a stale page, a hand-edited request)
changes nothing; limits are checked afterwards by schema.clean_map.
"""

from __future__ import annotations

import re
from typing import Any

from academy.journeys.schema import GOAL_KEYS, PERSONA_KEYS, empty_stage, empty_step

OP_RE = re.compile(r"^([a-z-]+)(?::(\d{1,3}))?(?::(\d{1,3}))?$")


def apply(data: dict[str, Any], plan: str, op: str) -> str:
    """Change `data` in place as the button `op` says ("add-step:2", "step-right:1:0"...);
    the element id to scroll to afterwards ("" for none)."""
    found = OP_RE.match(op or "")
    if not found:
        return ""
    name, a, b = found.group(1), found.group(2), found.group(3)
    i = int(a) if a is not None else -1
    j = int(b) if b is not None else -1
    stages: list[dict[str, Any]] = data["plans"][plan]["stages"]
    if name == "add-goal":
        data["goals"].append({k: "" for k in GOAL_KEYS})
        return f"goal-{len(data['goals']) - 1}"
    if name == "add-persona":
        data["personas"].append({k: "" for k in PERSONA_KEYS})
        return f"persona-{len(data['personas']) - 1}"
    if name == "remove-goal" and 0 <= i < len(data["goals"]):
        del data["goals"][i]
        return "goals"
    if name == "remove-persona" and 0 <= i < len(data["personas"]):
        del data["personas"][i]
        return "personas"
    if name == "add-stage":
        at = i + 1 if 0 <= i < len(stages) else len(stages)
        stages.insert(at, empty_stage())
        return f"stage-{at}"
    if not 0 <= i < len(stages):
        return ""
    steps = stages[i]["steps"]
    if name == "remove-stage":
        del stages[i]
        return f"stage-{min(i, len(stages) - 1)}" if stages else "stages"
    if name in ("stage-left", "stage-right"):
        k = i - 1 if name == "stage-left" else i + 1
        if 0 <= k < len(stages):
            stages[i], stages[k] = stages[k], stages[i]
            return f"stage-{k}"
        return f"stage-{i}"
    if name == "add-step":
        at = j + 1 if 0 <= j < len(steps) else len(steps)
        steps.insert(at, empty_step())
        return f"step-{i}-{at}"
    if not 0 <= j < len(steps):
        return ""
    if name == "remove-step":
        del steps[j]
        return f"step-{i}-{min(j, len(steps) - 1)}" if steps else f"stage-{i}"
    if name in ("step-left", "step-right"):
        return _move_step(stages, i, j, -1 if name == "step-left" else 1)
    return ""


def _move_step(stages: list[dict[str, Any]], i: int, j: int, by: int) -> str:
    """One place left or right; past the stage's edge into the neighbouring stage."""
    steps = stages[i]["steps"]
    k = j + by
    if 0 <= k < len(steps):
        steps[j], steps[k] = steps[k], steps[j]
        return f"step-{i}-{k}"
    n = i + by
    if not 0 <= n < len(stages):
        return f"step-{i}-{j}"
    step = steps.pop(j)
    if by < 0:
        stages[n]["steps"].append(step)
        return f"step-{n}-{len(stages[n]['steps']) - 1}"
    stages[n]["steps"].insert(0, step)
    return f"step-{n}-0"
