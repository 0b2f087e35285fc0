"""HTTP hardening: CSP and security headers, trusted hosts, private pages not cached."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response
from flask_login import current_user
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    # external webinar players (see the webinar module format)
    "frame-src": "https://www.youtube-nocookie.com https://player.vimeo.com",
}

talisman = Talisman()


def _no_store_when_private(response: Response) -> Response:
    if current_user and current_user.is_authenticated and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def _csp(config) -> dict:
    """With recordings in a bucket, the player fetches them from the bucket's address."""
    if config.get("STORAGE") != "s3":
        return CSP
    address = config.get("S3_PUBLIC_URL") or config.get("S3_ENDPOINT_URL")
    if not address:
        address = f"https://s3.{config.get('S3_REGION') or 'us-east-1'}.amazonaws.com"
    parts = urlsplit(address)
    return {**CSP, "media-src": f"'self' {parts.scheme}://{parts.netloc}"}


def init_app(app: Flask) -> None:
    production = app.config["ENV"] == "production"
    if app.config.get("TRUSTED_HOSTS") is None and production:
        app.config["TRUSTED_HOSTS"] = [urlsplit(app.config["BASE_URL"]).hostname]
    talisman.init_app(
        app,
        content_security_policy=_csp(app.config),
        force_https=False,  # TLS is terminated by the proxy in front of us
        strict_transport_security=production,
        strict_transport_security_max_age=31536000,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        referrer_policy="strict-origin-when-cross-origin",
        frame_options="DENY",
        x_content_type_options=True,
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
    )
    app.after_request(_no_store_when_private)
