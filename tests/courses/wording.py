"""The checker's problems as an English-speaking instructor reads them, without an app.

The checker keeps Czech templates (msgids); the app translates them with the compiled
catalog. Tests of the pure checker read the same catalog, so they also check the English.
"""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

from academy.courses.source import Problem

CATALOGS = Path(__file__).resolve().parents[2] / "academy" / "translations"
ENGLISH = Translations.load(str(CATALOGS), ["en"])


def english(template: str, args: dict | None = None) -> str:
    """A template translated with the English catalog and filled, as the app does."""
    text = ENGLISH.gettext(template)
    return text % args if args else text


def in_english(problem: Problem) -> str:
    """`path:line: severity: message` with the message from the English catalog."""
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return f"{where}: {problem.severity}: {english(problem.template, problem.args)}"
