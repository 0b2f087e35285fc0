"""GDPR: consent at sign-up, the person's data export, and deleting the account."""

from __future__ import annotations

import json

from sqlalchemy import select

from academy.auth.models import Role, User
from academy.certificates import services as certificates
from academy.certificates.models import Certificate
from academy.courses.models import Course
from academy.extensions import db
from academy.privacy.export import person_tables
from tests.conftest import PASSWORD, csrf_token


def _signup(client, **fields):
    data = {
        "full_name": "Jiří Šťastný",
        "email": "jiri@example.cz",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "consent": "y",
        "csrf_token": csrf_token(client, "/signup"),
        **fields,
    }
    return client.post("/signup", data=data)


def test_signup_without_consent_is_refused_with_a_czech_message(app, client):
    response = _signup(client, consent="")
    assert response.status_code == 422
    assert "Bez souhlasu s podmínkami účet založit nemůžeme." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_signup_records_which_terms_were_accepted(app, client):
    assert _signup(client).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.terms_version, user.terms_accepted_at is not None) == ("2026-12+2026-12", True)


def test_the_signup_form_links_the_terms_and_the_privacy_policy(client):
    html = client.get("/signup").get_data(as_text=True)
    assert 'href="/terms"' in html and 'href="/privacy"' in html


def test_the_privacy_policy_is_shown_in_the_chosen_language(app, client):
    assert "<h1>Zásady ochrany osobních údajů</h1>" in client.get("/privacy").get_data(as_text=True)
    client.get("/lang/en")
    assert "<h1>Privacy policy</h1>" in client.get("/privacy").get_data(as_text=True)


def test_the_export_holds_the_persons_rows_and_no_secrets(app, auth, client, imported):
    uid = auth.create(email="jiri@example.cz")
    auth.login("jiri@example.cz")
    assert auth.post("/courses/demo-kurz/enrol").status_code == 302
    response = auth.post("/account/data/export")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["full_name"] == "Jiří Šťastný"
    assert [row["user_id"] for row in data["tables"]["enrollment"]] == [uid]
    text = response.get_data(as_text=True)
    assert "password_hash" not in text and "token_hash" not in text and "argon2" not in text


def test_every_table_that_refers_to_an_account_is_exported():
    names = {table.name for table, _ in person_tables()}
    assert {
        "enrollment",
        "module_progress",
        "quiz_attempt",
        "certificate",
        "user_session",
        "security_event",
    } <= names


def _certificate(app, uid: int) -> str:
    with app.app_context():
        user = db.session.get(User, uid)
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))
        certificate = certificates.issue(db.session, user, course)
        issuer = certificates.Issuer(base_url="http://localhost", instance_path=app.instance_path)
        certificates.confirm_name(db.session, certificate, user.full_name, user, issuer)
        db.session.commit()
        return certificate.code


def test_deleting_the_account_erases_the_person_and_revokes_the_certificate(
    app, auth, client, imported
):
    uid = auth.create(email="marie@example.cz", name="Marie Dvořáková")
    code = _certificate(app, uid)
    auth.login("marie@example.cz")
    page = client.get("/account/data").get_data(as_text=True)
    assert code in page  # said before confirming
    response = auth.post("/account/delete", {"current": PASSWORD, "understood": "y"})
    assert response.headers["Location"] == "/"
    with app.app_context():
        user = db.session.get(User, uid)
        certificate = db.session.scalar(select(Certificate).where(Certificate.code == code))
        assert (user.full_name, user.email.endswith("@deleted.invalid")) == ("—", True)
        assert (certificate.is_revoked, certificate.full_name, certificate.pdf) == (True, "—", None)
    public = client.get(f"/certificates/{code}").get_data(as_text=True)
    assert "Dvořáková" not in public
    assert "Držitel certifikátu smazal svůj účet v CX akademii." in public
    assert auth.login("marie@example.cz").status_code == 422


def test_deletion_needs_the_password_and_keeps_everything_when_it_is_wrong(app, auth, client):
    uid = auth.create(email="jiri@example.cz")
    auth.login("jiri@example.cz")
    response = auth.post("/account/delete", {"current": "špatné heslo", "understood": "y"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(User, uid).email == "jiri@example.cz"


def test_the_only_admin_cannot_delete_their_account(app, auth, client):
    uid = auth.create(email="spravce@example.cz", role=Role.ADMIN)
    auth.login("spravce@example.cz")
    auth.post("/account/delete", {"current": PASSWORD, "understood": "y"})
    with app.app_context():
        assert db.session.get(User, uid).deleted_at is None
