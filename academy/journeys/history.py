"""A map's undo/redo history (JourneyMapStep rows): recording the state before a change,
coalescing a burst of typing into one step, keeping the last MAX_STEPS, and flipping a step
between the undo and the redo side. The compare-and-set on the map is the caller's
(academy.journeys.services); these functions take a Session, flush, and never commit.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from academy.courses.wording import N_
from academy.journeys.models import JourneyMap, JourneyMapStep

UNDO, REDO = "undo", "redo"
EDIT = "edit"
MAX_STEPS = 30
# Autosaves closer together than this after the step's first one make one step, so undo goes
# back by a burst of typing, not by a keystroke.
COALESCE = timedelta(seconds=30)

# What the learner did, as the status line names it ("Vráceno: odebrání fáze.").
CHANGE_NAMES = {
    EDIT: N_("úprava textu"),
    "restore": N_("návrat k uložené verzi"),
    "add-goal": N_("přidání cíle"),
    "remove-goal": N_("odebrání cíle"),
    "add-persona": N_("přidání persony"),
    "remove-persona": N_("odebrání persony"),
    "add-stage": N_("přidání fáze"),
    "remove-stage": N_("odebrání fáze"),
    "stage-left": N_("přesun fáze"),
    "stage-right": N_("přesun fáze"),
    "add-step": N_("přidání kroku"),
    "remove-step": N_("odebrání kroku"),
    "step-left": N_("přesun kroku"),
    "step-right": N_("přesun kroku"),
}


def change_of(op: str) -> str:
    """The history's name for an editor button ("remove-stage:2" → "remove-stage"); a save,
    the autosave and anything unknown are an edit."""
    name = (op or "").split(":", 1)[0]
    return name if name in CHANGE_NAMES else EDIT


def record(
    session: Session,
    journey_map: JourneyMap,
    before: dict[str, Any],
    change: str,
    now: datetime,
) -> None:
    """The map was just stored as `journey_map.revision` with `change`, and was `before`:
    keep `before` as an undo step (or extend the running edit step), forget the redo side
    and all but the newest MAX_STEPS undo steps."""
    session.execute(
        delete(JourneyMapStep).where(
            JourneyMapStep.map_id == journey_map.id, JourneyMapStep.side == REDO
        )
    )
    # the latest step without its copy of the map (an autosave comes every few seconds)
    last = session.execute(
        select(JourneyMapStep.id, JourneyMapStep.change, JourneyMapStep.created_at)
        .where(
            JourneyMapStep.map_id == journey_map.id,
            JourneyMapStep.side == UNDO,
            # the map is still that step's result: no undo, redo or other change since
            JourneyMapStep.revision == journey_map.revision - 1,
        )
        .limit(1)
    ).first()
    if (
        change == EDIT
        and last is not None
        and last.change == EDIT
        and last.created_at > now - COALESCE
    ):
        session.execute(
            update(JourneyMapStep)
            .where(JourneyMapStep.id == last.id)
            .values(revision=journey_map.revision)
        )
        return
    session.add(
        JourneyMapStep(
            map_id=journey_map.id,
            side=UNDO,
            change=change,
            revision=journey_map.revision,
            data=copy.deepcopy(before),
            created_at=now,
        )
    )
    session.flush()
    kept = (
        select(JourneyMapStep.revision)
        .where(JourneyMapStep.map_id == journey_map.id, JourneyMapStep.side == UNDO)
        .order_by(JourneyMapStep.revision.desc())
        .offset(MAX_STEPS - 1)
        .limit(1)
        .scalar_subquery()
    )
    session.execute(
        delete(JourneyMapStep)
        .where(
            JourneyMapStep.map_id == journey_map.id,
            JourneyMapStep.side == UNDO,
            JourneyMapStep.revision < kept,
        )
        .execution_options(synchronize_session=False)
    )


def top(session: Session, journey_map: JourneyMap, side: str) -> JourneyMapStep | None:
    """The step that undo (or redo) would take next."""
    return session.scalar(
        select(JourneyMapStep)
        .where(JourneyMapStep.map_id == journey_map.id, JourneyMapStep.side == side)
        .order_by(JourneyMapStep.revision.desc())
        .limit(1)
    )


def flip(step: JourneyMapStep, after: dict[str, Any], revision: int, session: Session) -> None:
    """The map went back (or forth) to `step.data` as `revision` and was `after`: the step
    moves to the other side holding `after`, so the opposite button returns there."""
    step.side = REDO if step.side == UNDO else UNDO
    step.data = copy.deepcopy(after)
    step.revision = revision
    session.flush()


def next_changes(session: Session, journey_map: JourneyMap) -> dict[str, str | None]:
    """{"undo": change or None, "redo": change or None}: what each button would take back or
    do again (one statement, for the editor's toolbar)."""
    tops = (
        select(func.max(JourneyMapStep.revision))
        .where(JourneyMapStep.map_id == journey_map.id)
        .group_by(JourneyMapStep.side)
    )
    rows = session.execute(
        select(JourneyMapStep.side, JourneyMapStep.change).where(
            JourneyMapStep.map_id == journey_map.id, JourneyMapStep.revision.in_(tops)
        )
    )
    found: dict[str, str | None] = {UNDO: None, REDO: None}
    for side, change in rows:
        found[side] = change
    return found


def erase(session: Session, map_ids: Any) -> None:
    """Account deletion: the history of these maps (a select of their ids)."""
    session.execute(delete(JourneyMapStep).where(JourneyMapStep.map_id.in_(map_ids)))
