"""Publishing a whole course's changes at once: every module with a draft, its diff against
what learners see, and the checker's verdict; then each one published as reviewed.

A module is published with the revision the instructor looked at: a draft saved after the
page was opened is held back (they review it again) instead of going out unseen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course, Module
from academy.courses.source import Problem
from academy.studio import authoring, drafts


@dataclass
class PendingModule:
    module: Module
    revision: int
    rows: list
    errors: list[Problem]
    is_new: bool


@dataclass
class Outcome:
    published: list[Module] = field(default_factory=list)
    held: list[Module] = field(default_factory=list)  # errors, or changed since reviewed


def pending(session: Session, course: Course) -> list[PendingModule]:
    """The course's modules with unpublished drafts, in course order."""
    found = []
    for module in authoring.outline(course) + [
        m for m in course.modules if m not in authoring.outline(course)
    ]:
        editing = drafts.editing(session, module)
        if editing.draft is None:
            continue
        checked = drafts.check(course, module, editing.source)
        found.append(
            PendingModule(
                module,
                editing.revision,
                drafts.diff(session, module, editing.source),
                checked.errors,
                authoring.is_new(module),
            )
        )
    return found


def publish_all(
    session: Session, user: User, course: Course, reviewed: dict[str, int], media_dir: Path
) -> Outcome:
    """Publish each module at the revision the instructor reviewed (`reviewed`: slug →
    revision); modules with errors or newer drafts are held back and listed."""
    outcome = Outcome()
    for item in pending(session, course):
        revision = reviewed.get(item.module.slug)
        if revision is None:
            continue  # appeared after the page was opened: not reviewed
        try:
            checked = drafts.publish(session, user, course, item.module, revision, media_dir)
        except (drafts.Conflict, drafts.NothingToPublish):
            outcome.held.append(item.module)
            continue
        (outcome.held if checked.errors else outcome.published).append(item.module)
    return outcome
