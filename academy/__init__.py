"""CX akademie: the application factory."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(test_config: dict[str, Any] | None = None, *, serving: bool = True) -> Flask:
    """Build the academy. No database access, file writes or connections happen here.

    `serving=False` (a CLI command that serves no requests) lets a production set-up
    without ACADEMY_SECRET_KEY or ACADEMY_BASE_URL still run it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("ACADEMY_INSTANCE_PATH") or os.path.join(root, "instance"),
        template_folder=os.path.join(root, "templates"),
    )

    from academy.config import load_config

    load_config(app, test_config, serving=serving)
    from academy import request_limits

    request_limits.init_app(app)
    if app.config["BASE_URL_FOLLOWS_REQUEST"]:
        app.before_request(follow_request_base_url)
    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    if app.config["ENV"] == "development":
        app.logger.setLevel(logging.INFO)  # e.g. the confirmation links of the dev outbox

    from academy import i18n
    from academy.db import configure_sqlite, drop_async_teardown
    from academy.extensions import alembic, babel, compress, csrf, db, limiter, login_manager

    db.init_app(app)
    drop_async_teardown(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"], app.instance_path)
    app.config.setdefault("ALEMBIC", {})["script_location"] = os.path.join(root, "migrations")
    app.config.setdefault("ALEMBIC_CONTEXT", {})["render_as_batch"] = True
    # SQLite runs DDL in transactions too: one run of migrations is all or nothing, so a
    # downgrade refused at its third step leaves the first two undone (academy.downgrades)
    app.config["ALEMBIC_CONTEXT"]["transactional_ddl"] = True
    alembic.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)

    from academy import (
        backup_archive,  # noqa: F401  (adds `flask db backup|restore`)
        bidi,
        downgrades,  # noqa: F401  (`flask db downgrade` with revision ids and --discard-data)
        errors,
        health,
        security,
        static_files,
        transactions,
    )
    from academy.admin import assignment_reports, security_log
    from academy.admin import views as admin_views
    from academy.api import views as api_views
    from academy.assignments import review_views
    from academy.assignments import views as assignments_views
    from academy.auth import access as auth_access
    from academy.auth import account, recovery, two_factor_views
    from academy.auth import cli as auth_cli
    from academy.auth import hooks as auth_hooks
    from academy.auth import services as accounts
    from academy.auth import views as auth_views
    from academy.certificates import cli as certificates_cli
    from academy.certificates import views as certificates_views
    from academy.companies import admin_views as companies_admin_views
    from academy.companies import jobs as company_jobs
    from academy.companies import join_views, team_views
    from academy.courses import views as courses_views
    from academy.dev import cli as dev_cli
    from academy.help import views as help_views
    from academy.journeys import review_views as journey_review_views
    from academy.journeys import views as journeys_views
    from academy.learning import (
        course_page,  # noqa: F401  (a route on courses' blueprint)
        feedback_views,
        undo_views,
    )
    from academy.learning import hooks as learning_hooks
    from academy.learning import views as learning_views
    from academy.live import access as live_access
    from academy.live import reminders as live_reminders
    from academy.live import staff_views as live_staff_views
    from academy.live import views as live_views
    from academy.media import cli as media_cli
    from academy.notifications import cli as jobs_cli
    from academy.notifications import hooks as mail_hooks
    from academy.notifications import preferences_views
    from academy.notifications import queue as jobs_queue
    from academy.observability import database as observed_database
    from academy.observability import logs, metrics
    from academy.people import views as people_views
    from academy.privacy import pages as privacy_pages
    from academy.privacy import views as privacy_views
    from academy.questions import services as questions
    from academy.questions import views as questions_views
    from academy.quizzes import activity as quiz_activity
    from academy.quizzes import views as quizzes_views
    from academy.studio import course_commands, publish_views, quiz_views  # noqa: F401  (quiz_views: routes on the editor's)
    from academy.studio import editor_views as studio_editor_views
    from academy.studio import media_views as studio_media_views
    from academy.studio import team_views as studio_team_views
    from academy.studio import views as studio_views
    from academy.studio import webinar_views as studio_webinar_views
    from academy.webinars import (
        course_media,  # noqa: F401  (a route on courses' blueprint)
        recording_links,
    )
    from academy.webinars import hooks as webinar_hooks
    from academy.webinars import views as webinars_views

    logs.init_app(app)
    metrics.init_app(app)
    observed_database.init_app()
    transactions.init_app(app)
    auth_access.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    compress.init_app(app)  # text answers gzip/br/zstd-compressed; nginx passes them on
    errors.init_app(app)
    i18n.init_app(app)
    bidi.init_app(app)
    jobs_queue.init_app(app)
    # the features above auth, notifications, learning and webinars fill their hooks (each
    # hooks module says what it takes)
    auth_hooks.add(auth_hooks.signup_terms, privacy_pages.terms_version)
    mail_hooks.add(mail_hooks.accounts, accounts.get_user)
    mail_hooks.add_plan(
        "plan_company_mails",
        "12",
        company_jobs.plan_deadline_reminders,
        company_jobs.plan_manager_digests,
    )
    mail_hooks.add_plan("plan_live_reminders", "*/5", live_reminders.plan)
    learning_hooks.add(learning_hooks.module_care, questions.on_module_page)
    learning_hooks.add(learning_hooks.latest_activity, quiz_activity.last_graded)
    webinar_hooks.add(webinar_hooks.recording_passes, live_access.may_play)
    webinar_hooks.add(webinar_hooks.search_extras, help_views.search_hits)
    app.register_blueprint(health.bp)
    app.register_blueprint(api_views.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(recovery.bp)
    app.register_blueprint(two_factor_views.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(courses_views.bp)
    app.register_blueprint(learning_views.bp)
    app.register_blueprint(certificates_views.bp)
    app.register_blueprint(security_log.bp)
    app.register_blueprint(quizzes_views.bp)
    app.register_blueprint(webinars_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(people_views.bp)
    app.register_blueprint(privacy_views.bp)
    app.register_blueprint(recording_links.bp)
    app.register_blueprint(studio_media_views.bp)
    app.register_blueprint(studio_views.bp)
    app.register_blueprint(studio_team_views.bp)
    app.register_blueprint(studio_webinar_views.bp)
    app.register_blueprint(studio_editor_views.bp)
    app.register_blueprint(publish_views.bp)
    app.register_blueprint(preferences_views.bp)
    app.register_blueprint(questions_views.bp)
    app.register_blueprint(help_views.bp)
    app.register_blueprint(undo_views.bp)
    app.register_blueprint(feedback_views.bp)
    app.register_blueprint(assignments_views.bp)
    app.register_blueprint(review_views.bp)
    app.register_blueprint(assignment_reports.bp)
    app.register_blueprint(journeys_views.bp)
    app.register_blueprint(journey_review_views.bp)
    app.register_blueprint(companies_admin_views.bp)
    app.register_blueprint(team_views.bp)
    app.register_blueprint(join_views.bp)
    app.register_blueprint(live_views.bp)
    app.register_blueprint(live_staff_views.bp)
    app.cli.add_command(auth_cli.users)
    app.cli.add_command(course_commands.courses)
    app.cli.add_command(dev_cli.dev)
    app.cli.add_command(certificates_cli.certificates)
    app.cli.add_command(jobs_cli.jobs)
    app.cli.add_command(media_cli.media)
    return app


def follow_request_base_url() -> None:
    """Development without ACADEMY_BASE_URL: links in e-mails and certificates point at the
    host and port this server was reached on (`make run PORT=5101`), not at :5000."""
    base = request.host_url.rstrip("/")
    if current_app.config["BASE_URL"] != base:
        current_app.config["BASE_URL"] = base
