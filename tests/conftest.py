"""Fixtures: an app on a real database (SQLite file, or PostgreSQL from TEST_DATABASE_URL).

The schema is migrated once per run into a fresh SQLite file or a fresh
PostgreSQL schema, which is dropped at the end; every test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import uuid
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pyotp
import pytest
from aiosmtpd.controller import Controller
from hypothesis import settings
from sqlalchemy import create_engine, delete, text, update
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from academy import create_app
from academy.auth import two_factor
from academy.auth.models import Role, User
from academy.auth.services import create_user
from academy.db import Model
from academy.extensions import alembic, db

# Property tests check what holds, not how fast: on a loaded CI machine Hypothesis' default
# 200 ms deadline per example failed pure functions at random.
settings.register_profile("academy", deadline=None)
settings.load_profile("academy")


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (`make test` runs `-n auto`) the controller starts the S3 server
    once for its workers when none answers: `weed mini` takes several fixed ports, so two
    workers could not each start their own. Without xdist the media fixtures start it."""
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        from tests import s3server

        if not s3server.answering() and s3server.weed_binary() is not None:
            folder = Path(tempfile.mkdtemp(prefix="academy-test-s3-"))
            log = (folder / "weed.log").open("wb")
            config.stash[_S3] = (s3server.start(folder, log), folder, log)
            s3server.wait_ready(s3server.S3Server(f"http://{s3server.HOST}:{s3server.PORT}"))


def pytest_unconfigure(config: pytest.Config) -> None:
    started = config.stash.get(_S3, None)
    if started is not None:
        process, folder, log = started
        process.terminate()
        process.wait(timeout=20)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


_S3 = pytest.StashKey[tuple]()
_DATABASE_FIXTURES = {"database_url", "empty_database_url"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL (TEST_DATABASE_URL, the second pass of .ci/run) only the tests that can
    reach a database run: through the database fixtures, or by reading TEST_DATABASE_URL
    themselves. The others (validators, typography, deploy files, the import contracts, ...)
    cannot tell the databases apart and gave their answer in the SQLite pass. So do the
    browser journeys' phone variants: at 390 px the pages send the server the same requests
    as at 1280 px, and the layout was checked in the SQLite pass."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    reads_url: dict[str, bool] = {}
    keep, drop = [], []
    for item in items:
        path = str(item.path)
        if path not in reads_url:
            reads_url[path] = "TEST_DATABASE_URL" in item.path.read_text(encoding="utf-8")
        uses = _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        phone = callspec is not None and callspec.params.get("viewport") == "phone"
        (keep if (uses or reads_url[path]) and not phone else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD = "správné-heslo-123"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Rate-limit counters of this run, apart from other runs sharing a Redis. (Flask-Limiter
# keeps the prefix of the first app it was set up for, so every app here gets the same.)
RATELIMIT_PREFIX = f"academy-test-{uuid.uuid4().hex[:12]}"


def _postgres_url(base_url: str, schema: str) -> str:
    url = make_url(base_url)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory):
    """A migrated, empty database for this test run."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = tmp_path_factory.mktemp("db") / "academy.sqlite3"
        url = f"sqlite:///{path}"
        _migrate(url)
        yield url
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # fails the run if PostgreSQL is unreachable
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        # The search migration's CREATE EXTENSION is database-wide: on a fresh database two
        # test workers migrating at once both tried it and one failed (UniqueViolation on
        # pg_extension), erroring every test of that worker. One at a time, it is a no-op
        # for all but the first.
        conn.execute(text("SELECT pg_advisory_lock(1795594823)"))
        try:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(1795594823)"))
    url = _postgres_url(base, schema)
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def empty_database_url(tmp_path: Path):
    """A database with no tables, for migrations and for commands run before them: a new
    SQLite file, or a new PostgreSQL schema dropped at the end."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    schema = f"empty_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _migrate(url: str) -> None:
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "test",
            "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX,
        }
    )
    with app.app_context():
        alembic.upgrade()
        db.engine.dispose()


class Mailbox(list):
    """Messages received by the in-process SMTP server."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def links(self, to: str) -> list[str]:
        return [
            link
            for message in self
            if message["To"] == to
            for link in re.findall(r"https?://\S+", self.text(message))
        ]

    @staticmethod
    def text(message) -> str:
        """The plain-text part (mails are plain text plus HTML)."""
        return message.get_body(("plain",)).get_content()


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the whole run."""
    mailbox = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server) -> Mailbox:
    _, box = smtp_server
    box.clear()
    return box


@pytest.fixture
def app(database_url: str, tmp_path: Path, smtp_server):
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "MEDIA_DIR": str(tmp_path / "media"),
            "PRIVATE_DIR": str(tmp_path / "private"),
            "COURSES_DIR": str(FIXTURES / "courses"),
            "RATELIMIT_ENABLED": False,  # tests/security/test_rate_limits.py turns it on
            "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX,
            "MAIL_URL": f"smtp://127.0.0.1:{smtp_server[0].port}",
        }
    )
    yield app
    with app.app_context():
        with db.engine.begin() as conn:
            for table in reversed(Model.metadata.sorted_tables):
                conn.execute(delete(table))
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str = "/signup") -> str:
    """The CSRF token of the client's session, read from a page's form as a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class Auth:
    def __init__(self, app, client) -> None:
        self.app, self.client = app, client

    def create(self, email="jiri@example.cz", name="Jiří Šťastný", role=Role.LEARNER):
        """A verified account; staff get two-factor sign-in, as the app requires of them."""
        with self.app.app_context():
            user = create_user(
                db.session, email=email, full_name=name, password=PASSWORD, role=role, verified=True
            )
            if user.is_staff:
                two_factor.enable(user, TOTP_SECRET)
            db.session.commit()
            return user.id

    def login(self, email="jiri@example.cz", password=PASSWORD):
        """Sign in through the pages, answering the two-factor step when it comes."""
        token = csrf_token(self.client, "/login")
        response = self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )
        if response.headers.get("Location") != "/login/two-factor":
            return response
        with self.app.app_context():  # each code works once; let every test log in freely
            db.session.execute(update(User).where(User.email == email).values(totp_last_step=None))
            db.session.commit()
        token = csrf_token(self.client, "/login/two-factor")
        return self.client.post(
            "/login/two-factor",
            data={"code": pyotp.TOTP(TOTP_SECRET).now(), "csrf_token": token},
        )

    def logout(self):
        token = csrf_token(self.client, "/my")
        return self.client.post("/logout", data={"csrf_token": token})

    def post(self, url: str, data: dict | None = None, **kwargs):
        token = csrf_token(self.client, "/")
        return self.client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def auth(app, client) -> Auth:
    return Auth(app, client)


@pytest.fixture
def imported(app, tmp_path: Path) -> Path:
    """The fixture course imported; returns a writable copy of its folder."""
    source = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", source)
    from academy.courses.importer import import_path

    with app.app_context():
        report = import_path(db.session, source, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        db.session.commit()
    return source / "demo-kurz"


@pytest.fixture
def live_server(app) -> str:
    """The app served by a threaded werkzeug server on a free port; e-mail links point at it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
