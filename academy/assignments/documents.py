"""What a document really is: templates a course offers and files a learner hands in.

The content decides, never the name: a PDF starts with %PDF-, an Office file is a zip whose
[Content_Types].xml names its main part, a CSV is UTF-8 text (the studio's CSV rules), an
image opens in Pillow. The extension must agree with the content. Office files with macros
(a vbaProject.bin, a macro-enabled main part, ActiveX controls) and PDFs with scripts are
refused whatever they are called. No Flask here except lazy translations, so it is tested
without an app.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree
from PIL import Image, UnidentifiedImageError

from academy.courses.wording import N_
from academy.media.spreadsheets import csv_data_problem


@dataclass(frozen=True)
class DocumentType:
    extension: str  # without the dot: pdf, xlsx, ...
    mime: str


PDF = DocumentType("pdf", "application/pdf")
XLSX = DocumentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX = DocumentType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
PPTX = DocumentType(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
CSV = DocumentType("csv", "text/csv")
PNG = DocumentType("png", "image/png")
JPG = DocumentType("jpg", "image/jpeg")
TYPES = {t.extension: t for t in (PDF, XLSX, DOCX, PPTX, CSV, PNG, JPG)}
ALIASES = {"jpeg": "jpg"}
# what a course may offer for download (docs/course-format.md, "Resources")
RESOURCE_TYPES = ("pdf", "xlsx", "docx", "pptx", "csv")
# the main part of each Office format, and the macro-enabled variants refused
OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
MACRO_MARKERS = ("macroenabled", "vbaproject", "vbadata", "activex")
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED = 200 * 1024 * 1024
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


class DocumentRefused(Exception):
    """A file that is not what it claims or may run code. `template` is the Czech msgid,
    `params` fill it: `courses check` reports them as a Problem, a page shows `message`."""

    def __init__(self, template: str, **args: Any) -> None:
        super().__init__(template % args if args else template)
        self.template, self.params = template, args

    @property
    def message(self) -> str:
        """The reason in the current request's language."""
        from flask_babel import gettext

        return gettext(self.template, **self.params)


def extension_of(filename: str) -> str:
    """The name's extension, lowercased and without the dot ('jpeg' is 'jpg')."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ALIASES.get(ext, ext)


def identify(data: bytes, filename: str, allowed: tuple[str, ...] | list[str]) -> DocumentType:
    """The type of `data`, uploaded as `filename`; DocumentRefused unless it is one of
    `allowed` (extensions), its content agrees with its name, and it runs no code."""
    extension = extension_of(filename)
    allowed = [ALIASES.get(a, a) for a in allowed]
    if extension not in allowed or extension not in TYPES:
        raise DocumentRefused(
            N_("Soubor typu „%(ext)s“ sem nahrát nelze. Povolené typy: %(allowed)s."),
            ext=extension or "?",
            allowed=", ".join(allowed),
        )
    if not data:
        raise DocumentRefused(N_("Soubor je prázdný."))
    found = _sniff(data)
    expected = TYPES[extension]
    if found is None and expected is CSV:
        problem = _csv_problem(data)
        if problem:
            raise DocumentRefused("%(reason)s", reason=problem)
        return CSV
    if found != expected:
        raise DocumentRefused(
            N_(
                "Obsah souboru neodpovídá příponě .%(ext)s (soubor je ve skutečnosti %(real)s). "
                "Uložte ho ve správném formátu a nahrajte znovu."
            )
            if found
            else N_(
                "Obsah souboru neodpovídá příponě .%(ext)s (je to jiný nebo neznámý "
                "formát). Uložte ho ve správném formátu a nahrajte znovu."
            ),
            ext=extension,
            **({"real": found.extension.upper()} if found else {}),
        )
    if found is PDF and _PDF_ACTIVE.search(data):
        raise DocumentRefused(
            N_("PDF obsahuje skript nebo vložený soubor; uložte ho znovu jako prosté PDF.")
        )
    if found in (PNG, JPG):
        _check_image(data)
    return found


def _sniff(data: bytes) -> DocumentType | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPG
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary Office formats carry macros
        raise DocumentRefused(
            N_(
                "Starší formáty Office (.doc, .xls, .ppt) nepřijímáme, mohou obsahovat makra. "
                "Uložte soubor jako .docx, .xlsx nebo .pptx."
            )
        )
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data: bytes) -> DocumentType:
    broken = DocumentRefused(N_("Soubor Office je poškozený nebo to není dokument Office."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise broken from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise broken
    names = [e.filename for e in entries]
    try:
        types = archive.read("[Content_Types].xml")
        root = ElementTree.fromstring(types)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError):
        raise broken from None
    content_types = [
        (el.get("ContentType") or "").lower() for el in root.iter() if el.get("ContentType")
    ]
    lowered = " ".join(names).lower() + " " + " ".join(content_types)
    if any(marker in lowered for marker in MACRO_MARKERS):
        raise DocumentRefused(
            N_(
                "Soubor obsahuje makra nebo ovládací prvky ActiveX a z bezpečnostních důvodů "
                "ho nepřijímáme. Uložte ho bez maker (.docx, .xlsx, .pptx) a nahrajte znovu."
            )
        )
    for content_type in content_types:
        if content_type in OFFICE_MAIN:
            return OFFICE_MAIN[content_type]
    raise broken


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DocumentRefused(N_("Obrázek je poškozený; nahrajte ho znovu.")) from None


def _csv_problem(data: bytes) -> str | None:
    """The studio's CSV rules (one home); outside a request (`courses check`) in Czech."""
    from flask import has_app_context, has_request_context
    from flask_babel import force_locale

    if has_request_context() or not has_app_context():
        return csv_data_problem(data)
    with force_locale("cs"):
        return csv_data_problem(data)
