"""Error pages in the site's look; never a traceback to the user."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from academy.extensions import db
from academy.negotiation import wants_json
from academy.observability.database import QueuedTooLong, outage_reason
from academy.observability.logs import request_id


def _render(code: int, title: str, message: str):
    """The error page or JSON; a server-side failure (5xx) names the request's id, which a
    person can quote and an operator finds in the logs."""
    rid = request_id() if code >= 500 else None
    if wants_json():
        return {"error": title, "message": message, **({"request_id": rid} if rid else {})}, code
    if request_ctx.url_adapter is None:  # e.g. an untrusted Host: no URLs can be built
        return f"{title}\n\n{message}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    page = render_template(
        "errors/error.html", code=code, title=title, message=message, request_id=rid
    )
    return page, code


def _without_the_database() -> None:
    """The rest of this request (error page, after_request functions) treats the person as
    signed out: their user row, expired by the rollback or never loaded, would need the
    database to be read again."""
    from flask import g

    from academy.extensions import login_manager

    g._login_user = login_manager.anonymous_user()


def handle_outage(reason: str):
    """The database is down, restarting or slow: 503 with Retry-After, never a 500."""
    from academy.observability.metrics import DB_UNAVAILABLE

    DB_UNAVAILABLE.labels(reason).inc()
    current_app.logger.warning("database %s on %s %s", reason, request.method, request.path)
    try:
        db.session.rollback()
    except Exception:  # the connection is already gone; the pool replaces it
        current_app.logger.info("rollback after a database outage failed", exc_info=True)
        db.session.invalidate()
    _without_the_database()
    title = _("Služba je chvíli nedostupná")
    message = _(
        "Databáze teď neodpovídá. Nic z dříve uloženého se neztratilo; "
        "zkuste to prosím za několik sekund znovu."
    )
    try:
        response = current_app.make_response(_render(503, title, message))
    except Exception:  # the page itself needs the database (the signed-in user): plain text
        current_app.logger.info("error page without the database", exc_info=True)
        db.session.invalidate()
        text = f"{title}\n\n{message}\n\n{_('Kód požadavku pro podporu:')} {request_id()}\n"
        response = current_app.make_response(
            (text, 503, {"Content-Type": "text/plain; charset=utf-8"})
        )
    response.headers["Retry-After"] = "5"
    return response


def overloaded(waited: float):
    """503 for a request that queued too long: plain, no template (no database)."""
    from academy.observability.metrics import DB_UNAVAILABLE

    DB_UNAVAILABLE.labels("queued").inc()
    _without_the_database()
    current_app.logger.warning(
        "shed %s %s after %.1f s in the queue", request.method, request.path, waited
    )
    title = _("Služba je chvíli přetížená")
    message = _("Zkuste to prosím za několik sekund znovu.")
    if wants_json():
        body = {"error": title, "message": message, "request_id": request_id()}
        response = current_app.make_response((body, 503))
    else:
        text = f"{title}\n\n{message}\n\n{_('Kód požadavku pro podporu:')} {request_id()}\n"
        response = current_app.make_response(
            (text, 503, {"Content-Type": "text/plain; charset=utf-8"})
        )
    response.headers["Retry-After"] = "5"
    return response


def handle_http(exc: HTTPException):
    code = exc.code or 500
    if code == 500 and (reason := outage_reason(getattr(exc, "original_exception", None))):
        return handle_outage(reason)
    titles = {
        400: (_("Neplatný požadavek"), _("Požadavek se nepodařilo zpracovat.")),
        403: (_("Sem nemáte přístup"), _("Na tuto stránku nemáte oprávnění.")),
        404: (
            _("Stránka nenalezena"),
            _("Stránka, kterou hledáte, neexistuje nebo byla přesunuta."),
        ),
        405: (_("Nepovolená metoda"), _("Tento požadavek zde není povolen.")),
        413: (_("Soubor je příliš velký"), _("Nahrávaný obsah překračuje povolenou velikost.")),
        416: (_("Rozsah mimo soubor"), _("Požadovaný rozsah bajtů leží mimo soubor.")),
        429: (_("Příliš mnoho požadavků"), _("Zkuste to prosím za chvíli znovu.")),
    }
    title, message = titles.get(code, (_("Chyba"), _("Něco se nepovedlo.")))
    response = current_app.make_response(_render(code, title, message))
    if code == 416:  # the client needs the file's size to ask again
        for name, value in exc.get_headers():
            if name == "Content-Range":
                response.headers[name] = value
    return response


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
    if reason := outage_reason(exc):
        return handle_outage(reason)
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
    app.register_error_handler(QueuedTooLong, lambda exc: overloaded(exc.waited))
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
