"""Courses and their modules in the studio: list, create, edit metadata, add, reorder, archive.

Course metadata is kept in course.md form (`Course.source`), so `courses export` and the
studio's .zip write what the studio shows. Services flush, never commit; each change is
written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.exporter import rebuild_course_md
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.rendering import render_markdown
from academy.courses.source import SLUG_RE, parse_document
from academy.courses.staff import instructor_emails, is_course_staff
from academy.db import utcnow
from academy.learning import summary
from academy.studio.models import ModuleDraft
from academy.studio.sources import front_matter, new_module_text, slugify


class StudioError(Exception):
    """A request the studio refuses; `message` says why in the user's words."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class StudioCourse:
    course: Course
    modules: int  # live (published, not archived)
    drafts: int  # modules with unpublished changes


@dataclass
class CourseFields:
    title: str
    subtitle: str
    summary: str
    language: str
    level: str
    hours: Decimal | None
    tags: list[str]
    published: bool
    overview: str
    instructors: list[dict[str, str]] | None = None  # None: not changed (only admins change it)


def editable_courses(session: Session, user: User) -> list[StudioCourse]:
    """The courses `user` may edit, by title, with module and draft counts; one query."""
    live = Module.archived_at.is_(None)
    rows = session.execute(
        select(Course, func.count(Module.id).filter(live), func.count(ModuleDraft.id))
        .outerjoin(Module, Module.course_id == Course.id)
        .outerjoin(ModuleDraft, ModuleDraft.module_id == Module.id)
        .group_by(Course.id)
        .order_by(Course.title, Course.id)
    )
    return [StudioCourse(c, n, d) for c, n, d in rows if is_course_staff(user, c)]


def course_slug(session: Session, title: str) -> str:
    """The address a new course gets from its title ("Mapování cest" → mapovani-cest),
    made unique against the courses there are (-2, -3, ...)."""
    base = slugify(title, frozenset(), fallback="kurz")
    taken = set(session.scalars(select(Course.slug).where(Course.slug.startswith(base))))
    return slugify(title, taken, fallback="kurz")


def create_course(session: Session, user: User, slug: str | None, title: str) -> Course:
    """A new, unpublished course that lists its creator as instructor; without a `slug`
    its address is made from the title."""
    title = title.strip()
    slug = (slug or "").strip() or course_slug(session, title)
    if not SLUG_RE.match(slug):
        raise StudioError(
            _l("Adresa kurzu smí obsahovat jen malá písmena bez diakritiky, číslice a pomlčky.")
        )
    if session.scalar(select(Course.id).where(Course.slug == slug)) is not None:
        raise StudioError(_l("Kurz s adresou %(slug)s už existuje.", slug=slug))
    course = Course(
        slug=slug,
        title=title,
        subtitle="",
        summary="",
        language="cs",
        level="beginner",
        tags=[],
        certificate_rules={},
        published=False,
        instructors=[{"name": user.full_name, "email": user.email}],
    )
    _write_source(course, {"title": title, "language": "cs", "level": "beginner"}, "")
    session.add(course)
    session.flush()
    record(
        session,
        "studio_course_created",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=slug,
    )
    return course


def _meta(course: Course) -> dict[str, Any]:
    """The course.md front matter as stored, or rebuilt from the fields."""
    source = course.source or rebuild_course_md(course)
    doc, _problems = parse_document(
        source, Path(course.slug or "course") / "course.md", "course.md"
    )
    return dict(doc.meta) if doc is not None else {}


def _write_source(course: Course, meta: dict[str, Any], overview: str) -> None:
    meta["title"] = course.title
    meta["instructors"] = [{k: v for k, v in p.items() if v} for p in course.instructors]
    meta["published"] = course.published
    course.source = front_matter(meta, overview)
    doc, _problems = parse_document(course.source, Path("course.md"), "course.md")
    course.source_hash = doc.content_hash if doc else ""
    course.overview_source = overview.strip()
    course.overview_html = render_markdown(overview, f"/media/{course.slug}/", course.language)


def lock_course(session: Session, course: Course) -> None:
    """Hold the course row until the commit and read it afresh: two tabs or two admins
    changing course.md (its fields, its instructors) one after the other, never one over
    the other's change (PostgreSQL's row lock; SQLite writes one at a time anyway)."""
    session.execute(select(Course.id).where(Course.id == course.id).with_for_update())
    session.refresh(course)


