"""Undo and redo in the map editor: the form's Zpět/Znovu buttons (no JavaScript), the
autosave's JSON answer, coalesced typing, the bounded history, stale tabs, other people's
maps and a map under review."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from academy.db import utcnow
from academy.extensions import db
from academy.journeys import history, services
from academy.journeys.models import JourneyMap, JourneyMapStep
from tests.conftest import Auth
from tests.journeys.conftest import COURSE, EDITOR, OTHER, form_of, start, the_map

JSON = {"Accept": "application/json"}


def _form(learner) -> dict[str, str]:
    return form_of(learner.client.get(EDITOR).get_data(as_text=True))


def _stages(app) -> list[dict]:
    return the_map(app).data["plans"]["as_is"]["stages"]


def _steps(app, side: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(JourneyMapStep.side == side))


def test_a_removed_stage_comes_back_with_its_cells_and_redo_removes_it_again(app, learner):
    start(learner)
    before = _stages(app)
    assert [s["name"] for s in before] == ["Objednávka", "Doručení"]
    assert learner.post(EDITOR, _form(learner) | {"op": "remove-stage:0"}).status_code == 302
    assert [s["name"] for s in _stages(app)] == ["Doručení"]

    undone = learner.post(EDITOR, _form(learner) | {"op": "undo"})
    assert undone.status_code == 302 and undone.location.endswith("#jm-undo")
    assert _stages(app) == before  # the stage with every cell, emotion and KPI
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert "Vráceno: odebrání fáze." in page
    assert 'aria-label="Znovu: odebrání fáze"' in page

    redone = learner.post(EDITOR, _form(learner) | {"op": "redo"})
    assert redone.status_code == 302 and redone.location.endswith("#jm-redo")
    assert [s["name"] for s in _stages(app)] == ["Doručení"]
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert "Znovu provedeno: odebrání fáze." in page
    assert 'aria-label="Zpět: odebrání fáze"' in page


def test_the_buttons_are_disabled_when_there_is_nothing_to_undo_or_redo(learner):
    start(learner)
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert re.search(r'id="jm-undo"[^>]*\sdisabled>', page)
    assert re.search(r'id="jm-redo"[^>]*\sdisabled>', page)
    nothing = learner.post(EDITOR, _form(learner) | {"op": "undo"}, follow_redirects=True)
    assert "Není co vrátit zpět." in nothing.get_data(as_text=True)


def test_autosaves_within_the_window_make_one_undo_step(app, learner):
    start(learner)
    data = _form(learner)
    for text in ("K", "Ko", "Koš", "Košík"):
        data["stages-0-steps-0-actions"] = text
        saved = learner.post(EDITOR, data, headers=JSON)
        assert saved.status_code == 200
        data["revision"] = str(saved.json["revision"])
    assert _steps(app, history.UNDO) == 1
    undone = learner.post(EDITOR, data | {"op": "undo"}, headers=JSON)
    assert undone.json == {
        "saved": True,
        "revision": 7,  # 1 + four autosaves, the page saved as it was, the undo
        "message": "Vráceno: úprava textu.",
    }
    assert _stages(app)[0]["steps"][0]["lanes"]["actions"] == "Vloží zboží"


def test_an_edit_after_the_window_or_after_a_button_is_a_new_step(app, learner):
    start(learner)
    with app.app_context():
        journey_map = db.session.get(JourneyMap, the_map(app).id)
        now = utcnow()
        data = journey_map.data | {"title": "A"}
        services.save(db.session, journey_map, data, 1, now)
        data = journey_map.data | {"title": "AB"}
        services.save(db.session, journey_map, data, 2, now + timedelta(seconds=29))
        data = journey_map.data | {"title": "ABC"}
        services.save(db.session, journey_map, data, 3, now + timedelta(seconds=31))
        data = journey_map.data | {"title": "ABC", "scope": "x"}
        services.save(
            db.session, journey_map, data, 4, now + timedelta(seconds=32), change="add-goal"
        )
        data = journey_map.data | {"title": "ABCD"}
        services.save(db.session, journey_map, data, 5, now + timedelta(seconds=33))
        changes = db.session.execute(
            select(JourneyMapStep.change, JourneyMapStep.data["title"].as_string()).order_by(
                JourneyMapStep.revision
            )
        ).all()
        assert changes == [
            ("edit", "Objednávka v e-shopu"),
            ("edit", "AB"),
            ("add-goal", "ABC"),
            ("edit", "ABC"),
        ]
        db.session.rollback()


def test_a_new_edit_after_undo_clears_redo(app, learner):
    start(learner)
    learner.post(EDITOR, _form(learner) | {"op": "add-stage"})
    learner.post(EDITOR, _form(learner) | {"op": "undo"})
    assert _steps(app, history.REDO) == 1
    # saving what the page shows changes nothing, so redo stays
    learner.post(EDITOR, _form(learner), headers=JSON)
    assert _steps(app, history.REDO) == 1
    learner.post(EDITOR, _form(learner) | {"title": "Nový název"}, headers=JSON)
    assert _steps(app, history.REDO) == 0
    learner.post(EDITOR, _form(learner) | {"op": "redo"})
    assert len(_stages(app)) == 2 and the_map(app).data["title"] == "Nový název"


def test_undo_takes_back_typing_the_page_had_not_saved_yet(app, learner):
    start(learner)
    learner.post(EDITOR, _form(learner) | {"op": "remove-stage:1"})
    typed = _form(learner) | {"title": "Ještě neuloženo", "op": "undo"}
    learner.post(EDITOR, typed)
    assert the_map(app).data["title"] == "Objednávka v e-shopu"
    assert len(_stages(app)) == 1  # one step back: the typing, not the removed stage
    learner.post(EDITOR, _form(learner) | {"op": "redo"})
    assert the_map(app).data["title"] == "Ještě neuloženo"


def test_a_stale_undo_answers_409_and_changes_nothing(app, learner):
    start(learner)
    stale = _form(learner)
    learner.post(EDITOR, stale | {"op": "remove-stage:0"})
    other_tab = _form(learner) | {"stages-0-steps-0-pains": "Z druhého okna"}
    assert learner.post(EDITOR, other_tab, headers=JSON).json["saved"] is True
    kept = the_map(app)
    refused = learner.post(EDITOR, stale | {"op": "undo"}, headers=JSON)
    assert refused.status_code == 409
    assert refused.json["conflict"] is True
    assert "Mapu mezitím změnilo jiné okno" in refused.json["message"]
    page = learner.post(EDITOR, stale | {"op": "undo"})
    assert page.status_code == 409
    after = the_map(app)
    assert (after.revision, after.data) == (kept.revision, kept.data)
    assert _steps(app, history.REDO) == 0


def test_the_history_keeps_the_last_steps_only(app, learner):
    start(learner, from_example=False)
    with app.app_context():
        journey_map = db.session.get(JourneyMap, the_map(app).id)
        for n in range(history.MAX_STEPS + 5):
            data = journey_map.data | {"title": f"Název {n}"}
            services.save(
                db.session, journey_map, data, journey_map.revision, utcnow(), change="add-goal"
            )
        titles = db.session.scalars(
            select(JourneyMapStep.data["title"].as_string()).order_by(JourneyMapStep.revision)
        ).all()
        assert len(titles) == history.MAX_STEPS
        assert titles[0] == "Název 4" and titles[-1] == f"Název {history.MAX_STEPS + 3}"
        db.session.commit()


def test_another_learner_cannot_undo_my_map(app, auth, learner):
    start(learner)
    learner.post(EDITOR, _form(learner) | {"op": "remove-stage:0"})
    other = Auth(app, app.test_client())
    other.create(email=OTHER, name="Ondřej Other")
    other.login(email=OTHER)
    other.post(f"/courses/{COURSE}/enrol")
    mine = the_map(app)
    assert other.post(EDITOR, {"revision": str(mine.revision), "op": "undo"}).status_code == 404
    start(other)  # their own map: undo there has nothing of mine to take
    theirs = form_of(other.client.get(EDITOR).get_data(as_text=True))
    other.post(EDITOR, theirs | {"op": "undo"})
    assert len(_stages(app)) == 1 and the_map(app).revision == mine.revision


def test_a_map_under_review_offers_no_undo_and_refuses_one(app, learner):
    start(learner)
    learner.post(EDITOR, _form(learner) | {"title": "Před odevzdáním"})
    data = _form(learner)
    assert learner.post(EDITOR, data | {"op": "submit"}).status_code == 302
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert "jm-form" not in page and "jm-undo" not in page
    data["revision"] = str(the_map(app).revision)
    refused = learner.post(EDITOR, data | {"op": "undo"}, headers=JSON)
    assert refused.status_code == 409 and "odevzdaná" in refused.json["message"]
    assert the_map(app).data["title"] == "Před odevzdáním"


def test_restoring_a_version_is_one_undo_step(app, learner):
    start(learner)
    learner.post(f"{EDITOR}/versions", {"label": "dvě fáze"})
    with app.app_context():
        from academy.journeys.models import JourneyMapVersion

        version_id = db.session.scalar(select(JourneyMapVersion.id))
    learner.post(EDITOR, _form(learner) | {"op": "remove-stage:0"})
    revision = the_map(app).revision
    learner.post(f"{EDITOR}/versions/{version_id}/restore", {"revision": str(revision)})
    assert len(_stages(app)) == 2
    learner.post(EDITOR, _form(learner) | {"op": "undo"}, follow_redirects=True)
    assert len(_stages(app)) == 1
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert 'aria-label="Znovu: návrat k uložené verzi"' in page


def test_the_buttons_in_english(learner):
    start(learner)
    learner.client.get("/lang/en")
    learner.post(EDITOR, _form(learner) | {"op": "remove-step:0:0"})
    page = learner.post(EDITOR, _form(learner) | {"op": "undo"}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Undone: removing a step." in text
    assert 'aria-label="Redo: removing a step"' in text and "</span> Undo</button>" in text
