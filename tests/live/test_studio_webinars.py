"""Live webinars written in the studio: the form becomes the same Markdown file the importer
reads, checked like `courses check`, with messages on the fields; a new time or a
cancellation mails registrants; a save over someone else's is refused, nothing lost."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from academy.auth.models import Role
from academy.courses.source import parse_document
from academy.extensions import db
from academy.live import sessions
from academy.live.source import PRAGUE, check_webinar
from tests.conftest import csrf_token
from tests.live.conftest import confirm, register
from tests.live.test_after_webinar import _staff

NEW = "/studio/webinars/new"


def _future(days: int = 10) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )


def _local(moment: datetime) -> str:
    return moment.astimezone(PRAGUE).strftime("%Y-%m-%dT%H:%M")


def _fields(when: datetime, **changes) -> dict:
    fields = {
        "slug": "",
        "title": "Hlas zákazníka v praxi",
        "speakers": "Jiří Šťastný – konzultant\nJana Nováková",
        "description": "Jak **sbírat** zpětnou vazbu.",
        "start": _local(when),
        "end": _local(when + timedelta(hours=1)),
        "capacity": "40",
        "meeting": "https://meet.example.cz/hlas",
        "course": "demo-kurz",
        "recording": "",
        "recording_access": "free",
        "language": "cs",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def _post(client, url: str, data: dict, page: str | None = None):
    token = csrf_token(client, page or url)
    return client.post(url, data={"csrf_token": token, **data})


def _state(client, url: str) -> str:
    return re.search(r'name="state"[^>]*value="([^"]*)"', client.get(url).get_data(as_text=True))[1]


def _errors(response) -> list[str]:
    return re.findall(
        r'<p class="error" id="([\w-]+)-error">([^<]+)</p>', response.get_data(as_text=True)
    )


def test_an_instructor_creates_a_webinar_saved_as_the_importers_markdown(
    app, client, auth, courses
):
    courses.import_()
    _staff(auth)
    start = _future()
    response = _post(client, NEW, _fields(start))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/studio/webinars/hlas-zakaznika-v-praxi")
    with app.app_context():
        webinar = sessions.find(db.session, "hlas-zakaznika-v-praxi")
        assert (webinar.starts_at, webinar.capacity, webinar.published) == (start, 40, False)
        assert webinar.speakers == [
            {"name": "Jiří Šťastný", "role": "konzultant"},
            {"name": "Jana Nováková", "role": ""},
        ]
        text = sessions.webinar_markdown(webinar)
    doc, _ = parse_document(text, courses.root / "_webinars" / "x.md", "x.md")
    source, problems = check_webinar(doc, "hlas-zakaznika-v-praxi", courses.root, "x.md")
    assert [p for p in problems if p.severity == "error"] == []
    assert source.title == "Hlas zákazníka v praxi"
    # a draft until published: the public page does not exist yet
    assert client.get("/live/hlas-zakaznika-v-praxi").status_code == 404
    page = client.get("/studio/webinars/hlas-zakaznika-v-praxi").get_data(as_text=True)
    assert "Jiří Šťastný – konzultant" in page


def test_checker_messages_land_on_their_fields_and_nothing_is_saved(app, client, auth, courses):
    courses.import_()
    _staff(auth)
    response = _post(
        client,
        NEW,
        _fields(
            _future(),
            title="",
            start="2027-03-28T02:30",  # skipped by the change to summer time
            capacity="hodně",
            meeting="meet.example.cz/hlas",
            slug="hlas",
        ),
    )
    assert response.status_code == 422
    assert sorted(_errors(response)) == [
        ("capacity", "capacity musí být celé číslo od 1 do 100000"),
        ("meeting", "odkaz na schůzku (meeting) musí začínat https://"),
        ("start", "2027-03-28 02:30 v Praze neexistuje (posun na letní čas); zvolte jiný čas"),
        ("title", "chybí název webináře (title)"),
    ]
    page = response.get_data(as_text=True)
    assert 'value="meet.example.cz/hlas"' in page  # what was typed stays
    with app.app_context():
        assert sessions.find(db.session, "hlas") is None


def test_the_form_answers_in_english_for_an_english_reader(app, client, auth, courses):
    courses.import_()
    _staff(auth)
    client.get("/lang/en")
    response = _post(client, NEW, _fields(_future(), capacity="0", slug="hlas"))
    assert ("capacity", "capacity must be a whole number from 1 to 100000") in _errors(response)


def test_a_new_time_from_the_studio_sends_registrants_the_next_sequence(
    app, client, auth, courses, mailbox
):
    start = _future(5)
    courses.webinar(start)
    register(client)
    confirm(client, mailbox)
    _staff(auth)
    url = "/studio/webinars/tichy-zakaznik"
    moved = start + timedelta(hours=2)
    data = _fields(
        moved, slug=None, title="Tichý zákazník", published="y", state=_state(client, url)
    )
    response = _post(client, url, data)
    assert response.status_code == 303
    message = mailbox[-1]
    assert message["Subject"] == "Změna webináře Tichý zákazník"
    [attachment] = list(message.iter_attachments())
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert (event["SEQUENCE"], event.decoded("dtstart")) == (1, moved)


def test_a_cancellation_from_the_studio_sends_method_cancel(app, client, auth, courses, mailbox):
    start = _future(5)
    courses.webinar(start)
    register(client)
    confirm(client, mailbox)
    _staff(auth)
    url = "/studio/webinars/tichy-zakaznik"
    data = _fields(
        start,
        slug=None,
        title="Tichý zákazník",
        published="y",
        cancelled="y",
        state=_state(client, url),
    )
    assert _post(client, url, data).status_code == 303
    message = mailbox[-1]
    assert message["Subject"] == "Webinář Tichý zákazník se ruší"
    [attachment] = list(message.iter_attachments())
    assert Calendar.from_ical(attachment.get_content())["METHOD"] == "CANCEL"


def test_a_save_over_a_change_made_meanwhile_is_refused_with_both_versions(
    app, client, auth, courses, mailbox
):
    start = _future(5)
    courses.webinar(start)
    _staff(auth)
    url = "/studio/webinars/tichy-zakaznik"
    opened = _state(client, url)
    first = _fields(start, slug=None, title="Tichý zákazník – první", published="y", state=opened)
    assert _post(client, url, first).status_code == 303
    second = _fields(start, slug=None, title="Tichý zákazník – druhý", published="y", state=opened)
    response = _post(client, url, second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Mezitím webinář změnil někdo jiný" in page
    assert 'value="Tichý zákazník – druhý"' in page  # this page's text stays on the form
    with app.app_context():
        assert sessions.find(db.session, "tichy-zakaznik").title == "Tichý zákazník – první"


def test_an_instructor_of_another_course_gets_404_and_cannot_pick_a_course_not_theirs(
    app, client, auth, courses
):
    courses.webinar(_future(5))
    auth.create(email="cizi@example.cz", name="Cizí lektor", role=Role.INSTRUCTOR)
    auth.login(email="cizi@example.cz")
    assert client.get("/studio/webinars/tichy-zakaznik").status_code == 404
    response = _post(client, NEW, _fields(_future(), slug="cizi"))
    assert response.status_code == 422
    assert [name for name, _ in _errors(response)] == ["course"]


def test_a_learner_cannot_open_the_studios_webinars(app, client, auth, courses):
    auth.create(email="ucastnik@example.cz", name="Účastník")
    auth.login(email="ucastnik@example.cz")
    assert client.get(NEW).status_code == 403


def test_a_post_without_the_csrf_token_changes_nothing(app, client, auth, courses):
    courses.import_()
    _staff(auth)
    response = client.post(NEW, data=_fields(_future(), slug="bez-tokenu"))
    assert response.status_code == 400
    with app.app_context():
        assert sessions.find(db.session, "bez-tokenu") is None
