"""Who may reach what: login and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import abort, current_app, flash, redirect, session, url_for
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