def update_course(session: Session, user: User, course: Course, fields: CourseFields) -> None:
    """Change the metadata; instructors only when `fields.instructors` is given (admins)."""
    if fields.instructors is not None and not user.is_admin:
        raise StudioError(_l("Lektory kurzu může měnit jen správce."))
    lock_course(session, course)
    meta = _meta(course)
    before = {"title": course.title, "instructors": _emails(course.instructors)}
    course.title, course.subtitle, course.summary = fields.title, fields.subtitle, fields.summary
    course.language, course.level, course.published = (
        fields.language,
        fields.level,
        fields.published,
    )
    course.estimated_hours, course.tags = fields.hours, fields.tags
    changed_team = fields.instructors is not None and _emails(fields.instructors) != _emails(
        course.instructors
    )
    if fields.instructors is not None:
        course.instructors = fields.instructors
    for key, value in (("subtitle", fields.subtitle), ("summary", fields.summary)):
        meta[key] = value
        if not value:
            meta.pop(key)
    meta["language"], meta["level"], meta["tags"] = fields.language, fields.level, fields.tags
    if fields.hours is None:
        meta.pop("estimated_hours", None)
    else:
        meta["estimated_hours"] = (
            int(fields.hours) if fields.hours == int(fields.hours) else (float(fields.hours))
        )
    _write_source(course, meta, fields.overview)
    course.updated_at = utcnow()
    session.flush()
    record(
        session,
        "studio_course_updated",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        title=course.title,
    )
    if changed_team:
        record(
            session,
            "studio_instructors_changed",
            user_id=user.id,
            actor_id=user.id,
            email=user.email,
            course=course.slug,
            before=before["instructors"],
            after=_emails(course.instructors),
        )


_emails = instructor_emails


def is_new(module: Module) -> bool:
    """Added in the studio and never published: learners do not see it."""
    return module.content_hash == ""


def outline(course: Course) -> list[Module]:
    """The modules the studio orders: live ones and new ones, by position."""
    return [m for m in course.modules if m.archived_at is None or is_new(m)]


def add_module(session: Session, user: User, course: Course, title: str, kind: str) -> Module:
    """A new module at the end; hidden from learners until its first Publish."""
    taken = {m.slug for m in course.modules}
    slug = slugify(title, taken)
    position = max((m.position for m in course.modules), default=0) + 1
    module = Module(
        slug=slug,
        position=position,
        title=title.strip(),
        kind=ModuleKind(kind),
        content_hash="",
        archived_at=utcnow(),
        settings={},
        body_html="",
    )
    course.modules.append(module)
    module.last_draft_revision = 1
    session.flush()
    session.add(
        ModuleDraft(
            module_id=module.id,
            source=new_module_text(title.strip(), kind),
            base_hash="",
            revision=1,
            updated_by=user.id,
        )
    )
    session.flush()
    record(
        session,
        "studio_module_created",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        module=slug,
        module_kind=kind,
    )
    return module


def move_module(session: Session, user: User, course: Course, module: Module, step: int) -> bool:
    """Swap the module with its neighbour up (-1) or down (+1); False at either end."""
    order = outline(course)
    index = order.index(module)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(order):
        return False
    neighbour = order[other]
    module.position, neighbour.position = neighbour.position, module.position
    session.flush()
    record(
        session,
        "studio_modules_reordered",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        module=module.slug,
        position=module.position,
    )
    return True


def archive_module(session: Session, user: User, course: Course, module: Module) -> None:
    """Hide a published module from the course; learners' progress in it is kept."""
    if module.archived_at is not None:
        return
    module.archived_at = utcnow()
    session.flush()
    summary.rebuild(session, [course.id])  # what completes the course changed
    record(
        session,
        "studio_module_archived",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        module=module.slug,
    )


def change_module_address(
    session: Session, user: User, course: Course, module: Module, address: str
) -> None:
    """Give a never-published module another address; StudioError when taken or published."""
    if not is_new(module):
        raise StudioError(_l("Adresu zveřejněného modulu už změnit nejde: účastníci ji znají."))
    if any(m.slug == address for m in course.modules if m is not module):
        raise StudioError(_l("Modul s adresou %(slug)s už v kurzu je.", slug=address))
    before, module.slug = module.slug, address
    session.flush()
    record(
        session,
        "studio_module_renamed",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        module=address,
        before=before,
    )


def reorder_modules(session: Session, user: User, course: Course, slugs: list[str]) -> bool:
    """Put the course's modules in the order of `slugs` (every module once, as dragged);
    False, changing nothing, when the list does not name exactly the course's modules."""
    order = outline(course)
    by_slug = {m.slug: m for m in order}
    if sorted(slugs) != sorted(by_slug) or len(set(slugs)) != len(slugs):
        return False
    positions = sorted(m.position for m in order)
    for position, slug in zip(positions, slugs, strict=True):
        by_slug[slug].position = position
    session.flush()
    record(
        session,
        "studio_modules_reordered",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        order=slugs,
    )
    return True


def set_instructors(
    session: Session, actor: User, course: Course, people: list[dict[str, str]], via: str
) -> bool:
    """Make `people` the course's instructors, written into course.md's `instructors:` (the
    one home of the list; Course.instructors mirrors it) and logged; False: no change."""
    before = _emails(course.instructors)
    if _emails(people) == before:
        return False
    course.instructors = people
    _write_source(course, _meta(course), course.overview_source or "")
    course.updated_at = utcnow()
    session.flush()
    record(
        session,
        "studio_instructors_changed",
        user_id=actor.id,
        actor_id=actor.id,
        email=actor.email,
        course=course.slug,
        before=before,
        after=_emails(people),
        via=via,
    )
    return True
