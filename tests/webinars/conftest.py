"""A webinar module added to the fixture course; its 20 s WebM and captions are in media/.

The module is written here rather than shipped in demo-kurz/, so the other suites'
counts of that course's modules and minutes stay as they are.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.courses.importer import import_path
from academy.extensions import db
from academy.webinars import search
from academy.webinars.models import WebinarProgress
from tests.conftest import csrf_token

COURSE = "/courses/demo-kurz"
MODULE = f"{COURSE}/webinar"
WATCH = "/webinars/demo-kurz/webinar"
PROGRESS = "/webinars/demo-kurz/webinar/progress"
VIDEO = "/media/demo-kurz/webinar.webm"
CAPTIONS = "/media/demo-kurz/webinar.cs.vtt"
DURATION = 20.008  # seconds, read from the WebM's headers

SOURCE = """---
title: "Webinář: Důvěra a AI"
kind: webinar
minutes: 1
public: {public}
video: media/webinar.webm
captions:
  - src: media/webinar.cs.vtt
    lang: cs
    label: Čeština
chapters:
  - {{start: "00:00", title: Úvod}}
  - {{start: "00:10", title: Tichý zákazník}}
---

Shrnutí webináře o důvěře.
"""


def add_webinar(app, folder: Path, public: bool = False) -> None:
    (folder / "05-webinar.md").write_text(SOURCE.format(public=str(public).lower()), "utf-8")
    with app.app_context():
        report = import_path(db.session, folder.parent, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        search.refresh_index(db.session, Path(app.config["MEDIA_DIR"]))  # as `courses import`
        db.session.commit()


@pytest.fixture
def webinar(app, imported: Path) -> Path:
    add_webinar(app, imported)
    return imported


@pytest.fixture
def public_webinar(app, imported: Path) -> Path:
    add_webinar(app, imported, public=True)
    return imported


@pytest.fixture
def learner(auth, webinar):
    """A signed-in learner enrolled in the course."""
    auth.create()
    auth.login()
    auth.post(f"{COURSE}/enrol")
    return auth


def beat(client, body: dict, header: bool = True, token: str | None = None):
    """Post a heartbeat as the player does: the CSRF token in the header, or in the body."""
    token = token or csrf_token(client, "/my")
    if header:
        return client.post(PROGRESS, json=body, headers={"X-CSRFToken": token})
    payload = json.dumps({**body, "csrf_token": token})
    return client.post(PROGRESS, data=payload, content_type="text/plain;charset=UTF-8")


def rewind_clock(app, seconds: float) -> None:
    """Pretend the last heartbeat came `seconds` earlier (real time passing)."""
    with app.app_context():
        for row in db.session.scalars(select(WebinarProgress)):
            row.heartbeat_at -= timedelta(seconds=seconds)
        db.session.commit()
