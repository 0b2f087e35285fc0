"""The map editor's one form: every cell of one plan (as-is or to-be), the goals and personas.

Fields are plain strings: academy.journeys.schema.clean_map checks every value and limit and
answers in the learner's words. The `op` button says what to do after saving (add a stage,
move a step, hand in...). FieldLists stop one entry past each limit, so a map a little over
is refused with a message rather than cut silently.
"""

from __future__ import annotations

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
StepForm = _strings("StepForm", ("title", *LANES, "emotion", "moment_of_truth"),
                    kpi=FormField(KpiForm))  # fmt: skip
StageForm = _strings("StageForm", ("name",),
                     steps=FieldList(FormField(StepForm), max_entries=MAX_STEPS + 1))  # fmt: skip
GoalForm = _strings("GoalForm", GOAL_KEYS)
PersonaForm = _strings("PersonaForm", PERSONA_KEYS)


class MapForm(AcademyForm):
    revision = IntegerField(validators=[InputRequired()])
    plan = HiddenField()
    op = StringField()
    title = StringField()
    scope = StringField()
    goals = FieldList(FormField(GoalForm), max_entries=MAX_GOALS + 1)
    personas = FieldList(FormField(PersonaForm), max_entries=MAX_PERSONAS + 1)
    stages = FieldList(FormField(StageForm), max_entries=MAX_STAGES + 1)


class MapActionForm(AcademyForm):
    """Start, keep a version, restore, share, revoke: the revision the page showed."""

    revision = IntegerField(default=0)
    label = StringField()


def plan_of(form: MapForm) -> str:
    return form.plan.data if form.plan.data in PLANS else "as_is"


def map_from(form: MapForm, current: dict[str, Any]) -> dict[str, Any]:
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
        }  # fmt: skip
        for stage in form.stages.data
    ]
    plans = dict(current.get("plans") or {})
    plans[plan_of(form)] = {"stages": stages}
    return {"title": form.title.data, "scope": form.scope.data, "goals": form.goals.data,
            "personas": form.personas.data, "plans": plans}  # fmt: skip
