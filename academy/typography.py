"""Czech typography: "vlna", non-breaking spaces where a Czech line must not break.

Under ČSN 01 6910 a one-letter preposition or conjunction (k, s, v, z, o, u, a, i) must not
end a line, a number must not part from its unit or from "%", the groups of a spaced number
("12 000") stay together, a dash does not start a line and a range ("1–5") is not split.
`tie` puts U+00A0 in those spaces (and a word joiner after a range's dash). It works on plain
text only: course Markdown calls it on the text nodes of the rendered tree (never on code,
attributes or URLs), once at import/publish; templates call it through the `vlna` filter,
cached, on longer Czech strings. Pure functions, no Flask.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

NBSP = "\u00a0"
_SPACE = r"[ \t\n\u00a0]+"

# a one-letter word: at the start or after a space or an opening bracket or quote
_ONE_LETTER = re.compile(r"(?<![^\s(\[„‚\"'“])([kKsSvVzZoOuUaAiI])" + _SPACE + r"(?=\S)")
_ONE_LETTER_AT_END = re.compile(r"(?<![^\s(\[„‚\"'“])([kKsSvVzZoOuUaAiI])[ \t\n]+$")
# spaced thousands: "12 000", "1 296 000" (each group after the first has exactly 3 digits)
_THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3})((?:" + _SPACE + r"\d{3})+)(?![\d])")
_UNITS = (
    r"%|‰|°C|Kč|€|\$|EUR|CZK|tis\.|mil\.|mld\.|milion[ůuy]?|miliard[ay]?|"
    r"min\.?|minut[ay]?|minutu|sekund[ay]?|sekundu|s|h|hod(?:in[ay]?)?\.?|"
    r"dn[íůyeu]|den|týdn[ůyeu]|týden|měsíc[ůeu]?|rok[ůyua]?|let|"
    r"km|m|kg|g|GB|MB|kB|kWh|MWh|Kč/měs\.|bodů|bod[uy]?|p\. ?b\.|×"
)
_NUMBER_UNIT = re.compile(r"(\d)" + _SPACE + r"(" + _UNITS + r")(?![\w])")
_SIGN_NUMBER = re.compile(r"(§|č\.|s\.|odst\.)" + _SPACE + r"(?=\d)")
_DASH = re.compile(r"[ \t\n]+([–—])(?=[ \t\n])")
# a range such as "1–5" or "0–10" must not break after its dash: a word joiner holds it
_RANGE = re.compile(r"(?<=\d)–(?=\d)")
WORD_JOINER = "\u2060"


def _join_groups(match: re.Match[str]) -> str:
    return match.group(1) + re.sub(_SPACE, NBSP, match.group(2))


def tie(text: str, *, followed: bool = False) -> str:
    """The text with non-breaking spaces where Czech typography asks for them.

    `followed` says the text is followed by more inline content (a text node before <strong>):
    then a one-letter word at its very end is tied to what comes next as well.
    """
    if not text or not text.strip():
        return text
    text = _ONE_LETTER.sub(r"\1" + NBSP, text)
    if followed:
        text = _ONE_LETTER_AT_END.sub(r"\1" + NBSP, text)
    text = _THOUSANDS.sub(_join_groups, text)
    text = _NUMBER_UNIT.sub(r"\1" + NBSP + r"\2", text)
    text = _SIGN_NUMBER.sub(r"\1" + NBSP, text)
    text = _RANGE.sub("–" + WORD_JOINER, text)
    return _DASH.sub(NBSP + r"\1", text)


_TAG = re.compile(r"(<[^>]*>)")


@lru_cache(maxsize=4096)
def _tie_markup(html: str) -> str:
    parts = _TAG.split(html)
    return "".join(part if part.startswith("<") else tie(part) for part in parts)


@lru_cache(maxsize=4096)
def _tie_plain(text: str) -> str:
    return tie(text)


def vlna(value: object, lang: str | None = "cs") -> object:
    """Jinja filter: tie a Czech UI string (`lang` other than "cs" leaves it as it is).

    Markup keeps its tags untouched (only text between tags changes); plain text stays
    plain and is escaped by Jinja as usual. Results are cached, since the same translated
    strings come back on every page."""
    if lang != "cs":
        return value
    if isinstance(value, Markup):
        return Markup(_tie_markup(str(value)))
    if isinstance(value, str):
        return _tie_plain(value)
    return value
