"""The module editor: drafts learners do not see, publishing, preview, checker lines."""

from __future__ import annotations

from sqlalchemy import select

from academy.courses.models import Module, ModuleVersion
from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.studio.models import ModuleDraft
from tests.studio.editing import EDITOR, editor_state, preview_json, save_json, submit
from tests.studio.samples import COURSE, sign_in

LEARNER = "ucastnik@example.cz"
NEW_TEXT = "Úplně nový text lekce po úpravě ve studiu."


def _learner_page(app, auth) -> str:
    client = app.test_client()
    from tests.conftest import Auth

    other = Auth(app, client)
    other.login(email=LEARNER)
    return client.get(f"/courses/{COURSE}/uvod").get_data(as_text=True)


def test_draft_is_invisible_to_learners_until_published_and_progress_is_kept(
    app, client, auth, imported
):
    auth.create(email=LEARNER)
    auth.login(email=LEARNER)
    auth.post(f"/courses/{COURSE}/enrol")
    assert auth.post(f"/courses/{COURSE}/uvod/done").status_code == 302
    auth.logout()
    sign_in(auth)
    state = editor_state(client)
    assert state["revision"] == 0
    assert state["source"].startswith("---\ntitle: Úvod do map\n")
    edited = state["source"].replace("Text první lekce.", NEW_TEXT)

    saved = save_json(client, state, edited)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["revision"] == 1
    assert NEW_TEXT not in _learner_page(app, auth)
    assert "Text první lekce." in _learner_page(app, auth)

    state = editor_state(client)
    assert state["revision"] == 1 and NEW_TEXT in state["source"]
    published = submit(client, state, state["source"], publish=True)
    assert published.status_code == 302
    page = _learner_page(app, auth)
    assert NEW_TEXT in page
    assert "Tento modul máte hotový" in page
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "uvod"))
        versions = db.session.scalars(
            select(ModuleVersion).where(ModuleVersion.module_id == module.id)
        ).all()
        assert len(versions) == 2
        assert db.session.scalar(select(ModuleDraft)) is None
        progress = db.session.scalars(select(ModuleProgress)).all()
        assert [p.module_id for p in progress if p.completed_at] == [module.id]


def test_publish_with_a_broken_link_is_refused_with_its_line_and_the_draft_is_kept(
    app, client, auth, imported
):
    sign_in(auth)
    state = editor_state(client)
    broken = state["source"].replace(
        "Poznámka[^1].", "Poznámka[^1]. Viz [plakát](media/chybi.png)."
    )
    line = broken.split("\n").index(next(x for x in broken.split("\n") if "chybi.png" in x)) + 1
    response = submit(client, state, broken, publish=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "zveřejnit ho nejde" in html
    assert f'data-line="{line}"' in html
    assert "nefunkční odkaz: soubor &#39;media/chybi.png&#39; ve složce kurzu není" in html
    with app.app_context():
        draft = db.session.scalar(select(ModuleDraft))
        assert draft is not None and "chybi.png" in draft.source
        assert "\r" not in draft.source
        module = db.session.scalar(select(Module).where(Module.slug == "uvod"))
        assert "chybi.png" not in module.body_html


def test_preview_reports_checker_problems_with_their_lines(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    text = "---\ntitle: Úvod do map\nkind: lesson\nminutes: deset\n---\n\nA ![x](media/nic.png)\n"
    body = preview_json(client, state, text).get_json()
    assert 'data-line="4"' in body["preview"]  # minutes must be a whole number
    assert 'data-line="7"' in body["preview"]
    assert "nefunkční odkaz: soubor &#39;media/nic.png&#39;" in body["preview"]
    assert "obrazek.svg" not in body["preview"]
    ok = preview_json(client, state, text.replace("deset", "10").replace("nic.png", "obrazek.svg"))
    assert "Kontrola nenašla žádný problém" in ok.get_json()["preview"]


def test_preview_shows_the_checker_in_the_users_language(client, auth, imported):
    sign_in(auth)
    text = "---\ntitle: Úvod do map\nkind: lekce\nminutes: 5\n---\n\nA ![x](media/nic.png)\n"
    czech = preview_json(client, editor_state(client), text).get_json()["preview"]
    assert (
        "neznámý druh modulu (kind) &#39;lekce&#39;; použijte jednu z hodnot lesson, webinar, quiz, assignment, journey_map"
        in czech
    )
    assert "nefunkční odkaz: soubor &#39;media/nic.png&#39; ve složce kurzu není" in czech
    assert "broken link" not in czech and 'lang="en"' not in czech
    client.get("/lang/en")
    english = preview_json(client, editor_state(client), text).get_json()["preview"]
    assert (
        "unknown kind &#39;lekce&#39;; use one of lesson, webinar, quiz, assignment, journey_map"
        in english
    )
    assert "broken link: &#39;media/nic.png&#39; does not exist in the course folder" in english
    assert "nefunkční" not in english
    refused = submit(client, editor_state(client), text, publish=True)  # a browser without JS
    checks = refused.get_data(as_text=True).split('id="check-title"')[1].split("</section>")[0]
    assert "broken link: &#39;media/nic.png&#39; does not exist in the course folder" in checks
    assert "nefunkční" not in checks


def test_preview_sanitizes_hostile_markdown(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    hostile = (
        "---\ntitle: Zlý\nkind: lesson\nminutes: 5\n---\n\n"
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        '[klik](javascript:alert(3)) <a href="java\tscript:alert(4)">b</a>\n'
    )
    checks, html = (
        preview_json(client, state, hostile).get_json()["preview"].split('id="preview-title"')
    )
    assert "používá nepovolené schéma" in checks  # the checker names it, escaped
    assert "<script" not in checks + html
    assert "onerror" not in html
    assert "javascript:" not in html and "java\tscript" not in html
    assert "klik" in html


def test_quiz_preview_hides_answers_from_the_learner_part_and_shows_the_key(client, auth, imported):
    sign_in(auth)
    url = f"/studio/courses/{COURSE}/modules/kviz"
    state = editor_state(client, url)
    body = preview_json(client, state, state["source"], url=f"{url}/preview.json").get_json()
    learner_part, key = body["preview"].split('id="key-title"')
    assert "Co je tajné?" in learner_part
    assert "SPRAVNA-ODPOVED-TAJNA" in learner_part  # an option is shown, not marked
    assert "is-correct" not in learner_part and "(x)" not in learner_part
    assert "Vysvětlení" not in learner_part
    assert "SPRAVNA-ODPOVED-TAJNA" in key and "Špatná odpověď" not in key
    assert "SPRAVNA-KONVERZE, SPRAVNY-PODIL-KONTAKTU" in key


def test_the_diff_shows_changed_lines_against_the_published_text(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    body = preview_json(client, state, state["source"].replace("Proč mapovat", "Proč to dělat"))
    diff = body.get_json()["diff"]
    assert 'class="diff-removed"' in diff and 'class="diff-added"' in diff
    assert "## Proč mapovat" in diff and "## Proč to dělat" in diff
    assert "odebráno" in diff and "přidáno" in diff


def test_editor_page_works_without_javascript(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    response = submit(client, state, state["source"] + "\nDalší odstavec.\n")
    assert response.status_code == 302
    page = client.get(EDITOR).get_data(as_text=True)
    assert "Koncept je uložený" in page
    assert "Další odstavec." in page
    assert 'src="/static/js/studio-editor.js' in page
