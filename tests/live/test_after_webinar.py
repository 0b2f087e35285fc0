"""After the webinar: attendance (list and CSV), the recording attached and mailed, the public
recording page (free or behind a light registration), and the funnel in one query."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from academy.auth.models import Role
from academy.auth.services import EmailTaken
from academy.extensions import db
from academy.learning.models import Enrollment
from academy.live import funnel, sessions
from academy.live.models import LiveRegistration
from tests.conftest import csrf_token
from tests.live.conftest import confirm, register, registration
from tests.querycount import count_statements, page_statements

STAFF = "jiri@example.cz"  # teaches demo-kurz, the course the webinar leads into


def _past_webinar_with_people(app, client, courses, mailbox, **kwargs) -> int:
    """Three seated registrants, then the clock passes the webinar (its start moves back)."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=2)
    webinar_id = courses.webinar(start, **kwargs)
    for name, email in (
        ("Jana Nováková", "jana@example.cz"),
        ("Petr Malý", "petr@example.cz"),
        ("Eva Horká", "eva@example.cz"),
    ):
        register(client, name=name, email=email)
        confirm(client, mailbox, email)
    with app.app_context():
        webinar = sessions.find(db.session, "tichy-zakaznik")
        webinar.starts_at -= timedelta(days=3)
        webinar.ends_at -= timedelta(days=3)
        db.session.commit()
    return webinar_id


def _staff(auth):
    try:
        auth.create(email=STAFF, name="Lektorka", role=Role.INSTRUCTOR)
    except EmailTaken:  # already signed in as staff
        return
    auth.login(email=STAFF)


