"""The Czech company number (IČO): eight digits, the last a mod-11 check digit."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def normalise_ico(value: str) -> str | None:
    """The IČO as eight digits, or None if it is not a valid one.

    Spaces are ignored and shorter numbers get their leading zeros ("25596641", "255 96 641").
    The check digit: the weighted sum (weights 8..2) of the first seven digits, r = sum mod 11,
    digit = 1 if r is 0, 0 if r is 1, else 11 - r.
    """
    digits = _SPACES.sub("", value or "")
    if not digits.isascii() or not digits.isdigit() or not 1 <= len(digits) <= 8:
        return None
    digits = digits.zfill(8)
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    remainder = total % 11
    check = 1 if remainder == 0 else 0 if remainder == 1 else 11 - remainder
    return digits if int(digits[7]) == check else None
