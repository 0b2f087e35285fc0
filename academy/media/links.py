"""Signing a recording's URL when a page that plays it is rendered ("sign when rendering").

Local files: `/recordings/<course>/<file>?e=…&s=…`, checked by nginx's secure_link (or, in
development, by academy.media.views with the same rule). S3: a presigned URL of the
object. Both expire after MEDIA_LINK_MINUTES; whoever renders has already checked access.
"""

from __future__ import annotations

import hashlib

from flask import current_app, g, session

from academy.media import signing
from academy.media.backends import MEDIA, storage, uses_bucket


def link_seconds() -> int:
    return max(1, round(float(current_app.config["MEDIA_LINK_MINUTES"]) * 60))


def link_secret() -> str:
    """ACADEMY_MEDIA_LINK_SECRET, the value nginx has too; derived from SECRET_KEY if unset."""
    secret = current_app.config.get("MEDIA_LINK_SECRET")
    if secret:
        return str(secret)
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hashlib.sha256(b"academy-media-links:" + key).hexdigest()


def binding() -> str:
    """This browser session's binding (the `academy_media` cookie's value); "" signed out."""
    token = session.get("sid")
    return signing.binding_for(token, link_secret()) if token else ""


def recording_url(course_slug: str, filename: str) -> str:
    """A fresh, expiring URL of a course's recording for the person being answered."""
    seconds = link_seconds()
    if uses_bucket():
        url = storage(MEDIA).presigned(f"{course_slug}/{filename}", seconds, seconds)
        assert url is not None
        return url
    g.media_binding = binding()  # academy.media.views sets the cookie on this answer
    path = f"{signing.PREFIX}{course_slug}/{filename}"
    return signing.sign(path, g.media_binding, link_secret(), seconds)
