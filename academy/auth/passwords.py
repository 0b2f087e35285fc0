"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both paths cost the same time."""
    return _hasher.hash("not-a-real-password")


MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_FILE = Path(__file__).with_name("common-passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str, *personal: str) -> bool:
    """True for a well-known password, or one made of the user's own e-mail or name."""
    lowered = password.lower()
    if lowered in common_passwords():
        return True
    words = {w.lower() for value in personal for w in value.replace("@", " ").split() if w}
    squashed = lowered.replace(" ", "")
    return any(squashed in (w, w * 2) for w in words) or squashed in {
        "".join(v.lower().split()) for v in personal
    }


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return (
            _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
