"""The studio's pure helpers: slugs, line ends, diffs, and checking one module's text."""

from __future__ import annotations

from academy.studio.sources import (
    check_module_text,
    diff_lines,
    new_module_text,
    normalize,
    slugify,
)


def test_slugify_drops_diacritics_and_avoids_taken_slugs():
    assert slugify("Měření dopadu: KPI & NPS") == "mereni-dopadu-kpi-nps"
    assert slugify("Úvod", {"uvod", "uvod-2"}) == "uvod-3"
    assert slugify("???") == "modul"


def test_normalize_turns_crlf_into_lf_and_ends_with_one_newline():
    assert normalize("\ufeff---\r\ntitle: x\r\n---\r\n\r\nText\r\n\r\n") == (
        "---\ntitle: x\n---\n\nText\n"
    )


def test_every_new_module_template_passes_the_checker():
    for kind in ("lesson", "webinar", "quiz"):
        checked = check_module_text(new_module_text("Nový modul", kind), "kurz", "novy", 1, [], [])
        assert checked.errors == [], (kind, checked.problems)


def test_checker_lines_are_lines_of_the_text_and_links_are_judged_in_the_course():
    text = (
        "---\ntitle: Lekce\nkind: lesson\nminutes: 5\n---\n\n"
        "![ok](media/obrazek.png)\n"
        "[chybí](media/chybi.png)\n"
        "[jiný modul](02-dalsi.md)\n"
        "[ven](../jinde.md)\n"
    )
    checked = check_module_text(text, "kurz", "lekce", 1, ["obrazek.png"], ["02-dalsi.md"])
    by_line = {p.line: p.message for p in checked.errors}
    assert set(by_line) == {8, 9, 10}
    assert by_line[8] == "nefunkční odkaz: soubor 'media/chybi.png' ve složce kurzu není"
    assert by_line[9].endswith("odkažte místo toho na stránku modulu: /courses/kurz/dalsi")
    assert by_line[10] == "cesta '../jinde.md' vede mimo složku kurzu"


def test_a_broken_front_matter_is_reported_without_a_preview_source():
    checked = check_module_text("---\ntitle: [nezavřené\n---\n", "kurz", "x", 1, [], [])
    assert checked.source is None
    assert checked.errors[0].line == 2


def test_diff_lines_number_both_sides_and_separate_distant_changes():
    before = "\n".join(f"řádek {n}" for n in range(1, 21))
    after = before.replace("řádek 2\n", "řádek dvě\n").replace("řádek 19", "řádek 19\nnový")
    rows = diff_lines(before, after)
    changes = [(r.old, r.new, r.change, r.text) for r in rows if r.change != "same"]
    assert changes == [
        (2, None, "removed", "řádek 2"),
        (None, 2, "added", "řádek dvě"),
        (None, None, "gap", ""),
        (None, 20, "added", "nový"),
    ]
    assert diff_lines("stejné\n", "stejné\n") == []
