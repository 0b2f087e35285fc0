"""CSV templates: the courses' own pass, and a spreadsheet never gets a formula or HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.studio.archives import media_problems
from academy.studio.uploads import CSV, UploadRefused, validate

COURSES = Path(__file__).resolve().parents[2] / "courses"


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "sablona.csv"
    path.write_bytes(data)
    return path


def test_the_courses_csv_templates_are_accepted(app):
    templates = sorted(COURSES.glob("*/media/*.csv"))
    assert len(templates) == 4
    with app.test_request_context():
        assert [validate(p, p.name) for p in templates] == [CSV] * 4
        for course in COURSES.iterdir():
            assert media_problems(course, COURSES) == []


def test_a_czech_template_with_a_bom_and_negative_numbers_is_accepted(app, tmp_path):
    path = _write(tmp_path, "\ufeffKPI;Změna\nMíra opuštění;-3,5\nKonverze;+2 %\n".encode())
    with app.test_request_context():
        assert validate(path, "Šablona KPI.csv") == CSV


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'KPI;Hodnota\nKonverze;=HYPERLINK("https://evil.example";"klik")\n',
            "Buňka na řádku 2 začíná znakem „=“; tabulkový procesor by ji mohl spustit jako "
            "vzorec. Soubor nebyl uložen.",
        ),
        (
            b"KPI,Hodnota\n@SUM(1+1),2\n",
            "Buňka na řádku 2 začíná znakem „@“; tabulkový procesor by ji mohl spustit jako "
            "vzorec. Soubor nebyl uložen.",
        ),
        (
            b"<html><script>alert(1)</script>\n",
            "Tabulka CSV obsahuje kód HTML nebo skript. Soubor nebyl uložen.",
        ),
        (
            "Míra;5\n".encode("cp1250"),
            "Tabulka CSV musí být v kódování UTF-8. Soubor nebyl uložen.",
        ),
    ],
)
def test_a_csv_that_could_hurt_the_person_opening_it_is_refused(app, tmp_path, data, message):
    path = _write(tmp_path, data)
    with app.test_request_context():  # Czech first
        with pytest.raises(UploadRefused) as refused:
            validate(path, "sablona.csv")
        assert str(refused.value.message) == message
