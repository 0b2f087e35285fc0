"""The help centre: pages in both languages, found by the site search; the contact form end
to end; and the four undos."""

from __future__ import annotations

from sqlalchemy import select

from academy.auth.models import Role
from academy.certificates.models import Certificate
from academy.extensions import db
from academy.help.models import ContactMessage, ContactState
from academy.learning.models import Enrollment, ModuleProgress
from tests.conftest import csrf_token

COURSE = "/courses/demo-kurz"


def _contact(client, data):
    return client.post(
        "/help/contact", data={"csrf_token": csrf_token(client, "/help/contact"), **data}
    )


def test_help_pages_are_listed_and_found_by_the_site_search(client):
    index = client.get("/help").get_data(as_text=True)
    assert "Časté otázky" in index and "Video nejde přehrát" in index
    assert client.get("/help/video-nehraje").status_code == 200
    found = client.get("/search?q=prehrat video").get_data(as_text=True)  # no diacritics
    assert 'href="/help/video-nehraje"' in found
    assert client.get("/help/neexistuje").status_code == 404


def test_help_pages_in_english(client):
    client.get("/lang/en")
    assert "The video does not play" in client.get("/help/video-nehraje").get_data(as_text=True)


def test_contact_form_end_to_end(client, auth, app, mailbox):
    auth.create(email="admin@example.cz", name="Adéla Správcová", role=Role.ADMIN)
    answer = _contact(
        client,
        {
            "name": "Eva <i>Nová</i>",
            "email": "eva@example.cz",
            "subject": "Faktura",
            "body": "Potřebuji fakturu.",
        },
    )
    assert answer.status_code == 302
    assert any(
        m["To"] == "akademie@localhost" and "/admin/contact/" in mailbox.text(m) for m in mailbox
    )  # staff are told
    assert any(
        m["To"] == "eva@example.cz" and "Potřebuji fakturu." in mailbox.text(m) for m in mailbox
    )
    with app.app_context():
        message_id = db.session.scalar(select(ContactMessage.id))
    auth.login(email="admin@example.cz")
    inbox = client.get("/admin/contact").get_data(as_text=True)
    assert "Eva &lt;i&gt;Nová&lt;/i&gt;" in inbox  # markup shown as text
    auth.post(f"/admin/contact/{message_id}", {"answer": "Posíláme ji v příloze."})
    auth.post(f"/admin/contact/{message_id}/close")
    with app.app_context():
        message = db.session.get(ContactMessage, message_id)
        assert (message.state, message.answered_at is not None) == (ContactState.CLOSED, True)
    assert any(
        "Posíláme ji v příloze." in mailbox.text(m) for m in mailbox if m["To"] == "eva@example.cz"
    )


def test_contact_form_refuses_a_bad_address_with_a_message(client, auth):
    answer = _contact(client, {"name": "Eva", "email": "eva@", "subject": "x", "body": "y"})
    assert answer.status_code == 422
    assert "Zadejte platnou e-mailovou adresu" in answer.get_data(as_text=True)


def test_learners_never_reach_the_contact_inbox(client, auth):
    auth.create(email="ucen@example.cz", name="Učeň")
    auth.login(email="ucen@example.cz")
    assert client.get("/admin/contact").status_code == 403


def _learner(auth):
    auth.create(email="ucen@example.cz", name="Učeň Nový")
    auth.login(email="ucen@example.cz")
    auth.post(f"{COURSE}/enrol")


def _done(app):
    """When the learner's (only) done module was done; None when none is."""
    with app.app_context():
        return db.session.scalar(
            select(ModuleProgress.completed_at).where(ModuleProgress.completed_at.is_not(None))
        )


def test_undo_mark_as_done(client, auth, imported, app):
    _learner(auth)
    auth.post(f"{COURSE}/uvod/done")
    assert _done(app) is not None
    assert "Vrátit zpět" in client.get(f"{COURSE}/uvod").get_data(as_text=True)
    assert auth.post(f"{COURSE}/uvod/not-done").status_code == 302
    assert _done(app) is None


def test_leave_and_rejoin_keeps_progress(client, auth, imported, app):
    _learner(auth)
    auth.post(f"{COURSE}/uvod/done")
    assert auth.post(f"{COURSE}/leave").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Enrollment)) is None
    page = client.get(COURSE).get_data(as_text=True)
    assert "Vrátit se do kurzu" in page
    auth.post(f"{COURSE}/rejoin")
    with app.app_context():
        assert db.session.scalar(select(Enrollment)) is not None
    assert _done(app) is not None


def test_name_on_future_certificates(client, auth, imported, app):
    _learner(auth)
    auth.post("/my/certificate-name", {"full_name": "Ing. Učeň Nový"})
    from academy.auth.models import User
    from academy.certificates import services as certificates
    from academy.courses.models import Course

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ucen@example.cz"))
        course = db.session.scalar(select(Course))
        issued = certificates.issue(db.session, user, course)
        assert issued.full_name == "Ing. Učeň Nový"
        db.session.rollback()
        assert db.session.scalar(select(Certificate)) is None


def test_undo_of_the_module_that_issued_a_certificate_asks_first(client, auth, imported, app):
    from academy.auth.models import User
    from academy.courses.models import Course

    _learner(auth)
    with app.app_context():  # every module but "uvod" done, the quiz too: "uvod" completes it
        from academy.learning import progress

        user = db.session.scalar(select(User).where(User.email == "ucen@example.cz"))
        course = db.session.scalar(select(Course))
        state = progress.outline(db.session, user, course)
        for s in state.states:
            if s.module.slug != "uvod":
                progress.complete_module(db.session, user, state, s.module)
        db.session.commit()
    auth.post(f"{COURSE}/uvod/done")
    with app.app_context():
        assert db.session.scalar(select(Certificate)) is not None
    asked = auth.post(f"{COURSE}/uvod/not-done")
    assert asked.status_code == 200
    assert "certifikát zůstane platný" in asked.get_data(as_text=True)
    assert _done_count(app) == 4
    assert auth.post(f"{COURSE}/uvod/not-done", {"confirm": "yes"}).status_code == 302
    assert _done_count(app) == 3
    with app.app_context():
        assert db.session.scalar(select(Enrollment.completed_at)) is None
        assert db.session.scalar(select(Certificate.revoked_at)) is None  # still valid


def _done_count(app):
    with app.app_context():
        return (
            db.session.query(ModuleProgress)
            .filter(ModuleProgress.completed_at.is_not(None))
            .count()
        )
