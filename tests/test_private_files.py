"""Secrets are not world-readable: database, backups, keys 0600 and instance/ 0700 (16.15)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from academy import create_app
from academy.certificates.signing_key import load_key
from academy.extensions import alembic, db

REPO = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The usual umask, under which plain file creation gives 0644 and folders 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_app_and_cli_create_instance_database_key_and_backup_privately(
    tmp_path, monkeypatch, open_umask
):
    instance = tmp_path / "instance"
    monkeypatch.setenv("ACADEMY_INSTANCE_PATH", str(instance))
    app = create_app({"ENV": "testing", "SECRET_KEY": "k"})  # the default SQLite file
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'academy.sqlite3'}"
    with app.app_context():
        alembic.upgrade()
        load_key(db.session, app.instance_path)
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "b.tar")])
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert mode(instance) == 0o700
    database = instance / "academy.sqlite3"
    assert mode(database) == 0o600
    for sidecar in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        if sidecar.exists():
            assert mode(sidecar) == 0o600, sidecar
    assert mode(instance / "certificate-signing-key.pem") == 0o600
    assert mode(tmp_path / "b.tar") == 0o600


def test_the_makefile_creates_instance_and_secret_key_privately(tmp_path, open_umask):
    if shutil.which("make") is None:
        pytest.fail("make is needed for this test")
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            "make",
            "-s",
            "-f",
            str(REPO / "Makefile"),
            "-C",
            str(tmp_path),
            "instance/secret_key",
            f"BIN={bin_dir}",
        ],
        check=True,
    )
    assert mode(tmp_path / "instance") == 0o700
    assert mode(tmp_path / "instance" / "secret_key") == 0o600
    assert len((tmp_path / "instance" / "secret_key").read_text().strip()) == 64
