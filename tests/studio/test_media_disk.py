"""The media disk full or read-only: a clear message, nothing half-written (issue 28)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from tests.studio.samples import COURSE, png, sign_in, snapshot, upload


@pytest.fixture
def media(app, imported) -> Path:
    return Path(app.config["MEDIA_DIR"]) / COURSE


@pytest.fixture
def instructor(auth, imported):
    sign_in(auth)
    return auth


def _disk_fills_up_halfway(monkeypatch):
    """No hard links (so the file is copied into place), and the copy runs out of space
    after writing part of the file, as a full disk does."""

    def no_links(*_args):
        raise OSError(errno.EXDEV, "no hard links here")

    def copy_until_full(source, out, *_args):
        out.write(source.read(100))
        out.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(shutil, "copyfileobj", copy_until_full)


def test_a_full_media_disk_answers_a_clear_message_and_leaves_nothing(
    app, client, instructor, media, monkeypatch
):
    before = snapshot(media)
    _disk_fills_up_halfway(monkeypatch)
    response = upload(client, png(), "plny-disk.png")
    assert response.status_code == 507
    assert response.get_json()["error"].startswith("Soubor se teď nedá uložit: na disku")
    assert snapshot(media) == before
    assert snapshot(Path(app.config["MEDIA_DIR"]) / ".incoming") == {}


def test_a_read_only_media_disk_shows_the_message_on_the_form(
    client, instructor, media, monkeypatch
):
    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "open", read_only)
    response = upload(client, png(), "jen-cteni.png", as_json=False)
    assert response.status_code == 507
    assert "na disku pro média není místo nebo je jen pro čtení" in response.get_data(as_text=True)
