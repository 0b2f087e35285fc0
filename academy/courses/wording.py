"""Marking the checker's messages for translation without Flask.

The checker, the source and quiz parsers stay pure: they keep a message as its Czech
template (the msgid) and its arguments; the app translates it where it is shown
(academy.i18n.problem_message), in the reader's language.
"""


def N_(text: str) -> str:  # noqa: N802 -- the gettext convention for "translate later"
    """Mark `text` as a msgid for extraction (pybabel -k N_); returns it unchanged."""
    return text
