"""Hostile uploads: each gets a safe answer (never a 500) and nothing stored is lost or changed."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from academy.audit.models import SecurityEvent
from academy.extensions import db
from tests.conftest import csrf_token
from tests.studio.samples import (
    COURSE,
    HTML,
    MEDIA_PAGE,
    OTHER_INSTRUCTOR,
    SVG_WITH_SCRIPT,
    image,
    png,
    sign_in,
    snapshot,
    upload,
)

SAFE_NAME = re.compile(r"[a-z0-9-]{1,40}-[0-9a-f]{8}\.(png|jpg|webp|gif|webm|mp4|vtt)")


@pytest.fixture
def stored(app, imported) -> Path:
    """The media folder (all courses): snapshot it before, compare after."""
    return Path(app.config["MEDIA_DIR"])


@pytest.fixture
def instructor(auth, imported):
    sign_in(auth)
    return auth


def uploads_recorded(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(SecurityEvent.id)).where(
                SecurityEvent.kind == "studio_media_uploaded"
            )
        )


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (SVG_WITH_SCRIPT, "logo.svg", "Soubory SVG, HTML a skripty nahrát nelze"),
        (SVG_WITH_SCRIPT, "logo.png", "Obsah souboru neodpovídá žádnému povolenému typu"),
        (SVG_WITH_SCRIPT, "logo.SVG.", "Soubory SVG, HTML a skripty nahrát nelze"),
        (HTML, "stranka.png", "Obsah souboru neodpovídá žádnému povolenému typu"),
        (HTML, "stranka.html", "Soubory SVG, HTML a skripty nahrát nelze"),
        (HTML, "titulky.vtt", "Obsah souboru neodpovídá"),
        # a real PNG signature with HTML right behind it: a polyglot for content sniffers
        (b"\x89PNG\r\n\x1a\n" + HTML, "polyglot.png", "převlečený za obrázek"),
        (png()[:40], "useknuty.png", "Obrázek je poškozený nebo neúplný"),
        (
            b"WEBVTT\n\n00:00.000 --> 00:01.000\n<script>alert(1)</script>\n",
            "zly.vtt",
            "značka <script> v titulcích není dovolena",
        ),
        (b"", "prazdny.png", "Obsah souboru neodpovídá"),
        (b"GIF89a<script>alert(1)</script>", "obrazek.gif", "převlečený za obrázek"),
    ],
)
def test_disguised_and_active_content_is_refused(
    app, client, instructor, stored, data, filename, message
):
    before = snapshot(stored)
    response = upload(client, data, filename)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert snapshot(stored) == before
    assert uploads_recorded(app) == 0


def test_oversized_upload_is_413_without_reading_the_body(app, client, instructor, stored):
    app.config["MEDIA_MAX_BYTES"] = 1024 * 1024
    before = snapshot(stored)
    token = csrf_token(client, MEDIA_PAGE)
    read = []

    class Body(io.BytesIO):
        def read(self, *args):
            read.append(args)
            return super().read(*args)

    body = Body(b"x" * (3 * 1024 * 1024))
    response = client.post(
        MEDIA_PAGE,
        input_stream=body,
        headers={
            "X-CSRFToken": token,
            "Accept": "application/json",
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(3 * 1024 * 1024),
        },
    )
    assert response.status_code == 413
    assert response.get_json() == {
        "error": "Soubor je příliš velký. Největší povolená velikost je 1 MB."
    }
    assert read == []  # refused from Content-Length alone
    assert snapshot(stored) == before


def test_oversized_upload_as_a_form_gets_a_czech_page(app, client, instructor, stored):
    app.config["MEDIA_MAX_BYTES"] = 1024
    before = snapshot(stored)
    response = upload(client, png() + bytes(200_000), "velky.png", as_json=False)
    assert response.status_code == 413
    assert "Soubor je příliš velký. Největší povolená velikost je 1 kB." in response.get_data(
        as_text=True
    )
    assert snapshot(stored) == before


@pytest.mark.parametrize(
    ("filename", "stem"),
    [
        ("../../../etc/passwd.png", "passwd"),
        ("..\\..\\windows\\win.ini.png", "windowswin-ini"),  # werkzeug drops the backslashes
        ("/var/www/academy/static/js/player.png", "player"),
        ("obrázek\x00.php.png", "obrazek-php"),
        ("a\tb\x1b[31m\x7f.png", "ab-31m"),
        ("\u202egnp.exe.png", "gnp-exe"),
        (".htaccess.png", "htaccess"),
        ("....png", "soubor"),
        ("ž" * 300 + ".png", "z" * 40),
        ("CON.png", "con"),
    ],
)
def test_paths_and_control_characters_in_names_give_a_safe_server_made_name(
    app, client, instructor, stored, filename, stem
):
    before = snapshot(stored)
    response = upload(client, png(), filename)
    assert response.status_code == 201, response.get_json()
    name = response.get_json()["name"]
    assert SAFE_NAME.fullmatch(name)
    assert name.rsplit("-", 1)[0] == stem
    after = snapshot(stored)
    assert set(after) - set(before) == {f"{COURSE}/{name}"}  # only the new file, in its place
    assert {k: v for k, v in after.items() if k in before} == before


def test_a_line_break_in_the_name_cannot_forge_headers(app, client, instructor, stored):
    before = snapshot(stored)
    response = upload(client, png(), "a\r\nContent-Type: text/html\r\n.png")
    # The line break ends the part's header: the multipart part is malformed, no file arrived.
    assert response.status_code == 400
    assert response.get_json() == {"error": "Vyberte soubor k nahrání."}
    assert snapshot(stored) == before


def test_an_upload_never_overwrites_an_existing_file(app, client, instructor, stored):
    before = snapshot(stored)
    for filename in ("obrazek.png", "webinar.webm", "webinar.cs.vtt"):
        upload(client, png(), filename)
    after = snapshot(stored)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) == len(before) + 1  # only the .png was a PNG; the others were refused


def test_parallel_uploads_keep_every_file(app, client, instructor, stored):
    token = csrf_token(client, MEDIA_PAGE)
    cookie = client.get_cookie("session")
    images = [image("PNG", (8 + i, 8)) for i in range(8)]
    barrier = threading.Barrier(len(images))
    results: list = [None] * len(images)

    def send(i: int) -> None:
        own = app.test_client()
        own.set_cookie("session", cookie.value)
        barrier.wait()
        results[i] = own.post(
            MEDIA_PAGE,
            data={"file": (io.BytesIO(images[i]), "stejne.png")},
            headers={"X-CSRFToken": token, "Accept": "application/json"},
            content_type="multipart/form-data",
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(images))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [201] * len(images)
    names = {r.get_json()["name"] for r in results}
    assert len(names) == len(images)
    folder = stored / COURSE
    assert sorted((folder / n).read_bytes() for n in names) == sorted(images)


def test_another_instructor_cannot_upload_to_the_course(app, auth, client, stored):
    sign_in(auth, OTHER_INSTRUCTOR)
    before = snapshot(stored)
    assert upload(client, png(), "cizi.png").status_code == 403
    assert snapshot(stored) == before


def test_upload_without_csrf_token_is_refused(app, client, instructor, stored):
    before = snapshot(stored)
    response = client.post(
        MEDIA_PAGE,
        data={"file": (io.BytesIO(png()), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert snapshot(stored) == before


def test_uploaded_files_are_served_with_their_own_type_and_nosniff(app, client, instructor):
    name = upload(client, png(), "mapa.png").get_json()["name"]
    response = client.get(f"/media/{COURSE}/{name}")
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]  # media run nothing
