"""One date style per language, in the academy's time zone (Europe/Prague by default)."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale

WINTER = datetime(2026, 12, 1, 14, 5)  # UTC: 15:05 in Prague
SUMMER = datetime(2026, 7, 4, 8, 0)  # UTC: 10:00 in Prague


@pytest.mark.parametrize(
    ("lang", "moment", "day", "clock"),
    [
        ("cs", "1. 12. 2026 15:05", "1. 12. 2026", "15:05"),
        ("en", "1 December 2026, 15:05", "1 December 2026", "15:05"),
    ],
)
def test_every_template_date_filter_speaks_one_style_per_language(app, lang, moment, day, clock):
    page = (
        "{{ at|datetimeformat('short') }}|{{ at|datetimeformat('medium') }}|"
        "{{ at|dateformat('medium') }}|{{ at|dateformat('short') }}|{{ at|timeformat('short') }}"
    )
    with app.test_request_context(), force_locale(lang):
        assert render_template_string(page, at=WINTER).split("|") == [
            moment,
            moment,
            day,
            day,
            clock,
        ]


def test_summer_time_is_prague_summer_time(app):
    with app.test_request_context(), force_locale("cs"):
        assert render_template_string("{{ at|datetimeformat }}", at=SUMMER) == "4. 7. 2026 10:00"


def test_no_template_asks_for_a_strftime_date_of_its_own():
    """Dates shown to people go through the filters above (strftime gives neither the
    language nor the time zone); a file name or a machine timestamp may use it."""
    from pathlib import Path

    templates = Path(__file__).parents[1] / "templates"
    offenders = [str(p) for p in templates.rglob("*.html") if "strftime(" in p.read_text("utf-8")]
    assert offenders == [], offenders
