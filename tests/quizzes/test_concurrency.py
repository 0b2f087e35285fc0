"""Ten parallel submissions over real HTTP record one graded attempt (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from academy.extensions import db
from academy.learning.models import ModuleProgress
from academy.quizzes import services
from academy.quizzes.models import QuizAttempt
from tests.conftest import PASSWORD
from tests.quizzes.conftest import COURSE, LEARNER, QUIZ, RIGHT, answer_form, attempt_row

PARALLEL = 10


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser over real HTTP: one cookie jar, shared by all its tabs."""

    def __init__(self, base: str) -> None:
        self.base, self.jar, self.token = base, CookieJar(), ""

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        opener = build_opener(HTTPCookieProcessor(self.jar), _KeepRedirects)
        body = urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with opener.open(Request(self.base + path, data=body), timeout=30) as response:
                return response.status, response.read().decode()
        except HTTPError as error:
            return error.code, error.headers.get("Location") or error.read().decode()

    def post(self, path: str, data: dict | None = None) -> tuple[int, str]:
        return self.request(path, {"csrf_token": self.token, **(data or {})})

    def log_in(self, email: str) -> None:
        html = self.request("/login")[1]
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        assert self.post("/login", {"email": email, "password": PASSWORD})[0] == 302
        html = self.request("/my")[1]
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


def _in_parallel(call) -> list[tuple[int, str]]:
    barrier = threading.Barrier(PARALLEL)

    def tab(_: int) -> tuple[int, str]:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(tab, range(PARALLEL)))


def test_ten_parallel_submits_grade_one_attempt(app, auth, imported, server, monkeypatch):
    graded_by: list[bool] = []
    submit = services.submit

    def counted(*args, **kwargs):
        outcome = submit(*args, **kwargs)
        graded_by.append(outcome.graded_now)
        return outcome

    monkeypatch.setattr(services, "submit", counted)
    auth.create(email=LEARNER, name="Učeň Nový")
    browser = Browser(server)
    browser.log_in(LEARNER)
    assert browser.post(f"{COURSE}/enrol")[0] == 302
    assert browser.post(f"{QUIZ}/attempts") == (302, f"{QUIZ}/attempts/1")
    form = {**answer_form(app, 1, RIGHT), "submit": "Odevzdat kvíz"}

    started = time.perf_counter()
    results = _in_parallel(lambda: browser.post(f"{QUIZ}/attempts/1", form))
    elapsed = time.perf_counter() - started
    assert [status for status, _ in results] == [302] * PARALLEL, results
    assert graded_by.count(True) == 1  # the rest found it graded, by the view or the UPDATE
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1
    row = attempt_row(app, 1)
    assert (row["status"], row["score"], row["passed"]) == ("graded", 100.0, True)
    assert elapsed < 20


def test_ten_parallel_starts_open_one_attempt(app, auth, imported, server):
    auth.create(email=LEARNER, name="Učeň Nový")
    browser = Browser(server)
    browser.log_in(LEARNER)
    browser.post(f"{COURSE}/enrol")
    results = _in_parallel(lambda: browser.post(f"{QUIZ}/attempts"))
    assert results == [(302, f"{QUIZ}/attempts/1")] * PARALLEL
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
