"""Backups restore: a certificate issued before the backup verifies again afterwards."""

from __future__ import annotations

import io
import os
import stat
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.engine import make_url

from academy import create_app
from academy.audit.models import SecurityEvent
from academy.certificates import credentials, signing_key
from academy.certificates.models import Certificate
from academy.courses.models import Module, ModuleKind
from academy.extensions import db
from tests.conftest import _postgres_url, csrf_token


def test_backup_then_restore_brings_back_a_verifiable_certificate(
    app, auth, client, runner, imported, tmp_path
):
    with app.app_context():
        db.session.execute(
            update(Module).where(Module.kind == ModuleKind.QUIZ).values(required=False)
        )
        db.session.commit()
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    auth.post("/courses/demo-kurz/persony/done")
    token = csrf_token(client, "/courses/demo-kurz/certificate")
    client.post(
        "/courses/demo-kurz/certificate", data={"full_name": "Jiří Šťastný", "csrf_token": token}
    )
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))

    dump = tmp_path / "academy.backup"
    with app.app_context():  # flask-alembic's `db` group needs one, as `flask` gives it
        result = runner.invoke(args=["db", "backup", str(dump)])
    assert result.exit_code == 0, result.output
    with app.app_context():  # disaster: the certificate is gone
        db.session.execute(delete(Certificate))
        db.session.commit()
    assert app.test_client().get(f"/certificates/{code}").status_code == 404

    with app.app_context():
        result = runner.invoke(args=["db", "restore", str(dump), "--yes"])
    assert result.exit_code == 0, result.output
    assert "integrity check passed" in result.output
    page = app.test_client().get(f"/certificates/{code}")
    assert page.status_code == 200 and "Jiří Šťastný" in page.get_data(as_text=True)


def test_backup_refuses_to_overwrite_and_restore_refuses_missing_files(app, runner, tmp_path):
    existing = tmp_path / "exists.backup"
    existing.write_bytes(b"x")
    with app.app_context():
        result = runner.invoke(args=["db", "backup", str(existing)])
        assert result.exit_code == 1 and "exists" in result.output
        result = runner.invoke(args=["db", "restore", str(tmp_path / "missing.backup"), "--yes"])
        assert result.exit_code == 2 and "does not exist" in result.output


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path):
    import os

    if os.environ.get("TEST_DATABASE_URL"):
        bogus_hint = "pg_restore failed"
    else:
        bogus_hint = "not a sound SQLite backup"
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"this is not a database" * 100)
    with app.app_context():
        result = runner.invoke(args=["db", "restore", str(bogus), "--yes"])
    assert result.exit_code == 1 and bogus_hint in result.output


def _issue_certificate(app, auth, client) -> str:
    with app.app_context():
        db.session.execute(
            update(Module).where(Module.kind == ModuleKind.QUIZ).values(required=False)
        )
        db.session.commit()
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    auth.post("/courses/demo-kurz/persony/done")
    token = csrf_token(client, "/courses/demo-kurz/certificate")
    client.post(
        "/courses/demo-kurz/certificate", data={"full_name": "Jiří Šťastný", "csrf_token": token}
    )
    with app.app_context():
        return db.session.scalar(select(Certificate.code))


