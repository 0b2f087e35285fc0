"""Helpers for the studio's course and editor tests: URLs, reading the editor, saving."""

from __future__ import annotations

import re
from html import unescape

from tests.conftest import csrf_token
from tests.studio.samples import COURSE

STUDIO = "/studio"
COURSE_PAGE = f"/studio/courses/{COURSE}"
EDITOR = f"{COURSE_PAGE}/modules/uvod"
DRAFT_JSON = f"{EDITOR}/draft.json"
PREVIEW_JSON = f"{EDITOR}/preview.json"


def editor_state(client, url: str = EDITOR) -> dict:
    """What the editor page holds: the text, the revision and the base hash."""
    html = client.get(url).get_data(as_text=True)
    source = re.search(r'<textarea[^>]*id="source"[^>]*>(?:\r?\n)?(.*?)</textarea>', html, re.S)
    revision = re.search(r'name="revision"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="revision"', html
    )
    base = re.search(r'name="base"[^>]*value="([0-9a-f]*)"', html) or re.search(
        r'value="([0-9a-f]*)"[^>]*name="base"', html
    )
    assert source and revision and base, "the editor form is not on the page"
    return {
        "source": unescape(source.group(1)),
        "revision": int(revision.group(1)),
        "base": base.group(1),
        "csrf": csrf_token(client, url),
    }


def save_json(client, state: dict, source: str, url: str = DRAFT_JSON):
    return client.post(
        url,
        json={"source": source, "revision": state["revision"], "base": state["base"]},
        headers={"X-CSRFToken": state["csrf"], "Accept": "application/json"},
    )


def preview_json(client, state: dict, source: str, url: str = PREVIEW_JSON):
    return client.post(url, json={"source": source}, headers={"X-CSRFToken": state["csrf"]})


def submit(client, state: dict, source: str, *, publish: bool = False, url: str = EDITOR):
    """The editor form as a browser without JavaScript posts it."""
    data = {
        "csrf_token": state["csrf"],
        "source": source.replace("\n", "\r\n"),  # browsers send a textarea with CRLF
        "revision": str(state["revision"]),
        "base": state["base"],
    }
    data["publish" if publish else "save"] = "1"
    return client.post(url, data=data)
