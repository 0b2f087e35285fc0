"""A lecturer who does not write YAML builds a course in the studio (issue 23's "Done when"):
a course from a Czech title, a lesson written with the toolbar alone (a heading, a list, an
image from the course's files, a tip box), a four-question quiz built with the builder (one
question of each type), previewed and published; a learner takes the quiz; the exported
files pass `courses check` and hold what was built.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from academy.auth.models import Role
from academy.courses.checker import check_path
from academy.courses.exporter import export_course
from academy.extensions import db
from academy.media.backends import MEDIA, storage
from tests.conftest import PASSWORD
from tests.e2e.test_learner import answer
from tests.e2e.test_staff import sign_in_with_two_factor
from tests.studio.samples import png

pytestmark = [pytest.mark.slow, pytest.mark.browser]

INSTRUCTOR = "jiri.stastny@cx-akademie.cz"
LEARNER = "vera.dvorakova@example.cz"
TITLE = "Mapování zákaznických cest pro začátečníky"
SLUG = "mapovani-zakaznickych-cest-pro-zacatecniky"


def typed(page, text: str) -> None:
    page.keyboard.type(text)


def toolbar(page, t, name: str):
    return page.locator("[data-markdown-toolbar]").get_by_role("button", name=t(name), exact=True)


def write_lesson(page, t) -> None:
    """A heading, a list, an image from the course's files and a tip box, by the toolbar."""
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    toolbar(page, t, "Nadpis").click()
    typed(page, "Proč mapovat")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    toolbar(page, t, "Odrážky").click()
    typed(page, "Najdete místa, kde zákazník odchází")
    page.keyboard.press("Enter")
    typed(page, "Víte, co měřit")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    toolbar(page, t, "Obrázek ze souborů kurzu").click()
    page.locator(".studio-media-picker").get_by_role("button", name=t("Vložit")).first.click()
    toolbar(page, t, "Rámeček s tipem").click()
    typed(page, "Začněte jednou cestou, ne všemi.")


QUESTIONS = [
    ("single", "Co je zákaznická cesta?", ["Sled kontaktů zákazníka s firmou", "Logo firmy"]),
    ("multiple", "Které metriky patří ke cestě?", ["Konverze", "Odchod zákazníků", "Počet židlí"]),
    ("text", "Jak se zkracuje model See-Think-Do-Care?", ["STDC"]),
    ("number", "Kolik procent košíků zůstane opuštěných?", ["70", "5"]),
]
RIGHT = {
    "Co je zákaznická cesta?": "Sled kontaktů zákazníka s firmou",
    "Které metriky patří ke cestě?": ["Konverze", "Odchod zákazníků"],
    "Jak se zkracuje model": "stdc",
    "Kolik procent košíků": "72",
}


def build_quiz(page, t) -> None:
    builder = page.locator("#quiz-builder")
    expect(builder.locator(".qb-question")).to_have_count(1)  # the new quiz's sample question
    for index, (kind, text, values) in enumerate(QUESTIONS):
        if index:
            builder.get_by_role("button", name=t("Přidat otázku")).click()
        box = builder.locator(".qb-question").nth(index)
        box.get_by_label(t("Text otázky")).fill(text)
        box.get_by_label(t("Druh otázky")).select_option(kind)
        box = builder.locator(".qb-question").nth(index)
        if kind in ("single", "multiple"):
            while box.locator(".qb-option").count() < len(values):
                box.get_by_role("button", name=t("Přidat možnost")).click()
            for n, value in enumerate(values):
                option = box.locator(".qb-option").nth(n)
                option.get_by_label(f"{t('Možnost')} {n + 1}").fill(value)
                should = kind == "single" and n == 0 or kind == "multiple" and n < 2
                mark = option.get_by_label(t("správná"))
                if should and not mark.is_checked():
                    mark.check()
                elif not should and mark.is_checked():
                    mark.uncheck()
            box.locator(".qb-option").nth(len(values) - 1).get_by_label(
                t("Vysvětlení k možnosti (nepovinné)")
            ).fill("Tohle s cestou nesouvisí.")
        elif kind == "text":
            box.get_by_label(t("Uznávaná odpověď")).fill(values[0])
        else:
            box.get_by_label(t("Správné číslo")).fill(values[0])
            box.get_by_label(t("Tolerance ±")).fill(values[1])
        box.get_by_label(t("Vysvětlení k otázce (nepovinné)")).fill("Viz lekce o cestách.")
    expect(page.locator("#source")).to_have_value(
        re.compile(r"= 70 \+- 5\n\n> Viz lekce o cestách\.\n$"), timeout=15_000
    )


