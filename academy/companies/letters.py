"""The companies' mails, all through the outbox: added to a cohort, a manager's reminder,
deadline reminders (7 days and 1 day before a cohort's end) and the managers' weekly digest.

A person gets at most one reminder a week (a manager's or a deadline's), whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.companies.models import Cohort, Company
from academy.db import utcnow
from academy.notifications import letters, outbox, preferences
from academy.notifications.models import MailCategory, OutboxMail

WEEK = timedelta(days=7)
REMINDER_KINDS = ("team_reminder", "deadline_7", "deadline_1")


def _base() -> str:
    return current_app.config["BASE_URL"]


def added_to_cohort(session: Session, user: User, cohort: Cohort) -> None:
    """'You were added to a cohort': to someone who already has an account."""
    language = letters.language_of(user.language)
    with letters.in_language(language):
        subject = _("Máte nové kurzy v CX akademii")
        text = _(
            "Dobrý den, %(name)s,\n\nbyli jste přidáni do skupiny %(cohort)s. "
            "Kurzy najdete v části Moje studium:\n%(link)s\n\nCX akademie",
            name=user.full_name,
            cohort=cohort.name,
            link=f"{_base()}/my",
        )
        letter = letters.write(language, subject, text)
    outbox.enqueue(
        session,
        key=f"cohort-added:{cohort.id}:{user.id}",
        kind="cohort_added",
        to=user.email,
        letter=letter,
        language=language,
        user_id=user.id,
    )


def reminded_recently(
    session: Session, user_ids: list[int], now: datetime | None = None
) -> set[int]:
    """Who of `user_ids` got a reminder in the last 7 days; one query."""
    if not user_ids:
        return set()
    since = (now or utcnow()) - WEEK
    return set(
        session.scalars(
            select(OutboxMail.user_id).where(
                OutboxMail.user_id.in_(user_ids),
                OutboxMail.kind.in_(REMINDER_KINDS),
                OutboxMail.created_at > since,
            )
        )
    )


def remind(
    session: Session,
    user: User,
    cohort: Cohort,
    *,
    kind: str = "team_reminder",
    now: datetime | None = None,
) -> bool:
    """A reminder to get on with the cohort's courses; False if one went out this week or
    the person switched reminders off."""
    now = now or utcnow()
    if user.id in reminded_recently(session, [user.id], now):
        return False
    if MailCategory.REMINDERS in preferences.opted_out(session, user.id):
        return False
    language = letters.language_of(user.language)
    unsubscribe = preferences.unsubscribe_url(user.id, MailCategory.REMINDERS)
    with letters.in_language(language):
        if kind == "team_reminder":
            subject = _("Připomínka: kurzy skupiny %(cohort)s", cohort=cohort.name)
            lead = _(
                "vaše skupina %(cohort)s pokračuje a rádi bychom vás v ní viděli.",
                cohort=cohort.name,
            )
        else:
            subject = _("Termín skupiny %(cohort)s se blíží", cohort=cohort.name)
            lead = _(
                "kurzy skupiny %(cohort)s je potřeba dokončit do %(date)s.",
                cohort=cohort.name,
                date=f"{cohort.ends_on:%d. %m. %Y}" if cohort.ends_on else "",
            )
        text = "\n\n".join(
            [
                _("Dobrý den, %(name)s,", name=user.full_name) + "\n" + lead,
                _("Pokračujte tam, kde jste skončili:\n%(link)s", link=f"{_base()}/my"),
                "CX akademie",
            ]
        )
        letter = letters.write(language, subject, text, unsubscribe)
    row = outbox.enqueue(
        session,
        key=f"{kind}:{cohort.id}:{user.id}:{now:%G-%V}",
        kind=kind,
        to=user.email,
        letter=letter,
        language=language,
        category=MailCategory.REMINDERS,
        user_id=user.id,
        unsubscribe_url=unsubscribe,
        now=now,
    )
    return row is not None


def deadline_day(ends_on: date, today: date) -> int | None:
    """7 or 1 when the deadline is that many days away, else None."""
    days = (ends_on - today).days
    return days if days in (7, 1) else None


@dataclass(frozen=True)
class DigestFigures:
    people: int
    started: int
    completions: int  # courses completed in the last 7 days
    behind: int
    silent: int


def digest(
    session: Session, manager: User, company: Company, figures: DigestFigures, *, now: datetime
) -> bool:
    """The manager's weekly summary, once per company and ISO week."""
    if MailCategory.DIGESTS in preferences.opted_out(session, manager.id):
        return False
    language = letters.language_of(manager.language)
    unsubscribe = preferences.unsubscribe_url(manager.id, MailCategory.DIGESTS)
    with letters.in_language(language):
        subject = _("Týden vašeho týmu v CX akademii: %(company)s", company=company.name)
        lines = [
            _("Lidé v týmu: %(n)d", n=figures.people),
            _("Začali studovat: %(n)d", n=figures.started),
            _("Dokončené kurzy za poslední týden: %(n)d", n=figures.completions),
            _("Pozadu s plánem: %(n)d", n=figures.behind),
            _("Tiší (14 dní bez aktivity): %(n)d", n=figures.silent),
        ]
        text = "\n\n".join(
            [
                _("Dobrý den, %(name)s,", name=manager.full_name),
                "\n".join(lines),
                _("Celý přehled týmu: %(link)s", link=f"{_base()}/team/{company.id}"),
                "CX akademie",
            ]
        )
        letter = letters.write(language, subject, text, unsubscribe)
    row = outbox.enqueue(
        session,
        key=f"manager-digest:{company.id}:{manager.id}:{now:%G-%V}",
        kind="manager_digest",
        to=manager.email,
        letter=letter,
        language=language,
        category=MailCategory.DIGESTS,
        user_id=manager.id,
        unsubscribe_url=unsubscribe,
        now=now,
    )
    return row is not None
