"""What the academy sends: certificate issued and revoked, in the learner's language, as
plain text plus HTML, recorded with its state on the learner's timeline in admin."""

from __future__ import annotations

from sqlalchemy import select, update

from academy.auth.models import Role, User
from academy.certificates.models import Certificate
from academy.courses.models import Module, ModuleKind
from academy.extensions import db
from tests.conftest import csrf_token
from tests.notifications.conftest import rows, signup

COURSE = "/courses/demo-kurz"


def _lessons_complete_the_course(app) -> None:
    with app.app_context():
        db.session.execute(
            update(Module).where(Module.kind == ModuleKind.QUIZ).values(required=False)
        )
        db.session.commit()


def _complete(auth, email="jiri@example.cz"):
    auth.create(email=email)
    auth.login(email=email)
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    return auth.post(f"{COURSE}/persony/done")


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_completing_a_course_mails_the_certificate_and_revoking_mails_again(
    app, auth, client, mailbox, imported
):
    _lessons_complete_the_course(app)
    assert _complete(auth).headers["Location"] == f"{COURSE}/certificate"
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))
    (issued,) = mailbox
    assert issued["To"] == "jiri@example.cz"
    assert issued["Subject"] == "Váš certifikát z kurzu Ukázkový kurz – Šťastné cesty"
    text = _text(issued)
    assert "Jiří Šťastný" in text
    assert f"http://127.0.0.1:5000{COURSE}/certificate" in text
    assert f"http://127.0.0.1:5000/certificates/{code}/certificate.pdf" in text
    assert f"http://127.0.0.1:5000/certificates/{code}" in text.splitlines()
    html = issued.get_body(("html",)).get_content()
    assert f'<a href="http://127.0.0.1:5000/certificates/{code}"' in html
    assert "List-Unsubscribe" not in issued  # transactional: no opting out
    auth.logout()
    auth.create(email="admin@example.cz", name="Admin", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    token = csrf_token(client, f"/admin/certificates/{code}")
    client.post(
        f"/admin/certificates/{code}/revoke",
        data={
            "revoke-reason": "Interní: sdílený účet",
            "revoke-confirm": "y",
            "revoke-public_reason": "Podvod při kvízu",
            "revoke-csrf_token": token,
        },
    )
    assert [m["Subject"] for m in mailbox] == [
        "Váš certifikát z kurzu Ukázkový kurz – Šťastné cesty",
        "Certifikát z kurzu Ukázkový kurz – Šťastné cesty byl zrušen",
    ]
    revoked = _text(mailbox[1])
    assert "Důvod: Podvod při kvízu" in revoked  # the public reason only
    assert "Interní" not in revoked
    assert f"http://127.0.0.1:5000/certificates/{code}" in revoked
    assert [(r.kind, r.state.value) for r in rows(app)] == [
        ("certificate_issued", "sent"),
        ("certificate_revoked", "sent"),
    ]


def test_a_learner_who_chose_english_gets_english_mail(app, auth, client, mailbox, imported):
    _lessons_complete_the_course(app)
    auth.create()
    with app.app_context():
        db.session.execute(update(User).values(language="en"))
        db.session.commit()
    auth.login()
    auth.post(f"{COURSE}/enrol")
    auth.post(f"{COURSE}/uvod/done")
    auth.post(f"{COURSE}/persony/done")
    (message,) = mailbox
    assert message["Subject"] == "Your certificate for Ukázkový kurz – Šťastné cesty"
    assert message["Content-Language"] == "en"
    assert _text(message).startswith("Hello Jiří Šťastný,\r\n\r\ncongratulations")
    assert '<html lang="en">' in message.get_body(("html",)).get_content()


def test_signup_from_the_english_page_is_confirmed_in_english(client, mailbox):
    client.get("/lang/en")
    signup(client, email="jana@example.cz", name="Jana Nováková")
    (message,) = mailbox
    assert message["Subject"] == "Confirm your e-mail at CX Academy"
    assert "Jana Nováková" in _text(message)


def test_mails_are_on_the_learners_timeline_with_their_state(app, auth, client, mailbox, imported):
    _lessons_complete_the_course(app)
    _complete(auth)
    auth.logout()
    auth.create(email="admin@example.cz", name="Admin", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    with app.app_context():
        learner_id = db.session.scalar(select(User.id).where(User.email == "jiri@example.cz"))
    page = client.get(f"/admin/learners/{learner_id}").get_data(as_text=True)
    assert "E-mail „Váš certifikát z kurzu Ukázkový kurz – Šťastné cesty“" in page
    assert "odesláno" in page
