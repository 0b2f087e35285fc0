"""Configuration: defaults, ACADEMY_* environment variables, and validation.

Nothing here touches the disk or the network; `load_config` only reads values.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENVIRONMENTS = ("production", "development", "testing")
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
LANGUAGES = ("cs", "en")


class ConfigError(RuntimeError):
    """A configuration the academy cannot start with; the message says how to fix it."""


def default_config(app: Flask) -> dict[str, Any]:
    return {
        "ENV": "production",
        "DATABASE_URL": "sqlite:///" + os.path.join(app.instance_path, "academy.sqlite3"),
        "SECRET_KEY": None,
        "COURSES_DIR": os.path.join(os.path.dirname(app.root_path), "courses"),
        "MEDIA_DIR": os.path.join(app.instance_path, "media"),
        # Uploaded private files (academy.private_files) with local storage; 0700.
        "PRIVATE_DIR": os.path.join(app.instance_path, "private"),
        # The privacy policy and terms, as Markdown the academy edits (name.cs.md, name.en.md).
        "PAGES_DIR": os.path.join(os.path.dirname(app.root_path), "courses", "_pages"),
        # help pages and the FAQ (academy.help.pages): HELP_DIR/<slug>.<lang>.md
        "HELP_DIR": os.path.join(os.path.dirname(app.root_path), "courses", "_help"),
        # Who runs the academy: shown on the privacy policy as the data controller.
        "OPERATOR_NAME": "CX akademie",
        "OPERATOR_CONTACT": "akademie@localhost",
        # 1: the app only authorises media and nginx sends the file (X-Accel-Redirect)
        "MEDIA_X_ACCEL": False,
        # Signed recording links (academy.media): their lifetime, and the secret nginx's
        # secure_link shares (None: derived from SECRET_KEY, fine without nginx).
        "MEDIA_LINK_MINUTES": 15,
        "MEDIA_LINK_SECRET": None,
        # Where media, private files and backups live: local (MEDIA_DIR, instance/) or s3.
        "STORAGE": "local",
        "S3_ENDPOINT_URL": None,  # None: AWS itself
        "S3_PUBLIC_URL": None,  # the address browsers reach the bucket at, if it differs
        "S3_BUCKET": None,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": None,
        "S3_SECRET_ACCESS_KEY": None,
        "SQLITE_BUSY_TIMEOUT_MS": 15000,
        # Links in certificates and e-mails are built from this, never from the Host header;
        # required in production, in development unset means "the host and port asked".
        "BASE_URL": None,
        # How many proxies (nginx, a load balancer) set X-Forwarded-* in front of us.
        "PROXY_HOPS": 0,
        "MAIL_URL": "outbox",
        "MAIL_SENDER": "CX akademie <akademie@localhost>",
        # The job queue: redis://…, sqlite:////abs/path or immediate; None: a SQLite file in
        # the instance folder (tests: immediate). academy.notifications.queue
        "QUEUE_URL": None,
        "QUEUE_NAME": "academy",  # the queue's name in Redis: two academies on one Redis differ
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": "academy",
        # Redis down: each worker keeps counting in its own memory (limits stay on, per
        # process) instead of refusing every request or dropping the limits (README).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Logs: "json" (one object a line, production's default) or "text".
        "LOG_FORMAT": None,
        # A request whose database work has taken this long answers 503 before its next
        # statement instead of holding a worker while the database is slow (academy.observability).
        "DB_REQUEST_BUDGET_MS": 1000,
        # A request that waited longer than this in front of the workers (nginx's
        # X-Request-Start) answers 503 at once: its person has likely given up, and serving it
        # would only make the queue behind it longer.
        "QUEUE_TIMEOUT_MS": 5000,
        # /healthz calls the database slow (503) when SELECT 1 takes longer than this.
        "HEALTH_DB_SLOW_MS": 500,
        # Failed log-ins per address and e-mail, so nobody can lock another person out.
        "LOGIN_RATE_LIMIT": "10/minute;50/hour",
        "SIGNUP_RATE_LIMIT": "20/hour",
        # Live webinar registrations (and the light registration before a recording) per address.
        "LIVE_REGISTER_RATE_LIMIT": "10/hour",
        # A registrant "watched the recording" (the funnel) once this share of it really played,
        # and at least this many seconds (the whole of a shorter recording). academy/live/watching.py
        "LIVE_WATCHED_SHARE": 0.25,
        "LIVE_WATCHED_MIN_SECONDS": 120,
        # Wrong two-factor codes: per address and account, and per account from anywhere.
        # Only someone who already knows the password reaches the code step.
        "TWO_FACTOR_RATE_LIMIT": "10/minute",
        "TWO_FACTOR_ACCOUNT_RATE_LIMIT": "30/hour",
        # Certificate look-ups (page and status) per address: codes cannot be enumerated.
        "CERTIFICATE_LOOKUP_RATE_LIMIT": "60/minute",
        # Questions to instructors per learner, contact messages per address (academy/help).
        "QUESTION_RATE_LIMIT": "10/hour",
        "CONTACT_RATE_LIMIT": "5/hour",
        "QUESTION_ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024,
        # The logo printed on certificates (PNG, JPEG or SVG; None: the academy's own), and
        # a folder of instructors' signature images named <e-mail>.png (None: no images).
        "CERTIFICATE_LOGO": None,
        "CERTIFICATE_SIGNATURES_DIR": None,
        # Sessions end after this long without a request, and this long after sign-in.
        "SESSION_IDLE_MINUTES": 7 * 24 * 60,
        "SESSION_ABSOLUTE_MINUTES": 30 * 24 * 60,
        # The cookie lives as long as the absolute limit from sign-in; the idle limit is kept
        # server-side (academy.auth.sessions). Re-signing and re-sending the cookie on every
        # response would only cost time (docs/performance.md).
        "SESSION_REFRESH_EACH_REQUEST": False,
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "cs",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Prague",
        "LANGUAGES": LANGUAGES,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
        # Studio uploads: one media file, and a course .zip (its size, and what it may unpack to).
        "MEDIA_MAX_BYTES": 100 * 1024 * 1024,
        "IMPORT_MAX_BYTES": 200 * 1024 * 1024,
        "IMPORT_MAX_UNPACKED_BYTES": 500 * 1024 * 1024,
        "IMPORT_MAX_ENTRIES": 2000,
        "IMPORT_MAX_RATIO": 100,
        "MAX_FORM_MEMORY_SIZE": 512 * 1024,
        # None: the host of BASE_URL in production, any host in development.
        "TRUSTED_HOSTS": None,
        # None: secure cookies in production, plain ones in development and tests.
        "SESSION_COOKIE_SECURE": None,
        "REMEMBER_COOKIE_SECURE": None,
    }


def validate_queue_url(url: str) -> str | None:
    """A reason ACADEMY_QUEUE_URL is unusable, or None (the queue itself: notifications.queue)."""
    if url == "immediate":
        return None
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss") and parts.hostname:
        return None
    if parts.scheme == "sqlite" and url.startswith("sqlite:////"):
        return None
    return "use redis://host:6379/1, sqlite:////absolute/path.sqlite3 or immediate"


def default_queue_url(instance_path: str, env: str) -> str:
    """`immediate` in tests, else a SQLite file in instance/ (`make run`); Redis is set explicitly."""
    if env == "testing":
        return "immediate"
    return "sqlite:///" + os.path.join(instance_path, "queue.sqlite3")


def load_config(app: Flask, test_config: dict[str, Any] | None, *, serving: bool = True) -> None:
    """Fill app.config from defaults, then ACADEMY_* variables, then test_config."""
    app.config.update(default_config(app))
    app.config.from_prefixed_env("ACADEMY")
    if test_config:
        app.config.update(test_config)
    if app.config["LOG_FORMAT"] is None:
        app.config["LOG_FORMAT"] = "json" if app.config["ENV"] == "production" else "text"
    if not app.config["QUEUE_URL"]:
        app.config["QUEUE_URL"] = default_queue_url(app.instance_path, app.config["ENV"])
    validate(app.config, serving=serving)
    app.config["SQLALCHEMY_ENGINES"] = {"default": engine_options(app.config)}
    app.config["TESTING"] = app.config["TESTING"] or app.config["ENV"] == "testing"
    secure = app.config["ENV"] == "production"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=app.config["SESSION_ABSOLUTE_MINUTES"]
    )
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config[key] is None:
            app.config[key] = secure


def validate(config: dict[str, Any], *, serving: bool = True) -> None:
    """Refuse a configuration the academy cannot run with. `serving=False` (a CLI command
    that serves no requests) needs no secret key and no public address."""
    env_name = config["ENV"]
    if env_name not in ENVIRONMENTS:
        raise ConfigError(f"ACADEMY_ENV={env_name!r} is not one of {', '.join(ENVIRONMENTS)}.")
    if not config.get("SECRET_KEY"):
        if env_name == "production" and serving:
            raise ConfigError(
                "ACADEMY_SECRET_KEY is not set. Set it to a long random value, e.g. "
                '`python -c "import secrets; print(secrets.token_hex(32))"`.'
            )
        config["SECRET_KEY"] = "dev-only-" + os.urandom(16).hex()
    elif env_name == "production" and len(str(config["SECRET_KEY"])) < 16:
        raise ConfigError("ACADEMY_SECRET_KEY is too short: use at least 16 characters.")
    try:
        url = make_url(str(config["DATABASE_URL"]))
    except ArgumentError as exc:
        raise ConfigError(
            f"ACADEMY_DATABASE_URL is not a database URL ({exc}). "
            "Example: postgresql+psycopg://user@host:5432/academy or sqlite:////abs/path.db"
        ) from None
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            f"ACADEMY_DATABASE_URL uses {url.get_backend_name()!r}; "
            f"supported are {', '.join(SUPPORTED_BACKENDS)}."
        )
    in_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if in_file and not os.path.isabs(str(url.database)):
        raise ConfigError(
            "ACADEMY_DATABASE_URL must give an absolute SQLite path (sqlite:////abs/path.db)."
        )
    config["BASE_URL_FOLLOWS_REQUEST"] = False
    if not config.get("BASE_URL"):
        if env_name == "production" and serving:
            raise ConfigError(
                "ACADEMY_BASE_URL is not set. Set it to the site's public address, e.g. "
                "https://akademie.example.cz (links in e-mails and certificates use it)."
            )
        config["BASE_URL"] = "http://127.0.0.1:5000"
        config["BASE_URL_FOLLOWS_REQUEST"] = env_name == "development"
    base_url = str(config["BASE_URL"])
    if not base_url.startswith(("http://", "https://")) or base_url.endswith("/"):
        raise ConfigError(
            f"ACADEMY_BASE_URL={base_url!r} must be the site's address without a trailing slash, "
            "e.g. https://akademie.example.cz"
        )
    logo = config.get("CERTIFICATE_LOGO")
    if logo and (
        not str(logo).lower().endswith((".png", ".jpg", ".jpeg", ".svg"))
        or not os.path.isfile(str(logo))
    ):
        raise ConfigError(
            f"ACADEMY_CERTIFICATE_LOGO={logo!r} must be an existing .png, .jpg or .svg file."
        )
    signatures = config.get("CERTIFICATE_SIGNATURES_DIR")
    if signatures and not os.path.isdir(str(signatures)):
        raise ConfigError(f"ACADEMY_CERTIFICATE_SIGNATURES_DIR={signatures!r} is not a folder.")
    from academy.mail import validate_mail_url

    mail_problem = validate_mail_url(str(config["MAIL_URL"]))
    if mail_problem:
        raise ConfigError(f"ACADEMY_MAIL_URL={config['MAIL_URL']!r} is not usable: {mail_problem}")
    queue_problem = validate_queue_url(str(config["QUEUE_URL"]))
    if queue_problem:
        raise ConfigError(
            f"ACADEMY_QUEUE_URL={config['QUEUE_URL']!r} is not usable: {queue_problem}"
        )
    _validate_media(config, env_name, serving)
    for key in (
        "MEDIA_MAX_BYTES",
        "IMPORT_MAX_BYTES",
        "IMPORT_MAX_UNPACKED_BYTES",
        "IMPORT_MAX_ENTRIES",
        "IMPORT_MAX_RATIO",
    ):
        value = config[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(
                f"ACADEMY_{key}={value!r} must be a whole number above 0 "
                "(sizes in bytes, e.g. 104857600 for 100 MiB)."
            )
    share, least = config["LIVE_WATCHED_SHARE"], config["LIVE_WATCHED_MIN_SECONDS"]
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        raise ConfigError(
            f"ACADEMY_LIVE_WATCHED_SHARE={share!r} must be a share of the recording above 0 "
            "and at most 1, e.g. 0.25."
        )
    if isinstance(least, bool) or not isinstance(least, int | float) or least < 0:
        raise ConfigError(
            f"ACADEMY_LIVE_WATCHED_MIN_SECONDS={least!r} must be a number of seconds >= 0."
        )
    timeout = config["SQLITE_BUSY_TIMEOUT_MS"]
    if not isinstance(timeout, int) or timeout < 0:
        raise ConfigError("ACADEMY_SQLITE_BUSY_TIMEOUT_MS must be a whole number of ms >= 0.")


def engine_options(config: dict[str, Any]) -> dict[str, Any]:
    url = make_url(str(config["DATABASE_URL"]))
    options: dict[str, Any] = {"url": url}
    if url.get_backend_name() == "postgresql":
        # A connection the database dropped (a restart) is noticed and replaced before use.
        options["pool_pre_ping"] = True
        # Unreachable database: fail in seconds (a 503), not after the kernel's TCP timeout.
        options["connect_args"] = {"connect_timeout": 3}
        options["pool_timeout"] = 5
    return options


def _validate_media(config: dict[str, Any], env_name: str, serving: bool) -> None:
    if config["STORAGE"] not in ("local", "s3"):
        raise ConfigError(f"ACADEMY_STORAGE={config['STORAGE']!r} must be local or s3.")
    if config["STORAGE"] == "s3" and not config.get("S3_BUCKET"):
        raise ConfigError("ACADEMY_STORAGE=s3 needs ACADEMY_S3_BUCKET (and the S3_* keys).")
    minutes = config["MEDIA_LINK_MINUTES"]
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not minutes > 0:
        raise ConfigError(
            f"ACADEMY_MEDIA_LINK_MINUTES={minutes!r} must be a number of minutes above 0, e.g. 15."
        )
    secret = config.get("MEDIA_LINK_SECRET")
    behind_nginx = config.get("MEDIA_X_ACCEL") and config["STORAGE"] == "local"
    if env_name == "production" and serving and behind_nginx and len(str(secret or "")) < 32:
        raise ConfigError(
            "ACADEMY_MEDIA_LINK_SECRET must be set (32+ characters) when nginx serves media: "
            "the same value goes into nginx's $academy_media_secret (deploy/nginx-media.conf)."
        )
