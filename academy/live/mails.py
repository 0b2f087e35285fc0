"""The mails a registrant gets, each an outbox row with an idempotency key (never twice)."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from academy.db import utcnow
from academy.live import calendar
from academy.live.models import LiveRegistration, LiveWebinar
from academy.live.source import PRAGUE
from academy.notifications import letters, outbox


def _base() -> str:
    return current_app.config["BASE_URL"]


def registration_url(registration: LiveRegistration) -> str:
    return f"{_base()}/live/r/{registration.token}"


def confirm_url(registration: LiveRegistration) -> str:
    return f"{_base()}/live/r/{registration.token}/confirm"


def recording_url(webinar: LiveWebinar, registration: LiveRegistration) -> str:
    return f"{_base()}/live/{webinar.slug}/recording?t={registration.token}"


def when(webinar: LiveWebinar) -> str:
    """'čtvrtek 18. března 2027, 17:00–18:00 (pražský čas)' in the current language."""
    start, end = webinar.starts_at.astimezone(PRAGUE), webinar.ends_at.astimezone(PRAGUE)
    pattern = "EEEE d. MMMM y, H:mm" if str(get_locale()) == "cs" else "EEEE, d MMMM y, H:mm"
    day = format_datetime(start, pattern, rebase=False)
    return _("%(day)s–%(end)s (pražský čas)", day=day, end=end.strftime("%-H:%M"))


def invitation(
    webinar: LiveWebinar,
    registration: LiveRegistration | None,
    method: str,
    stamp: datetime | None = None,
) -> str:
    """The .ics of the webinar (for one registrant when given)."""
    sender = parseaddr(str(current_app.config["MAIL_SENDER"]))[1] or "akademie@localhost"
    domain = sender.rsplit("@", 1)[-1]
    url = registration_url(registration) if registration else f"{_base()}/live/{webinar.slug}"
    event = calendar.CalendarEvent(
        uid=f"live-webinar-{webinar.id}@{domain}",
        sequence=webinar.sequence,
        title=webinar.title,
        description=_("Odkaz na připojení najdete na stránce své registrace: %(url)s", url=url),
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        url=url,
        organizer=sender,
        attendee=registration.email if registration and method != "PUBLISH" else None,
        attendee_name=registration.name if registration else "",
        stamp=stamp or utcnow(),
    )
    return calendar.build(event, method)


def _stamp(registration: LiveRegistration) -> str:
    """When the address was confirmed: a registration cancelled and made again mails again."""
    return registration.confirmed_at.isoformat() if registration.confirmed_at else "-"


def _send(
    session: Session,
    registration: LiveRegistration,
    key: str,
    kind: str,
    subject: str,
    text: str,
    ics_method: str | None = None,
) -> bool:
    """Enqueue unless the key is there already; whether a row was written."""
    webinar = registration.webinar
    ics = invitation(webinar, registration, ics_method) if ics_method else None
    letter = letters.write(registration.language, subject, text)
    row = outbox.enqueue(
        session,
        key=key,
        kind=kind,
        to=registration.email,
        letter=letter,
        language=registration.language,
        calendar=ics,
    )
    return row is not None


def ask_to_confirm(session: Session, registration: LiveRegistration) -> None:
    """Double opt-in: the seat is held only after the address is confirmed."""
    webinar = registration.webinar
    with letters.in_language(registration.language):
        subject = _("Potvrďte registraci na webinář %(title)s", title=webinar.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "děkujeme za registraci na webinář %(title)s, %(when)s.\n\n"
            "Registraci potvrďte kliknutím na odkaz:\n%(link)s\n\n"
            "Pokud jste se neregistrovali vy, e-mail prosím ignorujte; bez potvrzení vám nic "
            "dalšího nepošleme.\n\nCX akademie",
            name=registration.name,
            title=webinar.title,
            when=when(webinar),
            link=confirm_url(registration),
        )
        _send(
            session,
            registration,
            f"live-confirm:{registration.id}:{registration.created_at.isoformat()}",
            "live_confirm",
            subject,
            text,
        )


def seat_confirmed(session: Session, registration: LiveRegistration) -> None:
    """'You have a seat', with the calendar invitation attached."""
    webinar = registration.webinar
    with letters.in_language(registration.language):
        subject = _("Jste přihlášeni: %(title)s", title=webinar.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "máte místo na webináři %(title)s, %(when)s.\n\n"
            "Pozvánku do kalendáře najdete v příloze. Odkaz na připojení se objeví na stránce "
            "vaší registrace hodinu před začátkem a pošleme vám ho i v připomínce:\n%(page)s\n\n"
            "Na stejné stránce registraci zrušíte, kdybyste nemohli přijít.\n\nCX akademie",
            name=registration.name,
            title=webinar.title,
            when=when(webinar),
            page=registration_url(registration),
        )
        _send(
            session,
            registration,
            f"live-seat:{registration.id}:{webinar.sequence}:{_stamp(registration)}",
            "live_seat",
            subject,
            text,
            "REQUEST",
        )


def on_waiting_list(session: Session, registration: LiveRegistration) -> None:
    webinar = registration.webinar
    with letters.in_language(registration.language):
        subject = _("Čekací listina: %(title)s", title=webinar.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "webinář %(title)s je zatím plně obsazený, zapsali jsme vás na čekací listinu. "
            "Jakmile se místo uvolní, pošleme vám e-mail s pozvánkou do kalendáře.\n\n"
            "Stránka vaší registrace: %(page)s\n\nCX akademie",
            name=registration.name,
            title=webinar.title,
            page=registration_url(registration),
        )
        _send(
            session, registration, f"live-waiting:{registration.id}", "live_waiting", subject, text
        )


def changed(session: Session, registration: LiveRegistration) -> None:
    """The webinar moved or was renamed: a new invitation with the next SEQUENCE."""
    webinar = registration.webinar
    with letters.in_language(registration.language):
        subject = _("Změna webináře %(title)s", title=webinar.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "webinář %(title)s se změnil. Nově: %(when)s.\n\n"
            "Aktualizovaná pozvánka do kalendáře je v příloze. Stránka vaší registrace:\n"
            "%(page)s\n\nCX akademie",
            name=registration.name,
            title=webinar.title,
            when=when(webinar),
            page=registration_url(registration),
        )
        _send(
            session,
            registration,
            f"live-change:{registration.id}:{webinar.sequence}",
            "live_change",
            subject,
            text,
            "REQUEST",
        )


def cancelled(session: Session, registration: LiveRegistration, by_registrant: bool) -> None:
    """The webinar, or this registration, is cancelled: METHOD:CANCEL removes the event."""
    webinar = registration.webinar
    with letters.in_language(registration.language):
        if by_registrant:
            subject = _("Registrace zrušena: %(title)s", title=webinar.title)
            text = _(
                "Dobrý den, %(name)s,\n\nvaši registraci na webinář %(title)s jsme zrušili. "
                "Událost z kalendáře odstraní příloha tohoto e-mailu.\n\nCX akademie",
                name=registration.name,
                title=webinar.title,
            )
        else:
            subject = _("Webinář %(title)s se ruší", title=webinar.title)
            text = _(
                "Dobrý den, %(name)s,\n\nwebinář %(title)s, %(when)s, se bohužel ruší. "
                "Událost z kalendáře odstraní příloha tohoto e-mailu.\n\nOmlouváme se.\n\n"
                "CX akademie",
                name=registration.name,
                title=webinar.title,
                when=when(webinar),
            )
        # the registrant's own cancellation is guarded by its status (once per registration)
        key = (
            outbox.new_key("live-cancel")
            if by_registrant
            else f"live-cancel:{registration.id}:{webinar.sequence}"
        )
        _send(session, registration, key, "live_cancel", subject, text, "CANCEL")


def reminder(session: Session, registration: LiveRegistration, lead: str) -> bool:
    """24 h or 1 h before; the 1 h one carries the meeting link. Once per start time."""
    webinar = registration.webinar
    with letters.in_language(registration.language):
        if lead == "1h":
            subject = _("Za hodinu začínáme: %(title)s", title=webinar.title)
            text = _(
                "Dobrý den, %(name)s,\n\nwebinář %(title)s začíná za hodinu, %(when)s.\n\n"
                "Připojíte se zde: %(meeting)s\n\nCX akademie",
                name=registration.name,
                title=webinar.title,
                when=when(webinar),
                meeting=webinar.meeting_url or registration_url(registration),
            )
        else:
            subject = _("Zítra: %(title)s", title=webinar.title)
            text = _(
                "Dobrý den, %(name)s,\n\npřipomínáme zítřejší webinář %(title)s, %(when)s.\n\n"
                "Odkaz na připojení vám pošleme hodinu před začátkem; najdete ho také na "
                "stránce své registrace:\n%(page)s\n\nCX akademie",
                name=registration.name,
                title=webinar.title,
                when=when(webinar),
                page=registration_url(registration),
            )
        key = f"live-reminder-{lead}:{registration.id}:{webinar.starts_at.isoformat()}"
        return _send(session, registration, key, f"live_reminder_{lead}", subject, text)


def recording_ready(session: Session, registration: LiveRegistration) -> None:
    webinar = registration.webinar
    with letters.in_language(registration.language):
        subject = _("Záznam webináře %(title)s", title=webinar.title)
        course = webinar.course
        follow = (
            _("Na webinář navazuje kurz %(course)s v CX akademii.", course=course.title)
            if course is not None
            else ""
        )
        text = _(
            "Dobrý den, %(name)s,\n\nzáznam webináře %(title)s je připravený, s kapitolami, "
            "titulky a přepisem:\n%(link)s\n\n%(follow)s\n\nCX akademie",
            name=registration.name,
            title=webinar.title,
            follow=follow,
            link=recording_url(webinar, registration),
        )
        key = f"live-recording:{registration.id}:{webinar.recording_module_id}"
        _send(session, registration, key, "live_recording", subject, text)
