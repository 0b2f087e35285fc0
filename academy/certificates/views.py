"""The learner's certificate, the public verification page, and admin changes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from academy.auth.access import roles_required
from academy.auth.models import Role
from academy.certificates import credentials, services, signing_key
from academy.certificates.forms import (
    CodeLookupForm,
    CredentialUploadForm,
    NameForm,
    ReissueForm,
    RevokeForm,
)
from academy.certificates.models import Certificate
from academy.courses.catalog import can_view, catalog, find_course
from academy.extensions import db, limiter

bp = Blueprint("certificates", __name__)
# The verification page and the status share one budget per address.
lookup_limit = limiter.shared_limit(
    lambda: current_app.config["CERTIFICATE_LOOKUP_RATE_LIMIT"], scope="certificate-lookup"
)


def current_issuer() -> services.Issuer:
    """The academy as issuer, from the ACADEMY_ settings."""
    config = current_app.config
    logo, signatures = config.get("CERTIFICATE_LOGO"), config.get("CERTIFICATE_SIGNATURES_DIR")
    return services.Issuer(
        base_url=config["BASE_URL"],
        instance_path=current_app.instance_path,
        logo=Path(logo) if logo else None,
        signatures_dir=Path(signatures) if signatures else None,
        key_loader=signing_key.current_keys,
    )


def verify_url(code: str) -> str:
    return current_issuer().verify_url(code)


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
            db.session, certificate, form.full_name.data, current_user, current_issuer()
        )
        flash(_("Certifikát je připraven."), "success")
        return redirect(url_for("certificates.mine", slug=slug))
    status = 422 if form.is_submitted() and form.errors else 200
    taken = {c.course_id for c, _course in services.of_learner(db.session, current_user)}
    following = [
        e for e in catalog(db.session) if e.course.id not in taken and e.course.id != course.id
    ]
    return render_template(
        "certificates/mine.html",
        course=course,
        certificate=certificate,
        form=form,
        linkedin_url=_linkedin_url(certificate),
        next_courses=following[:3],
    ), status


@bp.get("/my/certificates")
@login_required
def my_certificates():
    """Moje certifikáty: every certificate of the learner, with its state and links."""
    return render_template(
        "certificates/list.html", certificates=services.of_learner(db.session, current_user)
    )


@bp.get("/certificates")
@lookup_limit
def lookup():
    """Find a certificate by a code typed by hand (forgiving case, dashes, look-alikes)."""
    form = CodeLookupForm(request.args)
    if not request.args:
        return render_template("certificates/unknown.html", lookup_form=form, searched=False)
    if form.validate():
        certificate = services.look_up(db.session, form.code.data)
        if certificate is not None and certificate.is_ready:
            return redirect(url_for("certificates.verify_page", code=certificate.code))
        form.code.errors.append(
            _(
                "Certifikát s kódem %(code)s jsme nenašli. Zkontrolujte ho a zkuste to znovu.",
                code=form.code.data.strip()[:64],
            )
        )
    return render_template("certificates/unknown.html", lookup_form=form, searched=True), 404


@bp.get("/certificates/<code>")
@lookup_limit
def verify_page(code: str):
    certificate = services.look_up(db.session, code)
    if certificate is None or not certificate.is_ready:
        form = CodeLookupForm(data={"code": code[:64]})
        return render_template("certificates/unknown.html", lookup_form=form, searched=True), 404
    if certificate.code != code:  # typed with other case, spaces or look-alikes
        return redirect(url_for("certificates.verify_page", code=certificate.code), 301)
    fields = services.content(certificate, current_issuer())
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        fields=fields,
        linkedin_url=_linkedin_url(certificate),
        form=CredentialUploadForm(),
        lookup_form=CodeLookupForm(formdata=None),
    )


@bp.post("/certificates/<code>/check")
@lookup_limit  # one budget for every look-up of a code
def check_credential(code: str):
    """Check an uploaded OpenBadgeCredential against our key and this certificate."""
    certificate = services.find_by_code(db.session, code)
    if certificate is None or not certificate.is_ready:
        return render_template(
            "certificates/unknown.html", lookup_form=CodeLookupForm(formdata=None), searched=True
        ), 404
    form = CredentialUploadForm()
    result, ok = None, False
    if form.validate_on_submit():
        token = form.credential.data.read().decode("utf-8", "replace")
        try:
            credential = credentials.verify(token, current_issuer().keys())
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
    fields = services.content(certificate, current_issuer())
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        fields=fields,
        linkedin_url=_linkedin_url(certificate),
        form=form,
        lookup_form=CodeLookupForm(formdata=None),
        check_result=result,
        check_ok=ok,
    ), (200 if result or not form.errors else 422)


@bp.get("/certificates/<code>/certificate.pdf")
@login_required
def pdf(code: str):
    """The stored PDF; once revoked, a copy stamped REVOKED is made instead (never stored)."""
    certificate = _own_or_admin(code)
    body, name = certificate.pdf, f"certifikat-{code}.pdf"
    if certificate.is_revoked:
        body = services.render_pdf(db.session, certificate, current_issuer(), stamped=True)
        name = f"certifikat-{code}-zruseny.pdf"
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/certificates/<code>/credential.jwt")
@login_required
def credential(code: str):
    """The signed credential: RS256 by default, `?alg=EdDSA` for the Ed25519 key."""
    certificate = _own_or_admin(code)
    if certificate.is_revoked:
        return render_template("certificates/revoked.html", certificate=certificate), 410
    alg = request.args.get("alg", "RS256")
    if alg not in credentials.ALGORITHMS:
        abort(400, _("Podpis umíme algoritmem RS256 nebo EdDSA."))
    token = services.signed_credential(db.session, certificate, current_issuer(), alg)
    response = Response(token, mimetype="application/jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="osvedceni-{code}.jwt"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/certificates/issuer")
def issuer():
    """The issuer profile with the public key that signs our credentials."""
    academy = current_issuer()
    return jsonify(
        {
            "@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT],
            "id": academy.issuer_url,
            "type": ["Profile"],
            "name": services.ACADEMY_NAME,
            "url": academy.base_url,
        }
    )


@bp.get("/.well-known/jwks.json")
def jwks():
    academy = current_issuer()
    return jsonify({"keys": [key.jwk(academy.base_url) for key in academy.keys().values()]})


@bp.get("/certificates/issuer/keys/<kid>")
def key(kid: str):
    """One public key as a JWK: what a credential's `kid` header points to."""
    academy = current_issuer()
    for found in academy.keys().values():
        if found.kid == kid:
            return jsonify(found.jwk(academy.base_url))
    abort(404)


