"""The module header as fields: read from the YAML, written back, the same file either way."""

from __future__ import annotations

from academy.studio import headers
from tests.studio.editing import EDITOR, editor_state
from tests.studio.samples import COURSE, sign_in

QUIZ = """---
title: Kvíz
kind: quiz
minutes: 5
pass_mark: 70
---

### Otázka?

(x) Ano
( ) Ne
"""


def _wanted(text: str, **changes) -> dict:
    values = headers.values(text)
    assert values is not None
    return values | changes


def test_form_values_are_read_from_the_yaml():
    values = headers.values(QUIZ)
    assert values["title"] == "Kvíz" and values["kind"] == "quiz" and values["pass_mark"] == 70
    assert values["required"] is True and values["shuffle"] is False and values["pick"] is None


def test_the_form_writes_the_file_a_hand_edit_would():
    by_hand = QUIZ.replace("pass_mark: 70\n", "pass_mark: 80\npick: 3\n")
    by_form = headers.apply(QUIZ, _wanted(QUIZ, pass_mark=80, pick=3))
    assert by_form == by_hand
    assert headers.apply(by_hand, _wanted(by_hand)) == by_hand  # unchanged fields: same file


def test_defaults_are_not_written_and_emptied_keys_go():
    written = headers.apply(QUIZ, _wanted(QUIZ, required=True, shuffle=False, minutes=None))
    assert written == QUIZ.replace("minutes: 5\n", "")


def test_keys_the_form_does_not_show_stay_in_place():
    webinar = (
        "---\ntitle: Webinář\nkind: webinar\nminutes: 48\nvideo: media/w.webm\n"
        "captions:\n- src: media/w.vtt\n  lang: cs\n  label: Čeština\n---\n\nText.\n"
    )
    written = headers.apply(webinar, _wanted(webinar, minutes=50))
    assert written == webinar.replace("minutes: 48", "minutes: 50")


def test_changing_the_kind_drops_the_other_kinds_settings():
    written = headers.apply(QUIZ, _wanted(QUIZ, kind="lesson"))
    assert written.startswith("---\ntitle: Kvíz\nkind: lesson\nminutes: 5\n---\n")


def test_an_unreadable_header_is_left_alone():
    assert headers.values("---\ntitle: [\n---\n") is None
    assert headers.apply("no header", {"title": "X"}) is None


def test_without_javascript_the_fields_are_written_into_the_text_and_saved(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    data = {
        "csrf_token": state["csrf"],
        "source": state["source"],
        "revision": str(state["revision"]),
        "base": state["base"],
        "apply_header": "1",
        "header-title": "Úvod do map a cest",
        "header-kind": "lesson",
        "header-minutes": "15",
        "header-required": "y",
    }
    response = client.post(EDITOR, data=data)
    assert response.status_code == 302
    saved = editor_state(client)["source"]
    assert saved.startswith("---\ntitle: Úvod do map a cest\nkind: lesson\nminutes: 15\n---\n")
    assert "## Proč mapovat" in saved


def test_a_bad_field_is_named_in_czech_and_nothing_is_lost(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    edited = state["source"] + "\nNová věta.\n"
    data = {
        "csrf_token": state["csrf"],
        "source": edited,
        "revision": str(state["revision"]),
        "base": state["base"],
        "apply_header": "1",
        "header-title": "Úvod",
        "header-kind": "lesson",
        "header-minutes": "-3",
    }
    response = client.post(EDITOR, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Zadejte celé číslo od 1 do 10000." in page
    assert "Nová věta." in page


def test_header_json_rewrites_the_text_or_names_the_field(client, auth, imported):
    sign_in(auth)
    state = editor_state(client)
    url = f"/studio/courses/{COURSE}/modules/uvod/header.json"
    headers_ = {"X-CSRFToken": state["csrf"]}
    fields = {"title": "Úvod", "kind": "lesson", "minutes": "12", "required": "y"}
    ok = client.post(url, json={"source": state["source"], "header": fields}, headers=headers_)
    assert ok.status_code == 200
    assert ok.get_json()["source"].startswith("---\ntitle: Úvod\nkind: lesson\nminutes: 12\n---")
    bad = client.post(
        url, json={"source": state["source"], "header": fields | {"minutes": "x"}}, headers=headers_
    )
    assert bad.status_code == 400
    assert bad.get_json()["errors"]["minutes"][0] == "Neplatná hodnota pro celé číslo."
