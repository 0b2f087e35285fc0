"""`courses check` on assignments and resources: every rubric mistake at its file:line, and
the course folder with resources/ exported and imported back byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from academy.assignments.documents import DocumentRefused, identify
from academy.courses.checker import check_path
from academy.courses.exporter import export_course
from academy.courses.importer import import_path
from academy.extensions import db
from academy.media.backends import MEDIA, storage
from tests.assignments.conftest import COURSE, COURSES, with_macros, xlsx_bytes

HEAD = """---
title: Úkol
kind: assignment
minutes: 60
"""


def _check(tmp_path: Path, front: str, body: str = "Zadání úkolu.\n") -> list[str]:
    folder = tmp_path / COURSE
    shutil.copytree(COURSES / COURSE, folder)
    (folder / "01-tabulka-kpi.md").write_text(HEAD + front + "---\n\n" + body, encoding="utf-8")
    _, problems = check_path(folder)
    return [str(p).removeprefix(f"{COURSE}/") for p in problems]


GOOD_RUBRIC = """submission:
  text: {min: 10, max: 100}
rubric:
  - criterion: Persona
    levels:
      - {points: 0, description: chybí}
      - {points: 2, description: z dat}
"""


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (GOOD_RUBRIC + "rubric2: x\n", "01-tabulka-kpi.md:12: warning: neznámý klíč 'rubric2'"),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric: jedna\n",
            "01-tabulka-kpi.md:7: error: rubric musí být seznam kritérií",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - levels:\n"
            "      - {points: 0, description: a}\n      - {points: 1, description: b}\n",
            "01-tabulka-kpi.md:8: error: kritérium nemá název",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - criterion: A\n    levels:\n"
            "      - {points: 1, description: a}\n",
            "01-tabulka-kpi.md:9: error: kritérium potřebuje aspoň dvě úrovně",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - criterion: A\n    levels:\n"
            "      - {points: 0, description: a}\n      - {points: -1, description: b}\n",
            "01-tabulka-kpi.md:11: error: points úrovně musí být celé číslo >= 0",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - criterion: A\n    levels:\n"
            "      - {points: 0, description: a}\n      - {points: dva, description: b}\n",
            "01-tabulka-kpi.md:11: error: points úrovně musí být celé číslo >= 0",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - criterion: A\n    levels:\n"
            "      - {points: 0, description: a}\n      - {points: 0, description: b}\n",
            "01-tabulka-kpi.md:11: error: dvě úrovně kritéria mají stejný počet bodů (0)",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - criterion: A\n    levels:\n"
            "      - {points: 2, description: a}\n      - {points: 1, description: b}\n",
            "01-tabulka-kpi.md:11: error: úrovně seřaďte od nejnižšího počtu bodů k nejvyššímu",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\nrubric:\n  - criterion: A\n    levels:\n"
            "      - {points: 0, description: a}\n      - {points: 1}\n",
            "01-tabulka-kpi.md:11: error: úroveň za 1 b. nemá popis",
        ),
        (
            GOOD_RUBRIC
            + "  - criterion: persona\n    levels:\n      - {points: 0, description: a}\n"
            "      - {points: 1, description: b}\n",
            "01-tabulka-kpi.md:12: error: kritérium 'persona' je v rubrice dvakrát",
        ),
        (
            GOOD_RUBRIC + "pass: {points: 5}\n",
            "01-tabulka-kpi.md:12: error: pass žádá 5 b., ale rubrika dává nejvýš 2 b.",
        ),
        (
            "submission:\n  text: {min: 10, max: 100}\npass: {points: 5}\n",
            "01-tabulka-kpi.md:7: error: pass: {points: …} potřebuje rubriku s body",
        ),
        (
            GOOD_RUBRIC + "pass: hotovo\n",
            "01-tabulka-kpi.md:12: error: pass musí být 'accepted' nebo {points: N}",
        ),
        (
            GOOD_RUBRIC + "resubmissions: -1\n",
            "01-tabulka-kpi.md:12: error: resubmissions musí být celé číslo od 0 do 20",
        ),
        (
            "rubric:\n  - criterion: A\n    levels:\n      - {points: 0, description: a}\n"
            "      - {points: 1, description: b}\n",
            "01-tabulka-kpi.md:1: error: úkol neříká, co se odevzdává",
        ),
        (
            "submission:\n  text: {min: 100, max: 10}\n",
            "01-tabulka-kpi.md:6: error: text: min (100) je víc než max (10)",
        ),
        (
            "submission:\n  files: {types: [exe], max_mb: 99}\n",
            "01-tabulka-kpi.md:6: error: typ souboru 'exe' nepřijímáme",
        ),
        (
            "submission:\n  files: {types: [pdf], max_mb: 99}\n",
            "01-tabulka-kpi.md:6: error: files: max_mb musí být celý počet MB od 1 do 50",
        ),
        (
            "submission:\n  text: {min: 1, max: 10}\nresources:\n  - file: media/cover.svg\n"
            "    title: Šablona\n",
            "01-tabulka-kpi.md:8: error: soubor ke stažení 'media/cover.svg' musí být ve složce "
            "resources/ kurzu",
        ),
        (
            "submission:\n  text: {min: 1, max: 10}\nresources:\n  - file: resources/neni.xlsx\n"
            "    title: Šablona\n",
            "01-tabulka-kpi.md:8: error: soubor ke stažení 'resources/neni.xlsx' ve složce kurzu "
            "není",
        ),
        (
            "submission:\n  text: {min: 1, max: 10}\nresources:\n  - file: resources/x.xlsx\n",
            "01-tabulka-kpi.md:8: error: každý soubor ke stažení potřebuje 'file:' a 'title:'",
        ),
    ],
)
def test_every_assignment_mistake_is_reported_at_its_line(app, tmp_path, front, expected):
    with app.app_context():
        found = _check(tmp_path, front)
    assert any(line.startswith(expected) for line in found), found


def test_an_assignment_without_a_brief_is_an_error(app, tmp_path):
    with app.app_context():
        found = _check(tmp_path, GOOD_RUBRIC, body="")
    assert "01-tabulka-kpi.md:1: error: úkol nemá zadání; napište ho pod hlavičku v Markdownu" in (
        found
    )


def test_a_macro_template_renamed_xlsx_is_refused_by_check(app, tmp_path):
    folder = tmp_path / COURSE
    shutil.copytree(COURSES / COURSE, folder)
    (folder / "resources" / "sablona-kpi-tabulka.xlsx").write_bytes(with_macros(xlsx_bytes()))
    with app.app_context():
        _, problems = check_path(folder)
    assert [str(p) for p in problems] == [
        f"{COURSE}/01-tabulka-kpi.md:21: error: Soubor obsahuje makra nebo ovládací prvky ActiveX "
        "a z bezpečnostních důvodů ho nepřijímáme. Uložte ho bez maker (.docx, .xlsx, .pptx) a "
        "nahrajte znovu."
    ]


def test_the_academy_courses_are_clean():
    _, problems = check_path(Path(__file__).parents[2] / "courses")
    assert [str(p) for p in problems] == []


def test_export_writes_the_assignment_and_its_template_back_byte_for_byte(app, practice, tmp_path):
    with app.app_context():
        export_course(db.session, COURSE, tmp_path / "out", storage(MEDIA))
        again = import_path(db.session, tmp_path / "out", Path(app.config["MEDIA_DIR"]))
        assert (again.unchanged, again.updated, again.created) == (1, 0, 0)
    out = tmp_path / "out" / COURSE
    for name in ("01-tabulka-kpi.md", "resources/sablona-kpi-tabulka.xlsx"):
        assert (out / name).read_bytes() == (COURSES / COURSE / name).read_bytes()


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"%PDF-1.7\n/JavaScript (app.alert(1))", "a.pdf", "PDF obsahuje skript"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "stary.docx", "Starší formáty Office"),
        (b"MZ\x90\x00", "program.pdf", "Obsah souboru neodpovídá příponě .pdf"),
        (b"PK\x03\x04broken", "a.xlsx", "Soubor Office je poškozený"),
        (b"%PDF-1.7", "a.exe", "Soubor typu „exe“ sem nahrát nelze"),
    ],
)
def test_documents_are_known_by_their_content(data, name, reason):
    with pytest.raises(DocumentRefused) as refused:
        identify(data, name, ["pdf", "xlsx", "docx"])
    assert str(refused.value).startswith(reason)


def test_a_docx_named_xlsx_is_refused_and_named_what_it_is():
    docx = (
        Path(__file__).parents[2] / "courses/mapovani-zakaznickych-cest/resources/"
        "sablona-mapa-cesty.docx"
    ).read_bytes()
    assert identify(docx, "mapa.docx", ["docx"]).extension == "docx"
    with pytest.raises(DocumentRefused) as refused:
        identify(docx, "mapa.xlsx", ["xlsx", "docx"])
    assert "ve skutečnosti DOCX" in str(refused.value)
