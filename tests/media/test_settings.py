"""Media settings refused with a clear message, and private files kept privately on disk."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from academy import create_app
from academy.config import ConfigError
from academy.media.private import delete_private, open_private, private_exists, save_private

PRODUCTION = {"ENV": "production", "SECRET_KEY": "x" * 32, "BASE_URL": "https://a.example.cz"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"STORAGE": "ftp"}, "ACADEMY_STORAGE='ftp' must be local or s3"),
        ({"STORAGE": "s3"}, "ACADEMY_STORAGE=s3 needs ACADEMY_S3_BUCKET"),
        ({"MEDIA_LINK_MINUTES": 0}, "must be a number of minutes above 0"),
        ({"MEDIA_LINK_MINUTES": "15"}, "must be a number of minutes above 0"),
        ({**PRODUCTION, "MEDIA_X_ACCEL": True}, "ACADEMY_MEDIA_LINK_SECRET must be set"),
    ],
)
def test_bad_media_settings_are_refused_with_a_clear_message(overrides, message, tmp_path):
    config = {
        "ENV": "development",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": f"sqlite:///{tmp_path}/a.db",
        **overrides,
    }
    with pytest.raises(ConfigError, match=message):
        create_app(config)


def test_private_files_on_disk_are_0600_in_0700_folders(app):
    with app.app_context():
        save_private("assignments/3/esej.pdf", io.BytesIO(b"%PDF-1.7"))
        path = Path(app.config["PRIVATE_DIR"]) / "assignments" / "3" / "esej.pdf"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        with open_private("assignments/3/esej.pdf") as stream:
            assert stream.read() == b"%PDF-1.7"
        delete_private("assignments/3/esej.pdf")
        assert private_exists("assignments/3/esej.pdf") is False


def test_a_private_key_cannot_leave_its_folder(app):
    with app.app_context(), pytest.raises(ValueError, match="not a storage key"):
        save_private("../secret-key", io.BytesIO(b"x"))
