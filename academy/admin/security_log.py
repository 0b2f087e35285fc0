"""Admins read the security audit log."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from academy.audit import services
from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.extensions import db

bp = Blueprint("security_log", __name__)


@bp.get("/admin/security-log")
@roles_required(Role.ADMIN)
def security_log():
    kind = request.args.get("kind")
    kind = kind if kind in services.KINDS else None
    return render_template(
        "admin/security_log.html",
        events=services.recent(db.session, kind=kind),
        kinds=services.KINDS,
        kind=kind,
    )
