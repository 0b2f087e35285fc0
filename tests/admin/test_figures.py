"""Every figure of the reports on the hand-made history (tests/admin/conftest.py)."""

from __future__ import annotations

import statistics

import pytest
from sqlalchemy import select

from academy.admin import items, learners
from academy.admin.funnel import course_funnel
from academy.admin.overview import course_figures
from academy.courses.models import Course, Module
from academy.extensions import db
from academy.learning.summary import counted_modules
from tests.admin.conftest import SCORES

DAY = 86400


def _course(app):
    return db.session.scalars(select(Course).where(Course.slug == "demo-kurz")).one()


def test_course_figures_equal_the_hand_computed_values(app, journey):
    with app.app_context():
        figures = course_figures(db.session, [_course(app)], journey.now)[0]
    assert figures.enrolled == 7
    assert figures.completed == 4  # A, B, C, D
    assert figures.completion_rate == pytest.approx(4 / 7)
    assert figures.active_7 == 2  # C (6 days ago), E (2 days ago)
    assert figures.active_30 == 3  # + B (16 days ago); A's last step was 31 days ago
    # Days from enrolment to completion: A 10, B 4, C 2, D 6 -> median (4 + 6) / 2 = 5 days.
    assert figures.median_seconds == pytest.approx(5 * DAY, abs=1)
    assert (figures.certificates, figures.revoked) == (4, 1)
    assert figures.rating == pytest.approx((5 + 4 + 3 + 2 + 1) / 5)  # a skip is no rating
    assert figures.ratings == 5


def test_median_of_an_odd_number_of_completions_is_the_middle_one(app, journey):
    from sqlalchemy import delete

    from academy.learning.models import LearnerActivity

    with app.app_context():
        db.session.execute(
            delete(LearnerActivity).where(LearnerActivity.user_id == journey.users["D"])
        )
        figures = course_figures(db.session, [_course(app)], journey.now)[0]
    assert figures.median_seconds == pytest.approx(4 * DAY, abs=1)  # 2, 4, 10


def test_funnel_counts_and_drop_outs_equal_the_hand_computed_values(app, journey):
    with app.app_context():
        course = _course(app)
        counted = counted_modules(db.session, [course.id])[course.id]
        funnel = course_funnel(db.session, course, 7, 4, counted)
        steps = {s.module.slug: s for s in funnel.steps}
    assert [s.module.slug for s in funnel.steps] == ["uvod", "persony", "bonus", "kviz"]
    assert (steps["uvod"].reached, steps["uvod"].completed) == (6, 5)
    assert (steps["persony"].reached, steps["persony"].completed) == (5, 4)
    assert (steps["bonus"].reached, steps["bonus"].completed) == (1, 1)
    assert (steps["kviz"].reached, steps["kviz"].completed) == (4, 4)
    # Reached a counted module but not the next one; after the last, did not complete.
    assert steps["uvod"].dropped == 1  # F
    assert steps["persony"].dropped == 1  # E
    assert steps["kviz"].dropped == 0
    assert steps["bonus"].dropped is None  # optional: skipping it is no drop-out
    assert steps["uvod"].rating.average == pytest.approx(4.0)
    assert steps["uvod"].rating.counts == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert funnel.lowest_rated.module.slug == "persony"  # (2 + 1) / 2
    assert steps["persony"].comments[0].comment == "Příliš teorie, chybí příklad."
    assert funnel.worst.module.slug in ("uvod", "persony")


def test_silent_learners_are_those_inactive_for_n_days_and_not_complete(app, journey):
    with app.app_context():
        query = learners.LearnerQuery(
            [journey.course_id], status=learners.SILENT, silent_days=14, now=journey.now
        )
        rows = learners.page(db.session, query)
        assert learners.count(db.session, query) == 2
    assert [r.user_id for r in rows] == [journey.users["F"], journey.users["G"]]  # newest first
    query.silent_days = 3
    with app.app_context():
        assert learners.count(db.session, query) == 2  # E was active 2 days ago


def test_learner_rows_give_progress_as_the_learner_sees_it(app, journey):
    with app.app_context():
        query = learners.LearnerQuery([journey.course_id], sort="name", now=journey.now)
        rows = {r.full_name: r for r in learners.page(db.session, query)}
    assert {r.total for r in rows.values()} == {3}  # the optional bonus does not count
    assert rows["Účastník A"].percent == 100
    assert rows["Účastník E"].percent == 33 and rows["Účastník E"].status == "in_progress"
    assert rows["Účastník G"].status == "not_started"
    assert rows["Účastník D"].certificate is not None


