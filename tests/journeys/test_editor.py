"""The learner's map editor over HTTP: saving without JavaScript and with the autosave,
conflicts, limits, other people's maps, the share link, exports, hand-in and review."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader
from sqlalchemy import func, select

from academy.assignments.models import WorkSubmission
from academy.extensions import db
from academy.learning.models import ModuleProgress
from tests.conftest import Auth
from tests.journeys.conftest import (
    COURSE,
    EDITOR,
    MODULE_SLUG,
    OTHER,
    form_of,
    staff,
    start,
    the_map,
)
from tests.querycount import page_statements

JSON = {"Accept": "application/json"}


def _form(learner) -> dict[str, str]:
    return form_of(learner.client.get(EDITOR).get_data(as_text=True))


def test_a_map_started_from_the_example_is_there_after_a_reload(app, learner):
    assert start(learner).status_code == 302
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert 'value="Objednávka v e-shopu"' in page and "Žádná zpráva dva dny" in page
    data = _form(learner)
    data |= {"stages-0-steps-0-pains": "Cena dopravy až v posledním kroku", "op": "save"}
    assert learner.post(EDITOR, data).status_code == 302
    again = _form(learner)
    assert again["stages-0-steps-0-pains"] == "Cena dopravy až v posledním kroku"
    assert again["stages-1-steps-0-emotion"] == "-2"
    assert again["stages-1-steps-0-moment_of_truth"] == "1"
    assert the_map(app).revision == 2


def test_cell_text_is_escaped_on_the_page(learner):
    start(learner, from_example=False)
    data = _form(learner) | {"stages-0-steps-0-actions": "<img src=x onerror=alert(1)>"}
    learner.post(EDITOR, data)
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_stale_tab_gets_409_with_a_czech_message_and_loses_nothing(app, learner):
    start(learner)
    tab_one, tab_two = _form(learner), _form(learner)
    tab_one["stages-0-steps-0-actions"] = "Text z prvního okna"
    assert learner.post(EDITOR, tab_one, headers=JSON).json["saved"] is True
    tab_two["stages-0-steps-0-actions"] = "Text z druhého okna"
    stale = learner.post(EDITOR, tab_two, headers=JSON)
    assert stale.status_code == 409
    assert stale.json["conflict"] is True
    assert "Mapu mezitím změnilo jiné okno" in stale.json["message"]
    # the form post shows the learner's own text again, with the message, and stores nothing
    page = learner.post(EDITOR, tab_two)
    assert page.status_code == 409
    assert "Text z druhého okna" in page.get_data(as_text=True)
    stored = the_map(app).data["plans"]["as_is"]["stages"][0]["steps"][0]
    assert stored["lanes"]["actions"] == "Text z prvního okna"


def test_the_autosave_answers_the_new_revision(app, learner):
    start(learner)
    data = _form(learner) | {"title": "Hlášení škody"}
    saved = learner.post(EDITOR, data, headers=JSON)
    assert saved.status_code == 200 and saved.json["revision"] == 2
    data["revision"] = "2"
    assert learner.post(EDITOR, data, headers=JSON).json["revision"] == 3


def test_an_oversized_map_is_refused_with_a_message_and_the_text_kept(app, learner):
    start(learner, from_example=False)
    data = _form(learner)
    for i in range(41):
        data[f"stages-{i}-name"] = f"Fáze {i}"
    data["stages-0-steps-0-actions"] = "Můj rozepsaný text"
    refused = learner.post(EDITOR, data)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "povoleno je nejvýš 40" in page and "Můj rozepsaný text" in page
    assert the_map(app).revision == 1
    data = _form(learner) | {"stages-0-steps-0-actions": "x" * 2001}
    assert learner.post(EDITOR, data, headers=JSON).status_code == 422


def test_bad_input_never_answers_500(learner):
    start(learner)
    cases = [
        ({"revision": "abc"}, 400),
        ({"stages-0-steps-0-emotion": "9"}, 422),
        ({"op": "remove-step:x:y"}, 302),
        ({"plan": "<x>"}, 302),
        ({"stages-999-name": "x"}, 302),
        ({"goals-0-goal": "é" * 201}, 422),
    ]
    for bad, status in cases:
        response = learner.post(EDITOR, _form(learner) | bad)
        assert response.status_code == status, (bad, response.status_code)
    assert learner.client.post(EDITOR, data={"title": "bez tokenu"}).status_code == 400


def test_buttons_add_and_move_stages_and_steps(app, learner):
    start(learner)
    learner.post(EDITOR, _form(learner) | {"op": "add-step:0"})
    learner.post(EDITOR, _form(learner) | {"op": "stage-right:0"})
    stages = the_map(app).data["plans"]["as_is"]["stages"]
    assert [s["name"] for s in stages] == ["Doručení", "Objednávka"]
    assert len(stages[1]["steps"]) == 2


def test_another_learners_map_and_a_revoked_share_link_answer_404(app, auth, learner):
    start(learner)
    learner.post(f"{EDITOR}/share")
    token = the_map(app).share_token
    shared = learner.client.get(f"/maps/shared/{token}")
    assert shared.status_code == 200 and "Objednávka v e-shopu" in shared.get_data(as_text=True)
    versions = learner.post(f"{EDITOR}/versions", {"label": "první"})
    assert versions.status_code == 302
    with app.app_context():
        from academy.journeys.models import JourneyMapVersion

        version_id = db.session.scalar(select(JourneyMapVersion.id))

    other = Auth(app, app.test_client())
    other.create(email=OTHER, name="Ondřej Other")
    other.login(email=OTHER)
    other.post(f"/courses/{COURSE}/enrol")
    assert other.client.get(f"{EDITOR}/export.json").status_code == 404
    assert other.post(f"{EDITOR}/versions/{version_id}/restore").status_code == 404
    start(other)
    assert other.post(f"{EDITOR}/versions/{version_id}/restore").status_code == 404

    learner.post(f"{EDITOR}/share", {"revoke": "1"})
    assert learner.client.get(f"/maps/shared/{token}").status_code == 404
    assert learner.client.get("/maps/shared/nonsense").status_code == 404


def test_exports_are_czech_exact(learner):
    start(learner)
    pdf = learner.client.get(f"{EDITOR}/export.pdf")
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 420  # A3
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Objednávka v e-shopu" in text and "Žádná zpráva dva dny" in text
    assert "31 % → 40 %" in text
    exported = learner.client.get(f"{EDITOR}/export.json")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(exported.data.decode("utf-8"))["title"] == "Objednávka v e-shopu"
    csv_text = learner.client.get(f"{EDITOR}/export.csv").data.decode("utf-8")
    assert csv_text.startswith("\ufeff") and "Žádná zpráva dva dny" in csv_text


def test_hand_in_review_with_a_pinned_comment_revision_and_acceptance_completes(app, learner):
    start(learner)
    gap = {"stages-1-steps-0-pains": "", "op": "submit"}
    incomplete = learner.post(EDITOR, _form(learner) | gap, follow_redirects=True)
    page = incomplete.get_data(as_text=True)
    assert "Vrstva „Bolavá místa“ chybí u kroků: Čekání." in page  # saved, not handed in
    assert the_map(app).data["plans"]["as_is"]["stages"][1]["steps"][0]["lanes"]["pains"] == ""
    data = _form(learner) | {"stages-1-steps-0-pains": "Dva dny bez zprávy"}
    assert learner.post(EDITOR, data | {"op": "submit"}).status_code == 302
    with app.app_context():
        work = db.session.scalar(select(WorkSubmission))
        assert (work.kind, work.status, work.versions_count) == ("journey_map", "submitted", 1)
        assert work.versions[0].payload["map"]["title"] == "Objednávka v e-shopu"
        work_id, revision = work.id, work.revision
    assert "jm-form" not in learner.client.get(EDITOR).get_data(as_text=True)  # read-only now
    locked = learner.post(EDITOR, data, headers=JSON)
    assert locked.status_code == 409 and "odevzdaná" in locked.json["message"]

    staff(Auth(app, app.test_client()))
    reviewer = Auth(app, app.test_client())
    reviewer.login(email="jiri@example.cz")
    queue = reviewer.client.get(f"/courses/{COURSE}/reviews").get_data(as_text=True)
    assert "Lucie Malá" in queue
    review = reviewer.client.get(f"/courses/{COURSE}/reviews/{work_id}").get_data(as_text=True)
    assert "jm-grid" in review and "Objednávka v e-shopu" in review
    review_url = f"/courses/{COURSE}/reviews/{work_id}"
    pinned = reviewer.post(
        f"{review_url}/map-comments",
        {"step": "as_is:1:0", "lane": "pains", "text": "Kolik lidí volá? Doplňte číslo."},
    )
    assert pinned.status_code == 302
    nowhere = reviewer.post(
        f"{review_url}/map-comments", {"step": "as_is:9:0", "text": "x"}, follow_redirects=True
    )
    assert "Vyberte krok a vrstvu mapy." in nowhere.get_data(as_text=True)
    assert (
        learner.post(f"{review_url}/map-comments", {"step": "as_is:1:0", "text": "já"}).status_code
        == 403
    )
    returned = reviewer.post(
        f"{review_url}/decision",
        {
            "revision": str(revision),
            "score_c1": "0",
            "give_back": "y",
            "feedback": "Doplňte čísla k bolavým místům.",
        },
    )
    assert returned.status_code == 302

    module_page = learner.client.get(f"/courses/{COURSE}/{MODULE_SLUG}").get_data(as_text=True)
    assert "Kolik lidí volá? Doplňte číslo." in module_page
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert "Doplňte čísla k bolavým místům." in page
    assert "Kolik lidí volá? Doplňte číslo." in page and "2.1 Čekání" in page
    data = _form(learner) | {"stages-1-steps-0-pains": "Dva dny bez zprávy; volá 31 %"}
    assert learner.post(EDITOR, data | {"op": "submit"}).status_code == 302
    with app.app_context():
        revision = db.session.scalar(select(WorkSubmission.revision))
    decided = reviewer.post(
        f"{review_url}/decision",
        {"revision": str(revision), "score_c1": "2", "feedback": "Výborně.", "accept": "y"},
    )
    assert decided.status_code == 302
    with app.app_context():
        work = db.session.scalar(select(WorkSubmission))
        assert (work.status, work.versions_count) == ("accepted", 2)
        assert work.versions[0].payload["comments"][0]["lane"] == "pains"
        assert db.session.scalar(select(ModuleProgress.completed_at)) is not None


def test_the_editor_page_sends_a_bounded_number_of_statements(app, learner):
    start(learner)
    statements = page_statements(app, learner.client, EDITOR)
    assert len(statements) <= 14, statements
    assert MODULE_SLUG in EDITOR


def test_deleting_the_account_erases_the_map_and_its_share_link(app, learner):
    start(learner)
    learner.post(f"{EDITOR}/share")
    learner.post(f"{EDITOR}/versions", {"label": "první"})
    learner.post(EDITOR, _form(learner) | {"op": "add-stage"})  # an undo step
    learner.post(EDITOR, _form(learner) | {"op": "undo"})  # and a redo step
    token = the_map(app).share_token
    with app.app_context():
        from academy.auth.models import User
        from academy.journeys.models import JourneyMap, JourneyMapStep, JourneyMapVersion

        assert db.session.scalar(select(func.count()).select_from(JourneyMapStep)) == 1
        from academy.privacy.erasure import delete_account

        delete_account(db.session, db.session.scalar(select(User).where(User.id == the_user())))
        db.session.commit()
        assert db.session.scalar(select(JourneyMap.id)) is None
        assert db.session.scalar(select(JourneyMapVersion.id)) is None
        assert db.session.scalar(select(JourneyMapStep.id)) is None
    assert app.test_client().get(f"/maps/shared/{token}").status_code == 404


def the_user() -> int:
    from academy.auth.models import User
    from tests.journeys.conftest import LEARNER

    return db.session.scalar(select(User.id).where(User.email == LEARNER))
