"""`courses import`: bring course folders into the database, idempotently, keyed by slugs.

Markdown is rendered and sanitized here, once; requests serve the stored HTML.
An import with errors changes nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.assignments.format import assignment_settings, resource_entries
from academy.assignments.resources import store_course_resources
from academy.audit.services import record
from academy.auth.models import User
from academy.courses.check_quiz import TEXT_MATCH
from academy.courses.check_webinar import parse_timestamp
from academy.courses.checker import check_path, errors_only
from academy.courses.media_revision import media_changed
from academy.courses.models import Course, Module, ModuleKind, ModuleVersion
from academy.courses.quiz_source import parse_quiz
from academy.courses.rendering import render_markdown
from academy.courses.source import CourseSource, ModuleSource, Problem
from academy.courses.staff import instructor_emails
from academy.db import utcnow
from academy.journeys.format import journey_map_settings
from academy.learning import summary
from academy.media.addresses import media_base
from academy.media.backends import push_media
from academy.media.images import modern_copies


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    courses: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    # (course slug, instructors' e-mails before, after) for every course whose team changed
    team_changes: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not errors_only(self.problems)


def import_path(
    session: Session,
    path: Path,
    media_dir: Path,
    publish: bool = False,
    actor: User | None = None,
) -> ImportReport:
    """Check, then import every course under `path`. Flushes; the caller commits.

    A change of a course's instructors is written to the audit log, with `actor` (None:
    the operator at the command line); who may make it is the caller's rule."""
    sources, problems = check_path(path)
    report = ImportReport(problems=problems)
    if not report.ok:
        return report
    for source in sources:
        _import_course(session, source, publish, report)
        report.courses.append(source.slug)
    session.flush()
    for slug, before, after in report.team_changes:
        record(
            session,
            "studio_instructors_changed",
            user_id=actor.id if actor else None,
            actor_id=actor.id if actor else None,
            email=actor.email if actor else "",
            course=slug,
            before=before,
            after=after,
            via="studio import" if actor else "courses import",
        )
    for source in sources:
        if (source.path / "media").is_dir():
            media_changed(session, source.slug)  # other nodes fetch the files again
        _copy_media(source, media_dir)
        store_course_resources(source.path, source.slug)  # private storage, never media/
    return report


def _import_course(session: Session, source: CourseSource, publish: bool, report: ImportReport):
    meta = source.meta
    course = session.scalar(select(Course).where(Course.slug == source.slug))
    if course is None:
        course = Course(slug=source.slug)
        session.add(course)
    base = media_base(source.slug)
    hours = meta.get("estimated_hours")
    course.title = str(meta["title"]).strip()
    course.subtitle = str(meta.get("subtitle") or "").strip()
    course.summary = str(meta.get("summary") or "").strip()
    course.language = meta.get("language", "cs")
    course.level = meta.get("level", "beginner")
    course.estimated_hours = Decimal(str(hours)) if hours is not None else None
    course.cover = base + str(meta["cover"]).removeprefix("media/") if meta.get("cover") else None
    course.tags = [str(t) for t in meta.get("tags") or []]
    before = instructor_emails(course.instructors or []) if course.id else None
    course.instructors = [
        {"name": i} if isinstance(i, str) else {"name": i["name"], "email": i.get("email")}
        for i in meta.get("instructors") or []
    ]
    if before is not None and instructor_emails(course.instructors) != before:
        report.team_changes.append((source.slug, before, instructor_emails(course.instructors)))
    course.certificate_rules = dict(meta.get("certificate") or {})
    course.published = bool(meta.get("published", False)) or publish
    course.overview_source = source.doc.body
    course.overview_html = render_markdown(source.doc.body, base, course.language)
    course.source = source.doc.text
    course.source_hash = source.doc.content_hash

    counted_before = summary.counted_modules(session, [course.id]) if course.id else None
    existing = {m.slug: m for m in course.modules}
    for module_source in source.modules:
        module = existing.pop(module_source.slug, None)
        import_module(session, course, module, module_source, base, report)
    _apply_required_modules(course, source)
    for module in existing.values():
        if module.archived_at is None:
            module.archived_at = utcnow()
            report.archived += 1
    session.flush()
    if counted_before is not None and summary.counted_modules(session, [course.id]) != (
        counted_before
    ):
        # what completes the course changed: the admin reports' summary rows follow
        summary.rebuild(session, [course.id])


