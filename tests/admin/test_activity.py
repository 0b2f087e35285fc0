"""Summary rows kept current by progress events equal a rebuild from the source tables."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, text, update

from academy import create_app
from academy.admin.funnel import module_counts
from academy.db import utcnow
from academy.dev.seed import seed_load
from academy.extensions import alembic, db
from academy.learning import summary
from academy.learning.models import Enrollment, LearnerActivity, ModuleFunnel, ModuleProgress
from academy.quizzes import grading
from academy.quizzes.models import QuizAttempt
from tests.conftest import csrf_token
from tests.quizzes.conftest import COURSE, QUIZ, RIGHT, WRONG, start, submit

SUMMARY = (
    "enrollment_id",
    "user_id",
    "course_id",
    "modules_done",
    "completed_at",
    "completion_seconds",
    "search_text",
)


def _funnel_modules():
    return db.session.scalars(select(ModuleFunnel.module_id).distinct())


def _snapshot(app) -> tuple[list[tuple], list[tuple]]:
    with app.app_context():
        rows = [
            tuple(getattr(r, c) for c in SUMMARY)
            for r in db.session.scalars(
                select(LearnerActivity).order_by(LearnerActivity.enrollment_id)
            )
        ]
        return rows, sorted(module_counts(db.session, list(_funnel_modules())).items())


def test_progress_events_keep_the_summary_equal_to_a_rebuild(app, learner):
    """learner: enrolled in the demo course by tests/quizzes/conftest.py."""
    learner.post(f"{COURSE}/uvod/done")
    learner.client.get(f"{COURSE}/persony")
    learner.post(f"{COURSE}/persony/done")
    learner.client.get(QUIZ)
    start(learner)
    submit(learner, 1, WRONG)
    start(learner)
    submit(learner, 2, RIGHT)  # passes the quiz and completes the course
    kept = _snapshot(app)
    assert kept[0][0][3] == 3 and kept[0][0][4] is not None  # 3 modules done, completed
    with app.app_context():
        summary.rebuild(db.session)
        db.session.commit()
    assert _snapshot(app) == kept


def test_a_visit_refreshes_last_activity_at_most_once_an_hour(app, learner):
    with app.app_context():
        db.session.execute(
            update(LearnerActivity).values(last_activity_at=utcnow() - timedelta(hours=2))
        )
        db.session.commit()
    learner.client.get(f"{COURSE}/persony")
    with app.app_context():
        first = db.session.scalar(select(LearnerActivity.last_activity_at))
    assert utcnow() - first < timedelta(minutes=1)
    learner.client.get(f"{COURSE}/uvod")
    with app.app_context():
        assert db.session.scalar(select(LearnerActivity.last_activity_at)) == first


def test_parallel_completions_count_once_in_the_funnel(app, learner):
    token = csrf_token(learner.client, "/my")

    def click(_: int) -> int:
        return learner.client.post(f"{COURSE}/persony/done", data={"csrf_token": token}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(click, range(12))) == {302}
    with app.app_context():
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1
        funnel = list(module_counts(db.session, list(_funnel_modules())).values())
    assert funnel == [(1, 1)]


def test_seeded_activity_is_graded_as_the_quiz_grades_it(app, tmp_path: Path):
    with app.app_context():
        report = seed_load(db.session, 60, 10, tmp_path / "media", seed=3)
        db.session.commit()
        assert report.counts["summary rows"] == 60
        attempts = db.session.scalars(select(QuizAttempt)).all()
        assert attempts
        for attempt in attempts:
            graded = grading.grade(attempt.questions, attempt.answers, attempt.pass_mark)
            assert (graded.score, graded.passed) == (attempt.score, attempt.passed)
            assert graded.question_scores == attempt.question_scores
        counts = dict(
            db.session.execute(
                select(ModuleProgress.module_id, func.count()).group_by(ModuleProgress.module_id)
            ).all()
        )
        funnel = {
            m: reached
            for m, (reached, _done) in module_counts(db.session, list(_funnel_modules())).items()
        }
        assert funnel == counts
        assert db.session.scalar(select(func.count(Enrollment.id))) == 60


def test_the_migration_fills_summary_rows_for_existing_progress(tmp_path, empty_database_url):
    url = empty_database_url
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": url})
    with app.app_context():
        alembic.upgrade("1795594823")  # just before the admin reports
        now = utcnow()
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO user_account (id, email, full_name, password_hash, role, created_at, "
                    "recovery_code_hashes) VALUES (1, 'sarka@example.cz', 'Šárka Nováková', '-', "
                    "'learner', :now, '[]')"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO course (id, slug, title, subtitle, summary, language, level, tags, "
                    "instructors, certificate_rules, published, overview_source, overview_html, "
                    "source_hash, created_at, updated_at) VALUES (1, 'k', 'Kurz', '', '', 'cs', "
                    "'beginner', '[]', '[]', '{}', true, '', '', '', :now, :now)"
                ),
                {"now": now},
            )
            for module_id in (1, 2):
                conn.execute(
                    text(
                        "INSERT INTO module (id, course_id, slug, position, title, kind, required, "
                        "settings, body_html, content_hash) VALUES (:id, 1, :slug, :id, 'M', "
                        "'lesson', true, '{}', '', 'h')"
                    ),
                    {"id": module_id, "slug": f"m{module_id}"},
                )
            conn.execute(
                text(
                    "INSERT INTO enrollment (id, user_id, course_id, enrolled_at) "
                    "VALUES (1, 1, 1, :t)"
                ),
                {"t": now - timedelta(days=3)},
            )
            conn.execute(
                text(
                    "INSERT INTO module_progress (user_id, module_id, started_at, completed_at) "
                    "VALUES (1, 1, :s, :d), (1, 2, :d, NULL)"
                ),
                {"s": now - timedelta(days=2), "d": now - timedelta(days=1)},
            )
        alembic.upgrade("1795594902")  # the admin reports migration
        row = db.session.scalars(select(LearnerActivity)).one()
        assert (row.modules_done, row.search_text) == (1, "sarka novakova sarka@example.cz")
        assert row.last_activity_at == now - timedelta(days=1)
        funnel = db.session.execute(
            select(ModuleFunnel.module_id, ModuleFunnel.reached, ModuleFunnel.completed).order_by(
                ModuleFunnel.module_id
            )
        )
        assert [tuple(f) for f in funnel] == [(1, 1, 1), (2, 1, 0)]
        db.session.close()
        db.engine.dispose()


def test_commands_seed_and_rebuild(app, runner, tmp_path):
    result = runner.invoke(args=["dev", "seed-load", "--learners", "30", "--modules", "10"])
    assert result.exit_code == 0, result.output
    assert "Seeded in" in result.output and "users 30" in result.output
    again = runner.invoke(args=["dev", "seed-load", "--learners", "20"])  # adds to the course
    assert again.exit_code == 0, again.output
    with app.app_context():
        db.session.execute(update(LearnerActivity).values(modules_done=0))
        db.session.commit()
    result = runner.invoke(args=["admin", "rebuild-stats"])
    assert result.exit_code == 0 and "Rebuilt 50 summary rows." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.max(LearnerActivity.modules_done))) > 0
    assert runner.invoke(args=["admin", "rebuild-stats", "--course", "nic"]).exit_code != 0


def test_seed_load_is_refused_in_production(runner, app):
    app.config["ENV"] = "production"
    result = runner.invoke(args=["dev", "seed-load", "--learners", "5"])
    assert result.exit_code != 0 and "refused in production" in result.output


def test_learners_finishing_one_module_count_in_shards_that_sum_as_a_rebuild(app, imported):
    """Many learners finishing the same module do not all write (and lock) one row: their
    counts land in shards by learner, and the funnel reads the sum a rebuild gives."""
    from academy.auth.services import create_user
    from academy.courses.models import Course
    from academy.learning import progress
    from academy.learning.models import FUNNEL_SHARDS

    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))
        users = [
            create_user(
                db.session,
                email=f"ucastnik{n}@example.cz",
                full_name=f"Účastník {n}",
                password="dlouhé heslo 123",
                verified=True,
            )
            for n in range(12)
        ]
        db.session.flush()
        for user in users:
            progress.enrol(db.session, user, course)
            outline = progress.outline(db.session, user, course)
            progress.complete_module(db.session, user, outline, outline.states[0].module)
        db.session.commit()
        module_id = outline.states[0].module.id
        shards = db.session.scalars(
            select(ModuleFunnel.shard).where(ModuleFunnel.module_id == module_id)
        ).all()
        assert len(shards) == len({u.id % FUNNEL_SHARDS for u in users}) > 1
        assert module_counts(db.session, [module_id]) == {module_id: (12, 12)}
        summary.rebuild(db.session)
        db.session.commit()
        assert module_counts(db.session, [module_id]) == {module_id: (12, 12)}
