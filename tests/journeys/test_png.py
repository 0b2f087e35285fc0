"""The map as a PNG poster: it opens, stays a sane size, draws the emotion curve, renders
Czech exactly, cuts long text with an ellipsis, and only its learner and the course's staff
can download it."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw
from sqlalchemy import select

from academy.assignments.models import WorkSubmission
from academy.extensions import db
from academy.journeys.pdf import ACCENT, FONTS
from academy.journeys.png import (
    LEVEL_GAP,
    MAX_PIXELS,
    TITLE_AT,
    TITLE_SIZE,
    font,
    map_png,
    render,
    wrap,
)
from academy.journeys.schema import LANES, MapRefused, clean_map, empty_step
from tests.conftest import Auth
from tests.journeys.conftest import COURSE, EDITOR, OTHER, form_of, staff, start

CZECH = "Jiří Šťastný: Příjem škody – „ověření“ −2 → ★"


def plain(text: str, **params: object) -> str:
    return text % params if params else text


def a_map(stages: int, steps: int = 1, emotions=(-2, 0, 2)) -> dict:
    def step(n: int) -> dict:
        return empty_step() | {
            "title": f"Krok {n}",
            "lanes": {lane: f"{lane} {n}: žluťoučký kůň úpěl" for lane in LANES},
            "kpi": {"name": "Podíl hovorů", "current": "31 %", "target": "15 %", "source": "CRM"},
            "emotion": emotions[n % len(emotions)],
            "moment_of_truth": n == 1,
        }

    plan = {
        "stages": [
            {"name": f"Fáze {i}", "steps": [step(i * steps + j) for j in range(steps)]}
            for i in range(stages)
        ]
    }
    return clean_map(
        {
            "title": CZECH,
            "scope": "Jedna služba",
            "goals": [{"goal": "Méně hovorů", "kpi": "Podíl", "current": "31 %", "target": "15 %"}],
            "personas": [{"name": "Petra", "motivations": "Mít auto zpět", "mood": "Vystrašená"}],
            "plans": {"as_is": plan, "to_be": plan},
        }
    )


def test_the_emotion_curve_is_a_line_through_the_five_levels():
    poster = render(a_map(3), plain)
    first, second, third = poster.curves[0]
    assert (first[1] - third[1], second[1] - third[1]) == (4 * LEVEL_GAP, 2 * LEVEL_GAP)
    between = ((first[0] + second[0]) // 2, (first[1] + second[1]) // 2)
    assert poster.image.getpixel(between) == ACCENT


def test_czech_text_is_drawn_with_glyphs_the_font_has():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONTS / name).getBestCmap()
        assert [c for c in CZECH if ord(c) not in cmap] == []
    image = render(a_map(1), plain).image
    alone = Image.new("RGB", image.size, (255, 255, 255))
    ImageDraw.Draw(alone).text(TITLE_AT, CZECH, font=font(TITLE_SIZE, True), fill=(28, 36, 48))
    box = (0, 0, image.width, TITLE_AT[1] + TITLE_SIZE + 12)
    assert ImageChops.difference(image.crop(box), alone.crop(box)).getbbox() is None


def test_long_text_wraps_within_the_cell_and_ends_with_an_ellipsis():
    face = font(15)
    lines = wrap("Příliš dlouhý text v buňce " * 40 + "a" * 300, face, 200, 6)
    assert len(lines) == 6 and lines[-1].endswith("…")
    assert max(face.getlength(line) for line in lines) <= 200


def test_forty_stages_fit_a_capped_width_and_a_bigger_map_is_refused():
    image = Image.open(io.BytesIO(map_png(a_map(40), plain)))
    assert image.format == "PNG" and image.width == 2590  # ten step columns a row
    assert image.width * image.height <= MAX_PIXELS
    with pytest.raises(MapRefused, match="příliš velká"):
        render(a_map(40, steps=5), plain)


def test_the_learner_downloads_the_png_named_after_the_map(learner):
    start(learner)
    answer = learner.client.get(f"{EDITOR}/export.png")
    assert answer.mimetype == "image/png"
    assert Image.open(io.BytesIO(answer.data)).width == 1210  # two steps: four columns at least
    assert answer.headers["Content-Disposition"] == (
        'attachment; filename="Objednavka-v-e-shopu.png"; '
        "filename*=UTF-8''Objedn%C3%A1vka%20v%20e-shopu.png"
    )
    page = learner.client.get(EDITOR).get_data(as_text=True)
    assert f"{EDITOR}/export.png" in page


def test_another_learner_gets_404_and_the_reviewer_gets_the_handed_in_map(app, learner):
    start(learner)
    other = Auth(app, app.test_client())
    other.create(email=OTHER, name="Ondřej Other")
    other.login(email=OTHER)
    other.post(f"/courses/{COURSE}/enrol")
    assert other.client.get(f"{EDITOR}/export.png").status_code == 404

    data = form_of(learner.client.get(EDITOR).get_data(as_text=True))
    assert learner.post(EDITOR, data | {"op": "submit"}).status_code == 302
    with app.app_context():
        work_id = db.session.scalar(select(WorkSubmission.id))
    staff(Auth(app, app.test_client()))
    reviewer = Auth(app, app.test_client())
    reviewer.login(email="jiri@example.cz")
    url = f"/courses/{COURSE}/reviews/{work_id}/map.png"
    assert url in reviewer.client.get(f"/courses/{COURSE}/reviews/{work_id}").get_data(as_text=True)
    answer = reviewer.client.get(url)
    assert Image.open(io.BytesIO(answer.data)).format == "PNG"
    assert other.client.get(url).status_code == 403  # a learner is no reviewer


def test_a_map_too_big_for_one_image_is_refused_with_a_message_on_the_editor(app, learner):
    start(learner)
    with app.app_context():
        from academy.journeys.models import JourneyMap

        journey_map = db.session.scalar(select(JourneyMap))
        journey_map.data = a_map(40, steps=5)
        db.session.commit()
    answer = learner.client.get(f"{EDITOR}/export.png", follow_redirects=True)
    assert answer.request.path == EDITOR
    assert "Mapa je na obrázek PNG příliš velká (400 kroků)." in answer.get_data(as_text=True)


def test_exports_are_limited_per_learner_so_posters_cannot_hold_every_worker(learner, monkeypatch):
    from academy.extensions import limiter

    start(learner)
    monkeypatch.setattr(limiter, "enabled", True)  # the tests' app runs without limits
    answers = [learner.client.get(f"{EDITOR}/export.json").status_code for _ in range(21)]
    assert answers == [200] * 20 + [429]
