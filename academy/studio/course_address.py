"""A course's address (its slug: /courses/<slug>, /media/<slug>/, the folder in courses/),
changed in the studio while no learner can know it yet.

"Never published" is read as: not in the catalog now, and no enrolment or certificate ever
pointed at it (a course taken off the catalog after learners came keeps its address). The
move renames the media folder (and the bucket's keys) and rewrites the stored HTML that
carries the old /media/<slug>/ address. Services flush, never commit.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, exists, select
from sqlalchemy.exc import IntegrityError
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

log = logging.getLogger(__name__)

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
    if _holds_files(address, media_dir):
        raise StudioError(
            _l(
                "Pod adresou %(slug)s zůstaly soubory jiného kurzu. Zvolte jinou adresu.",
                slug=address,
            )
        )
    before = course.slug
    _rewrite_html(session, course, media_base(before), media_base(address))
    course.slug = address
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # the same address taken a moment ago in another tab
        raise StudioError(
            _l("Adresu %(slug)s právě dostal jiný kurz. Zvolte jinou.", slug=address)
        ) from None
    _move_media(session, before, address, media_dir)
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


def _holds_files(address: str, media_dir: Path) -> bool:
    """Whether media files already lie under `address` (a course deleted without its files):
    moving this course's files there would mix them."""
    folder = media_dir / address
    if folder.is_dir() and any(folder.iterdir()):
        return True
    return uses_bucket() and next(iter(storage(MEDIA).listing(f"{address}/")), None) is not None


def _move_media(session: Session, before: str, after: str, media_dir: Path) -> None:
    """The course's files under the new prefix. The bucket's keys are copied now; the old
    keys are removed, and this node's working copy renamed (one rename: nothing is half moved
    on disk), only once the change is committed. If anything fails first, the course keeps
    its old address with every file still under it."""
    old_keys: list[str] = []
    if uses_bucket():
        bucket = storage(MEDIA)
        old_keys = [key for key, _size in bucket.listing(f"{before}/")]
        for key in old_keys:
            with bucket.open(key) as stream:
                bucket.put_stream(after + key.removeprefix(before), stream)

    def settle(_session: Session) -> None:
        try:
            if (media_dir / before).is_dir():
                (media_dir / before).rename(media_dir / after)
            for key in old_keys:
                storage(MEDIA).delete(key)
        except OSError:  # the course works at its new address; old copies only take space
            log.exception("media of course %s left under its old address %s", after, before)

    event.listen(session, "after_commit", settle, once=True)
