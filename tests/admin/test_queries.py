"""Every admin page costs a fixed number of SQL statements, whether 10 or 1,000 learners."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from academy.dev import seed_course
from academy.dev.seed import seed_load
from academy.extensions import db
from academy.learning.models import LearnerActivity
from tests.querycount import count_statements

SLUG = seed_course.SLUG
# the course page, the most involved, needs 14 on SQLite (with BEGIN), + 1 for the choices of
# its company and cohort filter (academy.admin.access.report_scope)
BOUND = 15


def _pages(app) -> dict[str, str]:
    with app.app_context():
        learner = db.session.scalar(
            select(LearnerActivity.user_id).order_by(LearnerActivity.modules_done.desc()).limit(1)
        )
    pages = [
        "/admin",
        f"/admin/courses/{SLUG}",
        f"/admin/courses/{SLUG}/quizzes/modul-5",
        f"/admin/courses/{SLUG}/modules/modul-8/feedback",
        "/admin/learners",
        f"/admin/learners?course={SLUG}&sort=name&status=in_progress&page=2",
        "/admin/learners?q=nov",
        f"/admin/silent?course={SLUG}&days=7",
    ]
    return {**{p: p for p in pages}, "learner detail": f"/admin/learners/{learner}"}


def _statements(app, client) -> dict[str, int]:
    counts = {}
    for name, page in _pages(app).items():
        client.get(page)  # warm: the session's last-seen time may be written once
        with count_statements(app) as statements:
            assert client.get(page).status_code == 200, page
        counts[name] = len(statements)
    return counts


def _seed(app, tmp_path: Path, learners: int) -> None:
    with app.app_context():
        seed_load(db.session, learners, 10, tmp_path / "media", seed=learners)
        db.session.commit()


def test_statement_count_is_the_same_for_10_and_1000_learners(app, admin, tmp_path):
    _seed(app, tmp_path, 10)
    few = _statements(app, admin.client)
    _seed(app, tmp_path, 990)
    with app.app_context():
        assert db.session.query(LearnerActivity).count() == 1000
    many = _statements(app, admin.client)
    assert few == many
    assert max(many.values()) <= BOUND, many
    print(many)


def test_exports_stream_in_a_fixed_number_of_statements(app, admin, tmp_path):
    _seed(app, tmp_path, 200)
    for url in (f"/admin/exports/progress.csv?course={SLUG}", "/admin/exports/quiz-results.csv"):
        with count_statements(app) as statements:
            response = admin.client.get(url)
            assert response.is_streamed
            lines = response.get_data(as_text=True).splitlines()
        assert len(lines) > 200
        assert len(statements) <= 8, statements
