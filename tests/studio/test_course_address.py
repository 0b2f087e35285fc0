"""A course's address can change until the course is first published: checked, unique
(the conflict named), its media moved along; refused once learners can know it."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.auth.models import User
from academy.courses.models import Course
from academy.extensions import db
from academy.learning.models import Enrollment
from tests.conftest import csrf_token
from tests.studio.samples import COURSE, png, sign_in
from tests.studio.test_courses import METADATA

NEW = "/studio/courses/mapovani-zakaznickych-cest"


def new_course(auth) -> None:
    sign_in(auth)
    created = auth.post("/studio/courses", {"title": "Mapování zákaznických cest", "slug": ""})
    assert created.headers["Location"] == NEW


def rename(client, page: str, address: str):
    return client.post(
        f"{page}/address", data={"csrf_token": csrf_token(client, page), "address": address}
    )


def test_a_new_course_gets_another_address(app, auth, client, imported):
    new_course(auth)
    renamed = rename(client, NEW, "mapy-cest")
    assert renamed.headers["Location"] == "/studio/courses/mapy-cest"
    assert client.get("/studio/courses/mapy-cest").status_code == 200
    assert client.get(NEW).status_code == 404
    with app.app_context():
        event = db.session.scalar(
            select(SecurityEvent).where(SecurityEvent.kind == "studio_course_renamed")
        )
    assert event.details == {"course": "mapy-cest", "before": "mapovani-zakaznickych-cest"}


def test_an_address_with_capitals_or_diacritics_is_explained(auth, client, imported):
    new_course(auth)
    bad = rename(client, NEW, "Mapy cest")
    assert bad.status_code == 400
    assert "Jen malá písmena bez diakritiky" in bad.get_data(as_text=True)


def test_a_too_long_address_is_explained(auth, client, imported):
    new_course(auth)
    bad = rename(client, NEW, "a" * 101)
    assert bad.status_code == 400
    assert "Adresa může mít nejvýše 100 znaků." in bad.get_data(as_text=True)


def test_a_taken_address_names_the_course_that_has_it(auth, client, imported):
    new_course(auth)
    taken = rename(client, NEW, COURSE)
    assert taken.status_code == 400
    assert (
        "Adresu demo-kurz už má kurz „Ukázkový kurz – Šťastné cesty“. Zvolte jinou."
        in taken.get_data(as_text=True)
    )


def test_a_published_course_keeps_its_address_and_says_why(app, auth, client, imported):
    sign_in(auth)
    page = f"/studio/courses/{COURSE}"
    assert "vedou na ni odkazy účastníků" in client.get(page).get_data(as_text=True)
    token = csrf_token(client, page)
    refused = client.post(f"{page}/address", data={"csrf_token": token, "address": "jina"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Course.slug)) == COURSE


def test_a_course_learners_enrolled_in_keeps_its_address(app, auth, client, imported):
    new_course(auth)
    with app.app_context():
        course_id = db.session.scalar(
            select(Course.id).where(Course.slug == "mapovani-zakaznickych-cest")
        )
        user_id = db.session.scalar(select(User.id))
        db.session.add(Enrollment(user_id=user_id, course_id=course_id))
        db.session.commit()
    refused = rename(client, NEW, "mapy-cest")
    assert refused.status_code == 400
    assert "mají ho účastníci" in refused.get_data(as_text=True)


def test_the_course_files_move_with_the_address(app, auth, client, imported):
    new_course(auth)
    media_page = f"{NEW}/media"
    uploaded = client.post(
        media_page,
        data={"file": (io.BytesIO(png()), "mapa.png"), "csrf_token": csrf_token(client, NEW)},
        headers={"Accept": "application/json", "X-CSRFToken": csrf_token(client, NEW)},
        content_type="multipart/form-data",
    )
    name = uploaded.get_json()["name"]
    overview = {**METADATA, "published": "", "overview": f"![Mapa](media/{name})"}
    assert auth.post(NEW, overview).status_code == 302
    rename(client, NEW, "mapy-cest")
    with app.app_context():
        html = db.session.scalar(select(Course.overview_html).where(Course.slug == "mapy-cest"))
    assert f'src="/media/mapy-cest/{name}"' in html
    media = Path(app.config["MEDIA_DIR"])
    assert (media / "mapy-cest" / name).read_bytes() == png()
    assert not (media / "mapovani-zakaznickych-cest").exists()
    listed = client.get("/studio/courses/mapy-cest/media.json").get_json()["files"]
    assert [f["name"] for f in listed] == [name]


def test_an_address_whose_folder_holds_another_courses_files_is_refused(
    app, auth, client, imported
):
    new_course(auth)
    leftover = Path(app.config["MEDIA_DIR"]) / "mapy-cest"
    leftover.mkdir(parents=True)
    (leftover / "stary.png").write_bytes(png())  # a course deleted without its files
    answer = rename(client, NEW, "mapy-cest")
    assert "Pod adresou mapy-cest zůstaly soubory jiného kurzu." in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Course.slug).where(Course.slug == "mapy-cest")) is None
    assert [p.name for p in leftover.iterdir()] == ["stary.png"]
