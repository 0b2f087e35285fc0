"""A company's logo: a raster image (PNG, JPEG or WebP; no SVG, which can carry script),
its type read from the content, at most MAX_BYTES and MAX_SIDE pixels a side, stored as a
private file (academy.private_files: instance/private/ or the bucket's private/ prefix
with ACADEMY_STORAGE=s3), so only the company's managers and admins fetch it.

The studio's upload rules (academy.studio.uploads) check the bytes; this module adds the
logo's narrower list of types and its size."""

from __future__ import annotations

import contextlib
import mimetypes
import secrets
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy import event
from sqlalchemy.orm import Session

from academy.media.private import delete_private, open_private, save_private
from academy.private_files import private_dir
from academy.studio import uploads
from academy.studio.uploads import UploadRefused

__all__ = ["MAX_BYTES", "UploadRefused", "keep", "open_logo", "forget_after_commit", "mime_type"]

PREFIX = "company-logos"
MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000
ALLOWED = {uploads.PNG, uploads.JPEG, uploads.WEBP}


def _only_raster() -> UploadRefused:
    return UploadRefused(_l("Logo musí být obrázek PNG, JPEG nebo WebP (SVG ani GIF nelze)."))


def keep(stream: IO[bytes], filename: str, company_id: int, instance_path: str) -> str:
    """Store an uploaded logo; its storage key, or UploadRefused with a message to show."""
    incoming = private_dir(Path(instance_path) / "incoming")
    temp = uploads.receive(stream, incoming, MAX_BYTES)
    try:
        try:
            media_type = uploads.validate(temp, filename)
        except UploadRefused as refused:
            if refused.status == 413:
                raise
            raise _only_raster() if uploads.detect(temp) not in ALLOWED else refused from None
        if media_type not in ALLOWED:
            raise _only_raster()
        with Image.open(temp) as image:
            if max(image.size) > MAX_SIDE:
                raise UploadRefused(
                    _l("Logo je příliš velké: nejvýše %(side)d × %(side)d px.", side=MAX_SIDE)
                )
        key = f"{PREFIX}/{company_id}/{secrets.token_hex(8)}{media_type.extension}"
        with temp.open("rb") as source:
            save_private(key, source)
    finally:
        temp.unlink(missing_ok=True)
    return key


def open_logo(key: str) -> IO[bytes]:
    """The stored logo; FileNotFoundError when it is gone."""
    return open_private(key)


def forget_after_commit(session: Session, key: str) -> None:
    """Remove a replaced or removed logo's file once the change is committed: if the request
    rolls back, the company still points at it, so it must still be there."""

    def forget(_session: Session) -> None:
        with contextlib.suppress(FileNotFoundError):
            delete_private(key)

    event.listen(session, "after_commit", forget, once=True)


def mime_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"
