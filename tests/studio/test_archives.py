"""Courses as .zip in the studio: export equals `courses export`, import as `courses import`,
zip-slip and zip-bomb refused before anything is written, ownership, audit."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from academy.audit.models import SecurityEvent
from academy.auth.models import Role
from academy.courses.models import Course, Module
from academy.extensions import db
from tests.courses.test_export import files
from tests.studio.samples import (
    COURSE,
    HTML,
    OTHER_INSTRUCTOR,
    SVG_WITH_SCRIPT,
    course_zip,
    import_zip,
    png,
    sign_in,
    snapshot,
    upload,
    zip_of,
)

EXPORT = f"/studio/courses/{COURSE}/export.zip"


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Temporary folders of the import under this test's tmp_path, to see what is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def instructor(auth, imported):
    sign_in(auth)
    return auth


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def state(app) -> tuple:
    """What an import could change: the media folder and every course and module."""
    with app.app_context():
        courses = db.session.execute(
            select(Course.slug, Course.source_hash, Course.instructors)
        ).all()
        modules = db.session.execute(
            select(Module.slug, Module.content_hash, Module.archived_at)
        ).all()
    return (
        snapshot(Path(app.config["MEDIA_DIR"])),
        sorted(map(tuple, courses)),
        sorted(map(tuple, modules)),
    )


def test_zip_export_equals_courses_export_byte_for_byte(app, runner, client, instructor, tmp_path):
    name = upload(client, png(), "nova mapa.png").get_json()["name"]
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert f"filename={COURSE}.zip" in response.headers["Content-Disposition"]
    result = runner.invoke(args=["courses", "export", COURSE, str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    expected = {f"{COURSE}/{path}": data for path, data in files(tmp_path / "cli" / COURSE).items()}
    assert unzip(response.data) == expected
    assert f"{COURSE}/media/{name}" in expected
    assert client.get(EXPORT).data == response.data  # the same course gives the same bytes


def test_exported_zip_imports_back_unchanged(app, client, instructor):
    exported = client.get(EXPORT).data
    before = state(app)
    response = import_zip(client, exported, f"{COURSE}.zip")
    assert response.status_code == 302
    page = client.get("/studio/import").get_data(as_text=True)
    assert (
        "Import proběhl: demo-kurz. Moduly nové 0, změněné 0, beze změny 4, archivované 0." in page
    )
    assert state(app) == before


def test_zip_updates_a_course_and_learners_see_it(app, auth, client, instructor, imported):
    entries = course_zip(imported)
    entries[f"{COURSE}/01-uvod.md"] += "\nOdstavec nahraný ze ZIP.\n".encode()
    assert import_zip(client, zip_of(entries)).status_code == 302
    auth.logout()
    auth.create(email="ucastnik@example.cz")
    auth.login(email="ucastnik@example.cz")
    auth.post(f"/courses/{COURSE}/enrol")
    assert "Odstavec nahraný ze ZIP." in client.get(f"/courses/{COURSE}/uvod").get_data(
        as_text=True
    )


def test_new_course_must_list_its_uploader_and_then_is_theirs(app, client, instructor, imported):
    entries = {k.replace(f"{COURSE}/", "novy-kurz/", 1): v for k, v in course_zip(imported).items()}
    course_md = entries["novy-kurz/course.md"].decode()
    entries["novy-kurz/course.md"] = course_md.replace(
        "jiri@example.cz", "nekdo@example.cz"
    ).encode()
    before = state(app)
    refused = import_zip(client, zip_of(entries))
    assert refused.status_code == 422
    assert "novy-kurz/course.md:8" in refused.get_data(as_text=True)
    assert "v seznamu instructors nového kurzu uveďte jen sebe" in refused.get_data(as_text=True)
    assert state(app) == before
    entries["novy-kurz/course.md"] = course_md.encode()
    assert import_zip(client, zip_of(entries)).status_code == 302
    assert client.get("/studio/courses/novy-kurz/media.json").status_code == 200


def test_instructor_cannot_update_another_instructors_course(app, auth, client, imported):
    sign_in(auth, OTHER_INSTRUCTOR)
    entries = course_zip(imported)
    entries[f"{COURSE}/course.md"] = entries[f"{COURSE}/course.md"].replace(
        b"jiri@example.cz", OTHER_INSTRUCTOR.encode()
    )  # listing yourself in the upload does not make the course yours
    before = state(app)
    response = import_zip(client, zip_of(entries))
    assert response.status_code == 422
    assert (
        "kurz demo-kurz už existuje a vy v něm nejste uveden(a) jako lektor"
        in response.get_data(as_text=True)
    )
    assert state(app) == before


def test_admin_may_import_any_course(app, auth, client, imported):
    sign_in(auth, "spravce@example.cz", Role.ADMIN)
    entries = course_zip(imported)
    entries[f"{COURSE}/02-persony.md"] += b"\nDoplnil spravce.\n"
    assert import_zip(client, zip_of(entries)).status_code == 302


def test_checker_problems_are_shown_as_file_and_line(app, client, instructor, imported):
    entries = course_zip(imported)
    entries[f"{COURSE}/01-uvod.md"] = entries[f"{COURSE}/01-uvod.md"].replace(
        b"media/obrazek.svg", b"media/chybi.png"
    )
    before = state(app)
    response = import_zip(client, zip_of(entries))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Import se nepodařil, nic se nezměnilo." in page
    assert (
        "<code>demo-kurz/01-uvod.md:9</code> chyba: nefunkční odkaz: soubor &#39;media/chybi.png&#39;"
        " ve složce kurzu není" in page
    )
    assert state(app) == before
    client.get("/lang/en")
    english = import_zip(client, zip_of(entries)).get_data(as_text=True)
    assert (
        "<code>demo-kurz/01-uvod.md:9</code> error: broken link: &#39;media/chybi.png&#39; does not"
        " exist in the course folder" in english
    )


def test_ownership_problems_follow_the_interface_language(client, instructor, imported):
    entries = course_zip(imported)
    entries[f"{COURSE}/course.md"] = entries[f"{COURSE}/course.md"].replace(
        b"jiri@example.cz", b"nekdo@example.cz"
    )  # the uploader takes themselves off the list
    czech = import_zip(client, zip_of(entries)).get_data(as_text=True)
    assert (
        "seznam lektorů (instructors) může měnit jen správce; ponechte v něm jiri@example.cz"
        in czech
    )
    client.get("/lang/en")
    english = import_zip(client, zip_of(entries)).get_data(as_text=True)
    assert "only an admin may change the instructors list; keep jiri@example.cz in it" in english
    assert "ponechte v něm" not in english


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../../../zip-slip.md", "../../../zip-slip.md: cesta míří mimo archiv"),
        ("/tmp/zip-slip.md", "/tmp/zip-slip.md: cesta míří mimo archiv"),
        ("C:/zip-slip.md", "C:/zip-slip.md: neplatná cesta v archivu"),
        ("demo-kurz\\..\\..\\zip-slip.md", "neplatná cesta v archivu"),
        ("demo-kurz/media/a\x07b.png", "název obsahuje řídicí znaky"),
    ],
)
def test_zip_slip_is_refused_and_nothing_is_written(
    app, client, instructor, imported, private_tmp, tmp_path, entry, message
):
    entries = {**course_zip(imported), entry: b"# evil"}
    before = state(app)
    response = import_zip(client, zip_of(entries))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Archiv nebyl zpracován:" in page
    assert message.replace("'", "&#39;") in page
    assert state(app) == before
    assert not list(tmp_path.rglob("zip-slip.md"))
    assert list(private_tmp.iterdir()) == []  # the temporary folder is gone


def test_symlinks_and_duplicate_names_are_refused(app, client, instructor, imported):
    link = zipfile.ZipInfo(f"{COURSE}/media/odkaz.png")
    link.external_attr = (0o120777) << 16
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in course_zip(imported).items():
            archive.writestr(name, data)
        archive.writestr(link, "/etc/passwd")
    before = state(app)
    response = import_zip(client, out.getvalue())
    assert (
        "demo-kurz/media/odkaz.png: symbolické odkazy nejsou v archivu dovoleny"
        in response.get_data(as_text=True)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in course_zip(imported).items():
            archive.writestr(name, data)
        archive.writestr(f"{COURSE}/01-UVOD.md", b"the same name on Windows and macOS")
    response = import_zip(client, out.getvalue())
    assert "demo-kurz/01-UVOD.md: v archivu je dvakrát" in response.get_data(as_text=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        for name, data in course_zip(imported).items():
            archive.writestr(name, data)
        archive.writestr(f"{COURSE}/01-uvod.md", b"a second entry of the same name")
    response = import_zip(client, out.getvalue())
    assert "demo-kurz/01-uvod.md: v archivu je dvakrát" in response.get_data(as_text=True)
    assert state(app) == before


def test_zip_bomb_is_refused_by_its_compression_ratio(app, client, instructor, imported):
    entries = {**course_zip(imported), f"{COURSE}/media/bomba.png": bytes(20 * 1024 * 1024)}
    before = state(app)
    response = import_zip(client, zip_of(entries))
    assert response.status_code == 422
    assert "demo-kurz/media/bomba.png: podezřele vysoký poměr komprese (možná zipová bomba)" in (
        response.get_data(as_text=True)
    )
    assert state(app) == before


def test_too_many_entries_and_too_much_data_are_refused(app, client, instructor, imported):
    app.config["IMPORT_MAX_ENTRIES"] = 5
    response = import_zip(client, zip_of(course_zip(imported)))
    assert "Archiv má příliš mnoho položek (8, nejvýše 5)." in response.get_data(as_text=True)
    app.config["IMPORT_MAX_ENTRIES"] = 2000
    app.config["IMPORT_MAX_UNPACKED_BYTES"] = 1000
    response = import_zip(client, zip_of(course_zip(imported), zipfile.ZIP_STORED))
    assert "Rozbalený archiv by byl příliš velký" in response.get_data(as_text=True)


def test_sizes_are_counted_as_read_not_taken_from_the_headers(app, client, instructor, imported):
    """An entry whose headers claim 10 bytes but that holds 3 MB is stopped while unpacking."""
    data = bytearray(
        zip_of({**course_zip(imported), f"{COURSE}/media/lez.png": bytes(3 * 1024 * 1024)})
    )
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(f"{COURSE}/media/lez.png")
    real = (3 * 1024 * 1024).to_bytes(4, "little")
    data = bytes(data).replace(
        info.compress_size.to_bytes(4, "little") + real,
        info.compress_size.to_bytes(4, "little") + (10).to_bytes(4, "little"),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(f"{COURSE}/media/lez.png").file_size == 10  # the lie is in place
    before = state(app)
    response = import_zip(client, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Archiv nebyl zpracován:" in page
    # zipfile stops at the claimed size and the checksum then fails: nothing of it is kept
    assert "Archiv nebyl zpracován: demo-kurz/media/lez.png: soubor v archivu je poškozený" in page
    assert state(app) == before


def test_not_a_zip_and_a_zip_without_a_course_get_clear_messages(client, instructor):
    response = import_zip(client, b"PK\x03\x04 broken", "kurz.zip")
    assert "Soubor není platný archiv ZIP." in response.get_data(as_text=True)
    response = import_zip(client, zip_of({"readme.txt": b"ahoj"}))
    assert "V archivu není žádný kurz (složka s course.md)." in response.get_data(as_text=True)
    response = import_zip(client, zip_of({"course.md": b"---\ntitle: X\n---\n"}))
    assert "musí být ve složce pojmenované podle kurzu" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("stranka.html", HTML, "Soubory SVG, HTML a skripty nahrát nelze"),
        ("logo.svg", SVG_WITH_SCRIPT, "obrázek SVG obsahuje nepovolený prvek &lt;script&gt;"),
        ("fotka.png", HTML, "Obsah souboru neodpovídá žádnému povolenému typu"),
    ],
)
def test_media_in_a_zip_follow_the_upload_rules(
    app, client, instructor, imported, name, data, message
):
    entries = {**course_zip(imported), f"{COURSE}/media/{name}": data}
    before = state(app)
    response = import_zip(client, zip_of(entries))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"<code>demo-kurz/media/{name}</code>" in page
    assert message in page
    assert state(app) == before


def test_learner_gets_403_on_import(auth, client, imported):
    auth.create()
    auth.login()
    assert client.get("/studio/import").status_code == 403


def test_import_and_export_are_written_to_the_audit_log(app, client, instructor, imported):
    client.get(EXPORT)
    import_zip(client, zip_of(course_zip(imported)))
    with app.app_context():
        events = {e.kind: e for e in db.session.scalars(select(SecurityEvent))}
        assert events["studio_course_exported"].details == {"course": COURSE, "files": 8}
        assert events["studio_course_imported"].details == {
            "course": COURSE,
            "created": 0,
            "updated": 0,
            "archived": 0,
        }
        assert events["studio_course_imported"].email == "jiri@example.cz"
        assert db.session.scalar(select(func.count(Course.id))) == 1


def test_a_course_that_cannot_be_exported_gets_a_czech_message_not_a_500(app, client, instructor):
    with app.app_context():  # as if a module had lost its stored source
        from academy.courses.models import ModuleVersion

        db.session.execute(ModuleVersion.__table__.delete())
        db.session.commit()
    response = client.get(EXPORT)
    assert response.status_code == 409
    assert "Kurz teď nelze stáhnout" in response.get_data(as_text=True)
    with app.app_context():
        kinds = set(db.session.scalars(select(SecurityEvent.kind)))
        assert "studio_course_exported" not in kinds
