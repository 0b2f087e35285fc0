"""Course and module addresses made from their Czech titles: unique and checked."""

from __future__ import annotations

from sqlalchemy import select

from academy.courses.models import Course
from academy.extensions import db
from academy.studio.sources import slugify
from tests.studio.samples import sign_in


def test_a_czech_title_becomes_an_ascii_address():
    assert slugify("Mapování zákaznických cest") == "mapovani-zakaznickych-cest"
    assert slugify("Žluťoučký kůň: úvod (2.0)") == "zlutoucky-kun-uvod-2-0"
    assert slugify("Mapování", {"mapovani", "mapovani-2"}) == "mapovani-3"


def test_a_course_without_an_address_gets_one_from_its_title(app, auth):
    sign_in(auth)
    first = auth.post("/studio/courses", {"title": "Mapování zákaznických cest", "slug": ""})
    assert first.headers["Location"] == "/studio/courses/mapovani-zakaznickych-cest"
    second = auth.post("/studio/courses", {"title": "Mapování  zákaznických cest!", "slug": ""})
    assert second.headers["Location"] == "/studio/courses/mapovani-zakaznickych-cest-2"
    with app.app_context():
        titles = dict(db.session.execute(select(Course.slug, Course.title)).all())
    assert titles["mapovani-zakaznickych-cest-2"] == "Mapování  zákaznických cest!"


def test_an_address_given_by_hand_is_checked(auth):
    sign_in(auth)
    bad = auth.post("/studio/courses", {"title": "Kurz", "slug": "Můj kurz"})
    assert bad.status_code == 400
    assert "Jen malá písmena bez diakritiky" in bad.get_data(as_text=True)


def test_a_new_module_s_address_can_change_until_its_first_publish(app, client, auth, imported):
    from tests.conftest import csrf_token

    sign_in(auth)
    course_page = "/studio/courses/demo-kurz"
    token = csrf_token(client, course_page)
    added = client.post(
        f"{course_page}/modules",
        data={"csrf_token": token, "title": "Mapování cest", "kind": "lesson"},
    )
    assert added.headers["Location"] == f"{course_page}/modules/mapovani-cest"
    editor = f"{course_page}/modules/mapovani-cest"
    token = csrf_token(client, editor)
    taken = client.post(f"{editor}/address", data={"csrf_token": token, "address": "uvod"})
    assert taken.headers["Location"] == editor
    assert "Modul s adresou uvod už v kurzu je." in client.get(editor).get_data(as_text=True)
    bad = client.post(f"{editor}/address", data={"csrf_token": token, "address": "Mapa Cest"})
    assert bad.headers["Location"] == editor
    renamed = client.post(f"{editor}/address", data={"csrf_token": token, "address": "mapy"})
    assert renamed.headers["Location"] == f"{course_page}/modules/mapy"
    published = client.post(
        f"{course_page}/modules/uvod/address",
        data={"csrf_token": csrf_token(client, f"{course_page}/modules/uvod"), "address": "start"},
    )
    assert published.headers["Location"] == f"{course_page}/modules/uvod"
    page = client.get(f"{course_page}/modules/uvod").get_data(as_text=True)
    assert "Adresu zveřejněného modulu už změnit nejde" in page