@bp.get("/certificates/<code>/status")
@lookup_limit
def status(code: str):
    certificate = services.find_by_code(db.session, code)
    if certificate is None or not certificate.is_ready:
        abort(404)
    return jsonify(services.status_document(certificate, current_issuer()))


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
        services.revoke(
            db.session,
            certificate,
            current_user,
            form.reason.data.strip(),
            form.public_reason.data or "",
        )
        flash(_("Certifikát byl zrušen."), "success")
        return redirect(url_for("certificates.manage", code=code))
    return _manage_page(certificate, form, ReissueForm(prefix="reissue", formdata=None)), 422


@bp.post("/admin/certificates/<code>/reissue")
@roles_required(Role.ADMIN)
def reissue(code: str):
    certificate = services.find_by_code(db.session, code) or abort(404)
    form = ReissueForm(prefix="reissue")
    if form.validate_on_submit():
        services.reissue(
            db.session,
            certificate,
            form.full_name.data,
            current_user,
            form.reason.data.strip(),
            current_issuer(),
        )
        flash(_("Certifikát byl znovu vydán se stejným kódem."), "success")
        return redirect(url_for("certificates.manage", code=code))
    return _manage_page(certificate, RevokeForm(prefix="revoke", formdata=None), form), 422


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
    if reissue_form.full_name.data is None:  # not the form that was sent
        reissue_form.full_name.data = certificate.full_name
    return render_template(
        "certificates/manage.html",
        certificate=certificate,
        revoke_form=revoke_form,
        reissue_form=reissue_form,
        events=services.history(db.session, certificate),
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
