"""Replacing a course file: same name (modules keep working), same upload rules, atomic,
audited, and the page says where the file is used first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.extensions import db
from tests.conftest import csrf_token
from tests.studio.samples import (
    COURSE,
    MEDIA_PAGE,
    OTHER_INSTRUCTOR,
    image,
    png,
    sign_in,
    upload,
)


@pytest.fixture
def media(app, imported) -> Path:
    return Path(app.config["MEDIA_DIR"]) / COURSE


@pytest.fixture
def uploaded(auth, client, imported) -> str:
    """A PNG the instructor uploaded; its stored name."""
    sign_in(auth)
    response = upload(client, png(), "mapa.png")
    assert response.status_code == 201
    return response.get_json()["name"]


def replace(client, name: str, data: bytes, filename: str):
    page = f"{MEDIA_PAGE}/{name}/replace"
    return client.post(
        page,
        data={"file": (io.BytesIO(data), filename), "csrf_token": csrf_token(client, page)},
        content_type="multipart/form-data",
    )


def test_a_replaced_file_keeps_its_name_and_serves_the_new_content(app, client, uploaded, media):
    bigger = image("PNG", (32, 32))
    response = replace(client, uploaded, bigger, "nova mapa.png")
    assert response.headers["Location"] == MEDIA_PAGE
    assert (media / uploaded).read_bytes() == bigger
    assert sorted(p.name for p in media.glob("mapa-*")) == [uploaded]
    assert f"Soubor {uploaded} je nahrazený novým." in client.get(MEDIA_PAGE).get_data(as_text=True)


def test_a_replacement_is_audited_with_both_sizes(app, client, uploaded):
    bigger = image("PNG", (32, 32))
    replace(client, uploaded, bigger, "mapa.png")
    with app.app_context():
        event = db.session.scalar(
            select(SecurityEvent).where(SecurityEvent.kind == "studio_media_replaced")
        )
    assert event.details == {
        "course": COURSE,
        "file": uploaded,
        "media_kind": "image",
        "size_before": len(png()),
        "size": len(bigger),
    }


def test_a_file_of_another_type_is_refused_and_the_old_one_stays(client, uploaded, media):
    response = replace(client, uploaded, image("JPEG"), "mapa.jpg")
    assert response.status_code == 400
    assert "Nový soubor musí být stejného typu" in response.get_data(as_text=True)
    assert (media / uploaded).read_bytes() == png()


def test_content_that_lies_about_its_type_is_refused_and_the_old_one_stays(client, uploaded, media):
    response = replace(client, uploaded, b"not an image at all", "mapa.png")
    assert response.status_code == 400
    assert (media / uploaded).read_bytes() == png()


def test_a_replacement_over_the_size_limit_leaves_the_old_file(app, client, uploaded, media):
    app.config["MEDIA_MAX_BYTES"] = 200
    response = replace(client, uploaded, image("PNG", (64, 64)) + bytes(400), "mapa.png")
    assert response.status_code == 413
    assert (media / uploaded).read_bytes() == png()
    assert not list((media.parent / ".incoming").glob("*"))


def test_the_replace_page_lists_the_modules_that_use_the_file(client, auth, imported):
    sign_in(auth)
    page = client.get(f"{MEDIA_PAGE}/obrazek.svg/replace")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<li>Úvod do map</li>" in text


def test_replacing_a_file_the_course_does_not_have_is_not_found(client, uploaded):
    assert client.get(f"{MEDIA_PAGE}/chybi.png/replace").status_code == 404


def test_an_instructor_of_another_course_cannot_replace_its_files(
    app, auth, client, uploaded, media
):
    auth.logout()
    sign_in(auth, OTHER_INSTRUCTOR)
    assert client.get(f"{MEDIA_PAGE}/{uploaded}/replace").status_code == 403
    assert (media / uploaded).read_bytes() == png()


def test_an_imported_svg_is_not_offered_for_replacement(client, auth, imported):
    sign_in(auth)
    page = client.get(f"{MEDIA_PAGE}/obrazek.svg/replace").get_data(as_text=True)
    assert "Soubory SVG, HTML a skripty nahrát nelze" in page
    assert 'type="file"' not in page
