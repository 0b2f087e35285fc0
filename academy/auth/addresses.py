"""One spelling per e-mail address: what sign-up, log-in, the rate limits and the CLI use.

Compatibility forms (fullwidth `ｅ`, circled `ⓔ`, ligatures) are folded by NFKC, so they are
the same address as the plain letters; the domain goes through IDNA UTS-46 (email-validator
with the `idna` package); look-alikes that NFKC keeps apart (a Cyrillic `е` among Latin
letters, a whole label in Cyrillic letters that read as Latin) are refused, using the
Unicode confusables data of `confusable_homoglyphs`. No Flask here.
"""

from __future__ import annotations

import unicodedata

from confusable_homoglyphs import categories, confusables
from email_validator import EmailNotValidError, validate_email

_NEUTRAL = {"COMMON", "INHERITED"}


class AddressError(ValueError):
    """An address refused; `look_alike` when it is valid but can be mistaken for another."""

    def __init__(self, reason: str, *, look_alike: bool = False) -> None:
        super().__init__(reason)
        self.look_alike = look_alike


def _looks_alike(part: str) -> bool:
    """Letters of two scripts mixed, or a part written wholly in non-Latin letters that each
    read as a Latin one (Cyrillic "аеро" for "aepo"); "пример" stays its own address."""
    if part.isascii():
        return False
    scripts = categories.unique_aliases(part) - _NEUTRAL
    if len(scripts) > 1:
        return True
    if scripts <= {"LATIN"}:
        return False
    letters = [c for c in part if categories.alias(c) not in _NEUTRAL]
    return all(
        confusables.is_confusable(c, greedy=False, preferred_aliases=["latin"]) for c in letters
    )


def canonical_email(raw: str) -> str:
    """The address as it is stored and looked up: NFKC-folded, syntax-checked, the domain
    IDNA (UTS-46) normalised, lower-cased. Raises AddressError with a reason."""
    folded = unicodedata.normalize("NFKC", raw.strip())
    try:
        info = validate_email(folded, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AddressError(str(exc)) from None
    local = info.local_part.lower()
    domain = info.domain.lower()  # the Unicode form, after UTS-46 mapping
    if _looks_alike(local) or any(_looks_alike(label) for label in domain.split(".")):
        raise AddressError("mixed or confusable scripts", look_alike=True)
    return f"{local}@{domain}"


def budget_key(raw: str) -> str:
    """The address a rate limit counts: the canonical one, or the folded text when the
    address is not valid (so its other spellings still share one budget)."""
    try:
        return canonical_email(raw)
    except AddressError:
        return unicodedata.normalize("NFKC", raw.strip()).lower()[:254]
