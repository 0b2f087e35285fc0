"""No 500 for hostile shapes on any route: ids past a column's range in every <int:> path, and
JSON nested 1,000 deep to every endpoint that reads JSON (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from academy.auth.models import Role
from tests.conftest import csrf_token

HUGE = "99999999999999999999"  # > 2^64: OverflowError in SQLite
PAST_BIGINT = str(2**63)
PAST_INTEGER = str(2**31)  # one past PostgreSQL's INTEGER, the type of our id columns
QUIZ = "/courses/demo-kurz/kviz"
# Values for the other parts of a path, so each route reaches its view, not a 404 on a slug.
FILL = {"slug": "demo-kurz", "module_slug": "kviz", "code": "ABCD-EFGH"}
DEEP = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000


def _int_routes(app) -> list[tuple[str, str, list[str]]]:
    """Every rule with an integer in its path: (rule, method, integer argument names)."""
    found = []
    for rule in app.url_map.iter_rules():
        ints = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if ints:
            method = "POST" if "POST" in rule.methods else "GET"
            found.append((rule.rule, method, ints))
    return found


def test_every_integer_in_a_path_uses_the_bounded_converter(app):
    typed = [
        rule.rule
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if type(converter).__name__ == "IntegerConverter"
    ]
    assert typed == []
    assert len(_int_routes(app)) >= 7  # attempts, answers, results, resets, admin learners


@pytest.mark.parametrize("number", [HUGE, PAST_BIGINT, PAST_INTEGER])
def test_ids_beyond_a_bigint_answer_404_on_every_integer_route(app, auth, imported, number):
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    auth.post(f"{QUIZ.rsplit('/', 1)[0]}/enrol")
    auth.post(f"{QUIZ}/attempts")  # an attempt exists, so the attempt routes reach the database
    token = csrf_token(auth.client, "/")
    routes = _int_routes(app)
    for rule, method, ints in routes:
        values = {**FILL, **dict.fromkeys(ints, number)}
        url = rule
        for name, value in values.items():
            url = url.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
        if method == "POST":
            response = auth.client.post(url, data={"csrf_token": token})
        else:
            response = auth.client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert "Stránka nenalezena" in response.get_data(as_text=True), url


def test_the_largest_integer_is_still_an_ordinary_unknown_id(app, auth, imported):
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    response = auth.client.get(f"/admin/learners/{2**31 - 1}")
    assert response.status_code == 404  # reached the database and found nobody
    assert "Stránka nenalezena" in response.get_data(as_text=True)


def _json_endpoints(auth) -> list[str]:
    auth.post("/courses/demo-kurz/enrol")
    auth.post(f"{QUIZ}/attempts")
    return [
        "/webinars/demo-kurz/webinar/progress",
        f"{QUIZ}/attempts/1/answers",
        "/studio/courses/demo-kurz/modules/uvod/draft.json",
        "/studio/courses/demo-kurz/modules/uvod/preview.json",
    ]


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_json_nested_1000_deep_answers_400_with_a_message(app, auth, imported, body):
    from tests.webinars.conftest import add_webinar

    add_webinar(app, imported)
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    token = csrf_token(auth.client, "/")
    for url in _json_endpoints(auth):
        response = auth.client.post(
            url, data=body, content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code == 400, (url, response.status_code)
        answer = response.get_json()
        assert answer.get("message") or answer.get("error"), url  # the studio says "error"