def _analysis(app):
    with app.app_context():
        module = db.session.scalars(select(Module).where(Module.slug == "kviz")).one()
        return items.analyse(db.session, module)


def test_quiz_items_percent_correct_and_most_chosen_wrong_answer(app, journey):
    analysis = _analysis(app)
    q1, q2, q3, q4 = analysis.items
    assert analysis.attempts == 5
    assert [i.correct for i in analysis.items] == [0.6, 0.0, 1.0, 0.4]  # full marks only
    assert (q1.wrong_choice, q1.wrong_share) == ("Špatná odpověď", 0.4)
    assert (q2.wrong_choice, q2.wrong_share) == ("Počet zaměstnanců marketingu", 0.4)
    assert q3.wrong_choice is None
    assert (q4.wrong_choice, q4.wrong_share) == ("40", 0.6)
    assert analysis.most_misleading is q4
    assert q2.too_hard and q3.too_easy
    assert not q1.too_easy and not q1.too_hard and not q4.too_easy and not q4.too_hard


def test_quiz_item_discrimination_is_the_item_rest_correlation(app, journey):
    analysis = _analysis(app)
    totals = [sum(s) for s in SCORES.values()]
    for index, item in enumerate(analysis.items):
        x = [s[index] for s in SCORES.values()]
        rest = [t - xi for t, xi in zip(totals, x, strict=True)]
        if len(set(x)) == 1:
            assert item.discrimination is None  # everyone scored the same
            continue
        assert item.discrimination == pytest.approx(statistics.correlation(x, rest))
        assert item.weak == (statistics.correlation(x, rest) < 0.2)
    # By hand for q1: x = 1 1 0 1 0, rest = 2.5 1.5 1.5 1 2; deviations from the means 0.6
    # and 1.7 give Σdx·dr = -0.1, Σdx² = 1.2, Σdr² = 1.3 -> r = -0.1 / √1.56 = -0.0801.
    assert analysis.items[0].discrimination == pytest.approx(-0.0801, abs=1e-4)
    assert analysis.items[0].weak


def test_discrimination_formula_from_sums():
    x, r = [1, 0, 1, 1, 0, 0.5], [3, 1, 2.5, 2, 0.5, 2]
    sums = items.Sums(
        len(x),
        sum(x),
        sum(v * v for v in x),
        sum(r),
        sum(v * v for v in r),
        sum(a * b for a, b in zip(x, r, strict=True)),
        3,
    )
    assert items.discrimination(sums) == pytest.approx(statistics.correlation(x, r))
    assert items.discrimination(items.Sums(1, 1, 1, 2, 4, 2, 1)) is None


def test_rows_count_modules_by_the_same_rule_as_counted_modules(app, journey):
    """counted_total (SQL, per row) and counted_modules (Python) agree: the required live
    modules, every live module when none is required, none when every module is archived."""
    from sqlalchemy import update

    from academy.db import utcnow
    from academy.learning.summary import counted_total

    query = learners.LearnerQuery([journey.course_id], now=journey.now)
    changes = [
        None,
        update(Module).where(Module.course_id == journey.course_id).values(required=False),
        update(Module).where(Module.slug == "bonus").values(archived_at=utcnow()),
        update(Module).values(archived_at=utcnow()),
    ]
    with app.app_context():
        for change in changes:
            if change is not None:
                db.session.execute(change)
            expected = len(
                counted_modules(db.session, [journey.course_id]).get(journey.course_id, ())
            )
            assert {r.total for r in learners.page(db.session, query)} == {expected}
            assert db.session.scalar(select(counted_total(journey.course_id))) == expected
        db.session.rollback()


def test_the_count_stops_past_the_limit_or_the_asked_page(app, journey):
    with app.app_context():
        every = learners.LearnerQuery([journey.course_id], per_page=2, now=journey.now)
        assert learners.count(db.session, every) == 7
        assert learners.count(db.session, every, limit=3) == 4
        total = learners.total(db.session, every, limit=3)
        assert (total.found, total.exact, total.limit, total.pages) == (4, False, 3, 1)
        every.page = 3  # the count reaches past the asked page: 6 rows, and one more
        total = learners.total(db.session, every, limit=3)
        assert (total.exact, total.pages) == (False, 3)
        every.page = 4
        total = learners.total(db.session, every, limit=3)
        assert (total.found, total.exact, total.pages) == (7, True, 4)
        small = learners.LearnerQuery([journey.course_id], status=learners.SILENT, now=journey.now)
        total = learners.total(db.session, small, limit=3)
        assert (total.found, total.exact, total.pages) == (2, True, 1)  # under the limit: exact
