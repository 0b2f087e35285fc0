"""TOTP two-factor sign-in (RFC 6238) with one-time recovery codes. No Flask here."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp

from academy.auth.models import User
from academy.db import utcnow

ISSUER = "CX akademie"
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step `code` belongs to (±1 step for clock drift), or None."""
    code = code.replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def code_is_valid(secret: str, code: str) -> bool:
    """For enrolment: does `code` match the new secret now?"""
    return _matching_step(secret, code) is not None


def enable(user: User, secret: str) -> list[str]:
    """Turn 2FA on; returns the recovery codes to show once (only hashes are kept)."""
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    user.recovery_code_hashes = [_hash(c) for c in codes]
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_code_hashes = []


def check(user: User, code: str) -> bool:
    """A current TOTP code (each works once) or an unused recovery code."""
    if not user.has_two_factor or not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # replayed
        user.totp_last_step = step
        return True
    digest = _hash(code.replace("-", "").replace(" ", ""))
    remaining = [h for h in user.recovery_code_hashes if not hmac.compare_digest(h, digest)]
    if len(remaining) < len(user.recovery_code_hashes):
        user.recovery_code_hashes = remaining
        return True
    return False


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
