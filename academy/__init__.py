"""CX akademie: the application factory."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the academy. No database access, file writes or connections happen here."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("ACADEMY_INSTANCE_PATH") or os.path.join(root, "instance"),
        template_folder=os.path.join(root, "templates"),
    )

    from academy.config import load_config

    load_config(app, test_config)
    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    if app.config["ENV"] == "development":
        app.logger.setLevel(logging.INFO)  # e.g. the confirmation links of the dev outbox

    from academy import i18n
    from academy.db import configure_sqlite, drop_async_teardown
    from academy.extensions import alembic, babel, csrf, db, limiter, login_manager

    db.init_app(app)
    drop_async_teardown(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.config.setdefault("ALEMBIC", {})["script_location"] = os.path.join(root, "migrations")
    app.config.setdefault("ALEMBIC_CONTEXT", {})["render_as_batch"] = True
    alembic.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)

    from academy import (
        backups,  # noqa: F401  (adds `flask db backup|restore`)
        errors,
        health,
        requests,
        security,
    )
    from academy.admin import views as admin_views
    from academy.api import views as api_views
    from academy.audit import views as audit_views
    from academy.auth import account, recovery, two_factor_views
    from academy.auth import cli as auth_cli
    from academy.auth import views as auth_views
    from academy.certificates import cli as certificates_cli
    from academy.certificates import views as certificates_views
    from academy.courses import cli as courses_cli
    from academy.courses import views as courses_views
    from academy.learning import views as learning_views
    from academy.notifications import cli as jobs_cli
    from academy.notifications import preferences_views
    from academy.notifications import queue as jobs_queue
    from academy.quizzes import views as quizzes_views
    from academy.studio import editor_views as studio_editor_views
    from academy.studio import media_views as studio_media_views
    from academy.webinars import views as webinars_views

    requests.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    jobs_queue.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api_views.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(recovery.bp)
    app.register_blueprint(two_factor_views.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(courses_views.bp)
    app.register_blueprint(learning_views.bp)
    app.register_blueprint(certificates_views.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(quizzes_views.bp)
    app.register_blueprint(webinars_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(studio_media_views.bp)
    app.register_blueprint(studio_editor_views.bp)  # the `studio` blueprint, with the editor
    app.register_blueprint(preferences_views.bp)
    app.cli.add_command(auth_cli.users)
    app.cli.add_command(courses_cli.courses)
    app.cli.add_command(certificates_cli.certificates)
    app.cli.add_command(jobs_cli.jobs)
    return app
