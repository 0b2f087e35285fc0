"""Writes the courses' downloadable templates (XLSX, DOCX) into each course's resources/.

Run after changing a template: `.venv/bin/python courses/_templates/build.py`, then
`flask --app wsgi courses check courses/` and commit the files. Needs the dev extras
(openpyxl, python-docx). The output is the same on every run (fixed dates in the files).
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

COURSES = Path(__file__).resolve().parent.parent
FIXED = datetime.datetime(2026, 12, 1, 9, 0, 0)
BRAND = "0F4C5C"


def journey_map_docx(path: Path) -> None:
    doc = Document()
    doc.core_properties.author = "CX akademie"
    doc.core_properties.title = "Mapa zákaznické cesty – šablona"
    doc.core_properties.created = doc.core_properties.modified = FIXED
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(11)
    doc.add_heading("Mapa zákaznické cesty: vaše firma", 0)
    doc.add_paragraph(
        "Vyplňte šablonu pro jednu personu a jednu cestu. Šedé poznámky v závorkách "
        "přepište vlastním textem. Čísla a citace uvádějte se zdrojem."
    )
    doc.add_heading("1. Firma a cíl mapování", 1)
    for line in (
        "Firma, obor, velikost:",
        "Proč mapujeme právě tuto cestu (obchodní cíl):",
        "KPI, podle kterého poznáme, že se zlepšení povedlo:",
    ):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("2. Persona", 1)
    table = doc.add_table(rows=6, cols=2)
    table.style = "Table Grid"
    rows = (
        "Jméno a krátký popis",
        "Cíl, kvůli kterému přichází",
        "Co ji na cestě frustruje",
        "Jak s námi komunikuje (kanály)",
        "Z jakých dat personu skládáme (zdroj)",
        "Kolik takových zákazníků máme (odhad, zdroj)",
    )
    for row, label in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
    doc.add_heading("3. Ohraničení cesty", 1)
    for line in (
        "Spouštěč (co cestu začíná):",
        "Cíl zákazníka (kdy je hotovo):",
        "Co do mapy nepatří:",
    ):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("4. Mapa", 1)
    doc.add_paragraph("Jedna fáze = jeden sloupec. Přidejte sloupce podle potřeby (5–9 fází).")
    layers = (
        "Fáze",
        "Co zákazník dělá a chce",
        "Kontaktní bod / kanál",
        "Front-stage (co vidí)",
        "Back-stage (co se děje uvnitř, kdo to vlastní)",
        "Komunikace (co a kdy posíláme)",
        "Emoce (−2 až +2)",
        "KPI fáze a dnešní hodnota",
    )
    grid = doc.add_table(rows=len(layers), cols=6)
    grid.style = "Table Grid"
    for row, label in zip(grid.rows, layers, strict=True):
        row.cells[0].text = label
    for i in range(1, 6):
        grid.rows[0].cells[i].text = f"Fáze {i}"
    doc.add_heading("5. Tři bolavá místa", 1)
    pains = doc.add_table(rows=4, cols=4)
    pains.style = "Table Grid"
    for cell, label in zip(
        pains.rows[0].cells,
        ("Bolavé místo", "Důkaz (číslo, citace, stížnost)", "Fáze", "KPI, který ho měří"),
        strict=True,
    ):
        cell.text = label
    doc.add_heading("6. Jedno zlepšení, které navrhujeme", 1)
    for line in (
        "Co změníme:",
        "Kdo to vlastní:",
        "KPI a cílová hodnota, termín:",
        "Jak poznáme, že to nefunguje:",
    ):
        doc.add_paragraph(line, style="List Bullet")
    doc.save(path)


def kpi_table_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "KPI"
    book.properties.creator = "CX akademie"
    book.properties.title = "Tabulka KPI zákaznické cesty – šablona"
    book.properties.created = book.properties.modified = FIXED
    header = [
        "KPI",
        "Fáze cesty",
        "Definice (čitatel / jmenovatel)",
        "Zdroj dat",
        "Vlastník",
        "Frekvence",
        "Typ",
        "Měsíc 1",
        "Měsíc 2",
        "Měsíc 3",
        "Měsíc 4",
        "Měsíc 5",
        "Měsíc 6",
        "Cíl",
        "Co říká trend",
    ]
    sheet.append(header)
    sheet.append(
        [
            "Konverzní poměr košíku",
            "Nákup",
            "dokončené objednávky / založené košíky",
            "webová analytika",
            "vedoucí e-shopu",
            "měsíčně",
            "výsledkový",
            0.31,
            0.30,
            0.33,
            0.29,
            0.28,
            0.27,
            0.33,
            "Klesá 3 měsíce po sobě; od změny dopravy v měsíci 4.",
        ]
    )
    for row in range(2, 3):
        for col in range(8, 15):
            sheet.cell(row=row, column=col).number_format = "0.0 %"
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=BRAND)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [28, 14, 34, 20, 18, 12, 14] + [10] * 6 + [10, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "B2"
    kinds = DataValidation(type="list", formula1='"výsledkový,předstihový"', allow_blank=True)
    sheet.add_data_validation(kinds)
    kinds.add("G2:G30")
    guide = book.create_sheet("Návod")
    for line in (
        "Jak tabulku vyplnit",
        "1. Vyberte jednu cestu (např. nákup, reklamace, prodloužení smlouvy).",
        "2. Zapište 5–8 KPI. Každý má jednoznačnou definici: co je v čitateli a co ve jmenovateli.",
        "3. Ke každému KPI uveďte fázi cesty, zdroj dat a jednoho vlastníka (jméno nebo roli).",
        "4. Doplňte vlastní čísla za posledních 6 měsíců. Chybí-li měsíc, nechte buňku prázdnou.",
        "5. Označte typ: výsledkový (co se stalo) nebo předstihový (co výsledek předpovídá).",
        "6. Stanovte cíl a do posledního sloupce napište, co trend říká a proč.",
        "Ukázkový řádek přepište nebo smažte.",
    ):
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 100
    book.save(path)


def _normalise_zip_times(path: Path) -> None:
    """Fixed timestamps inside the zip, so an unchanged template is byte for byte the same."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)


def main() -> None:
    targets = {
        COURSES / "mapovani-zakaznickych-cest/resources/sablona-mapa-cesty.docx": journey_map_docx,
        COURSES / "prace-s-daty-v-cx/resources/sablona-kpi-tabulka.xlsx": kpi_table_xlsx,
    }
    for path, build in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path)
        _normalise_zip_times(path)
        print(f"wrote {path.relative_to(COURSES.parent)}")


if __name__ == "__main__":
    main()
