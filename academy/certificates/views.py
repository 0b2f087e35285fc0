"""The learner's certificate, the public verification page, and admin changes."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,  # fmt: skip
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.certificates import credentials, services, signing_key
from academy.certificates.forms import CredentialUploadForm, NameForm, ReissueForm, RevokeForm
from academy.certificates.models import Certificate
from academy.courses.catalog import can_view, find_course
from academy.courses.models import Course
from academy.extensions import db, limiter

bp = Blueprint("certificates", __name__)
# The verification page and the status share one budget per address.
lookup_limit = limiter.shared_limit(
    lambda: current_app.config["CERTIFICATE_LOOKUP_RATE_LIMIT"], scope="certificate-lookup"
)


def verify_url(code: str) -> str:
    return f"{current_app.config['BASE_URL']}/certificates/{code}"


def _own_or_admin(code: str) -> Certificate:
    certificate = services.find_by_code(db.session, code)
    if certificate is None or not certificate.is_ready:
        abort(404)
    if certificate.user_id != current_user.id and current_user.role is not Role.ADMIN:
        abort(404)
    return certificate


@bp.route("/courses/<slug>/certificate", methods=["GET", "POST"])
@login_required
def mine(slug: str):
    course = find_course(db.session, slug)
    if course is None or not can_view(current_user, course):
        abort(404)
    certificate = services.find_for(db.session, current_user, course)
    if certificate is None:
        flash(_("Certifikát získáte po dokončení všech povinných modulů kurzu."), "info")
        return redirect(url_for("courses.course_page", slug=slug))
    form = NameForm(full_name=certificate.full_name)
    if not certificate.is_ready and form.validate_on_submit():
        services.confirm_name(
            db.session, certificate, form.full_name.data, current_user, verify_url(certificate.code)
        )
        flash(_("Certifikát je připraven."), "success")
        return redirect(url_for("certificates.mine", slug=slug))
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template(
        "certificates/mine.html", course=course, certificate=certificate, form=form
    ), status


@bp.get("/certificates/<code>")
@lookup_limit
def verify_page(code: str):
    certificate = services.find_by_code(db.session, code)
    if certificate is None or not certificate.is_ready:
        return render_template("certificates/unknown.html"), 404
    fields = services.content(certificate, verify_url(certificate.code))
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        fields=fields,
        linkedin_url=_linkedin_url(certificate),
        form=CredentialUploadForm(),
    )


@bp.post("/certificates/<code>/check")
@lookup_limit  # one budget for every look-up of a code
def check_credential(code: str):
    """Check an uploaded OpenBadgeCredential against our key and this certificate."""
    certificate = services.find_by_code(db.session, code)
    if certificate is None or not certificate.is_ready:
        return render_template("certificates/unknown.html"), 404
    form = CredentialUploadForm()
    result, ok = None, False
    if form.validate_on_submit():
        token = form.credential.data.read().decode("utf-8", "replace")
        key = signing_key.current_key()
        try:
            credential = credentials.verify(token, key)
        except credentials.CredentialError:
            result = _(
                "Podpis osvědčení neodpovídá: soubor byl změněn, nebo jej nevydala CX akademie."
            )
        else:
            if credential.get("id") != verify_url(certificate.code):
                result = _("Osvědčení je platně podepsané, ale patří k jinému certifikátu.")
            elif certificate.is_revoked:
                result = _("Podpis je pravý, ale certifikát byl zrušen.")
            else:
                result, ok = _("Podpis je pravý a certifikát je platný."), True
    fields = services.content(certificate, verify_url(certificate.code))
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        fields=fields,
        linkedin_url=_linkedin_url(certificate),
        form=form,
        check_result=result,
        check_ok=ok,
    ), (200 if result or not form.errors else 422)


@bp.get("/certificates/<code>/certificate.pdf")
@login_required
def pdf(code: str):
    certificate = _own_or_admin(code)
    response = Response(certificate.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="certifikat-{code}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/certificates/<code>/credential.jwt")
@login_required
def credential(code: str):
    certificate = _own_or_admin(code)
    token = credentials.sign(_credential(certificate), _key())
    response = Response(token, mimetype="application/vc+jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="osvedceni-{code}.jwt"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/certificates/issuer")
def issuer():
    """The issuer profile with the public key that signs our credentials."""
    base = current_app.config["BASE_URL"]
    return jsonify(
        {
            "@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT],
            "id": f"{base}/certificates/issuer",
            "type": ["Profile"],
            "name": services.ACADEMY_NAME,
            "url": base,
            "keys": {"keys": [_key().jwk()]},
        }
    )


@bp.get("/.well-known/jwks.json")
def jwks():
    return jsonify({"keys": [_key().jwk()]})


@bp.get("/certificates/<code>/status")
@lookup_limit
def status(code: str):
    certificate = services.find_by_code(db.session, code)
    if certificate is None or not certificate.is_ready:
        abort(404)
    return jsonify(
        {
            "id": verify_url(code),
            "revoked": certificate.is_revoked,
            "revokedAt": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "reason": certificate.revoked_reason,
        }
    )


@bp.route("/admin/certificates/<code>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def manage(code: str):
    certificate = services.find_by_code(db.session, code)
    if certificate is None:
        abort(404)
    return _manage_page(certificate, RevokeForm(prefix="revoke"), ReissueForm(prefix="reissue"))


@bp.post("/admin/certificates/<code>/revoke")
@roles_required(Role.ADMIN)
def revoke(code: str):
    certificate = services.find_by_code(db.session, code) or abort(404)
    form = RevokeForm(prefix="revoke")
    if form.validate_on_submit():
        services.revoke(db.session, certificate, current_user, form.reason.data.strip())
        flash(_("Certifikát byl zrušen."), "success")
        return redirect(url_for("certificates.manage", code=code))
    return _manage_page(certificate, form, ReissueForm(prefix="reissue")), 422


@bp.post("/admin/certificates/<code>/reissue")
@roles_required(Role.ADMIN)
def reissue(code: str):
    certificate = services.find_by_code(db.session, code) or abort(404)
    form = ReissueForm(prefix="reissue")
    if form.validate_on_submit():
        services.reissue(db.session, certificate, form.full_name.data, current_user,
                         form.reason.data.strip(), verify_url(code))  # fmt: skip
        flash(_("Certifikát byl znovu vydán se stejným kódem."), "success")
        return redirect(url_for("certificates.manage", code=code))
    return _manage_page(certificate, RevokeForm(prefix="revoke"), form), 422


@bp.get("/admin/courses/<slug>/certificates.zip")
@roles_required(Role.ADMIN)
def bulk(slug: str):
    course = find_course(db.session, slug) or abort(404)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in services.ready_for_course(db.session, course):
            archive.writestr(f"{certificate.code}.pdf", certificate.pdf or b"")
    response = Response(buffer.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="certifikaty-{slug}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _manage_page(certificate: Certificate, revoke_form: RevokeForm, reissue_form: ReissueForm):
    if not reissue_form.is_submitted():
        reissue_form.full_name.data = certificate.full_name
    return render_template(
        "certificates/manage.html",
        certificate=certificate,
        revoke_form=revoke_form,
        reissue_form=reissue_form,
        events=services.history(db.session, certificate),
    )


def _key() -> credentials.SigningKey:
    return signing_key.current_key()


def _credential(certificate: Certificate) -> dict:
    base = current_app.config["BASE_URL"]
    course = db.session.get_one(Course, certificate.course_id)
    return credentials.build_credential(
        certificate_url=verify_url(certificate.code),
        issuer_url=f"{base}/certificates/issuer",
        achievement_url=f"{base}/courses/{course.slug}",
        holder_name=certificate.full_name,
        course_title=certificate.course_title,
        course_summary=course.summary,
        criteria=_("Absolvování všech povinných modulů a kvízů kurzu."),
        valid_from=certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        status_url=f"{verify_url(certificate.code)}/status",
    )


def _linkedin_url(certificate: Certificate) -> str:
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": certificate.course_title,
            "organizationName": services.ACADEMY_NAME,
            "issueYear": certificate.completed_on.year,
            "issueMonth": certificate.completed_on.month,
            "certUrl": verify_url(certificate.code),
            "certId": certificate.code,
        }
    )
    return f"https://www.linkedin.com/profile/add?{query}"
