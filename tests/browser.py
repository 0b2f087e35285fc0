"""A browser over real HTTP for tests against `live_server`, and a barrier for parallel tabs."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from typing import TypeVar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from tests.conftest import PASSWORD

T = TypeVar("T")
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One cookie jar, shared by all its tabs; answers are (status, body or Location)."""

    def __init__(self, base: str) -> None:
        self.base, self.jar, self.token = base, CookieJar(), ""

    def request(
        self, path: str, data: dict | None = None, *, body: bytes | None = None, headers=None
    ) -> tuple[int, str]:
        opener = build_opener(HTTPCookieProcessor(self.jar), _KeepRedirects)
        if data is not None:
            body = urlencode(data, doseq=True).encode()
        request = Request(self.base + path, data=body, headers=headers or {})
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except HTTPError as error:
            return error.code, error.headers.get("Location") or error.read().decode()

    def post(self, path: str, data: dict | None = None) -> tuple[int, str]:
        return self.request(path, {"csrf_token": self.token, **(data or {})})

    def post_json(self, path: str, payload: object) -> tuple[int, str]:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.token}
        return self.request(path, body=json.dumps(payload).encode(), headers=headers)

    def log_in(self, email: str) -> None:
        self.token = TOKEN.search(self.request("/login")[1]).group(1)
        assert self.post("/login", {"email": email, "password": PASSWORD})[0] == 302
        self.token = TOKEN.search(self.request("/my")[1]).group(1)


def in_parallel(count: int, call: Callable[[int], T]) -> list[T]:
    """`count` threads released at once by a barrier, each making `call(i)`."""
    barrier = threading.Barrier(count)

    def tab(i: int) -> T:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(tab, range(count)))
