"""Fixtures of the hostile-input suite: a webinar in the demo course, signed-in users."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_rate_limits import limited_app  # noqa: F401  (shared fixture)
from tests.webinars.conftest import add_webinar, learner, webinar  # noqa: F401


@pytest.fixture
def public_recording(app, imported: Path) -> Path:
    add_webinar(app, imported, public=True)
    return imported


@pytest.fixture
def enrolled(app, auth, imported):
    """Jiří, signed in and enrolled in the demo course, which has a private webinar."""
    add_webinar(app, imported)
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    return auth


@pytest.fixture
def learner_id(app, auth, imported) -> int:
    """Jiří enrolled in the demo course with its 20 s webinar; his id."""
    add_webinar(app, imported)
    user_id = auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    return user_id
