"""Error pages in the site's look; never a traceback to the user."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from academy.extensions import db


def wants_json() -> bool:
    """A script's request (a JSON body, a .json or /api/ address, or JSON preferred to
    HTML): its errors and refusals are answered in JSON."""
    if request.is_json or request.path.startswith("/api/") or request.path.endswith(".json"):
        return True
    return (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def _render(code: int, title: str, message: str):
    if wants_json():
        return {"error": title, "message": message}, code
    if request_ctx.url_adapter is None:  # e.g. an untrusted Host: no URLs can be built
        return f"{title}\n\n{message}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http(exc: HTTPException):
    code = exc.code or 500
    titles = {
        400: (_("Neplatný požadavek"), _("Požadavek se nepodařilo zpracovat.")),
        403: (_("Sem nemáte přístup"), _("Na tuto stránku nemáte oprávnění.")),
        404: (
            _("Stránka nenalezena"),
            _("Stránka, kterou hledáte, neexistuje nebo byla přesunuta."),
        ),
        405: (_("Nepovolená metoda"), _("Tento požadavek zde není povolen.")),
        413: (_("Soubor je příliš velký"), _("Nahrávaný obsah překračuje povolenou velikost.")),
        429: (_("Příliš mnoho požadavků"), _("Zkuste to prosím za chvíli znovu.")),
    }
    title, message = titles.get(code, (_("Chyba"), _("Něco se nepovedlo.")))
    return _render(code, title, message)


def handle_csrf(exc: CSRFError):
    return _render(
        400,
        _("Formulář vypršel"),
        _(
            "Platnost formuláře vypršela nebo chybí bezpečnostní token. Načtěte stránku a zkuste to znovu."
        ),
    )


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException) and not isinstance(exc, InternalServerError):
        return handle_http(exc)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return _render(
        500,
        _("Něco se pokazilo"),
        _(
            "Omlouváme se, na naší straně nastala chyba. Nic z uloženého se neztratilo; zkuste to prosím znovu."
        ),
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
