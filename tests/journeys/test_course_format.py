"""`courses check` on journey_map modules (file:line), and import → export byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from academy.courses.checker import check_path
from academy.courses.exporter import export_course
from academy.courses.importer import import_path
from academy.extensions import db
from academy.media.backends import MEDIA, storage
from tests.journeys.conftest import COURSE, COURSES

MODULE = "01-mapa-cesty.md"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(COURSES, tmp_path / "src")
    return tmp_path / "src" / COURSE


def _problems(folder: Path) -> list[str]:
    _sources, problems = check_path(folder.parent)
    return [str(p) for p in problems if p.severity == "error"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_test_course_and_the_demo_courses_pass():
    assert _problems(COURSES / COURSE) == []
    root = Path(__file__).parents[2] / "courses"
    _sources, problems = check_path(root)
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_an_unknown_lane_is_reported_at_its_line(folder):
    _edit(
        folder / MODULE,
        "lanes: [actions, touchpoints, pains, emotion]",
        "lanes:\n  - actions\n  - nálada",
    )
    assert _problems(folder) == [
        f"{COURSE}/{MODULE}:7: error: neznámá vrstva 'nálada'; použijte actions, touchpoints, "
        "frontstage, backstage, communication, pains, opportunities, kpi, emotion"
    ]


def test_a_bad_minimum_and_a_bad_rubric_are_reported_at_their_lines(folder):
    _edit(folder / MODULE, "stages: 2,", "stages: many,")
    _edit(folder / MODULE, "{points: 2, label: dobré", "{points: -1, label: dobré")
    problems = _problems(folder)
    assert f"{COURSE}/{MODULE}:6: error: minimum: stages musí být celé číslo od 0 do 40" in problems
    assert any(p.startswith(f"{COURSE}/{MODULE}:12: error: points úrovně") for p in problems)


def test_a_mistake_inside_the_example_map_is_reported_at_its_own_file_and_line(folder):
    _edit(folder / "maps" / "ukazka.yaml", "emotion: -2", "emotion: -5")
    assert _problems(folder) == [
        f"{COURSE}/maps/ukazka.yaml:20: error: Emoce v poli as_is.stages[1].steps[0].emotion "
        "musí být celé číslo od -2 do +2."
    ]


def test_a_missing_example_and_one_outside_maps_are_reported(folder):
    _edit(folder / MODULE, "example: maps/ukazka.yaml", "example: maps/jina.yaml")
    assert _problems(folder) == [
        f"{COURSE}/{MODULE}:7: error: ukázková mapa 'maps/jina.yaml' ve složce kurzu není"
    ]
    _edit(folder / MODULE, "example: maps/jina.yaml", "example: ../ukazka.yaml")
    assert "musí být ve složce maps/" in _problems(folder)[0]


def test_import_then_export_gives_the_files_back_byte_for_byte(app, folder, tmp_path):
    with app.app_context():
        report = import_path(db.session, folder.parent, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        db.session.commit()
        export_course(db.session, COURSE, tmp_path / "out", storage(MEDIA))
    out = tmp_path / "out" / COURSE
    for name in (MODULE, "maps/ukazka.yaml"):
        assert (out / name).read_bytes() == (folder / name).read_bytes(), name


def test_the_demo_example_map_fills_every_lane_with_kpi_sources_and_a_to_be():
    import yaml

    from academy.journeys.content import missing
    from academy.journeys.schema import LANES, clean_map, steps_of

    course = Path(__file__).parents[2] / "courses" / "mapovani-zakaznickych-cest"
    data = clean_map(
        yaml.safe_load((course / "maps" / "hlaseni-pojistne-udalosti.yaml").read_text())
    )
    for plan in ("as_is", "to_be"):
        steps = [step for *_, step in steps_of(data["plans"][plan])]
        assert len(steps) >= 5
        assert all(step["lanes"][lane] for step in steps for lane in LANES)
        assert all(step["kpi"]["source"] and step["kpi"]["target"] for step in steps)
        assert any(step["moment_of_truth"] for step in steps)
    emotions = [step["emotion"] for *_, step in steps_of(data["plans"]["as_is"])]
    assert min(emotions) == -2 and max(emotions) >= 1  # a curve, not a flat line
    _sources, problems = check_path(course)
    module = next(m for m in _sources[0].modules if m.doc.meta.get("kind") == "journey_map")
    assert (
        missing(data, {"lanes": module.doc.meta["lanes"], "minimum": module.doc.meta["minimum"]})
        == []
    )
