"""The map editor's one form: every cell of one plan (as-is or to-be), the goals and personas.

Fields are plain strings: academy.journeys.schema.clean_map checks every value and limit and
answers in the learner's words. The `op` button says what to do after saving (add a stage,
move a step, hand in...). Lists stop one entry past each limit, so a map a little over is
refused with a message rather than cut silently.

`MapHeadForm` (WTForms) reads the CSRF token, revision, plan, op, title and scope; the
nested lists are read by `lists_from`, a fenced shortcut: WTForms' nested FieldLists took a
second for a 200-step map (3,000 fields). `MapForm` is the WTForms spelling of the same
form; tests/journeys/test_forms.py pins that both read a form alike.
"""

from __future__ import annotations

import re
from typing import Any

from wtforms import Form, HiddenField, IntegerField, StringField
from wtforms.fields import FieldList, FormField
from wtforms.validators import InputRequired

from academy.forms import AcademyForm
from academy.journeys.schema import (
    GOAL_KEYS,
    KPI_KEYS,
    LANES,
    MAX_GOALS,
    MAX_PERSONAS,
    MAX_STAGES,
    MAX_STEPS,
    PERSONA_KEYS,
    PLANS,
)


def _strings(name: str, keys: tuple[str, ...], **more: Any) -> type[Form]:
    return type(name, (Form,), {k: StringField() for k in keys} | more)


KpiForm = _strings("KpiForm", KPI_KEYS)
StepForm = _strings(
    "StepForm", ("title", *LANES, "emotion", "moment_of_truth"), kpi=FormField(KpiForm)
)
StageForm = _strings(
    "StageForm", ("name",), steps=FieldList(FormField(StepForm), max_entries=MAX_STEPS + 1)
)
GoalForm = _strings("GoalForm", GOAL_KEYS)
PersonaForm = _strings("PersonaForm", PERSONA_KEYS)


class MapHeadForm(AcademyForm):
    revision = IntegerField(validators=[InputRequired()])
    plan = HiddenField()
    op = StringField()
    title = StringField()
    scope = StringField()


class MapForm(MapHeadForm):
    goals = FieldList(FormField(GoalForm), max_entries=MAX_GOALS + 1)
    personas = FieldList(FormField(PersonaForm), max_entries=MAX_PERSONAS + 1)
    stages = FieldList(FormField(StageForm), max_entries=MAX_STAGES + 1)


class MapActionForm(AcademyForm):
    """Start, keep a version, restore, share, revoke: the revision the page showed."""

    revision = IntegerField(default=0)
    label = StringField()


STEP_FIELDS = ("title", *LANES, "emotion", "moment_of_truth")
NAME_RE = re.compile(r"^(goals|personas|stages)-(\d{1,4})-(?:steps-(\d{1,4})-)?(kpi-)?(\w+)$")
LIMITS = {"goals": MAX_GOALS + 1, "personas": MAX_PERSONAS + 1, "stages": MAX_STAGES + 1}


def lists_from(formdata: Any) -> dict[str, list[dict[str, Any]]]:
    """Goals, personas and stages (with steps) from the posted fields, in one pass, as
    MapForm(formdata).data has them: entries in the order of their indices, known fields
    only, a field not sent as None, each list cut one entry past its limit."""
    found: dict[str, dict[int, dict[str, Any]]] = {"goals": {}, "personas": {}, "stages": {}}
    for name in formdata:
        match = NAME_RE.match(name)
        if not match:
            continue
        group, index, step, kpi, field = match.groups()
        entry = found[group].setdefault(int(index), {})
        if step is None:
            entry[field] = formdata.get(name)
        else:
            entry.setdefault("steps", {}).setdefault(int(step), {}).setdefault(
                "kpi" if kpi else "", {}
            )[field] = formdata.get(name)
    return {
        "goals": [_pick(e, GOAL_KEYS) for e in _ordered(found["goals"], LIMITS["goals"])],
        "personas": [
            _pick(e, PERSONA_KEYS) for e in _ordered(found["personas"], LIMITS["personas"])
        ],
        "stages": [
            {
                "name": e.get("name"),
                "steps": [
                    _pick(s.get("", {}), STEP_FIELDS) | {"kpi": _pick(s.get("kpi", {}), KPI_KEYS)}
                    for s in _ordered(e.get("steps", {}), MAX_STEPS + 1)
                ],
            }
            for e in _ordered(found["stages"], LIMITS["stages"])
        ],
    }


def _ordered(entries: dict[int, Any], limit: int) -> list[Any]:
    return [entries[i] for i in sorted(entries)[:limit]]


def _pick(entry: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: entry.get(key) for key in keys}


def plan_of(form: MapHeadForm) -> str:
    return form.plan.data if form.plan.data in PLANS else "as_is"


def map_from(form: MapHeadForm, lists: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The map as the form sends it: its plan replaced, the other plan as stored."""
    stages = [
        {
            "name": stage["name"],
            "steps": [
                {
                    "title": s["title"],
                    "lanes": {lane: s[lane] for lane in LANES},
                    "kpi": s["kpi"],
                    "emotion": s["emotion"] or 0,
                    "moment_of_truth": bool(s["moment_of_truth"]),
                }
                for s in stage["steps"]
            ],
        }
        for stage in lists["stages"]
    ]
    plans = dict(current.get("plans") or {})
    plans[plan_of(form)] = {"stages": stages}
    return {
        "title": form.title.data,
        "scope": form.scope.data,
        "goals": lists["goals"],
        "personas": lists["personas"],
        "plans": plans,
    }


class PinForm(AcademyForm):
    """A reviewer's comment pinned to a step ("as_is:1:0") and optionally a lane."""

    step = StringField()
    lane = StringField()
    text = StringField()

    def place(self) -> tuple[str, int, int] | None:
        """(plan, stage, step) named by the form, None when it names nothing."""
        plan, _sep, rest = (self.step.data or "").partition(":")
        stage, _sep, step = rest.partition(":")
        if not (stage.isdigit() and step.isdigit()) or len(stage) > 4 or len(step) > 4:
            return None
        return plan, int(stage), int(step)
