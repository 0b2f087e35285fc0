"""Writing a mail: the learner's language, plain text, and the same text as simple HTML.

Each mail's words are gettext strings in Python (Czech msgids, English in the catalogue),
rendered under the recipient's language with `in_language`; the HTML is the plain text's
paragraphs with their links made clickable, in one layout (templates/mail/letter.html).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from academy.notifications.outbox import Letter

URL = re.compile(r"https?://[^\s<>\"]+")


def language_of(user_language: str | None, fallback: str | None = None) -> str:
    """The learner's chosen language, else the fallback (a course's), else the page's, else cs."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (user_language, fallback):
        if candidate in languages:
            return candidate
    try:
        current = str(get_locale() or "")
    except RuntimeError:
        current = ""
    return current if current in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language(language: str) -> Iterator[None]:
    with force_locale(language):
        yield


def _paragraph(text: str) -> Markup:
    out = Markup("")
    position = 0
    for match in URL.finditer(text):
        out += escape(text[position : match.start()])
        url = match.group(0)
        out += Markup('<a href="{0}" style="color:#0b5a4a;word-break:break-all;">{0}</a>').format(
            url
        )
        position = match.end()
    out += escape(text[position:])
    return Markup("<br>\n").join(out.split("\n"))


def write(language: str, subject: str, text: str, unsubscribe_url: str | None = None) -> Letter:
    """A Letter from a subject and plain text already in `language` (call in_language first)."""
    footer = None
    if unsubscribe_url:
        footer = _("Tyto e-maily si můžete vypnout: %(link)s", link=unsubscribe_url)
        text = f"{text}\n\n-- \n{footer}"
    paragraphs = [_paragraph(p.strip("\n")) for p in re.split(r"\n\s*\n", text) if p.strip()]
    if footer:
        paragraphs = paragraphs[:-1]
    # The template alone, without the app's context processors: they read the request, and
    # mails are also written by the worker, which has none.
    html = current_app.jinja_env.get_template("mail/letter.html").render(
        language=language,
        subject=subject,
        paragraphs=paragraphs,
        footer=_paragraph(footer) if footer else None,
    )
    return Letter(subject=subject, text=text, html=html)
