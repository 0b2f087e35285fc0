"""The certificate as a PDF/A-3b document: A4 landscape, fonts embedded, tagged, in Czech.

Pure function of its inputs (no Flask, no database), so it is tested directly. Names and
course titles wrap onto more lines and then shrink until they fit their box, whatever
their length; text is set as text (never parsed as markup).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import DocumentCompliance
from fpdf.prefs import ViewerPreferences

FONTS = Path(__file__).parent / "fonts"
DEFAULT_LOGO = Path(__file__).parent / "logo.svg"
BRAND = (15, 76, 92)
ACCENT = (227, 100, 20)
INK = (28, 36, 48)
MUTED = (91, 102, 118)
REVOKED = (180, 24, 24)
PT = 0.3528  # millimetres per point
# Characters that reorder text (bidi embeddings, overrides, isolates, marks): a name may
# carry them, but printed they could reverse the name or what follows it, so none is set.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class Signatory:
    name: str
    signature: Path | None = None  # an image of the signature, if the academy has one


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on the certificate, already formatted for the page."""

    full_name: str
    course_title: str
    completed_on: str  # e.g. "25. listopadu 2026"
    hours: str  # e.g. "4 hodiny studia"; empty to leave out
    signatories: tuple[Signatory, ...]
    signatories_label: str  # "Lektor" or "Lektoři"
    academy_name: str
    code: str
    verify_url: str
    logo: Path | None = DEFAULT_LOGO
    heading: str = "OSVĚDČENÍ O ABSOLVOVÁNÍ"
    intro: str = "Toto osvědčení získává"
    completed_text: str = "za úspěšné absolvování kurzu"
    date_label: str = "Datum absolvování"
    code_label: str = "Kód certifikátu"
    verify_label: str = "Ověření pravosti"
    language: str = "cs"
    # the signed Open Badges credential (compact JWT), attached to the PDF when given
    credential_jwt: str | None = None
    # set on a revoked certificate: the PDF is stamped and says when
    revoked_text: str | None = None


def printable(text: str) -> str:
    """`text` without bidi controls and other invisible format characters."""
    return "".join(
        ch for ch in text if ch not in BIDI_CONTROLS and unicodedata.category(ch) != "Cf"
    )


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=1, dark="#0f4c5c")
    buffer.seek(0)
    return buffer


@contextmanager
def _tagged(pdf: FPDF, struct_type: str) -> Iterator[None]:
    """Mark what is drawn inside as one structure element (P, H1, ...).

    fpdf2 tags images and links itself but has no public call for text; this uses its
    structure-tree builder the way its own image tagging does (pinned by
    tests/certificates/test_pdf.py::test_pdf_is_tagged_with_language_and_metadata).
    """
    mcid = pdf.struct_builder.next_mcid_for_page(pdf.page)
    pdf._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid)
    pdf._out(f"/{struct_type} <</MCID {mcid}>> BDC")
    yield
    pdf._out("EMC")


@contextmanager
def _artifact(pdf: FPDF) -> Iterator[None]:
    """Decoration (frames, rules) is marked as an artifact, outside the structure."""
    pdf._out("/Artifact BMC")
    yield
    pdf._out("EMC")


def fit_lines(
    pdf: FPDF,
    text: str,
    family: str,
    style: str,
    sizes: tuple[float, float],
    width: float,
    height: float,
    max_lines: int,
) -> tuple[float, list[str]]:
    """The largest size (from sizes[0] down to sizes[1]) at which `text`, wrapped to
    `width`, takes at most `max_lines` lines and fits `height`; the lines at that size.

    At the smallest size the text is wrapped inside words too, so it always fits its box.
    """
    largest, smallest = sizes
    size = largest
    while size > largest * 0.75:  # first: one line, a little smaller
        pdf.set_font(family, style, size)
        if pdf.get_string_width(text) <= width - 2 * pdf.c_margin:
            return size, [text]
        size -= 1
    size = largest  # then: wrapped onto more lines, then smaller
    while True:
        pdf.set_font(family, style, size)
        lines = pdf.multi_cell(width, size * PT * 1.15, text, dry_run=True, output="LINES")
        fits = len(lines) <= max_lines and len(lines) * size * PT * 1.15 <= height
        if fits or size <= smallest:
            break
        size = max(smallest, size - 1)
    while len(lines) * size * PT * 1.15 > height and size > 4:  # past the smallest size
        size -= 0.5
        pdf.set_font(family, style, size)
        lines = pdf.multi_cell(width, size * PT * 1.15, text, dry_run=True, output="LINES")
    return size, lines


