"""Registering for a live webinar: double opt-in, idempotency, waiting list, closed webinars,
the honeypot, the registrant's page and calendar file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from academy.extensions import db
from academy.live.models import LiveRegistration, RegistrationStatus
from tests.conftest import csrf_token
from tests.live.conftest import confirm, register, registration

SOON = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=10)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LiveRegistration))


def test_the_public_page_shows_the_webinar_and_the_form(client, courses):
    courses.webinar(SOON)
    page = client.get("/live/tichy-zakaznik").get_data(as_text=True)
    assert "Tichý zákazník" in page
    assert "Jiří Šťastný" in page
    assert "Zbývá 50 míst." in page
    assert "meet.example.cz" not in page  # the meeting link is for registrants only


def test_registering_asks_to_confirm_and_holds_no_seat_until_then(app, client, courses, mailbox):
    courses.webinar(SOON)
    response = register(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/live/tichy-zakaznik/registered"
    assert [m["Subject"] for m in mailbox] == ["Potvrďte registraci na webinář Tichý zákazník"]
    assert registration(app).status is RegistrationStatus.PENDING
    assert "Zbývá 50 míst." in client.get("/live/tichy-zakaznik").get_data(as_text=True)


def test_confirming_gives_a_seat_and_mails_the_invitation_with_the_ics(
    app, client, courses, mailbox
):
    courses.webinar(SOON)
    register(client)
    assert confirm(client, mailbox).status_code == 303
    assert registration(app).status is RegistrationStatus.CONFIRMED
    seat = mailbox[-1]
    assert seat["Subject"] == "Jste přihlášeni: Tichý zákazník"
    [attachment] = list(seat.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == SOON
    assert str(event["dtstart"].params["TZID"]) == "Europe/Prague"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Prague"]


def test_registering_twice_keeps_one_registration_and_sends_one_mail(app, client, courses, mailbox):
    courses.webinar(SOON)
    register(client)
    second = register(client, email="JANA@example.cz", name="Jana N.")
    assert second.status_code == 303
    assert _count(app) == 1
    assert len(mailbox) == 1


def test_a_full_webinar_puts_the_next_confirmed_person_on_the_waiting_list(
    app, client, courses, mailbox
):
    courses.webinar(SOON, capacity=1)
    register(client)
    confirm(client, mailbox)
    register(client, email="petr@example.cz", name="Petr Malý")
    confirm(client, mailbox, "petr@example.cz")
    assert registration(app, "petr@example.cz").status is RegistrationStatus.WAITING
    assert mailbox[-1]["Subject"] == "Čekací listina: Tichý zákazník"
    page = client.get("/live/tichy-zakaznik").get_data(as_text=True)
    assert "Zapsat se na čekací listinu" in page


def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list(app, client, courses, mailbox):
    courses.webinar(SOON, capacity=1)
    register(client)
    confirm(client, mailbox)
    register(client, email="petr@example.cz", name="Petr Malý")
    confirm(client, mailbox, "petr@example.cz")
    token = registration(app).token
    client.post(
        f"/live/r/{token}/cancel", data={"csrf_token": csrf_token(client, f"/live/r/{token}")}
    )
    assert registration(app).status is RegistrationStatus.CANCELLED
    assert registration(app, "petr@example.cz").status is RegistrationStatus.CONFIRMED
    subjects = [(m["To"], m["Subject"]) for m in mailbox[-2:]]
    assert subjects == [
        ("jana@example.cz", "Registrace zrušena: Tichý zákazník"),
        ("petr@example.cz", "Jste přihlášeni: Tichý zákazník"),
    ]


def test_a_past_webinar_refuses_registration_with_a_clear_message(app, client, courses, mailbox):
    courses.webinar(datetime.now(UTC) - timedelta(days=1))
    page = client.get("/live/tichy-zakaznik").get_data(as_text=True)
    assert "Registrace je uzavřená" in page
    response = register(client, token_from="/signup")  # a form kept open from before
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Webinář už začal nebo proběhl, registrovat se na něj nelze." in page
    assert _count(app) == 0
    assert len(mailbox) == 0


def test_the_honeypot_answers_like_a_person_and_keeps_nothing(app, client, courses, mailbox):
    courses.webinar(SOON)
    response = register(client, website="https://spam.example")
    assert response.headers["Location"] == "/live/tichy-zakaznik/registered"
    assert _count(app) == 0
    assert len(mailbox) == 0


def test_missing_consent_and_bad_email_answer_in_the_form(app, client, courses):
    courses.webinar(SOON)
    response = register(client, consent="", email="jana@")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bez souhlasu se zásadami vás registrovat nemůžeme." in page
    assert "Zadejte platnou e-mailovou adresu" in page
    assert _count(app) == 0


def test_the_calendar_link_of_an_unknown_token_is_not_found(client, courses):
    courses.webinar(SOON)
    assert client.get("/live/r/not-a-real-token/webinar.ics").status_code == 404


def test_the_calendar_link_gives_a_valid_ics_with_the_meeting_page(app, client, courses, mailbox):
    courses.webinar(SOON)
    register(client)
    confirm(client, mailbox)
    token = registration(app).token
    assert len(token) >= 40  # 32 random bytes, base64: not guessable
    response = client.get(f"/live/r/{token}/webinar.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["url"]).endswith(f"/live/r/{token}")


def test_the_meeting_link_shows_only_near_the_start(app, client, courses, mailbox):
    courses.webinar(datetime.now(UTC) + timedelta(minutes=30))
    register(client)
    confirm(client, mailbox)
    token = registration(app).token
    page = client.get(f"/live/r/{token}").get_data(as_text=True)
    assert "https://meet.example.cz/tichy" in page


def test_the_meeting_link_is_hidden_days_before(app, client, courses, mailbox):
    courses.webinar(SOON)
    register(client)
    confirm(client, mailbox)
    page = client.get(f"/live/r/{registration(app).token}").get_data(as_text=True)
    assert "https://meet.example.cz/tichy" not in page
    assert "Odkaz na připojení se tu objeví hodinu před začátkem" in page


def test_registrations_from_one_address_are_rate_limited(app, courses, mailbox):
    from academy import create_app
    from tests.conftest import RATELIMIT_PREFIX

    courses.webinar(SOON)
    limited = create_app(
        {
            **{
                k: app.config[k]
                for k in ("ENV", "DATABASE_URL", "SECRET_KEY", "MEDIA_DIR", "MAIL_URL")
            },
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX + "-live",
            "LIVE_REGISTER_RATE_LIMIT": "2/hour",
        }
    )
    client = limited.test_client()
    answers = [register(client, email=f"bot{i}@example.cz").status_code for i in range(3)]
    assert answers == [303, 303, 429]
    assert _count(app) == 2


def test_the_description_is_sanitized_markdown(client, courses):
    from tests.live.conftest import webinar_source

    text = webinar_source(SOON).replace(
        "Jak slyšet zákazníky", "<script>alert(1)</script>**Jak** slyšet zákazníky"
    )
    courses.write(text)
    courses.import_()
    page = client.get("/live/tichy-zakaznik").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "<strong>Jak</strong> slyšet zákazníky" in page


def test_public_pages_have_bounded_statement_counts(app, client, courses, mailbox):
    from tests.querycount import page_statements

    courses.webinar(SOON)
    register(client)
    confirm(client, mailbox)
    assert len(page_statements(app, client, "/live")) <= 4
    assert len(page_statements(app, client, "/live/tichy-zakaznik")) <= 5
    assert len(page_statements(app, client, f"/live/r/{registration(app).token}")) <= 4


def test_registering_again_after_cancelling_mails_the_confirmation_and_seat_again(
    app, client, courses, mailbox
):
    courses.webinar(SOON)
    register(client)
    confirm(client, mailbox)
    token = registration(app).token
    client.post(
        f"/live/r/{token}/cancel", data={"csrf_token": csrf_token(client, f"/live/r/{token}")}
    )
    register(client)
    confirm(client, mailbox)
    assert registration(app).status is RegistrationStatus.CONFIRMED
    assert [m["Subject"] for m in mailbox] == [
        "Potvrďte registraci na webinář Tichý zákazník",
        "Jste přihlášeni: Tichý zákazník",
        "Registrace zrušena: Tichý zákazník",
        "Potvrďte registraci na webinář Tichý zákazník",
        "Jste přihlášeni: Tichý zákazník",
    ]
