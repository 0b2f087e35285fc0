"""Signed, expiring media links in the exact form nginx's `secure_link` module checks.

A link is `/recordings/<course>/<file>?e=<expires>&s=<signature>`; the signature is
base64url(MD5("<expires><path><binding> <secret>")) without padding, which is what

    secure_link $arg_s,$arg_e;
    secure_link_md5 "$secure_link_expires$uri$cookie_academy_media $academy_media_secret";

computes (deploy/nginx-media.conf). `binding` is the learner's `academy_media` cookie: a
keyed hash of their session, so a link copied to another browser or another learner fails.
MD5 is what nginx offers here; the secret is long and the link lives minutes. No Flask here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

PREFIX = "/recordings/"
BINDING_COOKIE = "academy_media"


def signature(expires: int, path: str, binding: str, secret: str) -> str:
    """The `s` argument nginx's secure_link_md5 expects for these values."""
    digest = hashlib.md5(f"{expires}{path}{binding} {secret}".encode(), usedforsecurity=False)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def binding_for(session_token: str, secret: str) -> str:
    """The cookie value that ties links to one signed-in session (never the token itself)."""
    mac = hmac.new(secret.encode(), b"media-binding:" + session_token.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def sign(path: str, binding: str, secret: str, seconds: int, now: float | None = None) -> str:
    """The link to `path` (decoded, as nginx's `$uri`), valid for `seconds` from `now`."""
    expires = int((time.time() if now is None else now) + seconds)
    return f"{quote(path)}?e={expires}&s={signature(expires, path, binding, secret)}"


def check(
    path: str,
    expires: str | None,
    given: str | None,
    binding: str,
    secret: str,
    now: float | None = None,
) -> int:
    """nginx's answer for a request: 403 unsigned or tampered, 410 expired, 200 good."""
    if not expires or not given or not expires.isdigit():
        return 403
    if not hmac.compare_digest(signature(int(expires), path, binding, secret), given):
        return 403
    if int(expires) < int(time.time() if now is None else now):
        return 410
    return 200
