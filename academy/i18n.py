"""Language: Czech first, English second. The choice is kept in the session and, for a
signed-in learner, on the account, so it follows them to the next device."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, redirect, request, session
from flask_babel import get_translations, gettext
from flask_login import current_user

from academy.auth.safety import safe_next
from academy.courses.source import Problem

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:  # remembered on the account, on every device
            current_user.language = code
    return redirect(safe_next(request.args.get("next")) or "/")


def problem_message(problem: Problem) -> str:
    """A checker's message in the current language: its Czech template translated, then filled."""
    return gettext(problem.template, **problem.args)


def _translations():
    """The request's translations, looked up once per request.

    Flask-Babel's template callables look them up for every string (about ten
    context-local look-ups and a locale formatted to text each time): with 40–60 strings
    on a page that was a third of its rendering time. Like Flask-Babel's own locale, the
    result is kept for the rest of the request.
    """
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(problem_message)
    app.jinja_env.install_gettext_callables(  # after Babel.init_app: these replace its own
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.context_processor
    def _languages():
        return {"current_lang": select_locale(), "languages": app.config["LANGUAGES"]}
