"""`courses export`: a course from the database back to the courses/ folder format.

Module files are the sources stored at import (the module's current ModuleVersion),
course.md the stored course source, media/ a copy of the imported media; so
import → export → import changes nothing and the files come back byte for byte.
Archived modules are left out. Reads only: nothing is flushed or committed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.assignments.resources import export_course_resources
from academy.courses.models import Course, Module, ModuleKind, ModuleVersion
from academy.courses.quiz_source import Question, parse_quiz
from academy.courses.source import parse_document
from academy.journeys.format import export_examples
from academy.media.addresses import media_base
from academy.media.images import is_modern_copy
from academy.media.storage import CHUNK, Storage


class ExportError(Exception):
    """A problem the operator can fix (unknown slug, folder in the way); the message says how."""


@dataclass
class ExportReport:
    folder: Path
    modules: int = 0
    archived: int = 0
    media: int = 0
    resources: int = 0


def course_folder(dest: Path, slug: str) -> Path:
    """DEST itself when it is named after the course, else DEST/<slug>."""
    return dest if dest.name == slug else dest / slug


def export_course(
    session: Session, slug: str, dest: Path, media: Storage, *, replace: bool = False
) -> ExportReport:
    """Write course `slug` as a course folder under `dest` (see course_folder).

    A folder that already holds files is only written over with `replace`: its course.md,
    module files and media/ are then replaced, other files are left alone. The course's
    media are read from `media` (the app's media storage: local folder or bucket).
    """
    course = _course(session, slug)
    sources = _module_sources(session, course)  # before anything on disk changes
    folder = course_folder(dest, slug)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; give a folder to export into")
    if folder.is_dir() and any(folder.iterdir()):
        if not replace:
            raise ExportError(
                f"{folder} is not empty; choose another folder, or add --replace to "
                "overwrite its course.md, module files and media/"
            )
        for old in folder.glob("*.md"):
            old.unlink()
        shutil.rmtree(folder / "media", ignore_errors=True)
        shutil.rmtree(folder / "resources", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport(folder)
    _write(folder / "course.md", course.source or rebuild_course_md(course))
    for module in course.modules:
        if module.archived_at is not None:
            report.archived += 1
            continue
        _write(folder / module_file_name(module), sources[module.id])
        report.modules += 1
    report.media = _export_media(media, slug, folder / "media")
    report.resources = export_course_resources(session, course, folder)
    export_examples(course.modules, folder)  # journey maps' example files
    return report


def _export_media(media: Storage, slug: str, target: Path) -> int:
    """Copy the course's files from the media storage (one listing) into `target`, leaving
    out the WebP/AVIF copies made at import; the number of files copied."""
    prefix = f"{slug}/"
    copied = 0
    for key in media.names(prefix):
        name = key.removeprefix(prefix)
        if is_modern_copy(name):
            continue
        path = target.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with media.open(key) as stream, path.open("wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        copied += 1
    return copied


def course_quizzes(session: Session, slug: str) -> tuple[str, list[tuple[str, list[Question]]]]:
    """The course title and, for each quiz module in order, its title and questions."""
    course = _course(session, slug)
    sources = _module_sources(session, course)
    quizzes = []
    for module in course.modules:
        if module.archived_at is None and module.kind == ModuleKind.QUIZ:
            name = f"{slug}/{module_file_name(module)}"
            doc, _ = parse_document(sources[module.id], Path(name), name)
            if doc is not None:
                quizzes.append((module.title, parse_quiz(doc.body, doc.body_line).questions))
    return course.title, quizzes


def module_file_name(module: Module) -> str:
    return f"{module.position:02d}-{module.slug}.md"


def rebuild_course_md(course: Course) -> str:
    """course.md from the stored fields, for courses imported before course.md was kept."""
    meta: dict[str, Any] = {"title": course.title}
    for key in ("subtitle", "summary"):
        if getattr(course, key):
            meta[key] = getattr(course, key)
    meta["language"], meta["level"] = course.language, course.level
    if course.estimated_hours is not None:
        hours = Decimal(course.estimated_hours)
        meta["estimated_hours"] = int(hours) if hours == hours.to_integral() else float(hours)
    if course.instructors:
        meta["instructors"] = [
            {k: v for k, v in person.items() if v} for person in course.instructors
        ]
    if course.cover:
        meta["cover"] = "media/" + course.cover.removeprefix(media_base(course.slug))
    if course.tags:
        meta["tags"] = list(course.tags)
    meta["published"] = course.published
    if course.certificate_rules:
        meta["certificate"] = dict(course.certificate_rules)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{course.overview_source.strip()}\n"


def _course(session: Session, slug: str) -> Course:
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        known = ", ".join(session.scalars(select(Course.slug).order_by(Course.slug))) or "none"
        raise ExportError(f"no course with the slug {slug!r}; imported courses: {known}")
    return course


def _module_sources(session: Session, course: Course) -> dict[int, str]:
    """Each live module's source as last imported, in one query."""
    rows = session.execute(
        select(ModuleVersion.module_id, ModuleVersion.source)
        .join(Module, Module.id == ModuleVersion.module_id)
        .where(
            Module.course_id == course.id,
            Module.archived_at.is_(None),
            ModuleVersion.content_hash == Module.content_hash,
        )
    )
    sources = {module_id: source for module_id, source in rows}
    for module in course.modules:
        if module.archived_at is None and module.id not in sources:
            raise ExportError(
                f"module {module.slug!r} has no stored source; re-import the course first"
            )
    return sources


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation on any platform
