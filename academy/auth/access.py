"""Who may reach what: login and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from academy.auth.models import Role
from academy.extensions import db, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Pro pokračování se prosím přihlaste.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(user_id: str):
    from academy.auth import sessions

    try:
        uid = int(user_id)
    except ValueError:
        return None
    config = current_app.config
    return sessions.resolve(
        db.session,
        uid,
        session.get("sid"),
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        absolute=timedelta(minutes=config["SESSION_ABSOLUTE_MINUTES"]),
    )


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Logged-in users with one of `roles`; anonymous users go to login, others get 403."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            if not current_user.has_two_factor:
                flash(_l("Účty lektorů a správců musí mít zapnuté dvoufázové přihlášení."), "info")
                return redirect(url_for("two_factor.setup"))
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = roles_required(Role.INSTRUCTOR, Role.ADMIN)
admin_required = roles_required(Role.ADMIN)


# What a staff account may reach before its second factor is set up: setting it up, its
# own account settings, signing out, the language, static files and the health check.
# Everything else (courses, certificates, recordings, the studio, admin, the API) waits,
# so no staff power is used on a password alone, on any route present or future.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "static",
        "health.healthz",
        "i18n.set_language",
        "auth.login",
        "auth.logout",
        "two_factor.setup",
        "two_factor.qr",
        "two_factor.challenge",
        "account.account",
        "account.sign_out_everywhere",
    }
)


def _second_factor_gate():
    if request.endpoint is None or request.endpoint in BEFORE_SECOND_FACTOR:
        return None
    if not (current_user.is_authenticated and current_user.is_staff):
        return None
    if current_user.has_two_factor:
        return None
    from academy.negotiation import wants_json

    message = _l("Účty lektorů a správců musí mít zapnuté dvoufázové přihlášení.")
    if wants_json():
        return {"error": "two_factor_required", "message": str(message)}, 403
    flash(message, "info")
    return redirect(url_for("two_factor.setup"))


def init_app(app: Flask) -> None:
    """Staff without a completed second factor reach only BEFORE_SECOND_FACTOR."""
    app.before_request(_second_factor_gate)
