"""Studio media: upload, list, serve back; types checked by content; access; audit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role
from academy.extensions import db
from tests.conftest import csrf_token
from tests.studio.samples import (
    COURSE,
    HTML,
    MEDIA_JSON,
    MEDIA_PAGE,
    MP4,
    OTHER_INSTRUCTOR,
    SVG_WITH_SCRIPT,
    VTT,
    WEBM,
    image,
    png,
    sign_in,
    snapshot,
    upload,
)


@pytest.fixture
def media(app, imported) -> Path:
    return Path(app.config["MEDIA_DIR"]) / COURSE


@pytest.fixture
def instructor(auth, imported):
    sign_in(auth)
    return auth


def test_uploaded_image_is_listed_and_served_to_an_enrolled_learner(
    app, client, auth, instructor, media
):
    data = png()
    response = upload(client, data, "Mapa cesty zákazníka.png")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert re.fullmatch(r"mapa-cesty-zakaznika-[0-9a-f]{8}\.png", body["name"])
    assert body["reference"] == f"media/{body['name']}"
    assert body["markdown"] == f"![mapa cesty zakaznika](media/{body['name']})"
    listed = client.get(MEDIA_JSON).get_json()["files"]
    assert {
        "name": body["name"],
        "reference": body["reference"],
        "markdown": body["markdown"],
        "size": len(data),
        "kind": "image",
    } in listed
    assert {f["name"] for f in listed} >= {"obrazek.svg", "webinar.webm", "webinar.cs.vtt"}
    auth.logout()
    auth.create(email="ucastnik@example.cz")
    auth.login(email="ucastnik@example.cz")
    auth.post(f"/courses/{COURSE}/enrol")
    served = client.get(f"/media/{COURSE}/{body['name']}")
    assert served.status_code == 200
    assert served.data == data
    assert served.mimetype == "image/png"


@pytest.mark.parametrize(
    ("data", "filename", "kind", "extension"),
    [
        (image("JPEG"), "foto.jpeg", "image", ".jpg"),
        (image("WEBP"), "foto.webp", "image", ".webp"),
        (image("GIF"), "animace.GIF", "image", ".gif"),
        (WEBM, "zaznam.webm", "video", ".webm"),
        (MP4, "zaznam.mp4", "video", ".mp4"),
        (VTT, "titulky.cs.vtt", "captions", ".vtt"),
    ],
)
def test_every_allowed_type_is_accepted_under_its_canonical_extension(
    client, instructor, media, data, filename, kind, extension
):
    response = upload(client, data, filename)
    assert response.status_code == 201, response.get_json()
    name = response.get_json()["name"]
    assert name.endswith(extension)
    assert (media / name).read_bytes() == data
    if kind != "image":
        assert response.get_json()["markdown"].startswith("[")  # a link, not an image


def test_the_form_without_javascript_uploads_and_shows_the_file(client, instructor, media):
    response = upload(client, png(), "obrázek.png", as_json=False)
    assert response.status_code == 302
    page = client.get(MEDIA_PAGE).get_data(as_text=True)
    assert "je nahraný" in page
    name = next(p.name for p in media.iterdir() if p.name.startswith("obrazek-"))
    assert f'value="![obrazek](media/{name})"' in page


def test_form_errors_are_shown_on_the_page_in_czech(client, instructor, media):
    response = upload(client, HTML, "stranka.png", as_json=False)
    assert response.status_code == 400
    assert "Obsah souboru neodpovídá žádnému povolenému typu" in response.get_data(as_text=True)


def test_too_big_file_gets_413_with_a_czech_message_and_nothing_is_stored(
    app, client, instructor, media
):
    app.config["MEDIA_MAX_BYTES"] = 1000
    before = snapshot(media)
    response = upload(client, image("PNG", (200, 200)) + bytes(200_000), "velky.png")
    assert response.status_code == 413
    assert response.get_json() == {
        "error": "Soubor je příliš velký. Největší povolená velikost je 1 kB."
    }
    assert snapshot(media) == before
    assert snapshot(Path(app.config["MEDIA_DIR"]) / ".incoming") == {}


def test_file_just_over_the_limit_inside_the_form_allowance_is_still_413(
    app, client, instructor, media
):
    app.config["MEDIA_MAX_BYTES"] = 2 * 1024 * 1024
    before = snapshot(media)
    data = png() + bytes(2 * 1024 * 1024)  # body fits the form overhead, the file does not
    response = upload(client, data, "tesne.png")
    assert response.status_code == 413
    assert "Největší povolená velikost je 2 MB" in response.get_json()["error"]
    assert snapshot(media) == before


def test_wrong_magic_bytes_are_refused(client, instructor, media):
    response = upload(client, b"\x00\x01\x02 nothing like an image" * 10, "obrazek.png")
    assert response.status_code == 400
    assert "Obsah souboru neodpovídá žádnému povolenému typu" in response.get_json()["error"]


def test_extension_must_agree_with_the_content(client, instructor, media):
    response = upload(client, image("JPEG"), "foto.png")
    assert response.status_code == 400
    assert response.get_json()["error"] == (
        "Přípona souboru (.png) neodpovídá jeho obsahu (image/jpeg). "
        "Opravte příponu, nebo nahrajte správný soubor."
    )


@pytest.mark.parametrize(
    "filename", ["logo.svg", "stranka.html", "skript.js", "dokument.pdf", "bez-pripony"]
)
def test_svg_html_and_other_types_are_refused_by_name(client, instructor, media, filename):
    before = snapshot(media)
    response = upload(client, SVG_WITH_SCRIPT, filename)
    assert response.status_code == 400
    assert "nelze" in response.get_json()["error"]
    assert snapshot(media) == before


def test_broken_captions_are_refused_with_the_line(client, instructor):
    bad = b"WEBVTT\n\n00:00.000 --> 00:02.500\nahoj\n\n00:03 --> pozdeji\nsvete\n"
    response = upload(client, bad, "titulky.vtt")
    assert response.status_code == 400
    assert response.get_json()["error"] == (
        "Titulky nejsou platný soubor WebVTT: řádek 6: čas „00:03“ nemá tvar 00:00.000 nebo 00:00:00.000"
    )
    no_header = upload(client, b"00:00.000 --> 00:02.500\nahoj\n", "titulky.vtt")
    assert no_header.status_code == 400


def test_two_uploads_of_the_same_name_never_overwrite(client, instructor, media):
    first, second = png(), image("PNG", (9, 9))
    a = upload(client, first, "stejne.png").get_json()["name"]
    b = upload(client, second, "stejne.png").get_json()["name"]
    assert a != b
    assert (media / a).read_bytes() == first and (media / b).read_bytes() == second


def test_learner_gets_403(auth, client, imported):
    auth.create()  # jiri@example.cz, but only a learner
    auth.login()
    assert client.get(MEDIA_JSON).status_code == 403
    assert client.get(MEDIA_PAGE).status_code == 403
    assert upload(client, png(), "a.png").status_code == 403
    assert client.get(f"/studio/courses/{COURSE}/export.zip").status_code == 403


def test_instructor_of_another_course_gets_403_and_admin_may(app, auth, client, imported):
    sign_in(auth, OTHER_INSTRUCTOR)
    assert client.get(MEDIA_JSON).status_code == 403
    assert upload(client, png(), "a.png").status_code == 403
    auth.logout()
    sign_in(auth, "spravce@example.cz", Role.ADMIN)
    assert upload(client, png(), "a.png").status_code == 201


def test_anonymous_visitors_are_sent_to_login(client, imported):
    assert client.get(MEDIA_PAGE).status_code == 302


def test_unknown_course_is_404(client, instructor):
    assert client.get("/studio/courses/neni-kurz/media.json").status_code == 404


def test_json_upload_without_csrf_token_is_refused(client, instructor, media):
    before = snapshot(media)
    import io

    response = client.post(
        MEDIA_PAGE,
        data={"file": (io.BytesIO(png()), "a.png")},
        headers={"Accept": "application/json"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert snapshot(media) == before


def test_upload_is_written_to_the_audit_log(app, client, instructor, media):
    name = upload(client, png(), "audit.png").get_json()["name"]
    with app.app_context():
        event = db.session.scalar(
            select(SecurityEvent).where(SecurityEvent.kind == "studio_media_uploaded")
        )
        assert event is not None
        assert event.email == "jiri@example.cz"
        assert event.details == {
            "course": COURSE,
            "file": name,
            "media_kind": "image",
            "size": len(png()),
        }


def test_media_page_has_the_upload_form_and_copy_controls(client, instructor):
    page = client.get(MEDIA_PAGE).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrf_token"' in page
    assert 'value="![obrazek](media/obrazek.svg)"' in page
    assert "studio-media.js" in page
    assert csrf_token(client, MEDIA_PAGE)


def test_traversal_and_control_characters_in_the_name_give_a_server_made_name(
    app, client, instructor, media
):
    response = upload(client, png(), "../../../\x1b[2Jkurzy/../heslo\x00.png")
    assert response.status_code == 201
    name = response.get_json()["name"]
    assert re.fullmatch(r"heslo-[0-9a-f]{8}\.png", name)
    assert (media / name).read_bytes() == png()
    assert sorted(p.name for p in Path(app.config["MEDIA_DIR"]).iterdir()) == [".incoming", COURSE]
