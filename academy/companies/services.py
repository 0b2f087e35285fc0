"""Companies, cohorts, managers and invitation links: what admins change, each in the audit log.

Services take a Session, flush, and never commit. Who may see what is decided here too
(`visible_cohorts`, `managed_company`), so every route and export asks the same question.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, delete, exists, func, select, update
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.companies import seats
from academy.companies.models import (
    AfterDeadline,
    Cohort,
    CohortCourse,
    CohortInvitation,
    CohortMember,
    Company,
    CompanyManager,
)
from academy.courses.models import Course
from academy.db import utcnow


@dataclass
class CompanyFields:
    name: str
    ico: str | None
    contact_name: str
    contact_email: str


@dataclass
class CohortFields:
    name: str
    seats: int
    starts_on: date | None
    ends_on: date | None
    after_deadline: AfterDeadline
    course_ids: list[int]


class SeatsBelowTaken(Exception):
    """The new number of seats is below the seats already taken."""


def companies(session: Session) -> list[tuple[Company, int]]:
    """Every company with its number of cohorts, by name; one query."""
    count = select(func.count(Cohort.id)).where(Cohort.company_id == Company.id).scalar_subquery()
    return [(c, n) for c, n in session.execute(select(Company, count).order_by(Company.name))]


def save_company(
    session: Session, admin: User, fields: CompanyFields, company: Company | None = None
) -> Company:
    if company is None:
        company = Company()
        session.add(company)
    company.name = fields.name
    company.ico = fields.ico
    company.contact_name = fields.contact_name
    company.contact_email = fields.contact_email
    session.flush()
    record(session, "company_saved", actor_id=admin.id, company_id=company.id, name=company.name)
    return company


def set_logo(session: Session, admin: User, company: Company, key: str | None) -> str | None:
    """Point the company at a new logo (None: no logo); the previous key, for the caller to
    remove its file once committed."""
    previous, company.logo = company.logo, key
    session.flush()
    record(
        session,
        "company_logo_changed",
        actor_id=admin.id,
        company_id=company.id,
        removed=key is None,
    )
    return previous


def ico_taken(session: Session, ico: str, company_id: int | None) -> bool:
    stmt = select(Company.id).where(Company.ico == ico)
    if company_id is not None:
        stmt = stmt.where(Company.id != company_id)
    return session.scalar(stmt) is not None


def cohorts_of(session: Session, company_id: int) -> list[Cohort]:
    return list(
        session.scalars(
            select(Cohort).where(Cohort.company_id == company_id).order_by(Cohort.name, Cohort.id)
        )
    )


def cohorts_of_course(session: Session, course_id: int) -> list[tuple[Cohort, str]]:
    """The cohorts that open a course, each with its company's name (one query): the review
    queue's filter for the course's instructors."""
    rows = session.execute(
        select(Cohort, Company.name)
        .join(Company, Company.id == Cohort.company_id)
        .join(CohortCourse, CohortCourse.cohort_id == Cohort.id)
        .where(CohortCourse.course_id == course_id)
        .order_by(Company.name, Cohort.name, Cohort.id)
    )
    return [(cohort, name) for cohort, name in rows]


def member_ids(cohort_id: int) -> Select[tuple[int]]:
    """The people of a cohort, as a subquery for other features' filters."""
    return select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)


def course_ids_of(session: Session, cohort_id: int) -> list[int]:
    return list(
        session.scalars(select(CohortCourse.course_id).where(CohortCourse.cohort_id == cohort_id))
    )


