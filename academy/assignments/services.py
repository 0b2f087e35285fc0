"""The learner's side of reviewed work: the draft (autosaved text, uploaded files), handing it
in, and resubmitting after a return. Services take a Session, flush, and never commit.

Every change of state is a compare-and-set UPDATE on the submission's `revision`, so two
tabs or a double click hand in exactly one version.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from academy.assignments.documents import DocumentRefused, identify
from academy.assignments.models import (
    EDITABLE,
    SubmissionFile,
    SubmissionVersion,
    WorkStatus,
    WorkSubmission,
)
from academy.auth.models import User
from academy.courses.models import Module
from academy.db import insert_or_read_back
from academy.media import private

ASSIGNMENT = "assignment"


class WorkRefused(Exception):
    """What the learner tried cannot be done now; `message` says why, in their language."""

    def __init__(self, message: object, status: int = 400) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.status = status


@dataclass(frozen=True)
class Rules:
    """An assignment's settings (academy.assignments.format.assignment_settings)."""

    settings: dict[str, Any]

    @property
    def text(self) -> dict[str, int] | None:
        return self.settings.get("text")

    @property
    def files(self) -> dict[str, Any] | None:
        return self.settings.get("files")

    @property
    def rubric(self) -> list[dict[str, Any]]:
        return self.settings.get("rubric") or []

    @property
    def max_points(self) -> int:
        return sum(max(lv["points"] for lv in c["levels"]) for c in self.rubric)

    @property
    def pass_points(self) -> int | None:
        return self.settings.get("pass_points")

    @property
    def resubmissions(self) -> int:
        return int(self.settings.get("resubmissions", 0))


def find_submission(
    session: Session, user: User, module: Module, kind: str = ASSIGNMENT
) -> WorkSubmission | None:
    return session.scalar(
        select(WorkSubmission).where(
            WorkSubmission.user_id == user.id,
            WorkSubmission.module_id == module.id,
            WorkSubmission.kind == kind,
        )
    )


def own_submission(
    session: Session, user: User, module: Module, kind: str = ASSIGNMENT
) -> WorkSubmission:
    """The learner's submission of this module's work, created as an empty draft if new;
    two parallel first requests keep one."""
    found = find_submission(session, user, module, kind)
    if found is not None:
        return found
    row = WorkSubmission(
        user_id=user.id, module_id=module.id, course_id=module.course_id, kind=kind
    )
    return insert_or_read_back(session, row, lambda: find_submission(session, user, module, kind))[
        0
    ]


def draft_files(session: Session, submission: WorkSubmission) -> list[SubmissionFile]:
    return list(
        session.scalars(
            select(SubmissionFile)
            .where(
                SubmissionFile.submission_id == submission.id, SubmissionFile.version_id.is_(None)
            )
            .order_by(SubmissionFile.id)
        )
    )


def text_problem(rules: Rules, text: str, *, handing_in: bool) -> str | None:
    """Why `text` cannot be saved (too long) or handed in (too short), else None."""
    limits = rules.text
    if limits is None:
        return None
    length = len(text.strip())
    if length > limits["max"]:
        return str(
            _l(
                "Text má %(n)s znaků, povoleno je nejvýš %(max)s. Zkraťte ho; nic jsme nesmazali.",
                n=length,
                max=limits["max"],
            )
        )
    if handing_in and length < limits["min"]:
        return str(
            _l(
                "Text má %(n)s znaků, odevzdat lze od %(min)s. Doplňte ho; rozepsaný "
                "text je uložený.",
                n=length,
                min=limits["min"],
            )
        )
    return None