def _apply_required_modules(course: Course, source: CourseSource) -> None:
    """What counts towards completion: a module's own `required`, narrowed by the certificate's
    `required_modules` when that names modules (also when only course.md changed)."""
    listed = course.certificate_rules.get("required_modules", "all")
    own = {m.slug: m.required for m in source.modules}
    for module in course.modules:
        if module.slug in own:
            module.required = own[module.slug] and (listed == "all" or module.slug in listed)


def import_module(
    session: Session,
    course: Course,
    module: Module | None,
    source: ModuleSource,
    base: str,
    report: ImportReport,
) -> None:
    """Create or update one module in place (its id, so learners' progress, stays) and keep
    its content as a ModuleVersion. Used by `courses import` and the studio's Publish."""
    doc = source.doc
    content_hash = doc.content_hash
    if module is None:
        module = Module(slug=source.slug, content_hash="")
        course.modules.append(module)
        report.created += 1
    elif (
        module.content_hash == content_hash
        and module.position == source.position
        and module.archived_at is None
    ):
        report.unchanged += 1
        return
    else:
        report.updated += 1
    body_html, settings = build_content(source, base, course.language)
    module.position = source.position
    module.title = source.title
    module.kind = ModuleKind(source.kind)
    module.minutes = source.minutes
    module.required = source.required
    module.body_html = body_html
    module.settings = settings
    module.content_hash = content_hash
    module.archived_at = None
    session.flush()
    known = session.scalar(
        select(ModuleVersion.id).where(
            ModuleVersion.module_id == module.id, ModuleVersion.content_hash == content_hash
        )
    )
    if known is None:
        session.add(
            ModuleVersion(
                module_id=module.id,
                content_hash=content_hash,
                source=doc.text,
                body_html=body_html,
                settings=settings,
            )
        )


def build_content(
    source: ModuleSource, base: str, language: str = "cs"
) -> tuple[str, dict[str, Any]]:
    """The stored HTML and settings of a module. Quiz answers stay in settings only.
    Czech text gets its non-breaking spaces here (see academy.typography)."""
    meta = source.doc.meta
    if source.kind == "quiz":
        quiz = parse_quiz(source.doc.body, source.doc.body_line)
        settings: dict[str, Any] = {
            key: meta[key]
            for key in (
                "pass_mark",
                "max_attempts",
                "cooldown_minutes",
                "time_limit_minutes",
                "shuffle",
                "show_answers",
                "shuffle_questions",
                "pick",
            )
            if key in meta
        }
        matching = TEXT_MATCH[meta.get("text_match", "loose")]
        settings["questions"] = [
            {**q.to_dict(), "html": render_markdown(q.text, base, language)}
            | (matching if q.kind == "text" else {})
            for q in quiz.questions
        ]
        return render_markdown(quiz.intro, base, language), settings
    settings = {}
    if source.kind == "assignment":
        settings = assignment_settings(meta)
    elif source.kind == "journey_map":
        settings = journey_map_settings(source.doc)
    if meta.get("resources"):
        settings["resources"] = resource_entries(source.doc)
    if source.kind == "webinar":
        settings = {
            "video": _media_url(str(meta["video"]), base),
            "poster": _media_url(str(meta["poster"]), base) if meta.get("poster") else None,
            "captions": [
                {
                    "src": _media_url(str(c["src"]), base),
                    "lang": c["lang"],
                    "label": c.get("label") or c["lang"],
                }
                for c in meta.get("captions") or []
            ],
            "chapters": [
                {"start": parse_timestamp(str(c["start"])), "title": str(c["title"])}
                for c in meta.get("chapters") or []
            ],
            # public: a teaser open to everyone; video_mp4: a fallback beside the WebM
            "public": bool(meta.get("public", False)),
            "video_mp4": _media_url(str(meta["video_mp4"]), base)
            if meta.get("video_mp4")
            else None,
            "duration": _seconds(meta.get("duration")),
        } | ({"resources": settings["resources"]} if "resources" in settings else {})
    return render_markdown(source.doc.body, base, language), settings


def _seconds(value: Any) -> int | None:
    """A duration as seconds: a number, 'MM:SS' or 'HH:MM:SS'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    return parse_timestamp(str(value)) if value else None


def _media_url(value: str, base: str) -> str:
    if value.startswith("https://"):
        return value
    return base + value.removeprefix("media/")


def _copy_media(source: CourseSource, media_dir: Path) -> None:
    """Into the working copy (with WebP/AVIF copies of images), then the bucket if used."""
    media = source.path / "media"
    if media.is_dir():
        shutil.copytree(media, media_dir / source.slug, dirs_exist_ok=True)
        modern_copies(media_dir / source.slug)
        push_media(source.slug, media_dir)
