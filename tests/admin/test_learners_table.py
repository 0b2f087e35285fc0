"""The learners table at scale: the count stops at a limit ("10 000+"), and the words, dates
and links of its rows, looked up once per page, read as the template's own helpers give them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import render_template_string, url_for
from flask_babel import force_locale

from academy.admin import learners
from academy.admin.learner_text import LearnerRowText
from academy.admin.learners import LearnerRow, Total
from academy.i18n import format_day, format_moment


@pytest.fixture
def small_limit(monkeypatch):
    """A count limit of 3 and pages of 2 rows over the 7 enrolments of the hand-made history."""
    monkeypatch.setattr(learners, "COUNT_LIMIT", 3)
    monkeypatch.setattr(learners, "PER_PAGE", 2)


def test_past_the_limit_the_table_says_more_and_still_pages_on(admin, journey, small_limit):
    html = admin.client.get("/admin/learners").get_data(as_text=True)
    assert "3+ zápisy odpovídají filtru." in html  # four counted, three said
    assert "Strana 1 z 1+" in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert html.count("<tr>") == 1 + 2  # the head and two rows
    html = admin.client.get("/admin/learners?page=3").get_data(as_text=True)
    assert "Strana 3 z 3+" in html and 'rel="next"' in html and 'rel="prev"' in html
    html = admin.client.get("/admin/learners?page=4").get_data(as_text=True)  # counted to the end
    assert "7 zápisů odpovídá filtru." in html
    assert "Strana 4 z 4" in html and 'rel="next"' not in html
    html = admin.client.get("/admin/silent").get_data(as_text=True)  # F and G: under the limit
    assert "2 účastníci jsou bez aktivity 14 a více dní." in html and "admin-pager" not in html


def test_the_limit_is_written_per_language(admin, journey, monkeypatch):
    monkeypatch.setattr(learners, "total", lambda *a: Total(10_001, False, 10_000, 200))
    html = admin.client.get("/admin/learners").get_data(as_text=True)
    assert "10\xa0000+ zápisů odpovídá filtru." in html and "Strana 1 z 200+" in html
    admin.client.get("/lang/en")
    html = admin.client.get("/admin/learners").get_data(as_text=True)
    assert "10,000+ enrolments match the filter." in html and "Page 1 of 200+" in html


def test_the_course_page_counts_its_silent_learners_exactly(admin, journey, monkeypatch):
    monkeypatch.setattr(learners, "COUNT_LIMIT", 1)
    monkeypatch.setattr(learners, "PER_PAGE", 1)
    html = admin.client.get("/admin/courses/demo-kurz").get_data(as_text=True)
    assert "2 účastníci jsou bez aktivity 14 a více dní a kurz nedokončili." in html


# Around the switches to and from summer time in Prague, at midnight UTC and a naive value.
MOMENTS = [
    datetime(2026, 3, 29, 0, 59),
    datetime(2026, 3, 29, 1, 0),
    datetime(2026, 10, 25, 0, 30),
    datetime(2026, 10, 25, 1, 0),
    datetime(2026, 12, 31, 23, 0),
    datetime(2026, 1, 1),
    datetime(2025, 7, 4, 12, 5, 59),
]


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_row_dates_read_as_the_template_filters_format_them(app, lang):
    moments = MOMENTS + [
        datetime(2026, 5, 1) + timedelta(hours=7 * i, minutes=13 * i) for i in range(200)
    ]
    with app.test_request_context(), force_locale(lang):
        text = LearnerRowText(datetime(2026, 6, 1))
        for moment in moments:
            assert text.dates.short(moment) == format_moment(moment)
            assert text.dates.medium_date(moment) == format_day(moment)


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_row_words_and_links_read_as_the_template_gives_them(app, lang):
    now = datetime(2026, 6, 1, 12)
    title = 'Mapy <b>"zákazníka"</b> & spol.'
    with app.test_request_context(), force_locale(lang):
        text = LearnerRowText(now)
        for days in (0, 1, 2, 5, 40):
            row = LearnerRow(
                4321,
                "A",
                "a@example.cz",
                1,
                title,
                now,
                now - timedelta(days=days),
                2,
                None,
                None,
                None,
                3,
            )
            cells = text.cells(row)
            template = render_template_string(
                '{{ _("Postup v kurzu %(title)s", title=row.course_title) }}|'
                '{{ _("%(done)d z %(total)d modulů", done=row.modules_done, total=row.total) }}|'
                '{% if days %}{{ ngettext("před %(num)d dnem", "před %(num)d dny", days) }}'
                '{% else %}{{ _("dnes") }}{% endif %}',
                row=row,
                days=days,
            )
            assert f"{cells.progress}|{cells.modules}|{cells.since}" == template
            assert cells.learner_url == url_for("admin.learners.detail", user_id=4321)


def test_activity_a_little_after_now_reads_as_today(app):
    """Another node's clock may run ahead: a last activity after `now` is "dnes", never
    "před -1 dny"."""
    now = datetime(2026, 6, 1, 12)
    with app.test_request_context(), force_locale("cs"):
        text = LearnerRowText(now)
        for ahead in (timedelta(seconds=5), timedelta(hours=3), timedelta(days=2)):
            assert str(text.since(now + ahead)) == "dnes"
