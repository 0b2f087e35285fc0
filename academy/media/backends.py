"""The academy's storages, built once per app from its settings (ACADEMY_STORAGE=local|s3)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app

from academy.media.storage import LocalStorage, S3Storage, Storage

MEDIA, PRIVATE, BACKUPS = "media", "private", "backups"


def uses_bucket(app: Flask | None = None) -> bool:
    return (app or current_app).config.get("STORAGE", "local") == "s3"


def _client(config: dict, endpoint: str | None):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint or None,
        region_name=config.get("S3_REGION") or "us-east-1",
        aws_access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
        aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    )


def storage(area: str, app: Flask | None = None) -> Storage:
    """The storage of `area` (media, private, backups): local folders or prefixes in the bucket."""
    app = app or current_app
    cache = app.extensions.setdefault("academy_storage", {})
    if area not in cache:
        if uses_bucket(app):
            config = app.config
            if "client" not in cache:
                cache["client"] = _client(config, config.get("S3_ENDPOINT_URL"))
                public = config.get("S3_PUBLIC_URL")
                cache["public"] = _client(config, public) if public else cache["client"]
            cache[area] = S3Storage(cache["client"], config["S3_BUCKET"], area, cache["public"])
        else:
            cache[area] = LocalStorage(local_root(area, app), private=area != MEDIA)
    return cache[area]


def local_root(area: str, app: Flask | None = None) -> Path:
    """The folder that holds `area` locally (the working copy for media)."""
    app = app or current_app
    if area == MEDIA:
        return Path(app.config["MEDIA_DIR"])
    if area == PRIVATE:
        return Path(app.config["PRIVATE_DIR"])
    return Path(app.instance_path) / area


def push_media(
    course_slug: str, media_dir: Path | None = None, names: list[str] | None = None
) -> int:
    """With S3, upload the course's local working copy (or just `names`) to the bucket."""
    if not uses_bucket():
        return 0
    local = LocalStorage(media_dir or local_root(MEDIA))
    target = storage(MEDIA)
    keys = (
        [f"{course_slug}/{n}" for n in names]
        if names is not None
        else list(local.names(f"{course_slug}/"))
    )
    for key in keys:
        target.put(key, local.path(key))
    return len(keys)


def refresh_working_copy(course_id: int, course_slug: str, revision: int) -> None:
    """With S3, make this node's working copy of a course follow the bucket: when the
    course's media revision moved on (a file replaced or deleted through another node, or
    a new import), drop the local files; each is fetched again when next asked for
    (media_file). A marker per course (MEDIA_DIR/.revisions/<slug>) holds the revision the
    copy is of; a process remembers the last one it checked, so a request reads no file."""
    if not uses_bucket():
        return
    seen = current_app.extensions.setdefault("academy_media_revisions", {})
    stamp = f"{course_id}:{revision}"
    if seen.get(course_slug) == stamp:
        return
    root = local_root(MEDIA)
    marker = root / ".revisions" / course_slug
    try:
        current = marker.read_text(encoding="ascii").strip()
    except OSError:
        current = ""
    if current != stamp:
        folder = root / course_slug
        if folder.is_dir():
            for path in sorted(folder.rglob("*"), reverse=True):
                if path.is_file() or path.is_symlink():
                    path.unlink(missing_ok=True)
        marker.parent.mkdir(parents=True, exist_ok=True)
        partial = marker.with_name(f".{course_slug}.{os.getpid()}")
        partial.write_text(stamp, encoding="ascii")
        partial.replace(marker)  # atomic: another worker reads the old or the new stamp
    seen[course_slug] = stamp


def delete_media(course_slug: str, names: list[str], media_dir: Path | None = None) -> None:
    """Remove course files from this node's working copy and, with S3, from the bucket (the
    shared truth: a file left there would come back to any node that asks for it)."""
    local = LocalStorage(media_dir or local_root(MEDIA))
    for name in names:
        local.path(f"{course_slug}/{name}").unlink(missing_ok=True)
        if uses_bucket():
            storage(MEDIA).delete(f"{course_slug}/{name}")


def media_file(course_slug: str, name: str) -> Path | None:
    """The local path of a course file, fetched from the bucket into the working copy when
    this node has not got it yet; None when it exists nowhere."""
    local = LocalStorage(local_root(MEDIA))
    key = f"{course_slug}/{name}"
    try:
        path = local.path(key)
    except ValueError:
        return None
    if path.is_file() or not uses_bucket():
        return path if path.is_file() else None
    try:
        with storage(MEDIA).open(key) as stream:
            local.put_stream(key, stream)
    except FileNotFoundError:
        return None
    return path
