"""Where a course's media files are used, and deleting one that nothing uses."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.media_revision import media_changed
from academy.courses.models import Course, Module, ModuleVersion
from academy.media.backends import delete_media
from academy.studio.media_files import files
from academy.studio.models import ModuleDraft

MEDIA_REFERENCE = re.compile(r"media/([A-Za-z0-9][A-Za-z0-9._/-]*)")


class MediaInUse(Exception):  # noqa: N818 (a refusal the user reads, not a failure)
    """The file is still referenced; `titles` are the modules (or the course page) using it."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__(", ".join(titles))
        self.titles = titles


def usage(session: Session, course: Course) -> dict[str, list[str]]:
    """Where each media file is used: file name → titles of the modules (published text or
    draft) and of the course page that reference it."""
    ids = [module.id for module in course.modules]
    drafted = dict(
        session.execute(
            select(ModuleDraft.module_id, ModuleDraft.source).where(ModuleDraft.module_id.in_(ids))
        ).all()
    )
    published = dict(
        session.execute(
            select(ModuleVersion.module_id, ModuleVersion.source)
            .join(
                Module,
                and_(
                    Module.id == ModuleVersion.module_id,
                    Module.content_hash == ModuleVersion.content_hash,
                ),
            )
            .where(ModuleVersion.module_id.in_(ids))
        ).all()
    )
    texts = [(course.title, course.source or "")]
    for module in course.modules:  # two queries for any number of modules
        texts.append(
            (module.title, drafted.get(module.id, "") + "\n" + published.get(module.id, ""))
        )
    used: dict[str, list[str]] = {}
    for title, text in texts:
        for name in dict.fromkeys(MEDIA_REFERENCE.findall(text)):
            used.setdefault(name, []).append(title)
    return used


def delete(session: Session, user: User, course: Course, name: str, media_dir: Path) -> bool:
    """Delete a file nothing uses; MediaInUse lists what still does. False: no such file."""
    if name not in {f.name for f in files(course)}:
        return False
    titles = usage(session, course).get(name)
    if titles:
        raise MediaInUse(titles)
    # with it go its WebP/AVIF copies (academy.media.images), here and in the bucket
    delete_media(course.slug, [name, f"{name}.webp", f"{name}.avif"], media_dir)
    media_changed(session, course.slug)  # and other nodes drop their copy
    record(
        session,
        "studio_media_deleted",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        file=name,
    )
    return True
