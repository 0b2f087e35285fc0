"""Bulk enrolment: a pasted or uploaded list of names and e-mails, a dry run, then the real run.

Reading the list is pure (`read_roster`): UTF-8 with or without Excel's BOM, or Windows-1250;
comma, semicolon or tab; a header row or none; the cell holding an '@' is the address and the
rest is the name. The dry run (`plan`) sorts each row: new account, existing account, already
in the cohort, duplicate of an earlier row, invalid or look-alike address, no seat left.
`enrol` does what the plan says, so running it twice adds nobody twice.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth import emails
from academy.auth.addresses import AddressError, canonical_email
from academy.auth.models import Role, User
from academy.companies import letters, seats
from academy.companies.models import Cohort, CohortMember
from academy.people import services as people

MAX_ROWS = 2000  # a larger list is refused with a message: split it, or ask for an import
MAX_BYTES = 1_000_000
NEW, EXISTING, MEMBER, DUPLICATE, INVALID, LOOK_ALIKE, NO_SEAT = (
    "new",
    "existing",
    "member",
    "duplicate",
    "invalid",
    "look_alike",
    "no_seat",
)


class RosterTooLong(ValueError):
    pass


@dataclass(frozen=True)
class RosterLine:
    number: int  # the line in the file, from 1
    name: str
    email: str  # as written


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (Excel's BOM dropped), else Windows-1250 (older Czech Excel)."""
    if len(data) > MAX_BYTES:
        raise RosterTooLong
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace")


def _delimiter(sample: str) -> str:
    first = next((line for line in sample.splitlines() if line.strip()), "")
    return max((";", ",", "\t"), key=first.count) if any(d in first for d in ";,\t") else ","


def read_roster(text: str) -> list[RosterLine]:
    """The list's people in order; rows without an '@' (a header, blank lines) are skipped
    unless they hold a name, then they come back with an empty e-mail (invalid)."""
    text = text.lstrip("\ufeff")
    if text.count("\n") > MAX_ROWS + 1:
        raise RosterTooLong
    lines: list[RosterLine] = []
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text[:4000]))
    for number, cells in enumerate(reader, start=1):
        cells = [c.strip() for c in cells if c.strip()]
        if not cells:
            continue
        emails_ = [c for c in cells if "@" in c]
        if not emails_:
            if number == 1:
                continue  # a header row: "jméno;e-mail"
            # no address: the last cell is what was meant as one (reported invalid)
            name = " ".join(cells[:-1]) if len(cells) > 1 else cells[0]
            lines.append(RosterLine(number, name[:200], cells[-1][:254] if len(cells) > 1 else ""))
            continue
        name = " ".join(c for c in cells if c is not emails_[0])[:200]
        lines.append(RosterLine(number, name, emails_[0][:254]))
        if len(lines) > MAX_ROWS:
            raise RosterTooLong
    return lines


@dataclass
class PlannedRow:
    line: RosterLine
    verdict: str
    email: str = ""  # canonical
    user: User | None = None


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    seats_left: int = 0

    def count(self, verdict: str) -> int:
        return sum(r.verdict == verdict for r in self.rows)

    @property
    def to_add(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.verdict in (NEW, EXISTING)]


def plan(session: Session, cohort: Cohort, lines: list[RosterLine]) -> Plan:
    """The dry run: what running the list would do, in three queries. Rows beyond the seats
    left are marked no_seat."""
    result = Plan(seats_left=cohort.seats_left)
    canonical: dict[int, str] = {}
    verdicts: dict[int, str] = {}
    for line in lines:
        try:
            canonical[line.number] = canonical_email(line.email)
        except AddressError as exc:
            verdicts[line.number] = LOOK_ALIKE if exc.look_alike else INVALID
    addresses = set(canonical.values())
    users = (
        {u.email: u for u in session.scalars(select(User).where(User.email.in_(addresses)))}
        if addresses
        else {}
    )
    members = (
        set(
            session.scalars(
                select(CohortMember.user_id).where(
                    CohortMember.cohort_id == cohort.id,
                    CohortMember.user_id.in_([u.id for u in users.values()]),
                )
            )
        )
        if users
        else set()
    )
    seen: set[str] = set()
    left = cohort.seats_left
    for line in lines:
        email = canonical.get(line.number, "")
        user = users.get(email)
        verdict = verdicts.get(line.number)
        if verdict is None:
            if email in seen:
                verdict = DUPLICATE
            elif user is not None and user.id in members:
                verdict = MEMBER
            elif left <= 0:
                verdict = NO_SEAT
            else:
                verdict = EXISTING if user is not None else NEW
                left -= 1
            seen.add(email)
        result.rows.append(PlannedRow(line, verdict, email, user))
    return result


@dataclass
class Outcome:
    added: int = 0
    invited: int = 0  # of those added, new accounts sent an invitation
    skipped: int = 0  # already in, or no seat left by the time it ran


def enrol(session: Session, admin: User, cohort: Cohort, lines: list[RosterLine]) -> Outcome:
    """Run the list: new people get an account and the academy's invitation, existing ones
    a note that they were added; all join the cohort on a seat and are enrolled in its
    courses. Mails go to the outbox. Idempotent: members are skipped."""
    outcome = Outcome()
    for row in plan(session, cohort, lines).to_add:
        user = row.user
        if user is None:
            user = people.invite(
                session,
                admin,
                email=row.email,
                full_name=row.line.name or row.email.split("@")[0],
                role=Role.LEARNER,
            )
        try:
            joined = seats.join(session, cohort, user)
        except seats.CohortFull:
            outcome.skipped += 1
            continue
        if not joined.new:
            outcome.skipped += 1
            continue
        outcome.added += 1
        record(
            session,
            "cohort_member_added",
            user_id=user.id,
            actor_id=admin.id,
            email=user.email,
            cohort_id=cohort.id,
            via="list",
        )
        if row.user is None:
            emails.send_invitation(user, admin)
            outcome.invited += 1
        else:
            letters.added_to_cohort(session, user, cohort)
    return outcome
