"""Courses and modules in the studio: create, metadata, instructors, add, reorder, archive,
the audit entries each writes, and a bounded number of statements for the course list."""

from __future__ import annotations

from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role
from academy.courses.checker import check_path
from academy.courses.exporter import export_course
from academy.courses.models import Course, Module
from academy.extensions import db
from academy.media.backends import MEDIA, storage
from tests.learning.test_progress import count_statements
from tests.studio.editing import COURSE_PAGE, STUDIO, editor_state, submit
from tests.studio.samples import COURSE, INSTRUCTOR, OTHER_INSTRUCTOR, sign_in

ADMIN = "spravce@example.cz"
METADATA = {
    "title": "Ukázkový kurz – nově",
    "subtitle": "Jiný podtitul",
    "summary": "Nové shrnutí.",
    "language": "cs",
    "level": "intermediate",
    "hours": "2.5",
    "tags": "CX, persony",
    "published": "y",
    "overview": "Nový **přehled**.",
}


def _events(app, kind: str) -> list[SecurityEvent]:
    with app.app_context():
        return list(db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == kind)))


def _modules(app) -> list[tuple[str, int, bool]]:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        return [(m.slug, m.position, m.archived_at is None) for m in course.modules]


def test_instructor_creates_a_course_that_lists_them_and_exports_cleanly(
    app, client, auth, tmp_path
):
    sign_in(auth)
    response = auth.post("/studio/courses", {"slug": "novy-kurz", "title": "Nový kurz"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/studio/courses/novy-kurz"
    assert "Nový kurz" in client.get(STUDIO).get_data(as_text=True)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "novy-kurz"))
        assert not course.published
        assert course.instructors == [{"name": "Lektor jiri", "email": INSTRUCTOR}]
        assert course.source.startswith("---\ntitle: Nový kurz\n")
    [event] = _events(app, "studio_course_created")
    assert event.details == {"course": "novy-kurz"} and event.email == INSTRUCTOR
    taken = auth.post("/studio/courses", {"slug": "novy-kurz", "title": "Znovu"})
    assert taken.status_code == 400
    assert "Kurz s adresou novy-kurz už existuje." in taken.get_data(as_text=True)
    bad = auth.post("/studio/courses", {"slug": "Špatná adresa", "title": "x"})
    assert bad.status_code == 400
    assert "Jen malá písmena bez diakritiky" in bad.get_data(as_text=True)


def test_metadata_edit_rewrites_course_md_and_is_audited(app, client, auth, imported, tmp_path):
    sign_in(auth)
    assert auth.post(COURSE_PAGE, METADATA).status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        assert course.title == "Ukázkový kurz – nově" and course.level == "intermediate"
        assert str(course.estimated_hours) == "2.5" and course.tags == ["CX", "persony"]
        assert "<strong>přehled</strong>" in course.overview_html
        assert course.instructors == [{"name": "Jiří Šťastný", "email": INSTRUCTOR}]
        export_course(db.session, COURSE, tmp_path / "out", storage(MEDIA))
    text = (tmp_path / "out" / COURSE / "course.md").read_text()
    assert "title: Ukázkový kurz – nově" in text and "estimated_hours: 2.5" in text
    assert "pass_mark: 70" in text  # what the studio does not edit stays
    _sources, problems = check_path(tmp_path / "out" / COURSE)
    assert not [p for p in problems if p.severity == "error"], problems
    [event] = _events(app, "studio_course_updated")
    assert event.details["course"] == COURSE


def test_the_course_form_changes_no_instructors_and_admins_get_the_team_page(
    app, client, auth, imported
):
    sign_in(auth)
    auth.post(COURSE_PAGE, {**METADATA, "instructors": f"Eva <{OTHER_INSTRUCTOR}>"})
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        assert [p["email"] for p in course.instructors] == [INSTRUCTOR]
    assert _events(app, "studio_instructors_changed") == []
    assert "Lektory přiřazuje správce." in client.get(COURSE_PAGE).get_data(as_text=True)
    auth.logout()
    sign_in(auth, email=ADMIN, role=Role.ADMIN)
    page = client.get(COURSE_PAGE).get_data(as_text=True)
    assert f'href="{COURSE_PAGE}/instructors"' in page


