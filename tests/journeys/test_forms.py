"""The editor's form: the fenced one-pass reader of the nested lists reads a form exactly as
WTForms' nested FieldLists (MapForm) would, and a map at the limits loads and saves."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from academy.extensions import db
from academy.journeys.forms import MapForm, lists_from
from academy.journeys.models import JourneyMap
from academy.journeys.schema import MAX_STAGES, empty_map, empty_step
from tests.journeys.conftest import EDITOR, form_of, start

POSTED = MultiDict(
    [
        ("goals-0-goal", "Méně hovorů"),
        ("goals-0-kpi", "podíl"),
        ("goals-3-goal", "druhý"),
        ("personas-0-name", "Petra"),
        ("personas-0-mood", "spěchá"),
        ("personas-0-nonsense", "x"),
        ("stages-1-name", "Potvrzení"),
        ("stages-0-name", "Nehoda"),
        ("stages-0-steps-0-title", "Hledá"),
        ("stages-0-steps-0-actions", "Hledá na webu"),
        ("stages-0-steps-0-kpi-name", "Přechod"),
        ("stages-0-steps-0-kpi-source", "GA4"),
        ("stages-0-steps-0-emotion", "-2"),
        ("stages-0-steps-0-moment_of_truth", "1"),
        ("stages-0-steps-2-title", "Volá"),
        ("stages-1-steps-0-pains", "Nejistota"),
        ("stages-1-steps-0-unknown", "x"),
        ("stages-x-name", "x"),
        ("other", "y"),
    ]
    + [(f"stages-{i}-name", f"F{i}") for i in range(2, 45)]
)


def test_the_one_pass_reader_reads_like_wtforms_nested_fieldlists(app):
    with app.test_request_context():
        reference = MapForm(formdata=POSTED, meta={"csrf": False}).data
    lists = lists_from(POSTED)
    for key in ("goals", "personas", "stages"):
        assert lists[key] == reference[key], key
    assert len(lists["stages"]) == MAX_STAGES + 1  # one past the limit: refused, not cut


def test_a_map_at_the_limits_loads_and_saves(app, learner):
    start(learner, from_example=False)
    step = empty_step() | {"lanes": {lane: "Text buňky " * 15 for lane in empty_step()["lanes"]}}
    data = empty_map()
    data["plans"]["as_is"]["stages"] = [
        {"name": f"Fáze {i}", "steps": [step | {"title": f"Krok {j}"} for j in range(5)]}
        for i in range(MAX_STAGES)
    ]
    with app.app_context():
        db.session.query(JourneyMap).one().data = data
        db.session.commit()
    page = learner.client.get(EDITOR)
    assert page.status_code == 200
    form = form_of(page.get_data(as_text=True))
    saved = learner.post(EDITOR, form, headers={"Accept": "application/json"})
    assert saved.status_code == 200 and saved.json["revision"] == 2
