"""Hostile input gets a safe answer, never a 500, and changes nothing that was saved."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from academy.auth.models import Role, User
from academy.courses.rendering import render_markdown
from academy.extensions import db
from tests.conftest import PASSWORD, csrf_token


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize(
    "path",
    [
        "/media/demo-kurz/../../../etc/passwd",
        "/media/demo-kurz/..%2f..%2f..%2fetc%2fpasswd",
        "/media/demo-kurz/%2e%2e/%2e%2e/academy.sqlite3",
        "/media/demo-kurz//etc/passwd",
        "/media/demo-kurz/obrazek.svg%00.png",
        "/media/..%2fdemo-kurz/obrazek.svg",
    ],
)
def test_media_path_traversal_is_refused(client, imported, path):
    response = client.get(path, follow_redirects=True)  # "//" is merged by a 308 first
    assert response.status_code == 404
    assert b"root:" not in response.data and b"SQLite format" not in response.data


@pytest.mark.parametrize(
    "email",
    [
        "jiri@example..cz",
        "jiri@@example.cz",
        "jiri@exam ple.cz",
        "<script>@example.cz",
        "jiri@example.cz\r\nBcc: all@example.cz",
        "a" * 300 + "@example.cz",
        "jiri@localhost",
    ],
)
def test_malformed_addresses_get_a_czech_message(app, client, email):
    token = csrf_token(client, "/signup")
    response = client.post(
        "/signup",
        data={
            "consent": "y",
            "full_name": "Jiří",
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert "Zadejte platnou e-mailovou adresu" in response.get_data(as_text=True)
    assert _users(app) == 0


def test_confusable_address_is_a_different_account(app, auth, client, mailbox):
    auth.create(email="jiri@example.cz")
    token = csrf_token(client, "/signup")
    client.post(
        "/signup",
        data={
            "consent": "y",
            "full_name": "Podvodník",
            "email": "jіri@example.cz",  # Cyrillic і
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    with app.app_context():
        original = db.session.scalar(select(User).where(User.email == "jiri@example.cz"))
        assert original.full_name == "Jiří Šťastný"  # untouched


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "J" * 201), ("password", "p" * 129)],
)
def test_overlong_fields_are_refused_with_a_message(app, client, field, value):
    data = {
        "full_name": "Jiří",
        "email": "jiri@example.cz",
        "password": PASSWORD,
        "confirm": PASSWORD,
        field: value,
    }
    if field == "password":
        data["confirm"] = value
    token = csrf_token(client, "/signup")
    response = client.post("/signup", data={**data, "csrf_token": token})
    assert response.status_code == 422
    assert _users(app) == 0


def test_huge_field_gets_a_message_not_a_500(app, client):
    token = csrf_token(client, "/signup")
    response = client.post(
        "/signup", data={"consent": "y", "full_name": "x" * (600 * 1024), "csrf_token": token}
    )
    assert response.status_code == 422
    assert "Jméno může mít nejvýše 200 znaků." in response.get_data(as_text=True)
    assert _users(app) == 0


def test_role_sent_in_the_signup_form_is_ignored(app, client):
    token = csrf_token(client, "/signup")
    client.post(
        "/signup",
        data={
            "consent": "y",
            "full_name": "Jiří",
            "email": "jiri@example.cz",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "role": "admin",
            "is_admin": "1",
            "csrf_token": token,
        },
    )
    with app.app_context():
        assert db.session.scalar(select(User.role)) is Role.LEARNER


def test_json_error_answers_for_api_clients(client):
    response = client.get("/nikde", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Stránka nenalezena"


def test_unknown_methods_get_405_not_500(client):
    assert client.delete("/").status_code == 405
    assert client.put("/login").status_code == 405


def test_mark_done_of_a_module_in_another_course_is_404(auth, client, imported):
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    assert auth.post("/courses/demo-kurz/neexistuje/done").status_code == 404
    assert auth.post("/courses/jiny-kurz/uvod/done").status_code == 404


SCHEMES = st.sampled_from(
    [
        "javascript",
        "JaVaScRiPt",
        "java\tscript",
        "data",
        "vbscript",
        " javascript",
        "javascript&#58;",
        "&#106;avascript",
    ]
)
PIECES = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "[a]({s}:alert(1))",
        "![a]({s}:alert(1))",
        '<a href="{s}:alert(1)">x</a>',
        "{{: onclick=alert(1) }}",
        "<iframe src=//x>",
        "<body onload=alert(1)>",
        "**tučně**",
        "\n\n",
        "## Nadpis",
        "`kód`",
        "<details open ontoggle=alert(1)>",
    ]
)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PIECES, SCHEMES), min_size=1, max_size=6), st.text(max_size=40))
def test_renderer_never_emits_script_handlers_or_javascript_urls(pieces, noise):
    source = noise.join(piece.format(s=scheme) for piece, scheme in pieces)
    html = render_markdown(source)
    parser = _Attributes()
    parser.feed(html)
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<svg" not in lowered
    for tag, name, value in parser.found:
        assert not name.lower().startswith("on"), (tag, name)
        if name in ("href", "src"):
            # what a browser does to a URL: drop tabs and newlines, trim C0 and spaces
            squashed = value.replace("\t", "").replace("\n", "").replace("\r", "")
            squashed = squashed.strip("".join(map(chr, range(33)))).lower()
            assert not squashed.startswith(("javascript:", "vbscript:", "data:")), value