def save_cohort(
    session: Session,
    admin: User,
    company: Company,
    fields: CohortFields,
    cohort: Cohort | None = None,
) -> Cohort:
    """Create or change a cohort. Raises SeatsBelowTaken if fewer seats than are taken."""
    if cohort is None:
        cohort = Cohort(company_id=company.id, seats_taken=0)
        session.add(cohort)
    elif fields.seats < cohort.seats_taken:
        raise SeatsBelowTaken
    cohort.name = fields.name
    cohort.seats = fields.seats
    cohort.starts_on, cohort.ends_on = fields.starts_on, fields.ends_on
    cohort.after_deadline = fields.after_deadline
    session.flush()
    current = set(course_ids_of(session, cohort.id))
    wanted = set(fields.course_ids)
    if current - wanted:
        session.execute(
            delete(CohortCourse).where(
                CohortCourse.cohort_id == cohort.id, CohortCourse.course_id.in_(current - wanted)
            )
        )
    session.add_all(CohortCourse(cohort_id=cohort.id, course_id=c) for c in wanted - current)
    session.flush()
    record(
        session,
        "cohort_saved",
        actor_id=admin.id,
        cohort_id=cohort.id,
        name=cohort.name,
        seats=cohort.seats,
        courses=sorted(wanted),
    )
    return cohort


# --- managers -------------------------------------------------------------------------------


def managers(session: Session, company_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(CompanyManager, CompanyManager.user_id == User.id)
            .where(CompanyManager.company_id == company_id)
            .order_by(User.full_name, User.id)
        )
    )


def add_manager(session: Session, admin: User, company: Company, user: User) -> bool:
    if session.get(CompanyManager, (company.id, user.id)) is not None:
        return False
    session.add(CompanyManager(company_id=company.id, user_id=user.id))
    session.flush()
    record(
        session,
        "company_manager_changed",
        user_id=user.id,
        actor_id=admin.id,
        email=user.email,
        company_id=company.id,
        added=True,
    )
    return True


def remove_manager(session: Session, admin: User, company: Company, user_id: int) -> bool:
    gone = session.execute(
        delete(CompanyManager).where(
            CompanyManager.company_id == company.id, CompanyManager.user_id == user_id
        )
    ).rowcount
    if gone:
        record(
            session,
            "company_manager_changed",
            user_id=user_id,
            actor_id=admin.id,
            company_id=company.id,
            added=False,
        )
    return bool(gone)


def managed_companies(session: Session, user: User) -> list[Company]:
    """The companies `user` manages (none for most people)."""
    return list(
        session.scalars(
            select(Company)
            .join(CompanyManager, CompanyManager.company_id == Company.id)
            .where(CompanyManager.user_id == user.id)
            .order_by(Company.name)
        )
    )


def managed_company(session: Session, user: User, company_id: int) -> Company | None:
    """The company if `user` manages it (admins: any company); None otherwise, so the
    caller answers 404 exactly as for a company that does not exist."""
    if user.is_admin:
        return session.get(Company, company_id)
    return session.scalar(
        select(Company)
        .join(CompanyManager, CompanyManager.company_id == Company.id)
        .where(Company.id == company_id, CompanyManager.user_id == user.id)
    )


def visible_cohorts(session: Session, user: User, course_ids: list[int]) -> list[Cohort]:
    """Cohorts a member of staff sees: admins all, instructors those opening a course they
    teach (`course_ids`: the courses they review)."""
    stmt = select(Cohort).order_by(Cohort.name, Cohort.id)
    if not user.is_admin:
        stmt = stmt.where(
            exists().where(
                CohortCourse.cohort_id == Cohort.id, CohortCourse.course_id.in_(course_ids)
            )
        )
    return list(session.scalars(stmt))


# --- invitation links ---------------------------------------------------------------------


class InvitationUnusable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "revoked", "expired", "used_up", "full"


