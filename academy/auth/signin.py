"""Signing a browser in and out (Flask session + the server-side session record)."""

from __future__ import annotations

from flask import request, session
from flask_login import current_user, login_user, logout_user

from academy.auth import sessions
from academy.auth.models import User
from academy.extensions import db


def sign_in(user: User) -> None:
    """A fresh session at every sign-in: nothing carried over but the language. A language
    chosen before signing in becomes the account's; otherwise the account's choice applies."""
    lang = session.get("lang") or user.language
    if lang and user.language != lang:
        user.language = lang
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True
    session["sid"] = sessions.start(db.session, user, request.user_agent.string)
    login_user(user)


def sign_out() -> None:
    """End the session; the chosen language stays, so the goodbye page is in it too, and
    becomes the account's (the header's language links only change the session)."""
    sessions.end(db.session, session.get("sid"))
    lang = session.get("lang")
    if lang and current_user.is_authenticated and current_user.language != lang:
        current_user.language = lang
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
