"""Migrations: one head, models match, and an empty database upgrades on this backend."""

from __future__ import annotations

from sqlalchemy import inspect, text

from academy import create_app
from academy.downgrades import discarding
from academy.extensions import alembic, db


def test_there_is_one_head(app):
    with app.app_context():
        assert len(alembic.script_directory.get_heads()) == 1


def test_models_match_migrations(app):
    with app.app_context():
        assert alembic.compare_metadata() == []


def test_empty_database_upgrades_to_head(empty_database_url):
    url = empty_database_url
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": url})
    with app.app_context():
        alembic.upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "user_account",
            "course",
            "module",
            "module_version",
            "enrollment",
            "module_progress",
            "alembic_version",
        } <= tables
        assert alembic.compare_metadata() == []
        db.engine.dispose()


def test_every_revision_downgrades_and_upgrades_again_on_a_populated_database(
    tmp_path, empty_database_url
):
    """Each revision, from the newest down: downgrade one step and upgrade again; data stays."""
    from pathlib import Path

    from sqlalchemy import func, select

    from academy.auth.models import User
    from academy.auth.services import create_user
    from academy.courses.importer import import_path
    from academy.courses.models import Course, Module
    from academy.learning.models import Enrollment

    url = empty_database_url
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": url})
    fixtures = Path(__file__).parent / "fixtures" / "courses"
    # one app context per step: each migration run gets, and then closes, its own connection
    with app.app_context():
        alembic.upgrade()
    with app.app_context():
        create_user(
            db.session,
            email="jiri@example.cz",
            full_name="Jiří Šťastný",
            password="dlouhé heslo 123",
            verified=True,
        )
        assert import_path(db.session, fixtures, tmp_path / "media").ok
        user = db.session.scalar(select(User))
        course = db.session.scalar(select(Course))
        db.session.add(Enrollment(user_id=user.id, course_id=course.id))
        db.session.commit()
        steps = [s.down_revision for s in alembic.script_directory.walk_revisions()]
    # newest first: go below each revision and back up to head; the data lives in tables
    # of the initial schema, which is never dropped
    for below in steps[:-1]:
        with app.app_context(), discarding(True):  # what a step would lose is not this test's
            alembic.downgrade(below)
        with app.app_context():
            alembic.upgrade()
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1
        assert db.session.scalar(select(func.count(Module.id))) == 4
        # rows that refer to the users and courses survive tables being rebuilt
        assert db.session.scalar(select(func.count(Enrollment.id))) == 1
        db.session.close()  # SQLite: release the write lock before alembic reads
        assert alembic.compare_metadata() == []
        db.engine.dispose()


def test_funnel_counters_keep_their_sums_through_sharding_and_back(tmp_path, empty_database_url):
    """1795601000 splits each module's funnel row into shards; its sums are the old row."""
    from pathlib import Path

    from academy.courses.importer import import_path

    url = empty_database_url
    app = create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": url})
    fixtures = Path(__file__).parent / "fixtures" / "courses"
    sums = "SELECT module_id, SUM(reached), SUM(completed) FROM module_funnel GROUP BY module_id"
    with app.app_context():  # courses imported by today's code, then back to before shards
        alembic.upgrade()
    with app.app_context():
        assert import_path(db.session, fixtures, tmp_path / "media").ok
        db.session.commit()
    with app.app_context():
        alembic.downgrade("1795600000")
    with app.app_context():
        first, second = db.session.execute(text("SELECT id FROM module LIMIT 2")).scalars()
        db.session.execute(
            text(
                "INSERT INTO module_funnel (module_id, reached, completed) "
                "VALUES (:a, 5, 2), (:b, 3, 0)"
            ),
            {"a": first, "b": second},
        )
        db.session.commit()
    with app.app_context():
        alembic.upgrade()
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT module_id, shard, reached, completed FROM module_funnel ORDER BY module_id"
            )
        ).all()
        assert [tuple(r) for r in rows] == [(first, 0, 5, 2), (second, 0, 3, 0)]
        db.session.execute(
            text(
                "INSERT INTO module_funnel (module_id, shard, reached, "
                "completed) VALUES (:a, 3, 1, 1)"
            ),
            {"a": first},
        )
        db.session.commit()
    with app.app_context():
        alembic.downgrade("1795600000")
    with app.app_context():
        rows = db.session.execute(text(sums + " ORDER BY module_id")).all()
        assert [tuple(r) for r in rows] == [(first, 6, 3), (second, 3, 0)]
        db.session.close()
        db.engine.dispose()
