"""Signed recording links served by the app itself (development, `make run`, no nginx).

nginx answers /recordings/ on its own in production (deploy/nginx-media.conf); this route
applies the same rule (academy.media.signing.check) so a link behaves the same everywhere.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, request
from flask_babel import gettext as _

from academy.courses.views import MEDIA_CSP
from academy.media import signing
from academy.media.backends import media_file
from academy.media.images import ModernImage
from academy.media.links import link_seconds, link_secret
from academy.security import talisman
from academy.webinars import media

bp = Blueprint("recording_links", __name__)


@bp.get(f"{signing.PREFIX}<slug>/<path:filename>")
@talisman(content_security_policy=MEDIA_CSP)
def recording(slug: str, filename: str) -> Response:
    binding = request.cookies.get(signing.BINDING_COOKIE, "")
    answer = signing.check(
        request.path, request.args.get("e"), request.args.get("s"), binding, link_secret()
    )
    if answer == 403:
        return Response(_("Odkaz na záznam není platný.") + "\n", 403, mimetype="text/plain")
    if answer == 410:
        return Response(
            _("Odkaz na záznam vypršel. Načtěte stránku znovu.") + "\n", 410, mimetype="text/plain"
        )
    response = media.serve(slug, filename, private=True)
    response.cache_control.max_age = link_seconds()
    return response


@bp.app_template_global("course_image")
def course_image(url: str | None) -> ModernImage | None:
    """A course image (cover, poster) with its WebP/AVIF copies, for <picture> and posters."""
    if not url:
        return None
    parts = url.split("/", 3)  # "", "media", course, file
    if len(parts) != 4 or parts[1] != "media" or not url.startswith("/media/"):
        return ModernImage(url, None)
    return ModernImage(url, media_file(parts[2], parts[3]))


@bp.after_app_request
def _binding_cookie(response: Response) -> Response:
    """A page that signed links sends the cookie they are bound to (when it changed)."""
    value = g.get("media_binding")
    if value is None or request.cookies.get(signing.BINDING_COOKIE, "") == value:
        return response
    from flask import current_app

    if not value:
        response.delete_cookie(signing.BINDING_COOKIE, path=signing.PREFIX)
        return response
    response.set_cookie(
        signing.BINDING_COOKIE,
        value,
        path=signing.PREFIX,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
    )
    return response
