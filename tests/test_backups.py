"""Backups restore: a certificate issued before the backup verifies again afterwards."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from academy.certificates.models import Certificate
from academy.courses.models import Module, ModuleKind
from academy.extensions import db
from tests.conftest import csrf_token


def test_backup_then_restore_brings_back_a_verifiable_certificate(app, auth, client, runner,
                                                                   imported, tmp_path):  # fmt: skip
    with app.app_context():
        db.session.execute(update(Module).where(Module.kind == ModuleKind.QUIZ)
                           .values(required=False))  # fmt: skip
        db.session.commit()
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    auth.post("/courses/demo-kurz/persony/done")
    token = csrf_token(client, "/courses/demo-kurz/certificate")
    client.post("/courses/demo-kurz/certificate",
                data={"full_name": "Jiří Šťastný", "csrf_token": token})  # fmt: skip
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
