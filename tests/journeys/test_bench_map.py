"""`make bench`'s journey-map autosave sends the map it seeded: its form body, read the way
the editor's save reads a form, is the seeded map again (so a save is a real save)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl

import yaml
from werkzeug.datastructures import MultiDict

from academy.journeys.forms import lists_from, map_from
from academy.journeys.schema import clean_map, steps_of
from bench import seed

EXAMPLE = Path(__file__).parents[2] / "courses/mapovani-zakaznickych-cest/maps"


def test_the_autosave_body_reads_back_as_the_seeded_map_of_24_filled_steps():
    seeded = seed.bench_map(
        clean_map(
            yaml.safe_load((EXAMPLE / "hlaseni-pojistne-udalosti.yaml").read_text(encoding="utf-8"))
        )
    )
    fields = MultiDict(parse_qsl(seed.map_form_body(seeded, 1), keep_blank_values=True))
    head = SimpleNamespace(**{k: SimpleNamespace(data=fields[k]) for k in ("title", "scope")})
    head.plan = SimpleNamespace(data=fields["plan"])
    saved = clean_map(map_from(head, lists_from(fields), seeded))
    assert saved == seeded
    steps = steps_of(seeded["plans"]["as_is"])
    assert (len(seeded["plans"]["as_is"]["stages"]), len(steps)) == (8, 24)
    assert all(all(step["lanes"].values()) and step["kpi"]["name"] for *_, step in steps)
