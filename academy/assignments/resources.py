"""A course's downloadable templates and worksheets (`resources:` of a module).

At import each file of the course's resources/ folder (already checked from its content by
`courses check`) is kept in private storage under resources/<course>/<name>; export writes
them back byte for byte; learners of the course download them as attachments, and every
download is counted for the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.assignments.documents import TYPES, extension_of
from academy.assignments.format import RESOURCES_FOLDER
from academy.assignments.models import ResourceDownload
from academy.courses.models import Course, Module
from academy.media import private


def _key(course_slug: str, name: str) -> str:
    return f"resources/{course_slug}/{name.lower()}"


def store_course_resources(course_path: Path, course_slug: str) -> int:
    """Keep every file of a course folder's resources/ in private storage; how many."""
    folder = course_path / RESOURCES_FOLDER
    stored = 0
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and not path.name.startswith("."):
            with path.open("rb") as stream:
                private.save_private(_key(course_slug, path.name), stream)
            stored += 1
    return stored


def export_course_resources(session: Session, course: Course, folder: Path) -> int:
    """Write the resources the course's live modules name into `folder`/resources/."""
    names = {
        r["name"]
        for module in course.modules
        if module.archived_at is None
        for r in module.settings.get("resources") or []
    }
    for name in sorted(names):
        with private.open_private(_key(course.slug, name)) as stream:
            data = stream.read()
        (folder / RESOURCES_FOLDER).mkdir(parents=True, exist_ok=True)
        (folder / RESOURCES_FOLDER / name).write_bytes(data)
    return len(names)


def module_resources(module: Module) -> list[dict[str, Any]]:
    return list(module.settings.get("resources") or [])


@dataclass(frozen=True)
class Download:
    name: str
    mime: str
    data: bytes


def download(session: Session, module: Module, name: str, user_id: int | None) -> Download | None:
    """A resource of `module` by its file name, counted; None if the module has no such file.
    Who may download is the caller's rule (the course's learners and staff)."""
    entry = next((r for r in module_resources(module) if r["name"] == name), None)
    if entry is None:
        return None
    try:
        with private.open_private(_key(module.course.slug, name)) as stream:
            data = stream.read()
    except FileNotFoundError:
        current_app.logger.error("resource %s of module %s is missing", name, module.id)
        return None
    session.add(ResourceDownload(module_id=module.id, user_id=user_id, name=name))
    kind = TYPES.get(extension_of(name))
    return Download(name, kind.mime if kind else "application/octet-stream", data)


def download_counts(session: Session, course: Course) -> list[tuple[Module, str, int, int]]:
    """(module, file name, downloads, different people) for the course's resources."""
    rows = session.execute(
        select(
            ResourceDownload.module_id,
            ResourceDownload.name,
            func.count(),
            func.count(func.distinct(ResourceDownload.user_id)),
        )
        .join(Module, Module.id == ResourceDownload.module_id)
        .where(Module.course_id == course.id)
        .group_by(ResourceDownload.module_id, ResourceDownload.name)
    )
    found = {(m, n): (int(c), int(d)) for m, n, c, d in rows}
    result = []
    for module in course.modules:
        for entry in module_resources(module):
            count, people = found.get((module.id, entry["name"]), (0, 0))
            result.append((module, entry["name"], count, people))
    return result
