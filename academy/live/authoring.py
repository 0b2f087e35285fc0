"""Writing a live webinar in the studio: the form's values become the same Markdown file the
importer reads (`courses/_webinars/<slug>.md`), checked by the `courses check` checker, and
saved through the importer, so a changed time or a cancellation mails registrants the new
SEQUENCE or METHOD:CANCEL exactly as `courses import` does.

A save names the state it was opened from (a hash of the webinar's Markdown); when the
webinar changed since (another person in the studio, an import, a cancellation on the staff
page), it raises Conflict with the text that won, and nothing is overwritten.
Services flush, never commit.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.source import Problem, parse_document
from academy.live import sessions
from academy.live.models import LiveWebinar
from academy.live.source import FOLDER, PRAGUE, WebinarSource, check_webinar, to_markdown


class Conflict(Exception):  # noqa: N818 (a state the user resolves, not a failure)
    """The webinar changed since the form was opened; `theirs` is its Markdown now."""

    def __init__(self, theirs: str, state: str) -> None:
        super().__init__("the webinar changed since it was opened")
        self.theirs, self.state = theirs, state


class SlugTaken(Exception):  # noqa: N818
    """A webinar with this address exists already."""


@dataclass
class Checked:
    text: str
    source: WebinarSource | None
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> its line

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class Saved:
    webinar: LiveWebinar
    created: bool
    notified: int


def state_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_text(webinar: LiveWebinar) -> str:
    return sessions.webinar_markdown(webinar)


def form_text(values: dict[str, Any], description: str) -> str:
    """The webinar file for the form's values (times as the Prague text typed)."""
    return to_markdown(values, description)


def check(session: Session, slug: str, text: str) -> Checked:
    """`courses check` for one webinar's text, in a scratch courses folder holding stand-ins
    for the academy's courses and their webinar modules (what `course` and `recording` name)."""
    rel = f"{FOLDER}/{slug}.md"
    with tempfile.TemporaryDirectory(prefix="academy-live-") as temp:
        root = Path(temp)
        for (course_slug,) in session.execute(select(Course.slug)):
            (root / course_slug).mkdir()
            (root / course_slug / "course.md").touch()
        modules = session.execute(
            select(Course.slug, Module.slug)
            .join(Course, Course.id == Module.course_id)
            .where(Module.kind == ModuleKind.WEBINAR, Module.archived_at.is_(None))
        )
        for course_slug, module_slug in modules:
            stand_in = root / course_slug / f"01-{module_slug}.md"
            stand_in.write_text("---\nkind: webinar\n---\n", encoding="utf-8")
        (root / FOLDER).mkdir()
        doc, problems = parse_document(text, root / rel, rel)
        if doc is None:
            return Checked(text, None, problems)
        source, problems = check_webinar(doc, slug, root, rel, problems)
    return Checked(text, source, problems, dict(doc.meta_lines))


def save(
    session: Session,
    user: User,
    slug: str,
    checked: Checked,
    opened_state: str | None,
    now: datetime,
) -> Saved:
    """Create (opened_state None) or update the webinar from checked text without errors.

    Raises Conflict when the webinar changed since `opened_state`, SlugTaken when a new
    webinar's address is in use. Registrants hear about a new time or a cancellation.
    """
    assert checked.source is not None and not checked.errors
    webinar = session.scalar(  # locked: only its row, not the eagerly joined course
        select(LiveWebinar).where(LiveWebinar.slug == slug).with_for_update(of=LiveWebinar)
    )
    if opened_state is None and webinar is not None:
        raise SlugTaken(slug)
    if opened_state is not None:
        assert webinar is not None
        session.refresh(webinar)
        now_text = current_text(webinar)
        if state_of(now_text) != opened_state:
            raise Conflict(now_text, state_of(now_text))
    try:
        with session.begin_nested():
            report = sessions.import_webinars(session, [checked.source], now)
    except IntegrityError:  # a parallel first save of the same address
        raise SlugTaken(slug) from None
    saved = sessions.find(session, slug)
    assert saved is not None
    record(
        session,
        "studio_webinar_saved",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        webinar=slug,
        sequence=saved.sequence,
        notified=report.notified,
    )
    return Saved(saved, opened_state is None, report.notified)


def form_values(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The form's fields as the webinar file's keys, and the description.

    Speakers are one a line, "Jméno – role"; times come as typed (an <input
    type=datetime-local> sends 2027-03-18T17:00); nothing is judged here, the checker does."""
    speakers = []
    for line in str(data.get("speakers") or "").splitlines():
        name, _, role = line.replace(" - ", " – ", 1).partition(" – ")
        if line.strip():
            speakers.append({"name": name.strip(), "role": role.strip()})
    capacity: Any = str(data.get("capacity") or "").strip()
    if capacity.isdigit() and len(capacity) < 10:
        capacity = int(capacity)
    values = {
        "title": str(data.get("title") or "").strip(),
        "speakers": speakers,
        "start": str(data.get("start") or "").strip().replace("T", " "),
        "end": str(data.get("end") or "").strip().replace("T", " "),
        "capacity": capacity,
        "meeting": str(data.get("meeting") or "").strip(),
        "course": data.get("course") or None,
        "recording": data.get("recording") or None,
        "recording_access": data.get("recording_access") or "free",
        "language": data.get("language") or "cs",
        "published": bool(data.get("published")),
        "cancelled": bool(data.get("cancelled")),
    }
    return values, str(data.get("description") or "")


def form_data(webinar: LiveWebinar) -> dict[str, Any]:
    """What the studio's form shows for a stored webinar."""
    recording = None
    if webinar.recording is not None:
        recording = f"{webinar.recording.course.slug}/{webinar.recording.slug}"
    speakers = "\n".join(
        f"{s['name']} – {s['role']}" if s.get("role") else s["name"] for s in webinar.speakers
    )
    return {
        "title": webinar.title,
        "speakers": speakers,
        "description": webinar.description_source,
        "start": webinar.starts_at.astimezone(PRAGUE).strftime("%Y-%m-%dT%H:%M"),
        "end": webinar.ends_at.astimezone(PRAGUE).strftime("%Y-%m-%dT%H:%M"),
        "capacity": str(webinar.capacity),
        "meeting": webinar.meeting_url,
        "course": webinar.course.slug if webinar.course else "",
        "recording": recording or "",
        "recording_access": webinar.recording_access.value,
        "language": webinar.language,
        "published": webinar.published,
        "cancelled": webinar.is_cancelled,
    }


def field_of(problem: Problem, lines: dict[str, int]) -> str | None:
    """The front-matter key a problem is about: the key whose lines hold the problem's line
    (a speaker's line belongs to `speakers`); None for the whole file."""
    if problem.args.get("slug") is not None:
        return "slug"
    before = [(line, key) for key, line in lines.items() if line <= problem.line]
    return max(before)[1] if before else None
