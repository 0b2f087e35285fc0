"""Revoking: asked to confirm, the internal note stays internal, the PDF never prints
clean again, and the learner's page, the status document and the CSV all say revoked."""

from __future__ import annotations

import csv
import io
import zipfile

from pypdf import PdfReader
from sqlalchemy import select

from academy.auth.models import Role
from academy.certificates.models import Certificate, CertificateEvent
from academy.extensions import db
from tests.certificates.test_certificates import COURSE, _complete, _confirm
from tests.conftest import csrf_token

NOTE = "Účastník sdílel účet s kolegou."


def _as_admin(auth):
    auth.logout()
    auth.create(email="admin@example.cz", name="Admin", role=Role.ADMIN)
    auth.login(email="admin@example.cz")


def _revoke(client, code, **fields):
    token = csrf_token(client, f"/admin/certificates/{code}")
    data = {"revoke-csrf_token": token, "revoke-reason": NOTE}
    data.update({f"revoke-{k}": v for k, v in fields.items()})
    return client.post(f"/admin/certificates/{code}/revoke", data=data)


def test_revoking_asks_to_confirm_without_javascript(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    _as_admin(auth)
    form = client.get(f"/admin/certificates/{code}").get_data(as_text=True)
    assert 'type="checkbox"' in form and "revoke-confirm" in form
    refused = _revoke(client, code)
    assert refused.status_code == 422
    assert "Zrušení potvrďte zaškrtnutím." in refused.get_data(as_text=True)
    empty = _revoke(client, code, reason=" ", confirm="y")
    assert empty.status_code == 422 and "Uveďte důvod zrušení." in empty.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Certificate)).revoked_at is None


def test_public_page_says_revoked_and_when_but_not_the_internal_note(
    app, auth, client, quiz_optional
):
    _complete(auth)
    code = _confirm(auth, client)
    _as_admin(auth)
    assert _revoke(client, code, confirm="y").status_code == 302
    assert _revoke(client, code, confirm="y").status_code == 302  # a double click: no change
    anonymous = app.test_client()
    page = anonymous.get(f"/certificates/{code}").get_data(as_text=True)
    assert "Zrušený" in page and "zrušila; už neplatí" in page
    assert NOTE not in page and "Důvod" not in page
    status = anonymous.get(f"/certificates/{code}/status").get_json()
    assert status["revoked"] is True and status["reason"] is None and status["revokedAt"]
    assert status["revokedCredentials"] == [
        {"id": f"http://127.0.0.1:5000/certificates/{code}", "revoked": True}
    ]
    assert NOTE in client.get(f"/admin/certificates/{code}").get_data(as_text=True)
    with app.app_context():
        kinds = [e.kind.value for e in db.session.scalars(select(CertificateEvent))]
        assert kinds == ["issued", "name_confirmed", "revoked"]


def test_a_public_reason_is_shown_only_when_written_on_purpose(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    _as_admin(auth)
    _revoke(client, code, confirm="y", public_reason="Vydán omylem ke špatnému kurzu.")
    page = app.test_client().get(f"/certificates/{code}").get_data(as_text=True)
    assert "Důvod: Vydán omylem ke špatnému kurzu." in page and NOTE not in page
    status = app.test_client().get(f"/certificates/{code}/status").get_json()
    assert status["revokedCredentials"][0]["revocationReason"] == "Vydán omylem ke špatnému kurzu."


def test_revoked_certificate_never_downloads_clean(app, auth, client, quiz_optional):
    _complete(auth)
    code = _confirm(auth, client)
    _as_admin(auth)
    _revoke(client, code, confirm="y")
    bulk = client.get("/admin/courses/demo-kurz/certificates.zip")
    assert zipfile.ZipFile(io.BytesIO(bulk.data)).namelist() == []
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/admin/exports/progress.csv?course=demo-kurz").get_data(as_text=True)
            )
        )
    )
    assert rows[0][-2:] == ["Certifikát", "Stav certifikátu"]
    assert [r[-2:] for r in rows[1:] if r[-2]] == [[code, "zrušený"]]
    # the learner
    auth.logout()
    auth.login(email="jiri@example.cz")
    page = client.get(f"{COURSE}/certificate").get_data(as_text=True)
    assert "zrušen a už neplatí" in page
    assert "certificate.pdf" not in page and "credential.jwt" not in page
    listing = client.get("/my/certificates").get_data(as_text=True)
    assert "Zrušený" in listing and "certificate.pdf" not in listing
    response = client.get(f"/certificates/{code}/certificate.pdf")
    assert response.status_code == 200
    assert "zruseny" in response.headers["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "ZRUŠENO · REVOKED" in text and "Certifikát byl zrušen" in text
    assert client.get(f"/certificates/{code}/credential.jwt").status_code == 410


def test_revocation_calls_the_one_hook_once(app, auth, client, quiz_optional, monkeypatch):
    """certificate_revoked() is where the learner's e-mail is hooked in (jobs/outbox)."""
    from academy.certificates import services

    calls = []
    monkeypatch.setattr(services, "certificate_revoked", lambda s, c: calls.append(c.code))
    _complete(auth)
    code = _confirm(auth, client)
    _as_admin(auth)
    _revoke(client, code, confirm="y")
    _revoke(client, code, confirm="y")
    assert calls == [code]
