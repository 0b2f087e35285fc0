"""A copy of the demo course with ten deliberate mistakes yields exactly ten errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from academy.courses.checker import check_path, errors_only

DEMO = Path(__file__).parents[1] / "fixtures" / "courses" / "demo-kurz"

# (file, text to replace, replacement, the error's line, its message as `courses check` prints it)
MISTAKES = [
    ("course.md", "language: cs", "language: de", 5, "language musí být jedna z hodnot cs, en"),
    (
        "course.md",
        "  pass_mark: 70",
        "  pass_mark: 170",
        16,
        "pass_mark certifikátu musí být celé číslo od 0 do 100",
    ),
    (
        "01-uvod.md",
        "kind: lesson",
        "kind: lekce",
        3,
        "neznámý druh modulu (kind) 'lekce'; použijte jednu z hodnot lesson, webinar, quiz, assignment, journey_map",
    ),
    (
        "01-uvod.md",
        "media/obrazek.svg",
        "media/obrazek.png",
        9,
        "nefunkční odkaz: soubor 'media/obrazek.png' ve složce kurzu není",
    ),
    ("02-persony.md", "title: Persony", "title:", 2, "chybí název modulu; doplňte 'title: ...'"),
    (
        "02-persony.md",
        "minutes: 15",
        "minutes: patnáct",
        4,
        "minutes musí být celé číslo větší než 0",
    ),
    (
        "04-kviz.md",
        "show_answers: after_pass",
        "show_answers: vzdy",
        8,
        "show_answers musí být after_pass, after_each_attempt, after_last_attempt nebo never",
    ),
    (
        "04-kviz.md",
        "(x) SPRAVNA-ODPOVED-TAJNA",
        "( ) SPRAVNA-ODPOVED-TAJNA",
        13,
        "otázka nemá žádnou správnou odpověď; označte správnou možnost pomocí (x) nebo [x]",
    ),
    (
        "04-kviz.md",
        "= 42,5 +- 0,01",
        "= 42,5 +- setina",
        39,
        "číselná odpověď '42,5 +- setina' není číslo s nepovinnou tolerancí, např. '= 20 +- 2'",
    ),
]


def broken_copy(tmp_path: Path) -> Path:
    course = tmp_path / "demo-kurz"
    shutil.copytree(DEMO, course)
    for name, old, new, *_ in MISTAKES:
        text = (course / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        (course / name).write_text(text.replace(old, new), encoding="utf-8")
    # the tenth: a second module with the slug 'persony'
    shutil.copy(course / "02-persony.md", course / "05-persony.md")
    # and one warning, which does not count: a module without an estimated time
    bonus = course / "03-bonus.md"
    bonus.write_text(bonus.read_text(encoding="utf-8").replace("minutes: 5\n", ""), "utf-8")
    return course


def test_ten_mistakes_give_exactly_ten_errors_with_file_and_line(tmp_path):
    _, problems = check_path(broken_copy(tmp_path))
    expected = {
        f"demo-kurz/{name}:{line}: error: {message}" for name, *_, line, message in MISTAKES
    }
    expected.add(
        "demo-kurz/05-persony.md:1: error: slug modulu 'persony' je v kurzu dvakrát "
        "(také demo-kurz/02-persony.md)"
    )
    errors = [str(p) for p in errors_only(problems)]
    assert len(errors) == 10
    assert set(errors) == expected
    assert [str(p) for p in problems if p.severity == "warning"] == [
        "demo-kurz/03-bonus.md:1: warning: modul nemá odhadovaný čas; doplňte 'minutes: N'"
    ]


def test_cli_on_the_broken_copy_fails_with_ten_errors(runner, tmp_path):
    result = runner.invoke(args=["courses", "check", str(broken_copy(tmp_path))])
    assert result.exit_code == 1
    assert result.output.count(": error: ") == 10
    assert result.output.rstrip().endswith("10 errors, 1 warning.")
    english = runner.invoke(args=["courses", "check", "--lang", "en", str(tmp_path / "demo-kurz")])
    assert (
        "demo-kurz/01-uvod.md:3: error: unknown kind 'lekce'; use one of lesson, webinar, quiz, assignment, journey_map"
        in (english.output)
    )
    assert english.output.count(": error: ") == 10


def test_import_of_the_broken_copy_changes_nothing_and_prints_the_same(runner, tmp_path):
    course = broken_copy(tmp_path)
    checked = runner.invoke(args=["courses", "check", str(course)])
    imported = runner.invoke(args=["courses", "import", str(course)])
    assert imported.exit_code == 1
    assert "Import failed: 10 errors; nothing changed." in imported.output
    problem_lines = [line for line in checked.output.splitlines() if ": error: " in line]
    assert problem_lines == [line for line in imported.output.splitlines() if ": error: " in line]
