"""Certificate codes people can read aloud and type back.

New codes use 31 characters with no look-alikes (no 0/O, 1/I/l), printed upper case in
groups of four: ``K7QF-3MZD-W9XA-2PRT-HC6N`` (20 characters, about 99 bits from the OS's
CSPRNG). Codes issued before (22 URL-safe characters, case-sensitive) keep working: they
are looked up exactly as given.
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP_LENGTH = 5, 4
LENGTH = GROUPS * GROUP_LENGTH
# What people type for a character of the alphabet: look-alike letters from other scripts.
# Digits and letters outside the alphabet (0, 1, I, L, O) are never printed, so typing
# one is a mistake we cannot correct: the code is simply not found.
CONFUSABLES = str.maketrans(
    {
        # Cyrillic and Greek capitals that look like Latin ones (after upper-casing)
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "Ѕ": "S",
        "Ζ": "Z",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Η": "H",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ρ": "P",
        "Τ": "T",
        "Χ": "X",
        "Υ": "Y",
    }
)
SEPARATORS = frozenset(" \t-‐‑‒–—―−_.·")


def new_code() -> str:
    """A fresh code in the printed form (groups of four, joined by dashes)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return group(raw)


def group(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def normalise(typed: str) -> str | None:
    """The printed form of a code as someone typed it, or None if it cannot be one.

    Case, spaces, any kind of dash, full-width forms and Cyrillic/Greek look-alikes are
    forgiven: ``k7qf 3mzd–w9xa-2prt-hc6n`` becomes ``K7QF-3MZD-W9XA-2PRT-HC6N``.
    """
    text = unicodedata.normalize("NFKC", typed or "").upper().translate(CONFUSABLES)
    raw = "".join(ch for ch in text if ch not in SEPARATORS)
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return group(raw)
