"""Course media uploads: what a file really is, a safe name for it, storing it without overwriting.

No Flask here (only lazy translations), so it is tested without an app. The client's file
name gives only a hint (its stem becomes part of the stored name, its extension must agree
with the content); the content decides the type: magic bytes via puremagic, images opened
by Pillow, captions parsed as WebVTT.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import puremagic
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from academy.media.images import is_modern_copy
from academy.media.spreadsheets import csv_problem
from academy.webinars.webvtt import check_webvtt


@dataclass(frozen=True)
class MediaType:
    kind: str  # image | video | captions
    mime: str
    extension: str  # canonical, with the dot


PNG = MediaType("image", "image/png", ".png")
JPEG = MediaType("image", "image/jpeg", ".jpg")
WEBP = MediaType("image", "image/webp", ".webp")
GIF = MediaType("image", "image/gif", ".gif")
WEBM = MediaType("video", "video/webm", ".webm")
MP4 = MediaType("video", "video/mp4", ".mp4")
VTT = MediaType("captions", "text/vtt", ".vtt")
CSV = MediaType("other", "text/csv", ".csv")  # a lesson's downloadable template, see spreadsheets

BY_EXTENSION = {
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".webp": WEBP,
    ".gif": GIF,
    ".webm": WEBM,
    ".mp4": MP4,
    ".vtt": VTT,
}
BY_MIME = {t.mime: t for t in BY_EXTENSION.values()}
PILLOW_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WEBP",
    "image/gif": "GIF",
}
KIND_OF_SUFFIX = {ext: t.kind for ext, t in BY_EXTENSION.items()} | {".svg": "image"}
# Old browsers sniffed HTML in the first bytes of anything; a polyglot image is refused.
_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b", re.IGNORECASE
)
SNIFF_BYTES = 8192
MAX_STEM = 40


class UploadRefused(Exception):
    """A file the studio does not accept; `message` says why, in the user's words."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


def allowed_extensions() -> str:
    return ", ".join(sorted({*BY_EXTENSION, CSV.extension}))


def safe_stem(filename: str) -> str:
    """A lowercase ASCII slug of the client's file stem: no path, dots or control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").rstrip(". ")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")
    return slug[:MAX_STEM].strip("-") or "soubor"


def client_extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(". ")
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


def detect(path: Path) -> MediaType | None:
    """The allowed type the content says it is, or None."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        return None
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    for match in matches:
        found = BY_MIME.get(match.mime_type)
        if found is not None:
            return found
        if match.mime_type == "application/x-matroska" and b"webm" in head[:64]:
            return WEBM
    if _looks_like_vtt(head):
        return VTT
    return None