def _block(
    pdf: FPDF,
    text: str,
    family: str,
    style: str,
    sizes: tuple[float, float],
    box: tuple[float, float, float, float],
    max_lines: int,
    tag: str = "P",
) -> None:
    """`text` centred in box (x, y, width, height): wrapped, then shrunk, always inside."""
    x, y, width, height = box
    size, lines = fit_lines(pdf, text, family, style, sizes, width, height, max_lines)
    line_height = size * PT * 1.15
    top = y + (height - len(lines) * line_height) / 2
    with _tagged(pdf, tag):
        for number, line in enumerate(lines):
            pdf.set_xy(x, top + number * line_height)
            pdf.cell(width, line_height, line, align="C")


def _line(
    pdf: FPDF,
    text: str,
    family: str,
    style: str,
    size: float,
    box: tuple[float, float, float, float],
    align: str = "L",
    tag: str = "P",
) -> None:
    """One line of `text` in box (x, y, width, height), shrunk if it is too long."""
    x, y, width, height = box
    pdf.set_font(family, style, size)
    while pdf.get_string_width(text) > width and size > 4:
        size -= 0.5
        pdf.set_font(family, style, size)
    with _tagged(pdf, tag):
        pdf.set_xy(x, y)
        pdf.cell(width, height, text, align=align)


def _image(pdf: FPDF, path: Path, x: float, y: float, box_w: float, box_h: float, alt: str) -> None:
    """An image scaled into a box (centred), tagged as a Figure with alternative text."""
    pdf.image(path, x=x, y=y, w=box_w, h=box_h, keep_aspect_ratio=True, alt_text=alt)


def render_certificate(content: CertificateContent) -> bytes:
    """A4 landscape PDF/A-3b bytes, tagged, /Lang cs, with the credential attached."""
    full_name = printable(content.full_name)
    course_title = printable(content.course_title)
    pdf = FPDF(
        orientation="L", unit="mm", format="A4", enforce_compliance=DocumentCompliance.PDFA_3B
    )
    pdf.set_creation_date(datetime.now(UTC).replace(microsecond=0))
    pdf.set_lang(content.language)
    pdf.set_title(f"{content.heading.capitalize()}: {full_name} – {course_title}")
    pdf.set_author(content.academy_name)
    pdf.set_subject(f"{content.code_label} {content.code} · {content.verify_url}")
    pdf.set_keywords(content.code)
    pdf.set_creator(content.academy_name)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_auto_page_break(False)
    pdf.add_font("Serif", "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font("Serif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
    pdf.add_page()
    width, height = pdf.w, pdf.h

    with _artifact(pdf):
        pdf.set_draw_color(*BRAND)
        pdf.set_line_width(2.2)
        pdf.rect(10, 10, width - 20, height - 20)
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.6)
        pdf.rect(15, 15, width - 30, height - 30)

    if content.logo is not None:
        _image(pdf, content.logo, width / 2 - 30, 21, 60, 15, content.academy_name)
    pdf.set_text_color(*BRAND)
    _line(pdf, content.academy_name.upper(), "Sans", "", 11, (20, 38, width - 40, 6), "C")

    pdf.set_text_color(*INK)
    _line(pdf, content.heading, "Serif", "B", 28, (20, 47, width - 40, 13), "C", tag="H1")

    pdf.set_text_color(*MUTED)
    _line(pdf, content.intro, "Serif", "", 14, (20, 63, width - 40, 7), "C")

    pdf.set_text_color(*BRAND)
    _block(pdf, full_name, "Serif", "B", (34, 11), (35, 71, width - 70, 27), max_lines=2)
    with _artifact(pdf):
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.4)
        pdf.line(width / 2 - 60, 100, width / 2 + 60, 100)

    pdf.set_text_color(*MUTED)
    _line(pdf, content.completed_text, "Serif", "", 14, (20, 103, width - 40, 7), "C")
    pdf.set_text_color(*INK)
    _block(pdf, course_title, "Serif", "B", (22, 9), (35, 111, width - 70, 22), max_lines=3)
    if content.hours:
        pdf.set_text_color(*MUTED)
        _line(pdf, content.hours, "Sans", "", 11, (20, 134, width - 40, 6), "C")

    # footer, left: date, code and where to check them
    pdf.set_text_color(*MUTED)
    _line(pdf, content.date_label.upper(), "Sans", "", 8, (30, 148, 105, 4))
    pdf.set_text_color(*INK)
    _line(pdf, content.completed_on, "Serif", "B", 13, (30, 152, 105, 7))
    pdf.set_text_color(*MUTED)
    _line(pdf, content.code_label.upper(), "Sans", "", 8, (30, 162, 105, 4))
    pdf.set_text_color(*INK)
    _line(pdf, content.code, "Sans", "", 11, (30, 166, 105, 6))
    pdf.set_text_color(*MUTED)
    _line(pdf, content.verify_label.upper(), "Sans", "", 8, (30, 175, 105, 4))
    pdf.set_text_color(*INK)
    _line(pdf, content.verify_url, "Sans", "", 8, (30, 179, 105, 5))

    _signatories(pdf, content, x=140, y=148, box_w=85)

    qr_size = 34
    pdf.image(
        _qr_png(content.verify_url),
        x=width - 30 - qr_size,
        y=150,
        w=qr_size,
        h=qr_size,
        alt_text=f"{content.verify_label}: {content.verify_url}",
    )

    if content.revoked_text:
        _revoked_stamp(pdf, content.revoked_text)
    if content.credential_jwt:
        pdf.embed_file(
            bytes=content.credential_jwt.encode("ascii"),
            basename="open-badges-credential.jwt",
            mime_type="application/jwt",
            associated_file_relationship="Supplement",
            desc="Open Badges 3.0 credential (VC-JWT) signed by " + content.academy_name,
            modification_date=pdf.creation_date,
        )
    return bytes(pdf.output())


