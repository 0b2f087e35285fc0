"""The webinar file format: reading, `courses check` with file:line, the summer-time change,
export back to Markdown, and updates that registrants hear about (SEQUENCE, METHOD:CANCEL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from academy.extensions import db
from academy.live import sessions
from academy.live.source import check_folder, prague_to_utc
from tests.live.conftest import confirm, register, webinar_source

REPO_COURSES = Path(__file__).resolve().parents[2] / "courses"


def test_prague_time_is_read_as_utc_on_both_sides_of_the_summer_change():
    assert prague_to_utc("2027-01-14 17:00") == (datetime(2027, 1, 14, 16, tzinfo=UTC), None)
    assert prague_to_utc("2027-07-14 17:00") == (datetime(2027, 7, 14, 15, tzinfo=UTC), None)


def test_a_time_the_spring_change_skips_is_refused():
    when, reason = prague_to_utc("2027-03-28 02:30")
    assert when is None
    assert reason == "%(value)s v Praze neexistuje (posun na letní čas); zvolte jiný čas"


def test_a_time_the_autumn_change_repeats_is_refused():
    when, reason = prague_to_utc("2027-10-31 02:30")
    assert when is None
    assert reason.startswith("%(value)s je při změně času nejednoznačný")


def test_check_reports_problems_with_file_and_line(runner, courses):
    courses.write(
        "---\ntitle: Tichý zákazník\nspeakers: []\nstart: 2027-03-28 02:30\n"
        "end: zítra\ncapacity: 0\nmeeting: http://meet.example.cz\nrecording: demo-kurz/uvod\n"
        "---\n\nPopis.\n"
    )
    result = runner.invoke(args=["courses", "check", str(courses.root)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("_webinars/")]
    assert lines == [
        "_webinars/tichy-zakaznik.md:3: error: uveďte aspoň jednoho řečníka (speakers: - name: …)",
        "_webinars/tichy-zakaznik.md:4: error: 2027-03-28 02:30 v Praze neexistuje (posun na "
        "letní čas); zvolte jiný čas",
        "_webinars/tichy-zakaznik.md:5: error: čas pište ve tvaru RRRR-MM-DD HH:MM (pražský čas), "
        "např. 2027-03-18 17:00",
        "_webinars/tichy-zakaznik.md:6: error: capacity musí být celé číslo od 1 do 100000",
        "_webinars/tichy-zakaznik.md:7: error: odkaz na schůzku (meeting) musí začínat https://",
        "_webinars/tichy-zakaznik.md:8: error: záznam 'demo-kurz/uvod' musí být webinářový modul "
        "kurzu, ve tvaru slug-kurzu/slug-modulu",
    ]


def test_import_refuses_a_webinar_with_errors_and_changes_nothing(app, runner, courses):
    courses.write(
        webinar_source(datetime(2027, 1, 14, 16, tzinfo=UTC)).replace(
            "capacity: 50", "capacity: -1"
        )
    )
    result = runner.invoke(args=["courses", "import", str(courses.root)])
    assert result.exit_code == 1
    with app.app_context():
        assert sessions.find(db.session, "tichy-zakaznik") is None


def test_the_academy_demo_webinars_pass_the_check():
    sources, problems = check_folder(REPO_COURSES)
    assert problems == []
    assert sorted(s.slug for s in sources) == ["cx-duvera-a-ai", "tichy-zakaznik"]


def test_the_demo_upcoming_webinar_stays_upcoming_for_a_while():
    """Move the demo's date forward when this fails: `make run` must show an upcoming one."""
    sources, _ = check_folder(REPO_COURSES)
    upcoming = [s for s in sources if s.recording is None]
    assert upcoming and all(s.starts_at > datetime.now(UTC) + timedelta(days=30) for s in upcoming)


def test_export_writes_the_file_import_reads_back_the_same(app, runner, courses, tmp_path):
    start = datetime(2027, 1, 14, 16, tzinfo=UTC)
    original = webinar_source(start, recording=True, access="registration")
    courses.write(original)
    courses.import_()
    out = tmp_path / "out"
    result = runner.invoke(args=["courses", "export-webinar", "tichy-zakaznik", str(out)])
    assert result.exit_code == 0, result.output
    exported = (out / "_webinars" / "tichy-zakaznik.md").read_text(encoding="utf-8")
    with app.app_context():
        before = sessions.find(db.session, "tichy-zakaznik")
        state = (
            before.title,
            before.speakers,
            before.starts_at,
            before.ends_at,
            before.capacity,
            before.meeting_url,
            before.course_id,
            before.recording_module_id,
            before.recording_access,
            before.description_source,
        )
    courses.write(exported)
    courses.import_()
    with app.app_context():
        after = sessions.find(db.session, "tichy-zakaznik")
        assert (
            after.title,
            after.speakers,
            after.starts_at,
            after.ends_at,
            after.capacity,
            after.meeting_url,
            after.course_id,
            after.recording_module_id,
            after.recording_access,
            after.description_source,
        ) == state
        assert after.sequence == 0  # nothing changed: no new SEQUENCE


def _ics(message) -> Calendar:
    [attachment] = list(message.iter_attachments())
    return Calendar.from_ical(attachment.get_content())


def test_a_moved_webinar_sends_a_new_sequence(app, client, courses, mailbox):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=5)
    courses.webinar(start)
    register(client)
    confirm(client, mailbox)
    first = _ics(mailbox[-1]).walk("VEVENT")[0]
    courses.write(webinar_source(start + timedelta(hours=2)))
    courses.import_()
    message = mailbox[-1]
    assert message["Subject"] == "Změna webináře Tichý zákazník"
    event = _ics(message).walk("VEVENT")[0]
    assert (event["UID"], event["SEQUENCE"]) == (first["UID"], first["SEQUENCE"] + 1)
    assert event.decoded("dtstart") == start + timedelta(hours=2)


def test_a_cancelled_webinar_sends_method_cancel(app, client, courses, mailbox):
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=5)
    courses.webinar(start)
    register(client)
    confirm(client, mailbox)
    courses.write(webinar_source(start, extra="cancelled: true"))
    courses.import_()
    message = mailbox[-1]
    assert message["Subject"] == "Webinář Tichý zákazník se ruší"
    calendar = _ics(message)
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1
