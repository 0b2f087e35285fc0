"""Language: Czech first, English second. The choice is kept in the session and, for a
signed-in learner, on the account, so it follows them to the next device."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

from babel.dates import parse_pattern
from flask import Blueprint, Flask, current_app, g, has_app_context, redirect, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_time,
    get_locale,
    get_timezone,
    get_translations,
    gettext,
)
from flask_login import current_user

from academy.redirects import safe_next
from academy.typography import vlna

bp = Blueprint("i18n", __name__)

# One date style per language: Czech "1. 12. 2026 14:05", English "1 December 2026, 14:05";
# never Babel's short Czech "01.12.26" beside its medium "1. 12. 2026", nor US "12/1/26".
# Times are the academy's time zone (BABEL_DEFAULT_TIMEZONE), on a 24-hour clock.
DATE_PATTERNS = {"cs": "d. M. y", "en": "d MMMM y"}
TIME_PATTERN = "H:mm"
JOINERS = {"cs": " ", "en": ", "}


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in DATE_PATTERNS else "cs"


def date_pattern() -> str:
    return DATE_PATTERNS[_language()]


def moment_pattern() -> str:
    language = _language()
    return DATE_PATTERNS[language] + JOINERS[language] + TIME_PATTERN


def format_day(value: date | datetime, format: str | None = None) -> str:
    """A date in the page's language (|dateformat; the `format` asked for is ignored: one
    style per language)."""
    dates = _page_dates()
    if dates is not None and isinstance(value, datetime):
        return dates.medium_date(value)
    return format_date(value, date_pattern())


def format_moment(value: datetime, format: str | None = None) -> str:
    """Date and time in the academy's time zone (|datetimeformat)."""
    dates = _page_dates()
    if dates is not None:
        return dates.short(value)
    return format_datetime(value, moment_pattern())


def _page_dates() -> PageDates | None:
    """The PageDates of this request (or app context) in its current language and zone:
    a table of 500 rows spent a third of its rendering on Flask-Babel's format_datetime
    (the locale, zone and pattern looked up again for every date). Keyed by both, so a
    mail in the learner's language (force_locale) gets its own."""
    if not has_app_context():
        return None
    key = (get_locale(), get_timezone())
    cache = g.setdefault("academy_page_dates", {})
    found = cache.get(key)
    if found is None:
        found = cache[key] = PageDates()
    return found


def format_clock(value: datetime, format: str | None = None) -> str:
    """The time of day in the academy's time zone (|timeformat)."""
    return format_time(value, TIME_PATTERN)


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


class Message(Protocol):
    """A message kept as its Czech template (the msgid) and arguments, e.g. the checker's."""

    template: str
    args: Mapping[str, Any]


def problem_message(problem: Message) -> str:
    """A checker's message in the current language: its Czech template translated, then filled."""
    return gettext(problem.template, **problem.args)


def _translations():
    """The request's translations, looked up once per request.

    Flask-Babel's template callables look them up for every string (about ten
    context-local look-ups and a locale formatted to text each time): with 40–60 strings
    on a page that was a third of its rendering time. Like Flask-Babel's own locale, the
    result is kept for the rest of the request.
    """
    found = g.get("academy_translations")
    if found is None:
        found = g.academy_translations = get_translations()
    return found


class PageDates:
    """Formats the many dates of one page in the request's language and time zone, as the
    templates' |datetimeformat and |dateformat do (format_moment, format_day), with the
    patterns parsed once instead of once per date: a table of 50 rows otherwise spends
    more time on its dates than on anything else."""

    def __init__(self) -> None:
        self._locale = get_locale()
        self._zone = get_timezone()
        self._joiner = JOINERS[_language()]
        self._date = parse_pattern(date_pattern())
        self._time = parse_pattern(TIME_PATTERN)
        self._days: dict[date, str] = {}  # a date pattern reads only the day

    def _local(self, value: datetime) -> datetime:
        # A naive value is UTC, as in flask_babel; astimezone alone is exact for pytz zones
        # (their fromutc picks the offset, normalize would change nothing).
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(self._zone)

    def _day(self, day: date) -> str:
        if day not in self._days:
            self._days[day] = self._date.apply(day, self._locale)
        return self._days[day]

    def short(self, value: datetime) -> str:
        """Date and time: |datetimeformat."""
        local = self._local(value)
        day = local.date()
        time = self._time.apply(local.timetz(), self._locale, reference_date=day)
        return self._day(day) + self._joiner + time

    def medium_date(self, value: datetime) -> str:
        """The date alone: |dateformat."""
        return self._day(self._local(value).date())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(problem_message)
    app.add_template_filter(vlna)
    # after Babel.init_app: one date style per language instead of Babel's named formats
    app.add_template_filter(format_moment, "datetimeformat")
    app.add_template_filter(format_day, "dateformat")
    app.add_template_filter(format_clock, "timeformat")
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
