"""A screenshot attached to a question: the studio's upload rules (type read from the
content, images only here, size limit), kept in a private folder of the instance."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l

from academy.private_files import FILE_MODE, private_dir
from academy.studio import uploads
from academy.studio.uploads import UploadRefused

__all__ = ["UploadRefused", "folder", "keep"]


def folder(instance_path: str) -> Path:
    return private_dir(Path(instance_path) / "question-files")


def keep(stream: IO[bytes], filename: str, instance_path: str, limit: int) -> str:
    """Store an uploaded image; its new name, or UploadRefused with a message to show."""
    target = folder(instance_path)
    temp = uploads.receive(stream, private_dir(target / "incoming"), limit)
    try:
        media_type = uploads.validate(temp, filename)
        if media_type.kind != "image":
            raise UploadRefused(_l("K dotazu lze přiložit jen obrázek (PNG, JPEG, WebP nebo GIF)."))
        name = uploads.store(temp, target, uploads.safe_stem(filename), media_type)
    finally:
        temp.unlink(missing_ok=True)
    os.chmod(target / name, FILE_MODE)
    return name
