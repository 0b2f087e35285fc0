"""Posters and course images in modern formats, made once when a course is imported.

Beside every PNG or JPEG in a course's media folder the import writes `<name>.webp` and
`<name>.avif` (Pillow); pages then offer AVIF and WebP with the original as the fallback
(`<picture>`), and a poster uses the WebP (every browser the academy supports shows it).
The addresses carry `?v=<size and time>`, so they are served with a year's cache lifetime.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, UnidentifiedImageError

SOURCES = {".png", ".jpg", ".jpeg"}
MODERN = (("avif", "image/avif", {"quality": 60}), ("webp", "image/webp", {"quality": 80}))
log = logging.getLogger(__name__)


def modern_copies(folder: Path) -> list[Path]:
    """Write the missing or stale .webp/.avif copies of the folder's PNGs and JPEGs."""
    made = []
    for source in sorted(folder.rglob("*")):
        if source.suffix.lower() not in SOURCES or not source.is_file():
            continue
        for suffix, _kind, options in MODERN:
            target = source.with_name(f"{source.name}.{suffix}")
            if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
                continue
            try:
                with Image.open(source) as image:
                    image.save(target, format=suffix.upper(), **options)
            except (OSError, UnidentifiedImageError, ValueError) as exc:
                log.warning("no %s copy of %s: %s", suffix, source, exc)
                continue
            made.append(target)
    return made


def is_modern_copy(name: str) -> bool:
    """Whether a media file is one of the copies made here (left out of exports and lists)."""
    stem, _dot, suffix = name.rpartition(".")
    return suffix in ("webp", "avif") and Path(stem).suffix.lower() in SOURCES


def versioned(url: str, path: Path) -> str:
    """`url` with a version argument that changes whenever the file does."""
    stat = path.stat()
    return f"{url}?v={stat.st_size:x}{int(stat.st_mtime):x}"


class ModernImage:
    """A course image's addresses for a page: the original and its modern copies, each
    versioned (so cached for a year); `webp`/`avif` are None when no copy exists."""

    def __init__(self, url: str, path: Path | None) -> None:
        self.src, self.webp, self.avif = url, None, None
        if path is None or not path.is_file():
            return
        self.src = versioned(url, path)
        for suffix, _kind, _options in MODERN:
            copy = path.with_name(f"{path.name}.{suffix}")
            if copy.is_file():
                setattr(self, suffix, versioned(f"{url}.{suffix}", copy))

    @property
    def poster(self) -> str:
        """What a <video poster> takes: one address, the WebP when there is one."""
        return self.webp or self.src
