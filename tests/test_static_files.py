"""Static files have fingerprinted addresses and are cached a year; text answers are
compressed by the app itself (so `make run` sends them compressed too)."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "academy" / "static"


def _stylesheet(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)


def test_static_addresses_carry_the_hash_of_the_files_content(client):
    digest = hashlib.sha256((STATIC / "css" / "academy.css").read_bytes()).hexdigest()[:12]
    assert _stylesheet(client) == f"/static/css/academy.css?v={digest}"


def test_a_fingerprinted_address_is_cached_a_year_and_an_old_one_revalidated(client):
    current = client.get(_stylesheet(client))
    assert current.status_code == 200
    assert current.headers.getlist("Cache-Control") == ["public, max-age=31536000, immutable"]
    for stale in ("/static/css/academy.css", "/static/css/academy.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200
        assert response.headers.getlist("Cache-Control") == ["no-cache"]


def test_a_changed_file_gets_a_new_address(tmp_path):
    from academy.static_files import Fingerprints

    (tmp_path / "a.css").write_text("a{}")
    fingerprints = Fingerprints(str(tmp_path))
    first = fingerprints.of("a.css")
    (tmp_path / "a.css").write_text("a{color:red}")
    assert fingerprints.of("a.css") not in (None, first)
    assert fingerprints.of("../etc/passwd") is None
    assert fingerprints.of("chybi.css") is None


def test_pages_and_stylesheets_are_compressed_for_clients_that_accept_it(client):
    plain = client.get("/")
    assert plain.headers.get("Content-Encoding") is None
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert gzip.decompress(page.data) == plain.data
    css = client.get(_stylesheet(client), headers={"Accept-Encoding": "br"})
    assert css.headers["Content-Encoding"] == "br"
