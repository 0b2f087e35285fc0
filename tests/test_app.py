"""The app factory, configuration, /healthz and error pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from academy import create_app
from academy.auth.models import User
from academy.config import ConfigError
from academy.extensions import db
from tests.conftest import Auth


def test_production_without_secret_key_fails_fast(monkeypatch):
    monkeypatch.delenv("ACADEMY_SECRET_KEY", raising=False)
    monkeypatch.delenv("ACADEMY_ENV", raising=False)
    with pytest.raises(ConfigError, match="ACADEMY_SECRET_KEY is not set"):
        create_app()


def test_configuration_comes_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_SECRET_KEY", "a-long-enough-secret-value")
    monkeypatch.setenv("ACADEMY_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("ACADEMY_SQLITE_BUSY_TIMEOUT_MS", "1234")
    monkeypatch.setenv("ACADEMY_BASE_URL", "https://akademie.example.cz")  # required to serve
    app = create_app()
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 1234
    assert app.config["BASE_URL"] == "https://akademie.example.cz"
    assert str(app.config["SQLALCHEMY_ENGINES"]["default"]["url"]).endswith("/x.db")
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DATABASE_URL": "not a url"}, "is not a database URL"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "supported are sqlite, postgresql"),
        ({"DATABASE_URL": "sqlite:///relative.db"}, "absolute SQLite path"),
        ({"ENV": "staging"}, "is not one of"),
        ({"SECRET_KEY": "short", "ENV": "production"}, "too short"),
        ({"SQLITE_BUSY_TIMEOUT_MS": -1}, "BUSY_TIMEOUT"),
        ({"LIVE_WATCHED_SHARE": 1.5}, "LIVE_WATCHED_SHARE=1.5 must be a share"),
        ({"LIVE_WATCHED_MIN_SECONDS": "dvě minuty"}, "LIVE_WATCHED_MIN_SECONDS='dvě minuty'"),
    ],
)
def test_bad_configuration_is_refused_with_a_clear_message(overrides, message):
    config = {"ENV": "development", "SECRET_KEY": "x" * 32, **overrides}
    with pytest.raises(ConfigError, match=message):
        create_app(config)


def test_creating_the_app_touches_no_database(tmp_path):
    db_file = tmp_path / "never.db"
    create_app({"ENV": "testing", "SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{db_file}"})
    assert not db_file.exists()


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    nothing_waiting = {
        "pending": 0,
        "sending": 0,
        "oldest_pending_seconds": 0,
        "failed": 0,
        "bounced": 0,
        "uncertain": 0,
    }
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "queue": "ok",
        "outbox": nothing_waiting,
    }


def test_healthz_reports_unreachable_database(tmp_path):
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "k",
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/academy.db",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_not_found_page_is_in_czech_and_in_site_look(client):
    response = client.get("/courses/neexistuje")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Stránka nenalezena" in html
    assert "CX akademie" in html


def test_unexpected_error_shows_plain_page_and_rolls_back(app, client):
    @app.get("/boom")
    def boom():
        db.session.add(User(email="ghost@example.cz", full_name="Duch", password_hash="x"))
        db.session.flush()
        raise RuntimeError("secret internal detail")

    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Něco se pokazilo" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ghost@example.cz")) is None


def test_english_is_available_as_second_language(client):
    response = client.get("/lang/en?next=/courses/neexistuje", follow_redirects=True)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_each_page_speaks_the_language_chosen_for_it(client):
    """Template strings are looked up once per request: switching back and forth between
    two requests of one client never shows the previous request's language."""
    for lang, nav, other in [
        ("cs", "Kurzy", "Courses"),
        ("en", "Courses", "Kurzy"),
        ("cs", "Kurzy", "Courses"),
    ]:
        html = client.get(f"/lang/{lang}?next=/", follow_redirects=True).get_data(as_text=True)
        assert f'<html lang="{lang}"' in html
        assert f">{nav}</a>" in html and f">{other}</a>" not in html


def test_language_switch_ignores_offsite_next(client):
    response = client.get("/lang/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_language_chosen_by_a_learner_follows_them_to_another_device(app, auth):
    auth.create()
    auth.login()
    auth.client.get("/lang/en")
    auth.logout()

    other_device = app.test_client()
    Auth(app, other_device).login()
    page = other_device.get("/my").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "My learning" in page


def test_language_chosen_before_signing_in_becomes_the_accounts(app, auth):
    auth.create()
    auth.client.get("/lang/en")
    auth.login()
    auth.logout()

    other_device = app.test_client()
    Auth(app, other_device).login()
    assert '<html lang="en"' in other_device.get("/my").get_data(as_text=True)