def test_added_module_stays_hidden_until_published(app, client, auth, imported):
    sign_in(auth)
    added = auth.post(f"{COURSE_PAGE}/modules", {"title": "Měření dopadu", "kind": "lesson"})
    assert added.headers["Location"] == f"{COURSE_PAGE}/modules/mereni-dopadu"
    assert client.get(f"/courses/{COURSE}").get_data(as_text=True).count("Měření dopadu") == 0
    url = f"{COURSE_PAGE}/modules/mereni-dopadu"
    state = editor_state(client, url)
    assert state["revision"] == 1 and "title: Měření dopadu" in state["source"]
    assert submit(client, state, state["source"], publish=True, url=url).status_code == 302
    assert "Měření dopadu" in client.get(f"/courses/{COURSE}").get_data(as_text=True)
    assert _modules(app)[-1] == ("mereni-dopadu", 5, True)
    assert [e.details["module"] for e in _events(app, "studio_module_created")] == ["mereni-dopadu"]
    assert [e.details["module"] for e in _events(app, "studio_module_published")] == [
        "mereni-dopadu"
    ]


def test_modules_move_up_and_down_and_archive(app, client, auth, imported):
    sign_in(auth)
    before = [slug for slug, _, _ in _modules(app)]
    assert auth.post(f"{COURSE_PAGE}/modules/persony/move", {"step": "-1"}).status_code == 302
    order = [slug for slug, _, _ in sorted(_modules(app), key=lambda m: m[1])]
    assert order[:2] == [before[1], before[0]]
    auth.post(f"{COURSE_PAGE}/modules/persony/move", {"step": "-1"})  # already first
    assert auth.post(f"{COURSE_PAGE}/modules/persony/move", {"step": "7"}).status_code == 400
    assert auth.post(f"{COURSE_PAGE}/modules/bonus/archive").status_code == 302
    assert ("bonus", 3, False) in _modules(app)
    assert len(_events(app, "studio_modules_reordered")) == 1
    [archived] = _events(app, "studio_module_archived")
    assert archived.details == {"course": COURSE, "module": "bonus"}
    page = client.get(f"/courses/{COURSE}").get_data(as_text=True)
    assert "/courses/demo-kurz/bonus" not in page


def test_draft_saves_are_audited_once_per_person_and_draft(app, client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    for n in range(3):
        submit(client, state, state["source"] + f"\nverze {n}\n")
        state = editor_state(client)
    events = _events(app, "studio_draft_saved")
    assert [(e.email, e.details["revision"]) for e in events] == [(INSTRUCTOR, 1)]


def test_studio_index_costs_a_bounded_number_of_statements(app, client, auth, imported):
    sign_in(auth, email=ADMIN, role=Role.ADMIN)
    for n in range(6):
        auth.post("/studio/courses", {"slug": f"kurz-{n}", "title": f"Kurz {n}"})
    client.get(STUDIO)  # warm: the session's last-seen time may be written once
    with count_statements(app) as statements:
        page = client.get(STUDIO)
    assert page.status_code == 200 and page.get_data(as_text=True).count("Upravit kurz") == 7
    assert len(statements) <= 4, statements  # session, user, the course list (3 on SQLite)
    with app.app_context():
        assert db.session.query(Module).count() == 4


def test_publishing_a_module_of_an_unpublished_course_says_learners_do_not_see_it_yet(
    client, auth, imported
):
    sign_in(auth)
    auth.post(COURSE_PAGE, {**METADATA, "published": ""})  # the course taken off the catalog
    state = editor_state(client)
    published = submit(client, state, state["source"] + "\nDalší věta.\n", publish=True)
    assert published.status_code == 302
    html = client.get(published.headers["Location"]).get_data(as_text=True)
    assert "Kurz sám ale zveřejněný není" in html
    assert "účastníci teď vidí novou verzi" not in html


def test_modules_dragged_into_a_new_order_keep_it(app, client, auth, imported):
    from tests.conftest import csrf_token

    sign_in(auth)
    before = [slug for slug, _pos, live in _modules(app) if live]
    token = csrf_token(client, COURSE_PAGE)
    wanted = list(reversed(before))
    url = f"{COURSE_PAGE}/modules/order"
    moved = client.post(url, json={"order": wanted}, headers={"X-CSRFToken": token})
    assert moved.status_code == 200
    assert [
        slug for slug, _pos, live in sorted(_modules(app), key=lambda m: m[1]) if live
    ] == wanted
    stale = client.post(url, json={"order": wanted[:-1]}, headers={"X-CSRFToken": token})
    assert stale.status_code == 409
    assert stale.get_json()["error"] == "Seznam modulů se mezitím změnil; načtěte stránku znovu."
