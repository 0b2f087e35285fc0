"""Companies that buy seats, their cohorts, who manages them, and how people get in.

A learner's progress is not here: it stays in academy.learning (one progress whatever the
number of cohorts); a cohort only says who is in it, which courses it opens and when.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    exists,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from academy.auth.models import User
from academy.db import Model, UTCDateTime, utcnow


class AfterDeadline(enum.StrEnum):
    LATE = "late"  # the learner may still finish, marked late
    CLOSE = "close"  # the course's modules no longer open


class Company(Model):
    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    ico: Mapped[str | None] = mapped_column(String(8), unique=True)  # Czech company number
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # the private file's key ("company-logos/<id>/<random>.png", academy.companies.logos)
    logo: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CompanyManager(Model):
    """A person who sees the company's people and their progress, nothing else."""

    __tablename__ = "company_manager"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# Whether a person manages a company, read in the very statement that loads the user (the
# sign-in check on every request): the header's "Můj tým" link costs no query of its own.
# Declared here, not in academy.auth: companies own the rule, auth knows nothing of them.
# Correlated to the user only: a query that joins company_manager itself (the company's
# list of managers) must not swallow the subquery's own FROM.
User.manages_company = column_property(  # type: ignore[attr-defined]
    exists().where(CompanyManager.user_id == User.id).correlate_except(CompanyManager)
)


class Cohort(Model):
    """A group of a company's people taking some courses together, with a number of seats.

    `seats_taken` is moved only by a conditional UPDATE (academy.companies.seats), so two
    parallel requests can never take the last seat twice."""

    __tablename__ = "cohort"
    __table_args__ = (
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= seats", name="seats_within_cap"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="ends_after_start"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(default=0)
    seats_taken: Mapped[int] = mapped_column(default=0)
    starts_on: Mapped[date | None] = mapped_column(Date())
    ends_on: Mapped[date | None] = mapped_column(Date())  # the deadline of its courses
    after_deadline: Mapped[AfterDeadline] = mapped_column(
        Enum(
            AfterDeadline,
            native_enum=False,
            length=10,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=AfterDeadline.LATE,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)


class CohortCourse(Model):
    __tablename__ = "cohort_course"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CohortMember(Model):
    __tablename__ = "cohort_member"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        Index("ix_cohort_member_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ModuleRelease(Model):
    """A cohort's schedule for one module: opens on a date, or N days after the learner
    joined, and optionally only after another module is done."""

    __tablename__ = "module_release"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[int] = mapped_column(
        ForeignKey("module.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    release_on: Mapped[date | None] = mapped_column(Date())
    days_after_joining: Mapped[int | None]
    requires_module_id: Mapped[int | None] = mapped_column(
        ForeignKey("module.id", ondelete="SET NULL")
    )


class CohortInvitation(Model):
    """A link that lets up to `max_uses` people join the cohort until it expires or is revoked."""

    __tablename__ = "cohort_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    max_uses: Mapped[int]
    uses: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