def save_draft(session: Session, submission: WorkSubmission, text: str, now: datetime) -> bool:
    """Keep the draft text; False when the work is handed in or accepted (not editable)."""
    rules_limit = 1_000_000  # a hard stop before the rules' own check in the view
    done = session.execute(
        update(WorkSubmission)
        .where(
            WorkSubmission.id == submission.id,
            WorkSubmission.status.in_([s.value for s in EDITABLE]),
        )
        .values(draft_text=text[:rules_limit], draft_saved_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(submission)
    return done.rowcount == 1


def add_file(
    session: Session, submission: WorkSubmission, rules: Rules, filename: str, data: bytes
) -> SubmissionFile:
    """Check an uploaded file against the assignment's rules and keep it in the draft."""
    allowed = rules.files
    if allowed is None:
        raise WorkRefused(_l("K tomuto úkolu se soubory neodevzdávají."))
    if submission.state not in EDITABLE:
        raise WorkRefused(_l("Práce je odevzdaná; soubory teď měnit nelze."), 409)
    if len(data) > allowed["max_mb"] * 1024 * 1024:
        raise WorkRefused(
            _l(
                "Soubor je větší než %(mb)s MB. Zmenšete ho (např. uložte PDF s menšími "
                "obrázky) a nahrajte znovu.",
                mb=allowed["max_mb"],
            ),
            413,
        )
    if len(draft_files(session, submission)) >= allowed["max_count"]:
        raise WorkRefused(
            _l("Nahrát lze nejvýš %(n)s souborů; nejdřív některý odeberte.", n=allowed["max_count"])
        )
    try:
        kind = identify(data, filename, allowed["types"])
    except DocumentRefused as exc:
        raise WorkRefused(exc.message) from None
    key = f"submissions/{submission.id}/{secrets.token_hex(16)}.{kind.extension}"
    private.save_private(key, io.BytesIO(data))
    row = SubmissionFile(
        submission_id=submission.id,
        storage_key=key,
        filename=_display_name(filename),
        mime=kind.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    session.add(row)
    session.flush()
    return row


def _display_name(filename: str) -> str:
    """The learner's file name as shown (never used as a path): printable, at most 200."""
    name = "".join(ch for ch in filename.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable())
    return (name or "soubor")[-200:]


def remove_file(session: Session, submission: WorkSubmission, file_id: int) -> bool:
    """Take a file out of the draft (its bytes stay while a hand-in refers to them)."""
    if submission.state not in EDITABLE:
        raise WorkRefused(_l("Práce je odevzdaná; soubory teď měnit nelze."), 409)
    row = session.get(SubmissionFile, file_id)
    if row is None or row.submission_id != submission.id or row.version_id is not None:
        return False
    session.delete(row)
    session.flush()
    return True


def hand_in(
    session: Session, submission: WorkSubmission, rules: Rules, revision: int, now: datetime
) -> SubmissionVersion:
    """Hand the draft in as the next version. `revision` is what the learner's page showed:
    a second click or another tab finds it changed and hands in nothing more."""
    if submission.state is WorkStatus.ACCEPTED:
        raise WorkRefused(_l("Úkol je už přijatý; další odevzdání není potřeba."), 409)
    if submission.state not in EDITABLE or submission.revision != revision:
        raise WorkRefused(
            _l("Tuto verzi jste už odevzdali (třeba v jiném okně). Stav práce vidíte níže."), 409
        )
    if submission.state is WorkStatus.RETURNED and submission.versions_count > rules.resubmissions:
        raise WorkRefused(
            _l("Počet oprav k tomuto úkolu je vyčerpaný. Napište prosím lektorovi kurzu."), 409
        )
    text = submission.draft_text.strip()
    files = draft_files(session, submission)
    problem = text_problem(rules, text, handing_in=True)
    if problem:
        raise WorkRefused(problem)
    if rules.text is None and not files:
        raise WorkRefused(_l("Nahrajte aspoň jeden soubor s vaší prací."))
    if rules.text is not None and rules.files is not None and not text and not files:
        raise WorkRefused(_l("Napište text nebo nahrajte soubor s vaší prací."))
    number = submission.versions_count + 1
    done = session.execute(
        update(WorkSubmission)
        .where(
            WorkSubmission.id == submission.id,
            WorkSubmission.revision == revision,
            WorkSubmission.status.in_([s.value for s in EDITABLE]),
        )
        .values(
            status=WorkStatus.SUBMITTED.value,
            revision=revision + 1,
            versions_count=number,
            submitted_at=now,
            reviewer_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        session.refresh(submission)
        raise WorkRefused(
            _l("Tuto verzi jste už odevzdali (třeba v jiném okně). Stav práce vidíte níže."), 409
        )
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
    version = SubmissionVersion(
        submission_id=submission.id, number=number, text=text, submitted_at=now
    )
    session.add(version)
    session.flush()
    for row in files:
        row.version_id = version.id
    session.flush()
    session.refresh(submission)
    return version


def reopen_draft(session: Session, submission: WorkSubmission, version: SubmissionVersion) -> None:
    """After a return, the next draft starts from the returned version: its text and files."""
    submission.draft_text = version.text
    for row in version.files:
        session.add(
            SubmissionFile(
                submission_id=submission.id,
                storage_key=row.storage_key,
                filename=row.filename,
                mime=row.mime,
                size=row.size,
                sha256=row.sha256,
            )
        )


def file_bytes(row: SubmissionFile) -> bytes:
    with private.open_private(row.storage_key) as stream:
        return stream.read()


def erase_learner_work(session: Session, user: User) -> int:
    """Account deletion: the learner's texts, comments on them and files go; the rows stay
    (anonymous, like quiz attempts) so the course's counts do not change. Returns files."""
    ids = select(WorkSubmission.id).where(WorkSubmission.user_id == user.id)
    keys = set(
        session.scalars(
            select(SubmissionFile.storage_key).where(SubmissionFile.submission_id.in_(ids))
        )
    )
    session.execute(
        update(WorkSubmission).where(WorkSubmission.user_id == user.id).values(draft_text="")
    )
    session.execute(
        update(SubmissionVersion)
        .where(SubmissionVersion.submission_id.in_(ids))
        .values(text="", feedback="", payload={})
    )
    session.execute(SubmissionFile.__table__.delete().where(SubmissionFile.submission_id.in_(ids)))
    for key in keys:
        private.delete_private(key)
    return len(keys)


def returned_count(session: Session, user_id: int, module_id: int) -> int:
    """How many of the learner's hand-ins in a module came back for rework (any kind of work).
    The care feature's "assignment returned twice" offer asks this."""
    return (
        session.scalar(
            select(func.count(SubmissionVersion.id))
            .join(WorkSubmission, WorkSubmission.id == SubmissionVersion.submission_id)
            .where(
                WorkSubmission.user_id == user_id,
                WorkSubmission.module_id == module_id,
                SubmissionVersion.decision == "returned",
            )
        )
        or 0
    )
