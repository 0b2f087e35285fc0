"""A course's address (its slug: /courses/<slug>, /media/<slug>/, the folder in courses/),
changed in the studio while no learner can know it yet.

"Never published" is read as: not in the catalog now, and no enrolment or certificate ever
pointed at it (a course taken off the catalog after learners came keeps its address). The
move renames the media folder (and the bucket's keys) and rewrites the stored HTML that
carries the old /media/<slug>/ address. Services flush, never commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.certificates.models import Certificate
from academy.courses.models import Course, ModuleVersion
from academy.courses.source import SLUG_RE
from academy.learning.models import Enrollment
from academy.media.addresses import media_base
from academy.media.backends import MEDIA, storage, uses_bucket
from academy.studio.authoring import StudioError

MAX_LENGTH = 100  # Course.slug's column


def why_fixed(session: Session, course: Course):
    """Why the course's address can no longer change (a message), or None if it can."""
    if course.published:
        return _l(
            "Kurz je zveřejněný, proto jeho adresu změnit nejde: vedou na ni odkazy účastníků "
            "i jejich certifikáty."
        )
    learners = session.scalar(select(exists().where(Enrollment.course_id == course.id)))
    certified = session.scalar(select(exists().where(Certificate.course_id == course.id)))
    if learners or certified:
        return _l(
            "Kurz už byl zveřejněný a mají ho účastníci, proto jeho adresu změnit nejde: "
            "vedou na ni jejich odkazy a certifikáty."
        )
    return None


def change(session: Session, user: User, course: Course, address: str, media_dir: Path) -> bool:
    """Give a never-published course the address `address`; False when it already has it.
    StudioError says why not (published, taken, malformed)."""
    address = address.strip()
    if address == course.slug:
        return False
    reason = why_fixed(session, course)
    if reason is not None:
        raise StudioError(reason)
    if len(address) > MAX_LENGTH or not SLUG_RE.match(address):
        raise StudioError(
            _l("Adresa kurzu smí obsahovat jen malá písmena bez diakritiky, číslice a pomlčky.")
        )
    taken = session.scalar(select(Course.title).where(Course.slug == address))
    if taken is not None:
        raise StudioError(
            _l("Adresu %(slug)s už má kurz „%(title)s“. Zvolte jinou.", slug=address, title=taken)
        )
    before = course.slug
    _rewrite_html(session, course, media_base(before), media_base(address))
    course.slug = address
    session.flush()
    _move_media(before, address, media_dir)
    record(
        session,
        "studio_course_renamed",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=address,
        before=before,
    )
    return True


def _rewrite_html(session: Session, course: Course, old: str, new: str) -> None:
    """Stored HTML and settings carry media addresses as /media/<slug>/...; the prefix
    (slashes included, the slug being [a-z0-9-]) cannot occur by accident."""
    course.overview_html = (course.overview_html or "").replace(old, new)
    ids = [m.id for m in course.modules]
    versions = session.scalars(select(ModuleVersion).where(ModuleVersion.module_id.in_(ids)))
    for item in [*course.modules, *versions]:
        item.body_html = (item.body_html or "").replace(old, new)
        if item.settings:
            item.settings = json.loads(json.dumps(item.settings).replace(old, new))


def _move_media(before: str, after: str, media_dir: Path) -> None:
    """The course's files under the new prefix: the bucket's keys copied then removed, and
    this node's working copy renamed (one rename: nothing is half moved on disk)."""
    if uses_bucket():
        bucket = storage(MEDIA)
        for key, _size in list(bucket.listing(f"{before}/")):
            with bucket.open(key) as stream:
                bucket.put_stream(after + key.removeprefix(before), stream)
            bucket.delete(key)
    old = media_dir / before
    if old.is_dir():
        old.rename(media_dir / after)
