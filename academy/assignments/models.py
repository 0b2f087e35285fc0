"""Work a learner hands in for an instructor's review, its versions and files; resource downloads.

A `WorkSubmission` is one learner's work on one module, of a `kind` (an assignment today; a
journey map can be another kind later and goes through the same review queue). Each hand-in
is a `SubmissionVersion`, kept for good with its review; the draft is the text and the files
not yet handed in. `revision` grows with every change of state: a reviewer's or a learner's
change is a compare-and-set on it, so two people never overwrite each other silently.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.db import Model, UTCDateTime, utcnow


class WorkStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    ACCEPTED = "accepted"


WAITING = (WorkStatus.SUBMITTED, WorkStatus.IN_REVIEW)
EDITABLE = (WorkStatus.DRAFT, WorkStatus.RETURNED)


class WorkSubmission(Model):
    __tablename__ = "work_submission"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", "kind"),
        Index("ix_work_submission_course_id_status", "course_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="assignment")
    status: Mapped[str] = mapped_column(String(20), default=WorkStatus.DRAFT.value)
    revision: Mapped[int] = mapped_column(default=0)
    draft_text: Mapped[str] = mapped_column(Text, default="")
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    versions_count: Mapped[int] = mapped_column(default=0)
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the latest hand-in
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    versions: Mapped[list[SubmissionVersion]] = relationship(
        order_by="SubmissionVersion.number", viewonly=True
    )

    @property
    def state(self) -> WorkStatus:
        return WorkStatus(self.status)


class SubmissionVersion(Model):
    """One hand-in, as it was handed in, and the review it got."""

    __tablename__ = "submission_version"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("work_submission.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    # what another kind of work hands in besides text (a journey map's snapshot, say)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decision: Mapped[str | None] = mapped_column(String(20))  # returned | accepted
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # criterion key: points
    total: Mapped[int | None]
    feedback: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    files: Mapped[list[SubmissionFile]] = relationship(order_by="SubmissionFile.id", viewonly=True)


class SubmissionFile(Model):
    """A file in a draft (version_id None) or in a hand-in; its bytes are in private storage
    (academy.private_files) under `storage_key`, which a resubmission's rows may share."""

    __tablename__ = "submission_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("work_submission.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission_version.id", ondelete="CASCADE"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ResourceDownload(Model):
    """One download of a course's template or worksheet, for the admin's counts."""

    __tablename__ = "resource_download"
    __table_args__ = (Index("ix_resource_download_module_id_name", "module_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    downloaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
