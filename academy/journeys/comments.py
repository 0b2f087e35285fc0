"""A reviewer's comments pinned to a step (and optionally a lane) of a handed-in map.

They live with the hand-in they are about, in SubmissionVersion.payload["comments"], next to
the map snapshot, so the learner reads them against the map they handed in. A comment can be
added while the work waits for a decision (handed in or in review). Services flush, never
commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.assignments.models import WAITING, SubmissionVersion, WorkSubmission
from academy.auth.models import User
from academy.courses.wording import N_
from academy.journeys.schema import ALL_LANES, MAX_CELL, PLANS, MapRefused, steps_of

MAX_COMMENTS = 200


def latest_version(session: Session, submission: WorkSubmission) -> SubmissionVersion | None:
    return session.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.submission_id == submission.id,
            SubmissionVersion.number == submission.versions_count,
        )
    )


def pin(
    session: Session,
    reviewer: User,
    submission: WorkSubmission,
    *,
    plan: str,
    stage: int,
    step: int,
    lane: str,
    text: str,
    now: datetime,
) -> dict[str, Any]:
    """Pin `text` to step `stage`.`step` of `plan` (and `lane`, or "" for the whole step) of
    the latest hand-in. MapRefused when the step is not in the map, the text is empty or too
    long, or the work is not waiting for a review."""
    if submission.state not in WAITING:
        raise MapRefused(N_("Komentovat lze jen práci, která čeká na hodnocení."))
    version = latest_version(session, submission)
    data = (version.payload or {}).get("map") if version else None
    if version is None or data is None:
        raise MapRefused(N_("Tato práce nemá mapu."))
    text = text.replace("\r\n", "\n").strip()
    if not text or len(text) > MAX_CELL:
        raise MapRefused(N_("Napište komentář (nejvýš %(limit)s znaků)."), limit=MAX_CELL)
    if plan not in PLANS or (lane and lane not in ALL_LANES):
        raise MapRefused(N_("Vyberte krok a vrstvu mapy."))
    if not any(i == stage and j == step for i, j, *_ in steps_of(data["plans"][plan])):
        raise MapRefused(N_("Vyberte krok a vrstvu mapy."))
    comments = list((version.payload or {}).get("comments") or [])
    if len(comments) >= MAX_COMMENTS:
        raise MapRefused(
            N_("K jedné verzi lze připsat nejvýš %(limit)s komentářů."), limit=MAX_COMMENTS
        )
    comment = {
        "plan": plan,
        "stage": stage,
        "step": step,
        "lane": lane,
        "text": text,
        "by": reviewer.id,
        "at": now.isoformat(),
    }
    version.payload = {**(version.payload or {}), "comments": [*comments, comment]}
    session.flush()
    return comment


def pinned(version: SubmissionVersion | None) -> list[dict[str, Any]]:
    """The comments of a hand-in, each with the step's title for showing it."""
    if version is None:
        return []
    payload = version.payload or {}
    data = payload.get("map")
    titles = {}
    if data:
        for plan in PLANS:
            for i, j, _stage, step in steps_of(data["plans"][plan]):
                titles[(plan, i, j)] = step["title"]
    return [
        c | {"title": titles.get((c["plan"], c["stage"], c["step"]), "")}
        for c in payload.get("comments") or []
    ]