def _post(client, page: str, url: str, data: dict, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def test_staff_import_attendance_from_the_meeting_tools_csv(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _staff(auth)
    teams = (
        "\ufeffShrnutí schůzky\nÚčastníci celkem;2\n\nJméno;E-mail;Připojení\n"
        "Jana Nováková;JANA@example.cz;17:01\nNěkdo;cizi@example.cz;17:05\n"
    )
    page = f"/admin/live/{webinar_id}"
    response = _post(
        client,
        page,
        f"/admin/live/{webinar_id}/attendance.csv",
        {"file": (io.BytesIO(teams.encode("utf-8")), "ucastnici.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Označeno 1 účastníků, 0 už označeno dřív, 1 adres mezi registracemi není." in (
        response.get_data(as_text=True)
    )
    assert registration(app).attended_at is not None
    assert registration(app, "petr@example.cz").attended_at is None


def test_a_csv_without_an_email_column_is_explained(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _staff(auth)
    response = _post(
        client,
        f"/admin/live/{webinar_id}",
        f"/admin/live/{webinar_id}/attendance.csv",
        {"file": (io.BytesIO(b"Name,Joined\nJana,17:00\n"), "x.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "V souboru chybí sloupec s e-mailem účastníků" in response.get_data(as_text=True)


def test_staff_mark_attendance_in_the_list(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _staff(auth)
    petr = registration(app, "petr@example.cz").id
    _post(
        client,
        f"/admin/live/{webinar_id}",
        f"/admin/live/{webinar_id}/attendance",
        {"attended": [str(petr)]},
    )
    assert registration(app, "petr@example.cz").attended_at is not None
    assert registration(app).attended_at is None


def test_a_learner_cannot_reach_the_staff_pages(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    auth.create()
    auth.login()
    assert client.get(f"/admin/live/{webinar_id}").status_code == 403


def test_an_instructor_of_another_course_neither_sees_nor_reaches_the_webinar(
    app, client, auth, courses, mailbox
):
    """Registrants' names and e-mails belong to the staff of the course the webinar leads
    into (and admins): any other instructor gets 404 and an empty list."""
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    auth.create(email="cizi.lektor@example.cz", name="Cizí Lektor", role=Role.INSTRUCTOR)
    auth.login(email="cizi.lektor@example.cz")
    assert client.get(f"/admin/live/{webinar_id}").status_code == 404
    assert f"/admin/live/{webinar_id}" not in client.get("/admin/live").get_data(as_text=True)
    response = _post(client, "/admin/live", f"/admin/live/{webinar_id}/attendance", {})
    assert response.status_code == 404


def _attach(app, client, auth, webinar_id: int, access: str = "free"):
    _staff(auth)
    with app.app_context():
        from academy.live.sessions import recording_module

        module_id = recording_module(db.session, "demo-kurz", "webinar-duvera").id
    return _post(
        client,
        f"/admin/live/{webinar_id}",
        f"/admin/live/{webinar_id}/recording",
        {"module": module_id, "access": access},
    )


def test_attaching_the_recording_mails_every_registrant_once(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    before = len(mailbox)
    _attach(app, client, auth, webinar_id)
    _attach(app, client, auth, webinar_id)  # saved again: nobody is mailed twice
    sent = mailbox[before:]
    assert sorted(m["To"] for m in sent) == ["eva@example.cz", "jana@example.cz", "petr@example.cz"]
    assert {m["Subject"] for m in sent} == {"Záznam webináře Tichý zákazník"}


def test_the_recording_link_opens_the_player_and_its_video_for_a_visitor(
    app, client, auth, courses, mailbox
):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _attach(app, client, auth, webinar_id, access="registration")
    link = next(link for link in mailbox.links("jana@example.cz") if "/recording?t=" in link)
    visitor = app.test_client()
    response = visitor.get(re.sub(r"^https?://[^/]+", "", link), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Tichý zákazník" in page and "Kapitoly" in page and "Přepis" in page
    assert "Založit účet zdarma a začít kurz" in page
    assert visitor.get("/media/demo-kurz/webinar.webm").status_code == 200
    assert registration(app).recording_opened_at is not None
    assert app.test_client().get("/media/demo-kurz/webinar.webm").status_code == 302  # no pass


def test_a_gated_recording_asks_for_name_and_email_first(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _attach(app, client, auth, webinar_id, access="registration")
    visitor = app.test_client()
    page = visitor.get("/live/tichy-zakaznik/recording").get_data(as_text=True)
    assert "Záznam po krátké registraci" in page and "data-player" not in page
    token = csrf_token(visitor, "/live/tichy-zakaznik/recording")
    visitor.post(
        "/live/tichy-zakaznik/recording",
        data={
            "csrf_token": token,
            "name": "Karel Nový",
            "email": "karel@example.cz",
            "consent": "y",
        },
    )
    page = visitor.get("/live/tichy-zakaznik/recording").get_data(as_text=True)
    assert "data-player" in page
    assert registration(app, "karel@example.cz").status.value == "recording"


def test_the_funnel_counts_each_step_in_one_query(app, client, auth, courses, mailbox):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _attach(app, client, auth, webinar_id)
    with app.app_context():
        people = {r.email: r for r in db.session.scalars(select(LiveRegistration))}
        people["jana@example.cz"].attended_at = people["petr@example.cz"].attended_at = (
            datetime.now(UTC)
        )
        # watched: Jana played 3 of a 10-minute recording (the default threshold: 25 %, 2 min);
        # Petr only opened it and played a minute
        people["jana@example.cz"].recording_opened_at = datetime.now(UTC)
        people["jana@example.cz"].recording_seconds = 180.0
        people["jana@example.cz"].recording_duration = 600.0
        people["petr@example.cz"].recording_opened_at = datetime.now(UTC)
        people["petr@example.cz"].recording_seconds = 60.0
        people["petr@example.cz"].recording_duration = 600.0
        db.session.commit()
    jana = auth.create(email="jana@example.cz", name="Jana Nováková")  # signed up after registering
    auth.create(email="eva@example.cz", name="Eva Horká")
    with app.app_context():
        from academy.courses.models import Course

        course_id = db.session.scalar(select(Course.id).where(Course.slug == "demo-kurz"))
        db.session.add(
            Enrollment(user_id=jana, course_id=course_id, completed_at=datetime.now(UTC))
        )
        db.session.commit()
        db.session.rollback()
        with count_statements(app) as statements:
            result = funnel.funnels(db.session, [webinar_id])[webinar_id]
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert result.steps == [
        ("registered", 3),
        ("attended", 2),
        ("watched", 1),
        ("signed_up", 2),
        ("enrolled", 1),
        ("completed", 1),
    ]
    page = client.get("/admin/live").get_data(as_text=True)
    counts = re.findall(
        r'data-step="(\w+)"><th scope="row">[^<]+</th><td class="num-col" data-count>(\d+)', page
    )
    assert counts == [
        ("registered", "3"),
        ("attended", "2"),
        ("watched", "1"),
        ("signed_up", "2"),
        ("enrolled", "1"),
        ("completed", "1"),
    ]


def test_the_staff_list_of_webinars_has_a_bounded_statement_count(
    app, client, auth, courses, mailbox
):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _attach(app, client, auth, webinar_id)
    assert len(page_statements(app, client, "/admin/live")) <= 8
    assert len(page_statements(app, client, f"/admin/live/{webinar_id}")) <= 12


def test_staff_cancel_a_webinar_and_registrants_get_method_cancel(
    app, client, auth, courses, mailbox
):
    from icalendar import Calendar

    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=4)
    webinar_id = courses.webinar(start)
    register(client)
    confirm(client, mailbox)
    _staff(auth)
    _post(client, f"/admin/live/{webinar_id}", f"/admin/live/{webinar_id}/cancel", {})
    message = mailbox[-1]
    assert (message["To"], message["Subject"]) == (
        "jana@example.cz",
        "Webinář Tichý zákazník se ruší",
    )
    [attachment] = list(message.iter_attachments())
    assert Calendar.from_ical(attachment.get_content())["METHOD"] == "CANCEL"
    page = client.get("/live/tichy-zakaznik").get_data(as_text=True)
    assert "Webinář se ruší, registrace je uzavřená." in page


def test_typing_a_registrants_address_at_the_gate_does_not_take_over_their_registration(
    app, client, auth, courses, mailbox
):
    webinar_id = _past_webinar_with_people(app, client, courses, mailbox)
    _attach(app, client, auth, webinar_id, access="registration")
    stranger = app.test_client()
    stranger.post(
        "/live/tichy-zakaznik/recording",
        data={
            "csrf_token": csrf_token(stranger, "/live/tichy-zakaznik/recording"),
            "name": "Cizí Člověk",
            "email": "jana@example.cz",  # Jana registered for the webinar
            "consent": "y",
        },
    )
    page = stranger.get("/live/tichy-zakaznik/recording").get_data(as_text=True)
    assert "data-player" in page  # the recording itself: the gate is a light one
    assert "data-progress-url" not in page  # but no heartbeats go to Jana's registration
    jana = registration(app, "jana@example.cz")
    assert (jana.name, jana.recording_opened_at) == ("Jana Nováková", None)
