"""The recording's offer: "create a free account and start the course" ends in the course
once the e-mail is verified, in the same browser; an outside address is never followed."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD, csrf_token


def _sign_up(client, mailbox, next_url: str) -> str:
    token = csrf_token(client, f"/signup?next={next_url}")
    client.post(
        f"/signup?next={next_url}",
        data={
            "csrf_token": token,
            "full_name": "Věra Dvořáková",
            "email": "vera@example.cz",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
            "next": next_url,
        },
    )
    [link] = [link for link in mailbox.links("vera@example.cz") if "/verify/" in link]
    return client.get(re.sub(r"^https?://[^/]+", "", link)).headers["Location"]


def test_verifying_the_email_lands_in_the_course_the_signup_came_from(client, imported, mailbox):
    assert _sign_up(client, mailbox, "/courses/demo-kurz") == "/courses/demo-kurz"


def test_an_outside_next_address_is_ignored(client, imported, mailbox):
    assert _sign_up(client, mailbox, "https://evil.example/") == "/"  # the catalog, as before