@pytest.mark.parametrize(
    ("viewport", "lang"), [("desktop", "cs"), ("desktop", "en"), ("phone", "cs"), ("phone", "en")]
)
def test_studio_lecturer_builds_a_course_without_yaml(
    tour, auth, app, chromium, live_server, lang, tmp_path
):
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.create(email=LEARNER, name="Věra Dvořáková")
    page, t = tour.page, tour.t
    if lang == "en":
        tour.open("/", "catalog")
        tour.follow(tour.menu().get_by_role("link", name="EN", exact=True), "catalog-en")
    sign_in_with_two_factor(tour, INSTRUCTOR)
    tour.open("/studio", "studio")

    # A course from its Czech title: the address is made from it.
    page.get_by_label(t("Název kurzu")).fill(TITLE)
    tour.follow(page.get_by_role("button", name=t("Založit kurz")), "studio-new-course")
    assert page.url.endswith(f"/studio/courses/{SLUG}")

    # An image in the course's files.
    image = tmp_path / "cesta.png"
    image.write_bytes(png())
    tour.follow(page.get_by_role("link", name=t("Soubory kurzu")).first, "studio-media")
    page.get_by_label(t("Soubor")).set_input_files(str(image))
    tour.follow(page.get_by_role("button", name=t("Nahrát")), "studio-media-uploaded")

    # A lesson with the toolbar alone.
    tour.open(f"/studio/courses/{SLUG}", "studio-course")
    page.get_by_label(t("Název modulu")).fill("Proč mapovat cesty")
    tour.follow(page.get_by_role("button", name=t("Přidat modul")), "studio-lesson-editor")
    write_lesson(page, t)
    source = page.locator("#source")
    expect(source).to_have_value(
        re.compile(
            r"## Proč mapovat\n\n- Najdete místa, kde zákazník odchází\n- Víte, co měřit\n\n"
            r"!\[[^\]]*\]\(media/cesta-[0-9a-f]+\.png\)\n\n!!! tip \"[^\"]+\"\n    Začněte jednou cestou, ne všemi\.\n"
        )
    )
    preview = page.locator("#preview-panel")
    expect(preview.locator(".prose h2")).to_contain_text("Proč mapovat")
    expect(preview.locator(".prose img")).to_have_count(1)
    expect(preview.locator(".prose .admonition.tip")).to_have_count(1)
    # Autosave does not cut the undo history: undo takes the last typing back, redo restores it.
    saved = t("Koncept uložen v %(time)s. Účastníci vidí zveřejněnou verzi.", time="\0")
    expect(page.locator("#save-status")).to_contain_text(saved.split("\0")[0], timeout=15_000)
    page.locator(".cm-content").press("Control+z")
    expect(source).not_to_have_value(re.compile("ne všemi"))
    page.locator(".cm-content").press("Control+y")
    expect(source).to_have_value(re.compile(r"Začněte jednou cestou, ne všemi\.\n"))
    tour.check("studio-lesson-written")
    tour.follow(page.get_by_role("button", name=t("Zveřejnit")), "studio-lesson-published")

    # A quiz with the builder: one question of each type, the preview and the answer key.
    tour.open(f"/studio/courses/{SLUG}", "studio-course-2")
    page.get_by_label(t("Název modulu")).fill("Ověřte si znalosti")
    page.get_by_label(t("Druh")).select_option("quiz")
    tour.follow(page.get_by_role("button", name=t("Přidat modul")), "studio-quiz-editor")
    build_quiz(page, t)
    expect(preview.locator(".studio-quiz .quiz-question")).to_have_count(4)
    key = preview.locator(".studio-key")
    expect(key).to_contain_text("Konverze, Odchod zákazníků")
    expect(key).to_contain_text("70 ± 5")
    tour.check("studio-quiz-built")
    tour.follow(page.get_by_role("button", name=t("Zveřejnit")), "studio-quiz-published")
    expect(page.locator(".flash")).to_contain_text(
        t(
            "Modul je zveřejněný v rámci kurzu. Kurz sám ale zveřejněný není, takže ho účastníci "
            "uvidí, až kurz zveřejníte v jeho nastavení."
        )
    )

    # Publish the course.
    tour.open(f"/studio/courses/{SLUG}", "studio-course-3")
    page.get_by_label(t("Kurz je zveřejněný v katalogu")).check()
    tour.follow(page.get_by_role("button", name=t("Uložit údaje kurzu")), "studio-course-published")

    # A learner takes the quiz.
    learner = chromium.new_context(base_url=live_server)
    lp = learner.new_page()
    lp.goto(f"/lang/{lang}")
    lp.goto("/login")
    lp.get_by_label(t("E-mail")).fill(LEARNER)
    lp.get_by_label(t("Heslo")).fill(PASSWORD)
    lp.get_by_role("button", name=t("Přihlásit se")).click()
    lp.wait_for_url("**/my")
    lp.goto(f"/courses/{SLUG}")
    lp.get_by_role("button", name=t("Zapsat se do kurzu zdarma")).click()
    lp.goto(f"/courses/{SLUG}/overte-si-znalosti")
    lp.get_by_role("button", name=t("Začít kvíz")).click()
    answer(lp, RIGHT)
    lp.get_by_role("button", name=t("Odevzdat kvíz")).click()
    expect(lp.locator(".quiz-score")).to_contain_text(t("Splněno"))
    expect(lp.locator(".quiz-score")).to_contain_text("100")
    learner.close()

    # The files, through export, pass `courses check` and hold what was built.
    with app.app_context():
        export_course(db.session, SLUG, tmp_path / "out", storage(MEDIA))
    folder = tmp_path / "out" / SLUG
    _sources, problems = check_path(folder)
    assert [p for p in problems if p.severity == "error"] == []
    lesson = (folder / "01-proc-mapovat-cesty.md").read_text()
    assert "## Proč mapovat\n\n- Najdete místa" in lesson and "(media/cesta-" in lesson
    quiz = (folder / "02-overte-si-znalosti.md").read_text()
    assert "kind: quiz" in quiz
    assert (
        "(x) Sled kontaktů zákazníka s firmou\n( ) Logo firmy\n  > Tohle s cestou nesouvisí."
        in quiz
    )
    assert "- [x] Konverze\n- [x] Odchod zákazníků\n- [ ] Počet židlí" in quiz
    assert "= STDC" in quiz and "= 70 +- 5" in quiz
    assert len(list((folder / "media").glob("cesta-*.png"))) == 1
