"""Fixtures for live webinars: the fixture course with a (non-public) webinar module, and a
webinar file in courses/_webinars/ written by each test as it needs."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.courses.importer import import_path
from academy.extensions import db
from academy.live import sessions
from academy.live.models import LiveRegistration
from academy.live.source import check_folder, utc_to_prague_text
from tests.conftest import FIXTURES, csrf_token

MODULE = """---
title: "Webinář: Důvěra a AI"
kind: webinar
minutes: 1
video: media/webinar.webm
captions:
  - src: media/webinar.cs.vtt
    lang: cs
    label: Čeština
chapters:
  - {start: "00:00", title: Úvod}
  - {start: "00:10", title: Tichý zákazník}
---

Shrnutí webináře o důvěře.
"""


def webinar_source(
    start: datetime,
    *,
    capacity: int = 50,
    recording: bool = False,
    access: str = "free",
    title: str = "Tichý zákazník",
    extra: str = "",
) -> str:
    lines = [
        "---",
        f"title: '{title}'",
        "speakers:",
        "- name: Jiří Šťastný",
        "  role: konzultant",
        f"start: {utc_to_prague_text(start)}",
        f"end: {utc_to_prague_text(start + timedelta(hours=1))}",
        f"capacity: {capacity}",
        "meeting: https://meet.example.cz/tichy",
        "course: demo-kurz",
    ]
    if recording:
        lines.append("recording: demo-kurz/webinar-duvera")
    if access != "free":
        lines.append(f"recording_access: {access}")
    return "\n".join([*lines, extra, "---", "", "Jak slyšet zákazníky, kteří si nestěžují."]) + "\n"


class Courses:
    """A writable courses folder with the fixture course, its webinar module and _webinars/."""

    def __init__(self, app, root: Path) -> None:
        self.app, self.root = app, root

    def write(self, text: str, slug: str = "tichy-zakaznik") -> Path:
        path = self.root / "_webinars" / f"{slug}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def import_(self, now: datetime | None = None) -> sessions.WebinarImport:
        with self.app.app_context():
            report = import_path(db.session, self.root, Path(self.app.config["MEDIA_DIR"]))
            assert report.ok, report.problems
            sources, problems = check_folder(self.root)
            assert not [p for p in problems if p.severity == "error"], problems
            result = sessions.import_webinars(db.session, sources, now or datetime.now(UTC))
            db.session.commit()
            return result

    def webinar(self, start: datetime, **kwargs) -> int:
        self.write(webinar_source(start, **kwargs))
        self.import_()
        with self.app.app_context():
            found = sessions.find(db.session, "tichy-zakaznik")
            assert found is not None
            return found.id


@pytest.fixture
def courses(app, tmp_path: Path) -> Courses:
    root = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", root)
    (root / "demo-kurz" / "05-webinar-duvera.md").write_text(MODULE, encoding="utf-8")
    return Courses(app, root)


def register(client, slug: str = "tichy-zakaznik", token_from: str | None = None, **fields):
    data = {
        "name": "Jana Nováková",
        "email": "jana@example.cz",
        "company": "Opora",
        "consent": "y",
        **fields,
    }
    data["csrf_token"] = csrf_token(client, token_from or f"/live/{slug}")
    return client.post(f"/live/{slug}", data=data)


def confirm_link(mailbox, to: str = "jana@example.cz") -> str:
    links = [link for link in mailbox.links(to) if link.endswith("/confirm")]
    assert links, [m["Subject"] for m in mailbox]
    return links[-1]


def confirm(client, mailbox, to: str = "jana@example.cz"):
    path = re.sub(r"^https?://[^/]+", "", confirm_link(mailbox, to))
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token})


def registration(app, email: str = "jana@example.cz") -> LiveRegistration:
    with app.app_context():
        found = db.session.scalar(select(LiveRegistration).where(LiveRegistration.email == email))
        assert found is not None
        db.session.expunge(found)
        return found
