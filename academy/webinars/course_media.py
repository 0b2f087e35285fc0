"""A course's files (/media/<course>/<file>), on courses' blueprint: the access check and
Range requests live with the recordings (webinars.views.serve_media)."""

from __future__ import annotations

from academy.courses.views import MEDIA_CSP, bp
from academy.security import talisman
from academy.webinars.views import serve_media


@bp.get("/media/<slug>/<path:filename>")
@talisman(content_security_policy=MEDIA_CSP)
def media(slug: str, filename: str):
    # recordings are checked for access and served with Range support there
    return serve_media(slug, filename)
