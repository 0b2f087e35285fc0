"""Reviewed work in the admin: the assignments box on a course's admin page (counts, time to
first review, template downloads) and the CSV of every hand-in and its review."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, request, stream_with_context
from flask_babel import gettext as _

from academy.admin import exports
from academy.assignments import reports, resources
from academy.auth.access import staff_required
from academy.courses.models import Course, ModuleKind
from academy.courses.reviewed import chosen_courses
from academy.extensions import db

bp = Blueprint("assignment_reports", __name__)


@bp.app_context_processor
def _assignment_report() -> dict[str, Any]:
    def assignment_report(course: Course) -> dict[str, Any]:
        """Two queries, and none for a course without assignments or resources."""
        live = [m for m in course.modules if m.archived_at is None]
        has_work = any(m.kind is ModuleKind.ASSIGNMENT for m in live)
        has_files = any(m.settings.get("resources") for m in live)
        return {
            "figures": reports.course_figures(db.session, course) if has_work else [],
            "downloads": resources.download_counts(db.session, course) if has_files else [],
        }

    return {"assignment_report": assignment_report}


@bp.get("/admin/exports/assignments.csv")
@staff_required
def export_work():
    slug = request.args.get("course") or None
    courses = chosen_courses(slug)
    header = [
        _("Jméno"),
        _("E-mail"),
        _("Kurz"),
        _("Úkol"),
        _("Verze"),
        _("Odevzdáno"),
        _("Rozhodnutí"),
        _("Body"),
        _("Ohodnoceno"),
        _("Hodin do hodnocení"),
    ]
    decisions = {"returned": _("vráceno"), "accepted": _("přijato"), "": _("čeká")}
    rows = reports.work_rows(db.engine, [c.id for c in courses], decisions)
    body = stream_with_context(
        exports.csv_lines(header, rows, request.args.get("sep") == "semicolon")
    )
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = f"odevzdane-prace-{date.today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
