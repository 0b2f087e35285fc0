"""Language: Czech first, English second. The choice is kept in the session and, for a
signed-in learner, on the account, so it follows them to the next device."""

from __future__ import annotations

from datetime import UTC, date, datetime

from babel.dates import get_date_format, get_datetime_format, get_time_format, parse_pattern
from flask import Blueprint, Flask, current_app, g, redirect, request, session
from flask_babel import get_locale, get_timezone, get_translations, gettext
from flask_login import current_user

from academy.auth.safety import safe_next
from academy.courses.source import Problem
from academy.courses.typography import vlna

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.route("/lang/<code>", methods=["GET", "POST"])
def set_language(code: str):
    """The header's language links (GET) switch this browser's session only: a GET changes
    nothing stored. A POST (a form with its CSRF token) also remembers the choice on the
    account; the session's choice also becomes the account's at the next sign-in."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if request.method == "POST" and current_user.is_authenticated:
            current_user.language = code  # remembered on the account, on every device
    return redirect(safe_next(request.values.get("next")) or "/")


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


class PageDates:
    """Formats the many dates of one page in the request's language and time zone, as the
    templates' |datetimeformat("short") and |dateformat("medium") do, with the patterns
    looked up and parsed once instead of once per date: a table of 50 rows otherwise spends
    more time on its dates than on anything else."""

    def __init__(self) -> None:
        self._locale = locale = get_locale()
        self._zone = get_timezone()
        self._joined = get_datetime_format("short", locale=locale).replace("'", "")
        self._short_date = parse_pattern(get_date_format("short", locale=locale))
        self._short_time = parse_pattern(get_time_format("short", locale=locale))
        self._medium_date = parse_pattern(get_date_format("medium", locale=locale))
        self._days: dict[tuple[str, date], str] = {}  # a date pattern reads only the day

    def _local(self, value: datetime) -> datetime:
        # A naive value is UTC, as in flask_babel; astimezone alone is exact for pytz zones
        # (their fromutc picks the offset, normalize would change nothing).
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(self._zone)

    def _day(self, kind: str, day: date) -> str:
        key = (kind, day)
        if key not in self._days:
            pattern = self._short_date if kind == "short" else self._medium_date
            self._days[key] = pattern.apply(day, self._locale)
        return self._days[key]

    def short(self, value: datetime) -> str:
        """Date and time: |datetimeformat("short")."""
        local = self._local(value)
        day = local.date()
        time = self._short_time.apply(local.timetz(), self._locale, reference_date=day)
        return self._joined.replace("{0}", time).replace("{1}", self._day("short", day))

    def medium_date(self, value: datetime) -> str:
        """The date alone: |dateformat("medium")."""
        return self._day("medium", self._local(value).date())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(problem_message)
    app.add_template_filter(vlna)
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
