"""How search compares text: lower case, no diacritics, single spaces ("Šťastný" → "stastny").

Stored folded next to what people search for (names, e-mails), so a LIKE finds "šťast" in
"Jiří Šťastný" on SQLite too, whose lower() knows only ASCII.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics and with single spaces: how search compares text."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape '\\') matching `text` folded anywhere in a folded column."""
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
