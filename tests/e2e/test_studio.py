"""The studio in a real browser: an instructor edits a module of a real course, sees the
preview follow the text and the checker name a broken link by its line, fixes it and
publishes; a learner in another browser sees the new text only then, and keeps their progress.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role, User
from academy.courses.catalog import find_course
from academy.extensions import db
from academy.studio import drafts
from tests.conftest import PASSWORD
from tests.e2e.test_staff import sign_in_with_two_factor

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SLUG = "mapovani-zakaznickych-cest"
TITLE = "Mapování zákaznických cest"
MODULE = "cile-a-kpi"
MODULE_TITLE = "Nejdřív cíle a KPI"
INSTRUCTOR = "jiri.stastny@cx-akademie.cz"  # listed in the course's course.md
LEARNER = "vera.dvorakova@example.cz"
NEW_SENTENCE = "Tuhle větu právě napsal lektor ve studiu."


def write(page, text: str) -> None:
    """Replace the editor's text as one edit (CodeMirror keeps the hidden textarea in step)."""
    page.evaluate("text => window.AcademyEditor.replaceAll(text)", text)


def selected(page) -> str:
    return page.evaluate(
        "() => { const s = window.AcademyEditor.view.state;"
        " return s.sliceDoc(s.selection.main.from, s.selection.main.to); }"
    )


