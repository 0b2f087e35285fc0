"""Schemathesis calls every operation of /api/openapi.json over real HTTP: no server errors.

A signed-in admin (two-factor sign-in done, enrolled, a quiz attempt open) sends
generated input to every JSON endpoint; each case is sent as generated (mostly
unknown objects) and again aimed at the real course, quiz attempt and webinar, so
the bodies reach the handlers. The only check is what the issue asks: no 5xx, and
the answer, when documented, matches its schema.
"""

from __future__ import annotations

import re

import pyotp
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import update

from academy.api.views import openapi_document
from academy.auth.models import Role, User
from academy.extensions import db
from tests.conftest import PASSWORD, TOTP_SECRET
from tests.webinars.conftest import add_webinar

pytestmark = pytest.mark.slow
ADMIN = "spravce@example.cz"
# Path parameters that name real objects, per operation's path
REAL = {"slug": "demo-kurz", "number": 1}
REAL_MODULE = {
    "/courses/{slug}/{module_slug}/attempts/{number}/answers": "kviz",
    "/webinars/{slug}/{module_slug}/progress": "webinar",
    "/webinars/{slug}/{module_slug}/sources": "webinar",
    # the demo course has no assignment: a lesson's draft answers the documented 404
    "/courses/{slug}/{module_slug}/work/draft": "uvod",
    "/courses/{slug}/{module_slug}/map": "uvod",  # no journey map either: the documented 404
    "/studio/courses/{slug}/modules/{module_slug}/draft.json": "uvod",
    "/studio/courses/{slug}/modules/{module_slug}/preview.json": "uvod",
    "/studio/courses/{slug}/modules/{module_slug}/header.json": "uvod",
    "/studio/courses/{slug}/modules/{module_slug}/quiz.json": "kviz",
}
EXAMPLES = 40


def _token(session: requests.Session, base: str, path: str) -> str:
    html = session.get(base + path, timeout=30).text
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.fixture
def signed_in(app, auth, imported, live_server) -> tuple[requests.Session, str]:
    """An admin signed in over HTTP; returns the session and its CSRF token."""
    add_webinar(app, imported)
    auth.create(email=ADMIN, name="Správce Kurzů", role=Role.ADMIN)
    with app.app_context():
        db.session.execute(update(User).values(totp_last_step=None))
        db.session.commit()
    browser = requests.Session()
    token = _token(browser, live_server, "/login")
    login = {"email": ADMIN, "password": PASSWORD, "csrf_token": token}
    assert browser.post(f"{live_server}/login", data=login, timeout=30).ok
    token = _token(browser, live_server, "/login/two-factor")
    code = {"code": pyotp.TOTP(TOTP_SECRET).now(), "csrf_token": token}
    browser.post(f"{live_server}/login/two-factor", data=code, timeout=30)
    token = _token(browser, live_server, "/my")
    for path in ("/courses/demo-kurz/enrol", "/courses/demo-kurz/kviz/attempts"):
        browser.post(live_server + path, data={"csrf_token": token}, timeout=30)
    started = browser.post(
        f"{live_server}/courses/demo-kurz/kviz/attempts/1/answers",
        json={},
        headers={"X-CSRFToken": token},
        timeout=30,
    )
    assert started.status_code == 200, started.text  # signed in, enrolled, attempt open
    return browser, token


# The document served at /api/openapi.json (tests/api/test_openapi.py checks they are one)
schema = schemathesis.openapi.from_dict(openapi_document())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_gives_no_server_errors(case, signed_in, live_server):
    browser, token = signed_in
    checks = [not_a_server_error, response_schema_conformance]
    headers = {"X-CSRFToken": token}
    case.call_and_validate(base_url=live_server, session=browser, headers=headers, checks=checks)
    if case.path_parameters:
        case.path_parameters.update({k: v for k, v in REAL.items() if k in case.path_parameters})
        if "module_slug" in case.path_parameters:
            case.path_parameters["module_slug"] = REAL_MODULE[case.path]
        case.call_and_validate(
            base_url=live_server, session=browser, headers=headers, checks=checks
        )
