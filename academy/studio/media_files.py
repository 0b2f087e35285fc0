"""A course's media library in the studio: list its files, take an upload, audit it."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.models import Course
from academy.media.backends import MEDIA, push_media, storage
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
        name = uploads.store(
            temp, course_folder(media_dir, course), uploads.safe_stem(filename), media_type
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
