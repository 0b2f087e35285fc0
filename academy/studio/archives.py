"""Courses as .zip files: export in the courses/ format, and a safe unpacking for import.

No Flask here (only lazy translations). Unpacking refuses, before anything is written,
entries with absolute paths, `..`, drive letters, backslashes, symlinks or duplicate
names, and archives with too many entries, too much data or a suspicious compression
ratio by their headers; while writing into the temporary folder it counts the bytes
really read, so an archive that lies in its headers is stopped as well.
"""

from __future__ import annotations

import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from academy.courses.exporter import export_course
from academy.media.storage import Storage
from academy.studio.uploads import UploadRefused, validate

# A fixed timestamp: the same course gives the same .zip, byte for byte.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
IGNORED = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$)")
_DRIVE = re.compile(r"^[A-Za-z]:")
SMALL_ENTRY = 1024 * 1024  # below this, a high compression ratio is harmless


@dataclass(frozen=True)
class Limits:
    entries: int
    unpacked_bytes: int
    ratio: int


class ArchiveRefused(Exception):
    """An archive the studio will not unpack; `message` says why, in the user's words."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def write_course_zip(session: Session, slug: str, media: Storage, out: IO[bytes]) -> int:
    """Write course `slug` as a .zip of `<slug>/...` to `out`: the files `courses export` writes.

    Returns the number of files. Entries are sorted, dated 1980-01-01 and deflated.
    """
    with tempfile.TemporaryDirectory(prefix="academy-export-") as temp:
        folder = export_course(session, slug, Path(temp), media).folder
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(f"{slug}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                archive.writestr(info, path.read_bytes())
    return len(files)


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return str(_l("%(name)s: symbolické odkazy nejsou v archivu dovoleny", name=name))
    if "\\" in name or _DRIVE.match(name) or "\x00" in name:
        return str(_l("%(name)s: neplatná cesta v archivu", name=name))
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        return str(_l("%(name)s: cesta míří mimo archiv", name=name))
    if any(ord(ch) < 32 for ch in name):
        return str(
            _l("%(name)s: název obsahuje řídicí znaky", name=name.encode("unicode_escape").decode())
        )
    return None


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """The file entries to unpack, after every rule that the headers allow checking."""
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise ArchiveRefused(
            _l(
                "Archiv má příliš mnoho položek (%(count)s, nejvýše %(limit)s).",
                count=len(infos),
                limit=limits.entries,
            )
        )
    seen: set[str] = set()
    total = 0
    files = []
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            raise ArchiveRefused(problem)
        if IGNORED.search(info.filename):
            continue
        key = info.filename.rstrip("/").casefold()
        if key in seen:
            raise ArchiveRefused(_l("%(name)s: v archivu je dvakrát", name=info.filename))
        seen.add(key)
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise ArchiveRefused(
                _l("%(name)s: zašifrované soubory nelze nahrát", name=info.filename)
            )
        total += info.file_size
        if total > limits.unpacked_bytes:
            raise ArchiveRefused(too_big(limits))
        _check_ratio(info.filename, info.file_size, info.compress_size, limits)
        files.append(info)
    return files


def too_big(limits: Limits):
    return _l(
        "Rozbalený archiv by byl příliš velký (nejvýše %(size)s MB). Soubor nebyl zpracován.",
        size=limits.unpacked_bytes // (1024 * 1024),
    )


def _check_ratio(name: str, size: int, compressed: int, limits: Limits) -> None:
    if size > SMALL_ENTRY and size > limits.ratio * max(compressed, 1):
        raise ArchiveRefused(
            _l(
                "%(name)s: podezřele vysoký poměr komprese (možná zipová bomba). Soubor nebyl zpracován.",
                name=name,
            )
        )


def unpack(source: IO[bytes], dest: Path, limits: Limits) -> None:
    """Unpack a .zip into the empty folder `dest`, or raise ArchiveRefused.

    Files are created only under `dest`, from names that passed check_archive;
    sizes are counted as the data is really decompressed.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ArchiveRefused(_l("Soubor není platný archiv ZIP.")) from None
    with archive:
        files = check_archive(archive, limits)
        root = dest.resolve()
        total = 0
        for info in files:
            target = (root / info.filename).resolve()
            if not target.is_relative_to(root):  # belt and braces after _entry_problem
                raise ArchiveRefused(_l("%(name)s: cesta míří mimo archiv", name=info.filename))
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            try:
                with archive.open(info) as data, target.open("xb") as out:
                    while chunk := data.read(1024 * 1024):
                        written += len(chunk)
                        total += len(chunk)
                        if written > info.file_size or total > limits.unpacked_bytes:
                            raise ArchiveRefused(too_big(limits))
                        _check_ratio(info.filename, written, info.compress_size, limits)
                        out.write(chunk)
            except (
                zipfile.BadZipFile,
                zipfile.LargeZipFile,
                EOFError,
                NotImplementedError,
                RuntimeError,
                ValueError,
            ):
                raise ArchiveRefused(
                    _l(
                        "%(name)s: soubor v archivu je poškozený nebo nepodporovaný",
                        name=info.filename,
                    )
                ) from None


def course_root(unpacked: Path) -> Path:
    """The folder to check: the archive itself when it holds course folders at its top."""
    if (unpacked / "course.md").is_file():
        raise ArchiveRefused(
            _l(
                "Soubor course.md musí být ve složce pojmenované podle kurzu "
                "(např. muj-kurz/course.md), jako to vytváří export."
            )
        )
    return unpacked


def media_problems(course_folder: Path, root: Path) -> list[tuple[str, str]]:
    """(file, problem) for every file under media/ that an upload would also refuse."""
    media = course_folder / "media"
    problems = []
    if not media.is_dir():
        return problems
    for path in sorted(media.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(root).as_posix()
        if path.suffix.lower() in (".svg", ".svgz"):
            continue  # checked with the course (academy.courses.svg), as `courses import` does
        try:
            validate(path, path.name)
        except UploadRefused as exc:
            problems.append((where, str(exc.message)))
    return problems
