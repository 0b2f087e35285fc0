"""Signed, expiring, single-use links for e-mail verification and password reset.

Single use comes from a fingerprint of the state the link changes: a reset
link carries a fingerprint of the current password hash, a verification link
the address being verified; once used, the state differs and the link dies.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from academy.auth.models import User

PURPOSES = {"verify": 3 * 24 * 3600, "reset": 3600, "email": 24 * 3600, "invite": 7 * 24 * 3600}


class TokenInvalid(Exception):
    """The link is broken, expired, or already used; `expired` tells which."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _fingerprint(user: User, purpose: str) -> str:
    if purpose in ("reset", "invite"):  # used once: afterwards the password differs
        state = user.password_hash
    elif purpose == "email":
        state = user.email  # used once: afterwards the address differs
    else:
        state = f"{user.email}|{user.email_verified_at}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def make_token(secret: str, user: User, purpose: str, **extra: str) -> str:
    serializer = URLSafeTimedSerializer(secret, salt=f"academy-{purpose}")
    return serializer.dumps({"u": user.id, "f": _fingerprint(user, purpose), **extra})


def token_extra(secret: str, token: str, purpose: str, key: str) -> str | None:
    """A value carried by a token that `read_token` has already accepted."""
    serializer = URLSafeTimedSerializer(secret, salt=f"academy-{purpose}")
    value = serializer.loads(token, max_age=PURPOSES[purpose]).get(key)
    return value if isinstance(value, str) else None


def read_token(secret: str, token: str, purpose: str, load_user) -> User:
    """The user the link is for; raises TokenInvalid. `load_user(id)` finds the account."""
    serializer = URLSafeTimedSerializer(secret, salt=f"academy-{purpose}")
    try:
        data = serializer.loads(token, max_age=PURPOSES[purpose])
    except SignatureExpired:
        raise TokenInvalid(expired=True) from None
    except BadSignature:
        raise TokenInvalid() from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise TokenInvalid()
    user = load_user(data["u"])
    if user is None or data.get("f") != _fingerprint(user, purpose):
        raise TokenInvalid()
    return user