def _signatories(pdf: FPDF, content: CertificateContent, x: float, y: float, box_w: float) -> None:
    """The instructors sign: a signature image (if any) over a rule, the name under it."""
    people = content.signatories
    if not people:
        return
    shown = people[:2]
    column = box_w / len(shown)
    for index, person in enumerate(shown):
        left = x + index * column
        if person.signature is not None:
            _image(
                pdf,
                person.signature,
                left + 4,
                y,
                column - 8,
                14,
                f"{content.signatories_label}: {printable(person.name)}",
            )
        with _artifact(pdf):
            pdf.set_draw_color(*MUTED)
            pdf.set_line_width(0.3)
            pdf.line(left + 4, y + 16, left + column - 4, y + 16)
    names = [printable(p.name) for p in shown]
    if len(people) > len(shown):
        names[-1] += f" a {len(people) - len(shown)} další"
    for index, name in enumerate(names):
        left = x + index * column
        pdf.set_text_color(*INK)
        _line(pdf, name, "Serif", "B", 11, (left, y + 18, column, 6), "C")
    pdf.set_text_color(*MUTED)
    label = f"{content.signatories_label} · {content.academy_name}"
    _line(pdf, label, "Sans", "", 8, (x, y + 25, box_w, 5), "C")


def _revoked_stamp(pdf: FPDF, text: str) -> None:
    """A revoked certificate never prints clean: a red band across it says so."""
    width, height = pdf.w, pdf.h
    pdf.set_text_color(*REVOKED)
    pdf.set_draw_color(*REVOKED)
    with pdf.rotation(18, x=width / 2, y=height / 2):
        with _artifact(pdf):
            pdf.set_line_width(1.5)
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(width / 2 - 115, height / 2 - 22, 230, 44, style="DF")
        _line(
            pdf,
            "ZRUŠENO · REVOKED",
            "Sans",
            "",
            44,
            (width / 2 - 112, height / 2 - 20, 224, 22),
            "C",
        )
        _line(pdf, text, "Sans", "", 12, (width / 2 - 112, height / 2 + 5, 224, 12), "C")
