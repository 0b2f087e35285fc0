"""Completion certificates: issued once, printed right, verifiable, revocable, signed."""

from __future__ import annotations

import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from academy.auth.models import Role
from academy.certificates.models import Certificate, CertificateEvent
from academy.extensions import db
from tests.conftest import csrf_token

COURSE = "/courses/demo-kurz"


def _complete(auth, email="jiri@example.cz", name="Jiří Šťastný"):
    auth.create(email=email, name=name)
    auth.login(email=email)
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    return auth.post(f"{COURSE}/persony/done")


def _confirm(auth, client, name="Jiří Šťastný"):
    token = csrf_token(client, f"{COURSE}/certificate")
    response = client.post(f"{COURSE}/certificate", data={"full_name": name, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(f"{COURSE}/certificate").get_data(as_text=True)
    return re.search(r"/certificates/([A-Z0-9-]{24})/certificate.pdf", html).group(1)


def _pdf_text(client, code: str) -> str:
    response = client.get(f"/certificates/{code}/certificate.pdf")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


def test_not_issued_while_a_required_quiz_is_unpassed(app, auth, client, imported):
    _complete(auth)
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 0
    response = client.get(f"{COURSE}/certificate")
    assert response.headers["Location"] == COURSE


def test_completion_asks_to_confirm_the_name_before_printing(app, auth, client, quiz_optional):
    response = _complete(auth)
    assert response.headers["Location"] == f"{COURSE}/certificate"
    html = client.get(f"{COURSE}/certificate").get_data(as_text=True)
    assert "zkontrolujte prosím jméno" in html
    assert 'value="Jiří Šťastný"' in html
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        assert certificate.pdf is None
        assert re.fullmatch(r"([2-9A-HJKMNP-Z]{4}-){4}[2-9A-HJKMNP-Z]{4}", certificate.code)


@pytest.mark.parametrize("name", ["Jiří Šťastný", "Řehoř Žďárský", "Zoë O'Brien-Łukasiewicz"])
def test_pdf_prints_czech_names_exactly(auth, client, quiz_optional, name):
    _complete(auth, name=name)
    code = _confirm(auth, client, name)
    text = _pdf_text(client, code)
    assert name in text
    assert "Ukázkový kurz – Šťastné cesty" in text
    assert "1,5 hodiny studia" in text
    assert "Jiří Šťastný\nLektor · CX akademie" in text  # the instructor signs
    assert code in text and f"http://127.0.0.1:5000/certificates/{code}" in text


def test_markup_in_the_name_is_printed_literally(auth, client, quiz_optional):
    name = 'Jan <b>Novák</b> <link href="http://evil">x</link>'
    _complete(auth)
    code = _confirm(auth, client, name)
    assert name in _pdf_text(client, code).replace("\n", " ")  # long: wrapped on two lines
    page = client.get(f"/certificates/{code}").get_data(as_text=True)
    assert "Jan &lt;b&gt;Novák&lt;/b&gt;" in page


def test_unprintable_name_is_refused_with_a_message(auth, client, quiz_optional):
    _complete(auth)
    token = csrf_token(client, f"{COURSE}/certificate")
    response = client.post(
        f"{COURSE}/certificate", data={"full_name": "李小龍", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "Tyto znaky na certifikát vytisknout neumíme" in response.get_data(as_text=True)


def test_verification_page_shows_the_pdf_fields_without_login(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    pdf_text = _pdf_text(client, code)
    anonymous = app.test_client()
    page = anonymous.get(f"/certificates/{code}").get_data(as_text=True)
    assert "Platný" in page
    for value in ("Jiří Šťastný", "Ukázkový kurz – Šťastné cesty", "1,5 hodiny studia", code):
        assert value in pdf_text and value in page
    date = re.search(r"\d{1,2}\. \w+ \d{4}", pdf_text).group(0)
    assert date in page
    assert "Jiří Šťastný\nLektor · CX akademie" in pdf_text
    assert "<dt>Lektor</dt><dd><bdi>Jiří Šťastný</bdi></dd>" in page
    assert "jiri@example.cz" not in page
    assert "linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page


def test_unknown_code_gets_a_plain_404(client):
    response = client.get("/certificates/neexistujici-kod")
    assert response.status_code == 404
    assert "Certifikát nenalezen" in response.get_data(as_text=True)


def test_another_learners_pdf_is_not_found(auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    auth.logout()
    auth.create(email="jina@example.cz", name="Jiná Studentka")
    auth.login(email="jina@example.cz")
    assert client.get(f"/certificates/{code}/certificate.pdf").status_code == 404
    assert client.get(f"/certificates/{code}/credential.jwt").status_code == 404


def test_reissue_keeps_the_code_and_records_history(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client, "Jiri Stastny")
    auth.logout()
    auth.create(email="admin@example.cz", name="Admin", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    token = csrf_token(client, f"/admin/certificates/{code}")
    client.post(
        f"/admin/certificates/{code}/reissue",
        data={
            "reissue-full_name": "Jiří Šťastný",
            "reissue-reason": "Chyběla diakritika",
            "reissue-csrf_token": token,
        },
    )
    assert "Jiří Šťastný" in _pdf_text(client, code)
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        assert (certificate.code, certificate.revision) == (code, 2)
        event = db.session.scalars(select(CertificateEvent)).all()[-1]
        assert event.details["old_name"] == "Jiri Stastny"


def test_bulk_zip_for_admins(auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    assert client.get("/admin/courses/demo-kurz/certificates.zip").status_code == 403
    auth.logout()
    auth.create(email="admin@example.cz", name="Admin", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    response = client.get("/admin/courses/demo-kurz/certificates.zip")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert names == [f"{code}.pdf"]


def test_signed_credential_verifies_and_tampering_fails(
    app, auth, client, runner, quiz_optional, tmp_path
):
    _complete(auth)
    code = _confirm(auth, client)
    token = client.get(f"/certificates/{code}/credential.jwt").get_data(as_text=True)
    good = tmp_path / "good.jwt"
    good.write_text(token)
    result = runner.invoke(args=["certificates", "verify", str(good)])
    assert result.exit_code == 0, result.output
    assert "VALID" in result.output and "Jiří Šťastný" in result.output
    header, payload, signature = token.split(".")
    changed = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    bad = tmp_path / "bad.jwt"
    bad.write_text(".".join([header, changed, signature]))
    result = runner.invoke(args=["certificates", "verify", str(bad)])
    assert result.exit_code == 1 and "INVALID" in result.output
    # the verification page checks an uploaded credential too
    upload = app.test_client()
    page_token = csrf_token(upload, f"/certificates/{code}")
    ok = upload.post(
        f"/certificates/{code}/check",
        data={"credential": (io.BytesIO(token.encode()), "c.jwt"), "csrf_token": page_token},
    )
    assert "Podpis je pravý a certifikát je platný." in ok.get_data(as_text=True)
    keys = upload.get("/.well-known/jwks.json").get_json()["keys"]
    assert [(k["kty"], k["alg"]) for k in keys] == [("RSA", "RS256"), ("OKP", "EdDSA")]


def test_credential_follows_open_badges_3(auth, client, quiz_optional):
    import jwt

    _complete(auth)
    code = _confirm(auth, client)
    token = client.get(f"/certificates/{code}/credential.jwt").get_data(as_text=True)
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    credential = jwt.decode(token, options={"verify_signature": False})
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert credential["validFrom"] and credential["credentialStatus"]["id"].endswith("/status")


def test_issued_once_under_concurrent_completions(app, auth, client, quiz_optional):
    auth.create()
    auth.login()
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    token = csrf_token(client, "/my")

    def finish(_: int) -> int:
        return client.post(f"{COURSE}/persony/done", data={"csrf_token": token}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(finish, range(12))) == {302}
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 1
        assert db.session.scalar(select(func.count(CertificateEvent.id))) == 1


def test_verification_page_in_english_translates_the_printed_facts(
    app, auth, client, quiz_optional
):
    _complete(auth)
    code = _confirm(auth, client)
    anonymous = app.test_client()
    anonymous.get("/lang/en")
    page = anonymous.get(f"/certificates/{code}").get_data(as_text=True)
    assert "<dt>Instructor</dt><dd><bdi>Jiří Šťastný</bdi></dd>" in page
    assert "1.5 h of study" in page
    assert "hodiny studia" not in page and "Lektor<" not in page
    assert re.search(r"<dd>\d{1,2} [A-Z][a-z]+ \d{4}</dd>", page)  # e.g. 1 December 2026
