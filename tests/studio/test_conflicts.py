"""No lost work: a save based on an old revision is answered with both texts, never applied."""

from __future__ import annotations

import threading

from sqlalchemy import select

from academy.extensions import db
from academy.studio.models import ModuleDraft
from tests.conftest import Auth
from tests.studio.editing import DRAFT_JSON, EDITOR, editor_state, save_json, submit
from tests.studio.samples import INSTRUCTOR, sign_in


def test_a_second_tab_saving_an_old_revision_gets_409_with_both_versions(client, auth, imported):
    sign_in(auth)
    first_tab = editor_state(client)
    second_tab = editor_state(client)
    mine = first_tab["source"] + "\nZ první karty.\n"
    assert save_json(client, first_tab, mine).status_code == 200
    theirs_attempt = second_tab["source"] + "\nZ druhé karty.\n"
    response = save_json(client, second_tab, theirs_attempt)
    assert response.status_code == 409
    body = response.get_json()
    assert body["theirs"]["source"] == mine
    assert body["theirs"]["revision"] == 1
    assert body["yours"]["source"] == theirs_attempt
    assert "Mezitím text uložil někdo jiný" in body["error"]
    # taking their revision and saving again is accepted
    retry = save_json(client, {**second_tab, "revision": 1}, theirs_attempt)
    assert retry.status_code == 200 and retry.get_json()["revision"] == 2


def test_the_form_without_javascript_shows_a_conflict_page_with_both_texts(client, auth, imported):
    sign_in(auth)
    stale = editor_state(client)
    assert save_json(client, stale, stale["source"] + "\nKOLEGYNE-TEXT\n").status_code == 200
    response = submit(client, stale, stale["source"] + "\nMUJ-TEXT\n")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "KOLEGYNE-TEXT" in html and "MUJ-TEXT" in html
    assert 'name="revision" type="hidden" value="1"' in html or 'value="1"' in html
    assert "Uložit moji verzi místo jejich" in html


def test_a_publish_in_between_is_a_conflict_for_a_tab_opened_before_it(client, auth, imported):
    sign_in(auth)
    old_tab = editor_state(client)
    other = editor_state(client)
    assert save_json(client, other, other["source"] + "\nNOVE\n").status_code == 200
    published = submit(client, {**other, "revision": 1}, other["source"] + "\nNOVE\n", publish=True)
    assert published.status_code == 302
    response = save_json(client, old_tab, old_tab["source"] + "\nSTARE\n")
    assert response.status_code == 409
    assert "NOVE" in response.get_json()["theirs"]["source"]


def test_parallel_saves_of_the_same_revision_keep_exactly_one_and_refuse_the_other(
    app, imported, auth
):
    clients = []
    for n in range(2):
        client = app.test_client()
        session_auth = Auth(app, client)
        if n == 0:
            sign_in(session_auth)
        else:
            session_auth.login(email=INSTRUCTOR)
        clients.append(client)
    state = editor_state(clients[0])
    assert save_json(clients[0], state, state["source"] + "\nZAKLAD\n").status_code == 200
    states = [editor_state(c) for c in clients]
    assert {s["revision"] for s in states} == {1}
    results: dict[int, object] = {}
    barrier = threading.Barrier(2)

    def save(n: int) -> None:
        barrier.wait()
        results[n] = save_json(clients[n], states[n], states[n]["source"] + f"\nVLAKNO-{n}\n")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 409]
    winner = next(n for n, r in results.items() if r.status_code == 200)
    loser = results[1 - winner].get_json()
    assert f"VLAKNO-{winner}" in loser["theirs"]["source"]
    assert f"VLAKNO-{1 - winner}" in loser["yours"]["source"]
    with app.app_context():
        draft = db.session.scalar(select(ModuleDraft))
        assert draft.revision == 2
        assert f"VLAKNO-{winner}" in draft.source


def test_parallel_first_saves_create_one_draft(app, imported, auth):
    clients = []
    for n in range(2):
        client = app.test_client()
        session_auth = Auth(app, client)
        sign_in(session_auth) if n == 0 else session_auth.login(email=INSTRUCTOR)
        clients.append(client)
    states = [editor_state(c) for c in clients]
    results: dict[int, object] = {}
    barrier = threading.Barrier(2)

    def save(n: int) -> None:
        barrier.wait()
        results[n] = save_json(clients[n], states[n], states[n]["source"] + f"\nPRVNI-{n}\n")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.status_code for r in results.values()) == [200, 409]
    with app.app_context():
        assert len(db.session.scalars(select(ModuleDraft)).all()) == 1


def test_editor_page_after_a_conflict_opens_the_stored_draft(client, auth, imported):
    sign_in(auth)
    stale = editor_state(client)
    save_json(client, stale, stale["source"] + "\nULOZENO\n")
    assert "ULOZENO" in client.get(EDITOR).get_data(as_text=True)


def test_malformed_saves_get_400_with_a_czech_message_and_change_nothing(
    app, client, auth, imported
):
    sign_in(auth)
    state = editor_state(client)
    headers = {"X-CSRFToken": state["csrf"]}
    malformed = (
        {"source": "x", "revision": "abc", "base": ""},
        {"source": "x"},
        [1, 2],
        {"source": "x", "revision": 10**20, "base": ""},  # beyond the database's integer
        {"source": "x", "revision": 2**31 - 1, "base": ""},  # its +1 would overflow PostgreSQL
        {"source": "x", "revision": -1, "base": ""},
        {"source": "a\x00b", "revision": 0, "base": ""},  # PostgreSQL keeps no NUL
        {"source": "a\udbfcb", "revision": 0, "base": ""},  # a lone surrogate
    )
    for body in malformed:
        response = client.post(DRAFT_JSON, json=body, headers=headers)
        assert response.status_code == 400, body
        assert response.get_json()["error"]
    too_long = save_json(client, state, "x" * 200_001)
    assert too_long.status_code == 400
    assert "Text je příliš dlouhý" in too_long.get_json()["error"]
    with app.app_context():
        assert db.session.scalar(select(ModuleDraft)) is None


def test_a_stale_tab_cannot_overwrite_a_draft_started_after_a_publish(client, auth, imported):
    """Tab A holds revision 1; B publishes it (the draft is deleted) and starts a new draft:
    A's save of revision 1 is a conflict, and B's new text is what stays stored."""
    sign_in(auth)
    opened = editor_state(client)
    saved = save_json(client, opened, opened["source"] + "\nSPOLECNY-ZACATEK\n")
    assert saved.get_json()["revision"] == 1
    tab_a = {**opened, "revision": 1}
    tab_b = editor_state(client)
    assert tab_b["revision"] == 1
    assert submit(client, tab_b, tab_b["source"], publish=True).status_code == 302
    tab_b = editor_state(client)  # no draft now: B starts a new one from the published text
    assert tab_b["revision"] == 0
    new_draft = save_json(client, tab_b, tab_b["source"] + "\nTEXT-Z-KARTY-B\n")
    assert new_draft.status_code == 200
    # the publish form saved revision 2, then published it: the new draft goes on at 3
    assert new_draft.get_json()["revision"] == 3
    stale = save_json(client, tab_a, opened["source"] + "\nTEXT-Z-KARTY-A\n")
    assert stale.status_code == 409
    assert "TEXT-Z-KARTY-B" in stale.get_json()["theirs"]["source"]
    assert "TEXT-Z-KARTY-B" in editor_state(client)["source"]
    assert "TEXT-Z-KARTY-A" not in editor_state(client)["source"]
