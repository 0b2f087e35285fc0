"""CSV templates a lesson offers for download (a persona sheet, a KPI card, a CLV sheet).

A CSV file is text a spreadsheet opens, so it is checked for what could hurt the person who
opens it: it must be UTF-8 text without HTML, and no cell may start like a formula
(=, +, -, @, a tab or a carriage return; a negative number such as -3,5 is fine), since Excel
and LibreOffice would run such a cell ("CSV injection").
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from flask_babel import lazy_gettext as _l

MAX_CSV_BYTES = 1_000_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d[\d\s]*([.,]\d+)?\s*%?$")
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed)\b", re.I)


def csv_problem(path: Path) -> str | None:
    """None for a safe CSV template, else why it is refused (in the user's language)."""
    return csv_data_problem(path.read_bytes())


def csv_data_problem(data: bytes) -> str | None:
    """csv_problem for a file's bytes (a course resource, a learner's upload)."""
    if len(data) > MAX_CSV_BYTES:
        return str(_l("Tabulka CSV je větší než 1 MB; šablona má být malá. Soubor nebyl uložen."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return str(_l("Tabulka CSV musí být v kódování UTF-8. Soubor nebyl uložen."))
    if "\x00" in text or _MARKUP.search(text):
        return str(_l("Tabulka CSV obsahuje kód HTML nebo skript. Soubor nebyl uložen."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    for line, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        for cell in row:
            if cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
                return str(
                    _l(
                        "Buňka na řádku %(line)s začíná znakem „%(sign)s“; tabulkový procesor "
                        "by ji mohl spustit jako vzorec. Soubor nebyl uložen.",
                        line=line,
                        sign=cell[0].replace("\t", "\\t").replace("\r", "\\r"),
                    )
                )
    return None