def _learner_sees(context, text: str) -> bool:
    page = context.new_page()
    page.goto(f"/courses/{SLUG}/{MODULE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_TITLE)
    seen = page.locator("article.prose").inner_text()
    done = page.locator(".done-note").count() == 1
    page.close()
    assert done, "the learner's progress in the module was lost"
    return text in seen


@pytest.mark.parametrize(
    ("viewport", "lang"), [("phone", "cs"), ("desktop", "cs"), ("desktop", "en")]
)
def test_studio_instructor_edits_checks_and_publishes_a_module(
    tour, auth, app, academy_courses, chromium, live_server, lang
):
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.create(email=LEARNER, name="Věra Dvořáková")
    auth.login(email=LEARNER)
    auth.post(f"/courses/{SLUG}/enrol")
    assert auth.post(f"/courses/{SLUG}/{MODULE}/done").status_code == 302

    learner = chromium.new_context(base_url=live_server)
    learner_page = learner.new_page()
    learner_page.goto(f"/lang/{lang}")
    learner_page.goto("/login")
    learner_page.get_by_label(tour.t("E-mail")).fill(LEARNER)
    learner_page.get_by_label(tour.t("Heslo")).fill(PASSWORD)
    learner_page.get_by_role("button", name=tour.t("Přihlásit se")).click()
    learner_page.wait_for_url("**/my")
    assert not _learner_sees(learner, NEW_SENTENCE)

    page, t = tour.page, tour.t
    if lang == "en":  # the checker's messages follow the interface language
        tour.open("/", "catalog")
        tour.follow(tour.menu().get_by_role("link", name="EN", exact=True), "catalog-en")
    sign_in_with_two_factor(tour, INSTRUCTOR)
    tour.follow(tour.menu().get_by_role("link", name=t("Studio")), "studio")
    card = page.locator(".studio-card", has_text=TITLE)
    expect(card.get_by_role("link", name=t("Soubory"))).to_be_visible()
    tour.follow(card.get_by_role("link", name=t("Upravit kurz")), "studio-course")
    expect(page.locator(".studio-module")).to_have_count(8)  # 6 lessons, the assignment, the map
    module_row = page.locator(".studio-module", has_text=MODULE_TITLE)
    tour.follow(module_row.get_by_role("link", name=t("Upravit")), "studio-editor")

    # Write a paragraph with a broken link: the preview follows, the checker names its line.
    source = page.locator("#source")  # the form's field; CodeMirror edits it
    expect(page.get_by_role("textbox", name=t("Zdrojový text modulu (Markdown)"))).to_be_visible()
    text = source.input_value()
    head, body = text.split("---\n\n", 1)
    broken = f"{head}---\n\n{NEW_SENTENCE} Viz [plakát](media/plakat-chybi.png).\n\n{body}"
    line = broken.split("\n").index(next(x for x in broken.split("\n") if NEW_SENTENCE in x)) + 1
    write(page, broken)
    preview = page.locator("#preview-panel")
    expect(preview.locator(".prose")).to_contain_text(NEW_SENTENCE)
    problem = preview.locator(".problem-list li", has_text="plakat-chybi.png")
    expect(problem).to_contain_text(t("řádek %(n)d", n=line))
    broken_link = "nefunkční odkaz: soubor %(target)s ve složce kurzu není"
    expect(problem).to_contain_text(t(broken_link, target="'media/plakat-chybi.png'"))
    expect(page.locator("#diff-panel .diff-added", has_text=NEW_SENTENCE)).to_have_count(1)
    saved = t("Koncept uložen v %(time)s. Účastníci vidí zveřejněnou verzi.", time="\0")
    saved_message = saved.split("\0")[0]  # what comes before the time, in either language
    expect(page.locator("#save-status")).to_contain_text(saved_message, timeout=15_000)
    tour.check("studio-editor-broken-link")
    assert not _learner_sees(learner, NEW_SENTENCE)  # a draft is not published

    # Clicking the message selects the line in the text.
    for _attempt in range(3):  # a preview refresh may replace the message as it is clicked
        problem.get_by_role("link").click()
        try:
            page.wait_for_function(
                "() => { const s = window.AcademyEditor.view.state;"
                " return s.sliceDoc(s.selection.main.from, s.selection.main.to)"
                ".includes('plakat-chybi.png'); }",
                timeout=3_000,
            )
            break
        except PlaywrightTimeout:
            continue
    assert "plakat-chybi.png" in selected(page)
    # ... and the gutter marks that line with the checker's message.
    expect(page.locator(".cm-lint-marker-error")).to_have_count(1)

    # Fix it, and publish.
    write(page, broken.replace(" Viz [plakát](media/plakat-chybi.png).", ""))
    expect(preview.locator(".check-ok")).to_be_visible()
    expect(preview.locator(".problem-list")).to_have_count(0)
    tour.follow(page.get_by_role("button", name=t("Zveřejnit")), "studio-published")
    expect(page.locator(".flash")).to_contain_text(
        t("Modul je zveřejněný; účastníci teď vidí novou verzi.")
    )
    expect(page.locator("#diff-panel")).to_contain_text(t("Koncept se od zveřejněné verze neliší."))
    assert _learner_sees(learner, NEW_SENTENCE)
    learner.close()

    # A course file goes in where the cursor is, and shows in the preview; autosave keeps it.
    page.evaluate(
        "() => { const v = window.AcademyEditor.view;"
        " v.dispatch({selection: {anchor: v.state.doc.length}}); v.focus(); }"
    )
    page.get_by_text(t("Vložit soubor kurzu")).click()
    picker = page.locator(".studio-media-picker li", has_text="cover.svg")
    picker.get_by_role("button", name=t("Vložit")).click()
    expect(source).to_have_value(re.compile(r"!\[cover\]\(media/cover\.svg\)\s*$"))
    expect(preview.locator(f'.prose img[src="/media/{SLUG}/cover.svg"]')).to_have_count(1)
    expect(page.locator("#save-status")).to_contain_text(saved_message, timeout=15_000)

    # A quiz previews as learners see it, with the answer key apart for the instructor.
    tour.open(f"/studio/courses/{SLUG}/modules/kviz", "studio-quiz-editor")
    expect(page.locator(".studio-quiz .quiz-question").first).to_be_visible()
    expect(page.get_by_role("heading", name=t("Klíč odpovědí (vidí jen lektoři)"))).to_be_visible()


@pytest.mark.parametrize("viewport", ["desktop"])
def test_studio_conflict_with_a_colleague_shows_both_versions(tour, auth, app, academy_courses):
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    colleague = "eva.lektorka@example.cz"
    auth.create(email=colleague, name="Eva Lektorka", role=Role.INSTRUCTOR)
    page, t = tour.page, tour.t
    sign_in_with_two_factor(tour, INSTRUCTOR)
    tour.open(f"/studio/courses/{SLUG}/modules/{MODULE}", "studio-editor")

    # A colleague saves the same module from elsewhere after the page was opened.
    with app.app_context():
        course = find_course(db.session, SLUG)
        module = next(m for m in course.modules if m.slug == MODULE)
        editing = drafts.editing(db.session, module)
        them = db.session.scalar(select(User).where(User.email == colleague))
        theirs = editing.source.replace("---\n\n", "---\n\nKOLEGYNĚ PSALA TADY.\n\n", 1)
        drafts.save_draft(db.session, them, course, module, theirs, 0, editing.base_hash)
        db.session.commit()

    source = page.locator("#source")
    mine = source.input_value().replace("---\n\n", "---\n\nMOJE VĚTA.\n\n", 1)
    write(page, mine)
    conflict = page.locator("#conflict")
    expect(conflict).to_be_visible(timeout=15_000)
    expect(page.get_by_label(t("Jejich verze"))).to_have_value(theirs)
    expect(conflict).to_contain_text("Eva Lektorka")
    assert source.input_value() == mine  # nothing of mine was thrown away
    # Chromium logs every 4xx fetch; the 409 is the answer this journey expects
    tour.console[:] = [line for line in tour.console if "status of 409" not in line]
    tour.check("studio-conflict")
    conflict.get_by_role("button", name=t("Převzít jejich verzi")).click()
    expect(conflict).to_be_hidden()
    expect(source).to_have_value(theirs)
    expect(page.locator("#preview-panel .prose")).to_contain_text("KOLEGYNĚ PSALA TADY.")