def create_invitation(
    session: Session, admin: User, cohort: Cohort, *, max_uses: int, days: int
) -> CohortInvitation:
    invitation = CohortInvitation(
        cohort_id=cohort.id,
        token=secrets.token_urlsafe(24),
        max_uses=max_uses,
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(invitation)
    session.flush()
    record(
        session,
        "cohort_invitation_created",
        actor_id=admin.id,
        cohort_id=cohort.id,
        invitation_id=invitation.id,
        max_uses=max_uses,
        days=days,
    )
    return invitation


def revoke_invitation(session: Session, admin: User, invitation: CohortInvitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record(
            session,
            "cohort_invitation_revoked",
            actor_id=admin.id,
            cohort_id=invitation.cohort_id,
            invitation_id=invitation.id,
        )


def invitations(session: Session, cohort_id: int) -> list[CohortInvitation]:
    return list(
        session.scalars(
            select(CohortInvitation)
            .where(CohortInvitation.cohort_id == cohort_id)
            .order_by(CohortInvitation.created_at.desc(), CohortInvitation.id.desc())
        )
    )


def invitation_by_token(session: Session, token: str) -> tuple[CohortInvitation, Cohort] | None:
    row = session.execute(
        select(CohortInvitation, Cohort)
        .join(Cohort, Cohort.id == CohortInvitation.cohort_id)
        .where(CohortInvitation.token == token[:64])
    ).first()
    return (row[0], row[1]) if row else None


def check_invitation(
    invitation: CohortInvitation, cohort: Cohort, now: datetime | None = None
) -> str | None:
    """Why the link cannot be used now, or None if it can."""
    now = now or utcnow()
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    if invitation.uses >= invitation.max_uses:
        return "used_up"
    if cohort.seats_left <= 0:
        return "full"
    return None


def accept_invitation(
    session: Session, invitation: CohortInvitation, cohort: Cohort, user: User
) -> seats.Joined:
    """Join the cohort through the link. The link's use is counted by a conditional UPDATE
    (never beyond its cap under parallel requests); someone already in the cohort uses none."""
    already = seats.member(session, cohort.id, user.id)
    if already is not None:
        return seats.Joined(already, new=False)
    reason = check_invitation(invitation, cohort)
    if reason is not None:
        raise InvitationUnusable(reason)
    with session.begin_nested():
        counted = session.execute(
            update(CohortInvitation)
            .where(
                CohortInvitation.id == invitation.id,
                CohortInvitation.uses < CohortInvitation.max_uses,
                CohortInvitation.revoked_at.is_(None),
            )
            .values(uses=CohortInvitation.uses + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not counted:
            raise InvitationUnusable("used_up")
        try:
            joined = seats.join(session, cohort, user)
        except seats.CohortFull:
            raise InvitationUnusable("full") from None
    if joined.new:
        record(
            session,
            "cohort_member_added",
            user_id=user.id,
            email=user.email,
            cohort_id=cohort.id,
            via="invitation",
        )
    return joined


def members(session: Session, cohort_id: int) -> list[tuple[User, datetime]]:
    """The cohort's people with when they joined, by name; one query."""
    return [
        (user, joined_at)
        for user, joined_at in session.execute(
            select(User, CohortMember.joined_at)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort_id)
            .order_by(User.full_name, User.id)
        )
    ]


def removed(
    session: Session, admin: User, cohort: Cohort, user_id: int, seat_returned: bool
) -> None:
    record(
        session,
        "cohort_member_removed",
        user_id=user_id,
        actor_id=admin.id,
        cohort_id=cohort.id,
        seat_returned=seat_returned,
    )


def schedule_changed(session: Session, admin: User, cohort: Cohort, module_id: int) -> None:
    record(
        session,
        "cohort_saved",
        actor_id=admin.id,
        cohort_id=cohort.id,
        name=cohort.name,
        scheduled_module=module_id,
    )


def course_of_id(session: Session, course_ids: list[int]) -> list[Course]:
    return list(session.scalars(select(Course).where(Course.id.in_(course_ids))))


def member_of(session: Session, cohort_id: int, user_id: int) -> CohortMember | None:
    return seats.member(session, cohort_id, user_id)


def company_of(session: Session, cohort: Cohort) -> Company:
    company = session.get(Company, cohort.company_id)
    assert company is not None
    return company
