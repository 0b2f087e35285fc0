"""A course's media library in the studio: list its files, take an upload or a replacement,
audit it."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.media_revision import media_changed
from academy.courses.models import Course
from academy.media.backends import MEDIA, delete_media, push_media, storage, uses_bucket
from academy.media.storage import LocalStorage
from academy.studio import uploads

INCOMING = ".incoming"  # under MEDIA_DIR, beside the course folders: same filesystem, never served


def course_folder(media_dir: Path, course: Course) -> Path:
    return media_dir / course.slug


def files(course: Course) -> list[uploads.MediaFile]:
    """The course's files as the media storage holds them (the bucket with S3, so every node
    lists the same files): one listing, sizes included."""
    prefix = f"{course.slug}/"
    listing = storage(MEDIA).listing(prefix)
    return uploads.list_media((key.removeprefix(prefix), size) for key, size in listing)


def upload(
    session: Session,
    user: User,
    course: Course,
    stream: IO[bytes],
    filename: str,
    media_dir: Path,
    limit: int,
) -> uploads.MediaFile:
    """Validate and store one file under a new name; UploadRefused says why not.

    Nothing is written to the course's folder unless the file is accepted.
    """
    temp = uploads.receive(stream, media_dir / INCOMING, limit)
    try:
        media_type = uploads.validate(temp, filename)
        bucket = storage(MEDIA) if uses_bucket() else None
        name = uploads.store(
            temp,
            course_folder(media_dir, course),
            uploads.safe_stem(filename),
            media_type,
            taken=lambda n: bucket is not None and bucket.exists(f"{course.slug}/{n}"),
        )
    finally:
        temp.unlink(missing_ok=True)
    stored = course_folder(media_dir, course) / name
    push_media(course.slug, media_dir, [name])  # the bucket, when one is used
    record(
        session,
        "studio_media_uploaded",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        file=name,
        media_kind=media_type.kind,
        size=stored.stat().st_size,
    )
    return uploads.MediaFile(name, stored.stat().st_size, media_type.kind)


def same_type(name: str, media_type: uploads.MediaType) -> bool:
    """Whether `media_type` may stand in for the file `name`: the same canonical type, so
    every `media/<name>` reference and the type the browser gets for it stay right."""
    suffix = Path(name).suffix.lower()
    if media_type is uploads.CSV:
        return suffix == uploads.CSV.extension
    return uploads.BY_EXTENSION.get(suffix) == media_type


def replaceable(name: str) -> bool:
    """Whether an upload can stand in for `name` at all (an imported SVG cannot: uploads
    refuse SVG, since it can carry scripts)."""
    suffix = Path(name).suffix.lower()
    return suffix in uploads.BY_EXTENSION or suffix == uploads.CSV.extension


def replace(
    session: Session,
    user: User,
    course: Course,
    name: str,
    stream: IO[bytes],
    filename: str,
    media_dir: Path,
    limit: int,
) -> uploads.MediaFile | None:
    """Put a new upload in place of the course's file `name`, keeping the name, so every
    module that uses it shows the new content; None when the course has no such file.

    The same rules as an upload (type from content, size limit) plus the same type as the
    old file; UploadRefused says why not. Atomic: the storage swaps the whole file in (a
    rename locally, one PUT in the bucket) only once the upload was received and checked,
    so a refused or broken upload leaves the old file as it was.
    """
    old = next((f for f in files(course) if f.name == name), None)
    if old is None:
        return None
    temp = uploads.receive(stream, media_dir / INCOMING, limit)
    try:
        media_type = uploads.validate(temp, filename)
        if not same_type(name, media_type):
            raise uploads.UploadRefused(
                _l(
                    "Nový soubor musí být stejného typu jako %(name)s (%(ext)s), aby odkazy "
                    "v modulech dál fungovaly. Soubor nebyl nahrazen.",
                    name=name,
                    ext=Path(name).suffix.lower(),
                )
            )
        size = temp.stat().st_size
        key = f"{course.slug}/{name}"
        storage(MEDIA).put(key, temp)  # the bucket with S3 (the shared truth), else the folder
        if uses_bucket():
            LocalStorage(media_dir).put(key, temp)  # this node's working copy follows
    finally:
        temp.unlink(missing_ok=True)
    # the WebP/AVIF copies show the old picture; they are made again at the next import
    delete_media(course.slug, [f"{name}.webp", f"{name}.avif"], media_dir)
    media_changed(session, course.slug)  # other nodes drop their copy of the old file
    record(
        session,
        "studio_media_replaced",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        file=name,
        media_kind=media_type.kind,
        size_before=old.size,
        size=size,
    )
    return uploads.MediaFile(name, size, media_type.kind)
