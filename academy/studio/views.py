"""Studio pages for courses: the list, a new course, metadata, and the order of modules.

Views are thin: the URL names the course (and module); every view checks that the user
may edit that course before anything else, so no form field can reach another course.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.courses.catalog import find_course
from academy.courses.models import Course, Module
from academy.courses.staff import is_course_staff
from academy.extensions import db
from academy.forms import ActionForm
from academy.learning.lookup import course_module_or_404
from academy.studio import authoring, course_address
from academy.studio.forms import (
    CourseAddressForm,
    CourseForm,
    ModuleAddressForm,
    MoveForm,
    NewCourseForm,
    NewModuleForm,
)
from academy.studio.models import ModuleDraft

bp = Blueprint("studio", __name__, url_prefix="/studio")
staff_only = roles_required(Role.INSTRUCTOR, Role.ADMIN)


def editable_course(slug: str) -> Course:
    """The course named in the URL, if the user may edit it: 404 unknown, 403 not theirs."""
    course = find_course(db.session, slug)
    if course is None:
        abort(404)
    if not is_course_staff(current_user, course):
        abort(403)
    return course


def course_module(course: Course, module_slug: str) -> Module:
    return course_module_or_404(course, module_slug)


@bp.get("/", strict_slashes=False)
@staff_only
def index():
    return _index_page(NewCourseForm())


def _index_page(form: NewCourseForm, status: int = 200):
    courses = authoring.editable_courses(db.session, current_user)
    return render_template("studio/index.html", courses=courses, form=form), status


@bp.post("/courses")
@staff_only
def create_course():
    form = NewCourseForm()
    if not form.validate_on_submit():
        return _index_page(form, 400)
    try:
        course = authoring.create_course(db.session, current_user, form.slug.data, form.title.data)
    except authoring.StudioError as exc:
        form.slug.errors = [str(exc.message)]
        return _index_page(form, 400)
    flash(_("Kurz je založený. Přidejte do něj moduly."), "success")
    return redirect(url_for(".course_page", slug=course.slug))


def _course_form(course: Course) -> CourseForm:
    form = CourseForm(
        data={
            "title": course.title,
            "subtitle": course.subtitle,
            "summary": course.summary,
            "language": course.language,
            "level": course.level,
            "hours": course.estimated_hours,
            "tags": ", ".join(course.tags or []),
            "published": course.published,
            "overview": course.overview_source,
        }
    )
    return form


@bp.route("/courses/<slug>", methods=["GET", "POST"])
@staff_only
def course_page(slug: str):
    course = editable_course(slug)
    posted = request.method == "POST"
    form = CourseForm() if posted else _course_form(course)
    status = 200
    if posted:
        valid = form.validate_on_submit()
        if valid:
            authoring.update_course(
                db.session,
                current_user,
                course,
                authoring.CourseFields(
                    title=form.title.data.strip(),
                    subtitle=(form.subtitle.data or "").strip(),
                    summary=(form.summary.data or "").strip(),
                    language=form.language.data,
                    level=form.level.data,
                    hours=Decimal(form.hours.data) if form.hours.data is not None else None,
                    tags=form.tag_list(),
                    published=form.published.data,
                    overview=form.overview.data or "",
                ),
            )
            flash(_("Údaje kurzu jsou uložené."), "success")
            return redirect(url_for(".course_page", slug=course.slug))
        status = 400
    return _course_page(course, form, NewModuleForm(), status)


def _course_page(
    course: Course,
    form: CourseForm,
    module_form: NewModuleForm,
    status: int,
    address_form: CourseAddressForm | None = None,
):
    drafts = set(
        db.session.scalars(
            select(ModuleDraft.module_id)
            .join(Module, Module.id == ModuleDraft.module_id)
            .where(Module.course_id == course.id)
        )
    )
    ordered = authoring.outline(course)
    archived = [m for m in course.modules if m not in ordered]
    return render_template(
        "studio/course.html",
        course=course,
        form=form,
        module_form=module_form,
        modules=ordered,
        archived=archived,
        drafts=drafts,
        is_new=authoring.is_new,
        action_form=ActionForm(),
        address_form=address_form or CourseAddressForm(data={"address": course.slug}),
        address_fixed=course_address.why_fixed(db.session, course),
    ), status


@bp.post("/courses/<slug>/modules")
@staff_only
def add_module(slug: str):
    course = editable_course(slug)
    module_form = NewModuleForm()
    if not module_form.validate_on_submit():
        return _course_page(course, _course_form(course), module_form, 400)
    module = authoring.add_module(
        db.session, current_user, course, module_form.title.data, module_form.kind.data
    )
    flash(_("Modul je přidaný jako koncept; účastníci ho uvidí po zveřejnění."), "success")
    return redirect(url_for("studio_editor.editor", slug=course.slug, module_slug=module.slug))


@bp.post("/courses/<slug>/modules/<module_slug>/move")
@staff_only
def move_module(slug: str, module_slug: str):
    course = editable_course(slug)
    module = course_module(course, module_slug)
    form = MoveForm()
    if not form.validate_on_submit() or module not in authoring.outline(course):
        abort(400)
    if not authoring.move_module(db.session, current_user, course, module, form.step.data):
        flash(_("Modul už je na kraji seznamu."), "info")
    return redirect(url_for(".course_page", slug=course.slug) + f"#module-{module.slug}")


@bp.post("/courses/<slug>/modules/<module_slug>/archive")
@staff_only
def archive_module(slug: str, module_slug: str):
    course = editable_course(slug)
    module = course_module(course, module_slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    authoring.archive_module(db.session, current_user, course, module)
    flash(
        _("Modul %(title)s je archivovaný; pokrok účastníků zůstal.", title=module.title), "success"
    )
    return redirect(url_for(".course_page", slug=course.slug))


@bp.post("/courses/<slug>/address")
@staff_only
def course_address_change(slug: str):
    """A new address for a course no learner can know yet (never published)."""
    course = editable_course(slug)
    form = CourseAddressForm()
    if form.validate_on_submit():
        try:
            changed = course_address.change(
                db.session,
                current_user,
                course,
                form.address.data,
                Path(current_app.config["MEDIA_DIR"]),
            )
        except authoring.StudioError as exc:
            form.address.errors = [str(exc.message)]
        else:
            if changed:
                flash(_("Adresa kurzu je změněná."), "success")
            return redirect(url_for(".course_page", slug=course.slug))
    elif not form.address.errors:
        abort(400)  # no CSRF token: not our form
    return _course_page(course, _course_form(course), NewModuleForm(), 400, form)


@bp.post("/courses/<slug>/modules/<module_slug>/address")
@staff_only
def module_address(slug: str, module_slug: str):
    course = editable_course(slug)
    module = course_module(course, module_slug)
    form = ModuleAddressForm()
    if not form.validate_on_submit():
        for error in form.address.errors or [_("Požadavek nemá očekávaný tvar.")]:
            flash(str(error), "error")
        return redirect(url_for("studio_editor.editor", slug=course.slug, module_slug=module.slug))
    try:
        authoring.change_module_address(db.session, current_user, course, module, form.address.data)
    except authoring.StudioError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("studio_editor.editor", slug=course.slug, module_slug=module.slug))
    flash(_("Adresa modulu je změněná."), "success")
    return redirect(url_for("studio_editor.editor", slug=course.slug, module_slug=module.slug))


@bp.post("/courses/<slug>/modules/order")
@staff_only
def order_modules(slug: str):
    """The order after a drag and drop (JSON {order: [slugs]}, token in X-CSRFToken)."""
    course = editable_course(slug)
    payload = request.get_json(silent=True)
    order = payload.get("order") if isinstance(payload, dict) else None
    if not isinstance(order, list) or not all(isinstance(s, str) for s in order):
        return {"error": _("Požadavek nemá očekávaný tvar.")}, 400
    if not authoring.reorder_modules(db.session, current_user, course, order):
        return {"error": _("Seznam modulů se mezitím změnil; načtěte stránku znovu.")}, 409
    return {"message": _("Pořadí modulů je uložené.")}
