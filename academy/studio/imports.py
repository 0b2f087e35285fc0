"""Importing a course .zip from the studio: unpack safely, check, check ownership, import.

The rules and messages of `flask courses import` (academy.courses.checker/importer) apply
unchanged; the studio adds who may import what, and the media rules of uploads.
Flushes, never commits; an import with any problem changes nothing in the database
or in the media folder.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.checker import check_path, errors_only
from academy.courses.importer import ImportReport, import_path, instructor_emails
from academy.courses.models import Course
from academy.courses.source import CourseSource, Problem, find_courses
from academy.courses.staff import is_course_staff
from academy.courses.wording import N_
from academy.studio.archives import ArchiveRefused, Limits, course_root, media_problems, unpack
from academy.webinars import search


@dataclass
class ZipImport:
    """What the import page shows: problems as file:line, or what was imported."""

    refused: str | None = None  # the archive itself was refused (zip-slip, bomb, not a zip)
    problems: list[Problem] = field(default_factory=list)
    report: ImportReport | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None and self.report is not None and self.report.ok


def ownership_problems(session: Session, user: User, sources: list[CourseSource]) -> list[Problem]:
    """An instructor may update only their own courses, and never change who teaches them.

    Only admins change instructors (here, in the studio's course form, at the command line).
    A new course lists exactly its uploader; an update keeps the listed e-mails as they are.
    course.md stays the single source of who teaches, so the zip comes back byte for byte.
    """
    if user.is_admin:
        return []
    slugs = [s.slug for s in sources]
    existing = {c.slug: c for c in session.scalars(select(Course).where(Course.slug.in_(slugs)))}
    problems = []
    for source in sources:
        where = f"{source.slug}/course.md"
        line = source.doc.meta_lines.get("instructors", 0)
        course = existing.get(source.slug)
        listed = instructor_emails(
            [p for p in source.meta.get("instructors") or [] if isinstance(p, dict)]
        )
        if course is not None and not is_course_staff(user, course):
            problems.append(
                Problem(
                    where,
                    0,
                    N_(
                        "kurz %(slug)s už existuje a vy v něm nejste uveden(a) jako lektor; "
                        "požádejte jeho lektora nebo správce"
                    ),
                    args={"slug": source.slug},
                )
            )
        elif course is None and listed != [user.email.lower()]:
            problems.append(
                Problem(
                    where,
                    line,
                    N_(
                        "v seznamu instructors nového kurzu uveďte jen sebe (name a email %(email)s); "
                        "další lektory přidává správce"
                    ),
                    args={"email": user.email},
                )
            )
        elif course is not None and listed != instructor_emails(course.instructors):
            problems.append(
                Problem(
                    where,
                    line,
                    N_(
                        "seznam lektorů (instructors) může měnit jen správce; ponechte v něm "
                        "%(emails)s"
                    ),
                    args={"emails": ", ".join(instructor_emails(course.instructors))},
                )
            )
    return problems


def import_zip(
    session: Session, user: User, upload: IO[bytes], media_dir: Path, limits: Limits
) -> ZipImport:
    """Unpack `upload` into a temporary folder and import the courses in it, all or nothing."""
    with tempfile.TemporaryDirectory(prefix="academy-import-") as temp:
        unpacked = Path(temp) / "archive"
        unpacked.mkdir()
        try:
            unpack(upload, unpacked, limits)
            root = course_root(unpacked)
        except ArchiveRefused as exc:
            return ZipImport(refused=str(exc.message))
        sources, problems = check_path(root)
        if not find_courses(root):
            return ZipImport(refused=str(_l("V archivu není žádný kurz (složka s course.md).")))
        if errors_only(problems):
            return ZipImport(problems=problems)
        refusals = ownership_problems(session, user, sources)
        for source in sources:  # these messages come translated already (str of a lazy string)
            refusals += [
                Problem(where, 0, message) for where, message in media_problems(source.path, root)
            ]
        if refusals:
            return ZipImport(problems=problems + refusals)
        report = import_path(session, root, media_dir, actor=user)
        if report.ok:
            search.refresh_index(session, media_dir)
            for slug in report.courses:
                record(
                    session,
                    "studio_course_imported",
                    user_id=user.id,
                    actor_id=user.id,
                    email=user.email,
                    course=slug,
                    created=report.created,
                    updated=report.updated,
                    archived=report.archived,
                )
        return ZipImport(problems=report.problems, report=report)