def _looks_like_vtt(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf")
    return text.startswith(b"WEBVTT") and (
        len(text) == 6 or text[6:7] in (b"\n", b"\r", b" ", b"\t")
    )


def validate(path: Path, filename: str) -> MediaType:
    """The type of the uploaded file at `path`; UploadRefused unless it is allowed and whole."""
    extension = client_extension(filename)
    if extension in (".svg", ".svgz", ".html", ".htm", ".xhtml", ".xml", ".js", ".mjs"):
        raise UploadRefused(
            _l(
                "Soubory SVG, HTML a skripty nahrát nelze, protože mohou obsahovat spustitelný kód. "
                "Nahrajte obrázek jako PNG, JPEG, WebP nebo GIF."
            )
        )
    if extension == ".csv":
        problem = csv_problem(path)
        if problem:
            raise UploadRefused(problem)
        return CSV
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise UploadRefused(
            _l(
                "Tento typ souboru nahrát nelze. Povolené jsou obrázky (PNG, JPEG, WebP, GIF), "
                "video (WebM, MP4), titulky WebVTT (.vtt) a tabulky CSV."
            )
        )
    found = detect(path)
    if found is None:
        raise UploadRefused(
            _l(
                "Obsah souboru neodpovídá žádnému povolenému typu (obrázek PNG, JPEG, WebP, GIF, "
                "video WebM, MP4 nebo titulky WebVTT). Soubor nebyl uložen."
            )
        )
    if found != claimed:
        raise UploadRefused(
            _l(
                "Přípona souboru (%(ext)s) neodpovídá jeho obsahu (%(mime)s). "
                "Opravte příponu, nebo nahrajte správný soubor.",
                ext=extension,
                mime=found.mime,
            )
        )
    if found.kind == "captions":
        problem = vtt_problem(path.read_bytes())
        if problem:
            raise UploadRefused(
                _l("Titulky nejsou platný soubor WebVTT: %(problem)s", problem=problem)
            )
        return found
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if _ACTIVE_MARKUP.search(head):
        raise UploadRefused(
            _l(
                "Soubor obsahuje kód HTML nebo skript převlečený za obrázek či video. Soubor nebyl uložen."
            )
        )
    if found.kind == "image":
        _check_image(path, found)
    return found


def _check_image(path: Path, expected: MediaType) -> None:
    """Pillow must read the image as the same format and find it whole."""
    broken = UploadRefused(_l("Obrázek je poškozený nebo neúplný. Soubor nebyl uložen."))
    try:
        with Image.open(path) as image:
            if image.format != PILLOW_FORMATS[expected.mime]:
                raise broken
            image.verify()
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise broken from None


def vtt_problem(data: bytes) -> str | None:
    """None for a valid WebVTT file, else the first problem with its line number, translated."""
    problems = check_webvtt(data)
    if not problems:
        return None
    first = problems[0]
    return str(_l(first.template, line=first.line, **first.args))


def receive(stream: IO[bytes], incoming: Path, limit: int) -> Path:
    """Copy an upload into a private temporary file under `incoming`, at most `limit` bytes.

    UploadRefused(413) when the file is larger; the partial copy is removed.
    """
    incoming.mkdir(parents=True, exist_ok=True)
    temp = incoming / f"{secrets.token_hex(16)}.part"
    size = 0
    try:
        with temp.open("xb") as out:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(too_big_message(limit), status=413)
                out.write(chunk)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def too_big_message(limit: int):
    mib = 1024 * 1024
    if limit >= mib:
        return _l(
            "Soubor je příliš velký. Největší povolená velikost je %(size)s MB.", size=limit // mib
        )
    return _l(
        "Soubor je příliš velký. Největší povolená velikost je %(size)s kB.",
        size=max(limit // 1024, 1),
    )


def store(
    temp: Path,
    folder: Path,
    stem: str,
    media_type: MediaType,
    taken: Callable[[str], bool] = lambda name: False,
) -> str:
    """Move `temp` into `folder` under a new name `<stem>-<random><ext>`; never overwrites.

    A hard link creates the name atomically and fails if it exists, so two uploads at
    once can never take the same name; `taken` also skips names held elsewhere (the
    bucket, where another node may have stored one).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(20):
        name = f"{stem}-{secrets.token_hex(4)}{media_type.extension}"
        if taken(name):
            continue
        target = folder / name
        try:
            os.link(temp, target)
        except FileExistsError:
            continue
        except OSError:  # a filesystem without hard links: exclusive create, then copy
            try:
                with temp.open("rb") as source, target.open("xb") as out:
                    shutil.copyfileobj(source, out)
            except FileExistsError:
                continue
            except BaseException:  # e.g. the disk filled up: no half-written file is visible
                target.unlink(missing_ok=True)
                raise
        temp.unlink(missing_ok=True)
        os.chmod(target, 0o644)
        return name
    raise RuntimeError("no free media file name after 20 tries")


@dataclass(frozen=True)
class MediaFile:
    name: str  # relative to the course's media folder, with / separators
    size: int
    kind: str

    @property
    def reference(self) -> str:
        return f"media/{self.name}"

    @property
    def markdown(self) -> str:
        return markdown_for(self.name, self.kind)


def markdown_for(name: str, kind: str) -> str:
    """What the editor inserts: an image for pictures, a link for video and captions."""
    stem = Path(name).stem
    label = re.sub(r"-[0-9a-f]{8}$", "", stem).replace("-", " ").strip() or stem
    if kind == "image":
        return f"![{label}](media/{name})"
    return f"[{label}](media/{name})"


def list_media(listing: Iterable[tuple[str, int]]) -> list[MediaFile]:
    """The course's media files, by name, from (name, size) pairs relative to the course's
    folder (Storage.listing); hidden files and the WebP/AVIF copies left out."""
    files = []
    for name, size in listing:
        if any(part.startswith(".") for part in name.split("/")):
            continue
        if is_modern_copy(name):  # the WebP/AVIF made at import: not the author's files
            continue
        kind = KIND_OF_SUFFIX.get(PurePosixPath(name).suffix.lower(), "other")
        files.append(MediaFile(name, size, kind))
    return sorted(files, key=lambda f: f.name)
