"""The certificate PDF on its own (no app): long names always fit, bidi controls are
not printed, and the file has what PDF/A-3b asks for, checked with pypdf and pikepdf."""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from academy.certificates.pdf import FONTS, CertificateContent, Signatory, render_certificate

URL = "http://127.0.0.1:5000/certificates/K7QF-3MZD-W9XA-2PRT-HC6N"


def _content(**changes) -> CertificateContent:
    fields = dict(
        full_name="Jiří Šťastný",
        course_title="Ukázkový kurz – Šťastné cesty",
        completed_on="7. prosince 2026",
        hours="1,5 hodiny studia",
        signatories=(Signatory("Jiří Šťastný"),),
        signatories_label="Lektor",
        academy_name="CX akademie",
        code="K7QF-3MZD-W9XA-2PRT-HC6N",
        verify_url=URL,
    )
    fields.update(changes)
    return CertificateContent(**fields)


@cache
def _advances(font_name: str) -> tuple[dict[int, int], int]:
    file = {
        "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
        "DejaVuSerifBold": "DejaVuSerif-Bold.ttf",
        "DejaVuSerifBook": "DejaVuSerif.ttf",
        "DejaVuSerif": "DejaVuSerif.ttf",
        "DejaVuSansBook": "DejaVuSans.ttf",
        "DejaVuSans": "DejaVuSans.ttf",
    }[font_name]
    font = TTFont(FONTS / file)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    return {cp: metrics[glyph][0] for cp, glyph in cmap.items()}, font["head"].unitsPerEm


def _text_runs(data: bytes) -> list[tuple[str, float, float, float]]:
    """Every text run on the page: (text, left, right, baseline) in points, measured with
    the embedded font's own advance widths."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        name = re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"]).lstrip("/"))
        advances, units = _advances(name)
        scale = tm[0] * cm[0] if cm[0] else tm[0]
        x = tm[4] * cm[0] + cm[4]
        y = tm[5] * cm[3] + cm[5]
        width = sum(advances.get(ord(ch), units) for ch in text) / units * size * scale
        runs.append((text, x, x + width, y))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize(
    "name",
    [
        "Š" * 200,  # widest Czech capital, no space to wrap at
        "W" * 200,
        " ".join(["Šťastný-Žďárský"] * 13)[:200],  # many words
        "Jiří " + "Ř" * 190,
    ],
)
def test_the_longest_names_and_titles_stay_on_the_page(name):
    title = ("ĚĚĚĚĚĚĚĚĚĚ MMMMMMMMM " * 10)[:200]  # wide letters the names do not use
    data = render_certificate(_content(full_name=name, course_title=title))
    width, height = 841.89, 595.28  # A4 landscape, points
    frame = 15 / 25.4 * 72  # the inner frame, 15 mm from the edge
    runs = _text_runs(data)
    assert runs
    for text, left, right, baseline in runs:
        assert frame <= left and right <= width - frame, (text[:20], left, right)
        assert frame <= baseline <= height - frame, (text[:20], baseline)
    printed = "".join(text for text, *_ in runs)
    assert name.replace(" ", "") in printed.replace(" ", "")  # every letter is printed
    # the name's lines do not overlap the course title's
    name_lines = [r for r in runs if set(r[0]) <= set(name)]
    title_lines = [r for r in runs if r[0] and set(r[0]) <= set(title)]
    assert max(r[3] for r in title_lines) < min(r[3] for r in name_lines)  # PDF y grows up


def test_a_short_name_is_set_large_on_one_line():
    runs = _text_runs(render_certificate(_content()))
    assert [r[0] for r in runs].count("Jiří Šťastný") == 2  # the learner and the signatory


def test_bidi_controls_are_not_printed():
    data = render_certificate(_content(full_name="\u202eJiří Šťastný\u202c\u2066x\u2069"))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Jiří Šťastnýx" in text
    assert not set(text) & {"\u202e", "\u202c", "\u2066", "\u2069"}


def test_pdf_is_pdf_a_3b_tagged_with_language_and_metadata():
    data = render_certificate(_content(credential_jwt="a.b.c"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf: the file's syntax and streams
        assert pdf.pdf_version == "1.7" and not pdf.is_encrypted
        root = pdf.Root
        assert str(root.Lang) == "cs"
        assert bool(root.MarkInfo.Marked) is True
        document = root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        assert document.S == "/Document"
        kinds = [str(e.S) for e in document.K]
        assert kinds.count("/H1") == 1 and "/P" in kinds and kinds.count("/Figure") == 2
        assert all(str(e.Alt) for e in document.K if str(e.S) == "/Figure")
        (intent,) = root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        assert (
            meta["dc:title"]
            == "Osvědčení o absolvování: Jiří Šťastný – Ukázkový kurz – Šťastné cesty"
        )
        assert "/Title" not in pdf.docinfo  # no Info dictionary to disagree with the XMP
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        for font in pdf.pages[0].Resources.Font.values():  # every font embedded
            descendant = font.DescendantFonts[0]
            assert "/FontFile2" in descendant.FontDescriptor
        assert root.AF[0].AFRelationship == "/Supplement"
        assert root.AF[0].EF.F.Subtype == "/application/jwt"  # the MIME type, PDF/A-3 asks for it


def test_signature_image_and_a_configured_logo_are_printed(tmp_path):
    from PIL import Image

    signature, logo = tmp_path / "jiri@example.cz.png", tmp_path / "logo.png"
    Image.new("RGBA", (300, 80), (15, 76, 92, 255)).save(signature)
    Image.new("RGB", (200, 60), (227, 100, 20)).save(logo)
    data = render_certificate(
        _content(signatories=(Signatory("Jiří Šťastný", signature),), logo=logo)
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = list(pdf.pages[0].get_images().values())
        sizes = sorted((int(i.Width), int(i.Height)) for i in images)
        assert (200, 60) in sizes and (300, 80) in sizes  # logo and signature, plus the QR
        document = pdf.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        alts = [str(e.Alt) for e in document.K if str(e.S) == "/Figure"]
        assert alts[:2] == ["CX akademie", "Lektor: Jiří Šťastný"]


def test_a_bad_logo_setting_stops_the_app_with_a_message(tmp_path):
    from academy import create_app
    from academy.config import ConfigError

    with pytest.raises(ConfigError, match="ACADEMY_CERTIFICATE_LOGO"):
        create_app({"ENV": "testing", "CERTIFICATE_LOGO": str(tmp_path / "missing.png")})
