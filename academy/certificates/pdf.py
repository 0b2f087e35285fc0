"""The certificate as a PDF: A4 landscape, fonts embedded, no markup, no fetching.

Pure function of its inputs (no Flask, no database), so it is tested directly.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
BRAND = (15, 76, 92)
ACCENT = (227, 100, 20)
INK = (28, 36, 48)
MUTED = (91, 102, 118)


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on the certificate, already formatted for the page."""

    full_name: str
    course_title: str
    completed_on: str  # e.g. "25. listopadu 2026"
    hours: str  # e.g. "4 hodiny studia"; empty to leave out
    instructors: str  # e.g. "Jiří Šťastný, Markéta Dvořáková"; empty to leave out
    instructors_label: str  # "Lektor" or "Lektoři"
    academy_name: str
    code: str
    verify_url: str
    heading: str = "OSVĚDČENÍ O ABSOLVOVÁNÍ"
    intro: str = "Tímto potvrzujeme, že"
    completed_text: str = "úspěšně absolvoval(a) kurz"
    date_label: str = "Datum absolvování"
    code_label: str = "Kód certifikátu"
    verify_label: str = "Ověření pravosti"


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=1, dark="#0f4c5c")
    buffer.seek(0)
    return buffer


def _fit(pdf: FPDF, text: str, family: str, style: str, size: float, width: float) -> None:
    """Use `size`, or shrink it until `text` fits on one line of `width`."""
    pdf.set_font(family, style, size)
    while pdf.get_string_width(text) > width and size > 12:
        size -= 1
        pdf.set_font(family, style, size)


def render_certificate(content: CertificateContent) -> bytes:
    """A4 landscape PDF bytes. Text is set as text (never parsed as markup)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creator(content.academy_name)
    pdf.set_title(f"{content.heading.capitalize()} – {content.full_name}")
    pdf.set_author(content.academy_name)
    pdf.set_auto_page_break(False)
    pdf.add_font("Serif", "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font("Serif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
    pdf.add_page()
    width, height = pdf.w, pdf.h

    # frame
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(2.2)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.rect(15, 15, width - 30, height - 30)

    # academy mark and name
    pdf.set_fill_color(*BRAND)
    pdf.rect(width / 2 - 9, 24, 18, 18, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Sans", "", 13)
    pdf.set_xy(width / 2 - 9, 24)
    pdf.cell(18, 18, "CX", align="C")
    pdf.set_text_color(*BRAND)
    pdf.set_font("Sans", "", 12)
    pdf.set_xy(20, 45)
    pdf.cell(width - 40, 7, content.academy_name.upper(), align="C")

    pdf.set_text_color(*INK)
    pdf.set_font("Serif", "B", 30)
    pdf.set_xy(20, 58)
    pdf.cell(width - 40, 14, content.heading, align="C")

    pdf.set_text_color(*MUTED)
    pdf.set_font("Serif", "", 14)
    pdf.set_xy(20, 80)
    pdf.cell(width - 40, 8, content.intro, align="C")

    pdf.set_text_color(*BRAND)
    _fit(pdf, content.full_name, "Serif", "B", 34, width - 60)
    pdf.set_xy(20, 91)
    pdf.cell(width - 40, 16, content.full_name, align="C")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.line(width / 2 - 60, 110, width / 2 + 60, 110)

    pdf.set_text_color(*MUTED)
    pdf.set_font("Serif", "", 14)
    pdf.set_xy(20, 115)
    pdf.cell(width - 40, 8, content.completed_text, align="C")
    pdf.set_text_color(*INK)
    _fit(pdf, content.course_title, "Serif", "B", 22, width - 60)
    pdf.set_xy(20, 125)
    pdf.cell(width - 40, 12, content.course_title, align="C")

    teachers = f"{content.instructors_label}: {content.instructors}" if content.instructors else ""
    details = " · ".join(part for part in (content.hours, teachers) if part)
    if details:
        pdf.set_text_color(*MUTED)
        _fit(pdf, details, "Sans", "", 12, width - 60)
        pdf.set_xy(20, 140)
        pdf.cell(width - 40, 7, details, align="C")

    # footer: date, code, QR with URL
    pdf.set_text_color(*MUTED)
    pdf.set_font("Sans", "", 9)
    pdf.set_xy(30, 160)
    pdf.cell(90, 5, content.date_label.upper())
    pdf.set_xy(30, 176)
    pdf.cell(90, 5, content.code_label.upper())
    pdf.set_text_color(*INK)
    pdf.set_font("Serif", "B", 14)
    pdf.set_xy(30, 166)
    pdf.cell(90, 7, content.completed_on)
    pdf.set_font("Sans", "", 10)
    pdf.set_xy(30, 182)
    pdf.cell(120, 6, content.code)

    qr_size = 34
    pdf.image(_qr_png(content.verify_url), x=width - 30 - qr_size, y=152, w=qr_size, h=qr_size)
    pdf.set_text_color(*MUTED)
    pdf.set_font("Sans", "", 8)
    pdf.set_xy(width - 160, 160)
    pdf.cell(92, 5, content.verify_label.upper(), align="R")
    pdf.set_text_color(*INK)
    _fit(pdf, content.verify_url, "Sans", "", 9, 92)
    pdf.set_xy(width - 160, 166)
    pdf.cell(92, 5, content.verify_url, align="R")
    return bytes(pdf.output())
