"""Search shows only what the page a hit opens would show to the one asking: a private
recording's transcript and a course's lessons reach its enrolled learners and staff; a
public recording reaches everyone (SQLite FTS5 and PostgreSQL full-text alike)."""

from __future__ import annotations

from academy.auth.models import Role
from tests.webinars.conftest import add_webinar

TRANSCRIPT = "duvera"  # "Důvěra roste z malých…" at 0:15 of the recording
LESSON = "druhe lekce"  # "Text druhé lekce" in the lesson Persony


def _hits(client, query: str) -> str:
    return client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_anonymous_visitors_find_no_private_transcript_or_lesson(app, client, imported):
    add_webinar(app, imported)  # private
    assert "webinar#t=" not in _hits(client, TRANSCRIPT)
    assert "Nic jsme nenašli" in _hits(client, TRANSCRIPT)
    assert "/courses/demo-kurz/persony" not in _hits(client, LESSON)


def test_a_public_recording_is_found_by_everyone(app, client, imported):
    add_webinar(app, imported, public=True)
    assert 'href="/webinars/demo-kurz/webinar#t=15"' in _hits(client, TRANSCRIPT)
    assert "/courses/demo-kurz/persony" not in _hits(client, LESSON)  # lessons stay closed


def test_signed_in_but_not_enrolled_finds_nothing_private(app, auth, imported):
    add_webinar(app, imported)
    auth.create()
    auth.login()
    assert "webinar#t=" not in _hits(auth.client, TRANSCRIPT)


def test_enrolled_learners_and_the_course_s_staff_find_the_course_text(app, auth, imported):
    add_webinar(app, imported)
    auth.create(email="marie@example.cz", name="Marie Nováková")
    auth.login(email="marie@example.cz")
    auth.post("/courses/demo-kurz/enrol")
    assert 'href="/webinars/demo-kurz/webinar#t=15"' in _hits(auth.client, TRANSCRIPT)
    assert 'href="/courses/demo-kurz/persony"' in _hits(auth.client, LESSON)
    auth.logout()
    auth.create(role=Role.INSTRUCTOR)  # jiri@example.cz, whom the course lists
    auth.login()
    assert 'href="/webinars/demo-kurz/webinar#t=15"' in _hits(auth.client, TRANSCRIPT)
    auth.logout()
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    assert 'href="/webinars/demo-kurz/webinar#t=15"' in _hits(auth.client, TRANSCRIPT)


def test_an_instructor_of_other_courses_finds_nothing_private(app, auth, imported):
    """Being staff somewhere is no key to every course: the instructor who does not teach
    this one reads its transcript no more than a learner who is not enrolled."""
    add_webinar(app, imported)
    auth.create(email="lektor@example.cz", role=Role.INSTRUCTOR)
    auth.login(email="lektor@example.cz")
    assert "webinar#t=" not in _hits(auth.client, TRANSCRIPT)
    assert "/courses/demo-kurz/persony" not in _hits(auth.client, LESSON)
