"""Czech word forms for search: "duvera" finds "důvěře", "zakaznici" finds "zákazníků".

Each word is reduced to its stem by the Snowball Czech stemmer (snowballstemmer), then
lowercased and stripped of diacritics. The stemmer treats "důvěře" and "důvěra" alike only up
to the palatalised consonant (důvěř / důvěr), which stripping the háček then joins; a word
typed without diacritics can stem differently from its accented form, so an indexed word
keeps both readings. Pure functions: no Flask, no database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("czech")


def plain(word: str) -> str:
    """Lowercase, without diacritics: "Důvěře" -> "duvere"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65_536)
def _readings(word: str) -> tuple[str, ...]:
    lowered = word.lower()
    first = plain(_STEMMER.stemWord(lowered))
    second = _STEMMER.stemWord(plain(lowered))
    return (first,) if first == second else (first, second)


def query_term(word: str) -> str:
    """The form a typed word is looked up by (as a prefix, so half a word finds too)."""
    return _readings(word)[0]


def index_terms(text: str) -> str:
    """What an entry is found by: every word's readings, space separated."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        for reading in _readings(word):
            seen.setdefault(reading, None)
    return " ".join(seen)


def matches(word: str, terms: list[str]) -> bool:
    """Whether a word of a text is a form of one of the query terms (for the snippet)."""
    return any(r.startswith(t) for r in _readings(word) for t in terms)
