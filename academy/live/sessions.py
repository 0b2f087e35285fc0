"""Webinar sessions in the database: import from courses/_webinars/, export back, attach the
recording, and tell registrants what changed (new SEQUENCE, cancellation, recording)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.auth.models import Role, User
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.rendering import render_markdown
from academy.courses.staff import is_course_staff
from academy.live import mails, registrations
from academy.live.models import LiveRegistration, LiveWebinar, RecordingAccess, RegistrationStatus
from academy.live.source import WebinarSource, to_markdown


@dataclass
class WebinarImport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    notified: int = 0


def may_manage(user: User, course: Course | None) -> bool:
    """Admins manage every webinar; an instructor those that lead into a course they teach.
    The registrants' names and e-mails are theirs to see, and nobody else's."""
    if user.role is Role.ADMIN:
        return True
    return course is not None and is_course_staff(user, course)


def find(session: Session, slug: str) -> LiveWebinar | None:
    return session.scalar(select(LiveWebinar).where(LiveWebinar.slug == slug))


def recording_module(session: Session, course_slug: str, module_slug: str) -> Module | None:
    """A live webinar module of a course, by the two slugs."""
    return session.scalar(
        select(Module)
        .join(Course, Course.id == Module.course_id)
        .where(
            Course.slug == course_slug,
            Module.slug == module_slug,
            Module.kind == ModuleKind.WEBINAR,
            Module.archived_at.is_(None),
        )
    )


def import_webinars(session: Session, sources: list[WebinarSource], now: datetime) -> WebinarImport:
    """Create or update each webinar (after the courses it names are imported). Flushes."""
    report = WebinarImport()
    for source in sources:
        webinar = find(session, source.slug)
        is_new = webinar is None
        if webinar is None:
            webinar = LiveWebinar(slug=source.slug, created_at=now, sequence=0)
            session.add(webinar)
        before = None if is_new else (webinar.title, webinar.starts_at, webinar.ends_at)
        was_cancelled = webinar.is_cancelled
        webinar.title = source.title
        webinar.speakers = source.speakers
        webinar.description_source = source.description
        webinar.description_html = render_markdown(source.description, "media/", source.language)
        webinar.language = source.language
        assert source.starts_at is not None and source.ends_at is not None
        webinar.starts_at, webinar.ends_at = source.starts_at, source.ends_at
        webinar.capacity = source.capacity
        webinar.meeting_url = source.meeting_url
        webinar.course_id = _course_id(session, source.course)
        webinar.recording_access = RecordingAccess(source.recording_access)
        webinar.published = source.published
        webinar.source_hash = source.doc.content_hash
        webinar.updated_at = now
        session.flush()
        (report.created if is_new else report.updated).append(source.slug)
        if source.cancelled and not was_cancelled:
            webinar.cancelled_at = now
            webinar.sequence += 1
            report.notified += registrations.notify_registrants(session, webinar, "cancelled")
        elif not source.cancelled and was_cancelled:
            webinar.cancelled_at = None
            webinar.sequence += 1
        elif before is not None and before != (webinar.title, webinar.starts_at, webinar.ends_at):
            webinar.sequence += 1
            report.notified += registrations.notify_registrants(session, webinar, "changed")
        module = recording_module(session, *source.recording) if source.recording else None
        if module is not None and module.id != webinar.recording_module_id:
            report.notified += attach_recording(session, webinar, module)
        elif source.recording is None and webinar.recording_module_id is not None:
            webinar.recording_module_id = None
    session.flush()
    return report


def _course_id(session: Session, slug: str | None) -> int | None:
    if not slug:
        return None
    return session.scalar(select(Course.id).where(Course.slug == slug))


def attach_recording(session: Session, webinar: LiveWebinar, module: Module) -> int:
    """Link the recording (a course's webinar module, with its captions, chapters and
    transcript) and mail every registrant who confirmed (or watched before) its link."""
    webinar.recording_module_id = module.id
    webinar.recording = module
    session.flush()
    people = session.scalars(
        select(LiveRegistration)
        .where(
            LiveRegistration.webinar_id == webinar.id,
            LiveRegistration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)),
        )
        .order_by(LiveRegistration.id)
    ).all()
    for registration in people:
        mails.recording_ready(session, registration)
    return len(people)


def cancel_webinar(session: Session, webinar: LiveWebinar, now: datetime) -> int:
    if webinar.is_cancelled:
        return 0
    webinar.cancelled_at = now
    webinar.sequence += 1
    session.flush()
    return registrations.notify_registrants(session, webinar, "cancelled")


def webinar_markdown(webinar: LiveWebinar) -> str:
    """The webinar as its courses/_webinars/<slug>.md text: what export writes, import reads
    and the studio edits (one source, however it was last changed)."""
    recording = None
    if webinar.recording is not None:
        recording = f"{webinar.recording.course.slug}/{webinar.recording.slug}"
    data = {
        "title": webinar.title,
        "speakers": webinar.speakers,
        "start": webinar.starts_at,
        "end": webinar.ends_at,
        "capacity": webinar.capacity,
        "meeting": webinar.meeting_url,
        "course": webinar.course.slug if webinar.course else None,
        "recording": recording,
        "recording_access": webinar.recording_access.value,
        "language": webinar.language,
        "published": webinar.published,
        "cancelled": webinar.is_cancelled,
    }
    return to_markdown(data, webinar.description_source)


def export_webinar(webinar: LiveWebinar, dest: Path) -> Path:
    """Write the webinar as courses/_webinars/<slug>.md into `dest` (a courses folder)."""
    folder = dest / "_webinars" if dest.name != "_webinars" else dest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{webinar.slug}.md"
    path.write_text(webinar_markdown(webinar), encoding="utf-8")
    return path