@pytest.fixture
def fresh_instance(tmp_path, monkeypatch, database_url):
    """A second academy with its own instance folder, media folder and empty database
    (on PostgreSQL a new database, as a new server would have), as after a disaster."""
    folder = tmp_path / "fresh-instance"
    monkeypatch.setenv("ACADEMY_INSTANCE_PATH", str(folder))
    base = os.environ.get("TEST_DATABASE_URL")
    admin = name = None
    if base:
        name = f"restore_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name)
        with create_engine(url).begin() as conn:  # as the migration would have made it
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
        schema = make_url(database_url).query.get("options", "").split("search_path=")[-1]
        with create_engine(url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        database_url = _postgres_url(url.render_as_string(hide_password=False), schema)
    else:
        database_url = f"sqlite:///{folder / 'academy.sqlite3'}"
    fresh = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "other",
            "MEDIA_DIR": str(folder / "media"),
            "RATELIMIT_ENABLED": False,
        }
    )
    yield fresh
    with fresh.app_context():
        db.engine.dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_restore_into_a_fresh_instance_brings_back_key_media_and_credentials(
    app, auth, client, runner, imported, tmp_path, fresh_instance
):
    """Issue a credential, back up, restore into a new instance folder and database: the
    old credential verifies there and the course media answer 200."""
    code = _issue_certificate(app, auth, client)
    jwt_token = client.get(f"/certificates/{code}/credential.jwt").get_data(as_text=True)
    dump = tmp_path / "academy.backup"
    with app.app_context():
        result = runner.invoke(args=["db", "backup", str(dump)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600

    with fresh_instance.app_context():
        result = fresh_instance.test_cli_runner().invoke(args=["db", "restore", str(dump), "--yes"])
    assert result.exit_code == 0, result.output
    assert "2 sampled credentials verify" in result.output  # one certificate, both keys
    fresh = fresh_instance.test_client()
    assert fresh.get("/media/demo-kurz/obrazek.svg").status_code == 200
    assert fresh.get("/courses/demo-kurz").status_code == 200
    token = csrf_token(fresh, f"/certificates/{code}")
    answer = fresh.post(
        f"/certificates/{code}/check",
        data={"csrf_token": token, "credential": (io.BytesIO(jwt_token.encode()), "osvedceni.jwt")},
        content_type="multipart/form-data",
    )
    assert "Podpis je pravý a certifikát je platný." in answer.get_data(as_text=True)


def test_a_lost_signing_key_is_an_error_not_a_silent_new_key(
    app, auth, client, runner, imported, tmp_path, fresh_instance
):
    """The database says a key was made; the fresh instance has none: credentials answer 503
    and the CLI says to restore the key, and no new key file appears."""
    app.instance_path = str(tmp_path / "first-instance")  # no key yet: the app makes one
    code = _issue_certificate(app, auth, client)
    assert client.get(f"/certificates/{code}/credential.jwt").status_code == 200
    assert (tmp_path / "first-instance" / credentials.KEY_FILE).exists()
    with app.app_context():
        key_made = signing_key.key_was_made(db.session)
        db_dump = tmp_path / "database-only.backup"
        from academy.backups import backup_database

        backup_database(db_dump)  # a database without its key, as a careless copy would be
    assert key_made
    with fresh_instance.app_context():
        result = fresh_instance.test_cli_runner().invoke(
            args=["db", "restore", str(db_dump), "--yes"]
        )
    assert result.exit_code == 0, result.output
    fresh = fresh_instance.test_client()
    fresh_auth = type(auth)(fresh_instance, fresh)
    fresh_auth.login()
    assert fresh.get(f"/certificates/{code}/credential.jwt").status_code == 503
    key_file = Path(fresh_instance.instance_path) / credentials.KEY_FILE
    assert not key_file.exists()
    jwt_file = tmp_path / "x.jwt"
    jwt_file.write_text("x")
    with fresh_instance.app_context():
        result = fresh_instance.test_cli_runner().invoke(
            args=["certificates", "verify", str(jwt_file)]
        )
    assert result.exit_code == 1
    assert "signing key" in result.output and "flask db restore" in result.output
    assert not key_file.exists()


def test_a_key_made_before_keys_were_logged_is_logged_at_first_use(
    app, auth, client, imported, tmp_path
):
    app.instance_path = str(tmp_path / "old-instance")
    old_key = credentials.load_or_create_key(app.instance_path)  # no audit entry, as before
    with app.app_context():
        assert not signing_key.key_was_made(db.session)
    # the certificate's PDF carries a signed credential: the keys' first use
    code = _issue_certificate(app, auth, client)
    assert client.get(f"/certificates/{code}/credential.jwt").status_code == 200
    with app.app_context():
        events = db.session.scalars(
            select(SecurityEvent).where(SecurityEvent.kind == "signing_key_created")
        ).all()
    found = {event.details["key_id"]: event.details for event in events}
    assert found[old_key.kid] == {"key_id": old_key.kid, "alg": "EdDSA", "found_in_use": True}
