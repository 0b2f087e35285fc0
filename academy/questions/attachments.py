"""A screenshot attached to a question: the studio's upload rules (type read from the
content, images only here, size limit), stored as a private file (academy.media.private:
instance/private/ 0600, or the bucket's private/ prefix with ACADEMY_STORAGE=s3)."""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l

from academy.media.private import open_private, save_private
from academy.private_files import private_dir
from academy.studio import uploads
from academy.studio.uploads import UploadRefused

__all__ = ["UploadRefused", "keep", "open_attachment", "mime_type"]

PREFIX = "questions"


def keep(stream: IO[bytes], filename: str, instance_path: str, limit: int) -> str:
    """Store an uploaded image; its new name, or UploadRefused with a message to show."""
    incoming = private_dir(Path(instance_path) / "incoming")
    temp = uploads.receive(stream, incoming, limit)
    try:
        media_type = uploads.validate(temp, filename)
        if media_type.kind != "image":
            raise UploadRefused(_l("K dotazu lze přiložit jen obrázek (PNG, JPEG, WebP nebo GIF)."))
        name = f"{uploads.safe_stem(filename)}-{secrets.token_hex(8)}{media_type.extension}"
        with temp.open("rb") as source:
            save_private(f"{PREFIX}/{name}", source)
    finally:
        temp.unlink(missing_ok=True)
    return name


def open_attachment(name: str) -> IO[bytes]:
    """The stored image; FileNotFoundError when it is gone."""
    return open_private(f"{PREFIX}/{name}")


def mime_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
