"""One learner's story and the actions on it, each recorded in the audit log."""

from __future__ import annotations

from sqlalchemy import select

from academy.audit.models import SecurityEvent
from academy.certificates.models import Certificate
from academy.extensions import db
from academy.quizzes.models import QuizAttempt


def test_timeline_tells_the_learners_story_newest_first(admin, journey):
    html = admin.client.get(f"/admin/learners/{journey.users['D']}").get_data(as_text=True)
    recent = [
        "Certifikát zrušen: Opsaný kvíz.",
        "Hodnocení modulu „Persony“: 1 z 5",
        "Vydán certifikát",
    ]  # recorded when the history was written: now
    past = [
        "Kvíz „Kvíz“, pokus č. 1: 50 %",
        "Hotový modul „Persony“",
        "Hotový modul „Úvod do map“",
        "Zápis do kurzu",
    ]  # 54 to 60 days ago
    assert max(html.index(e) for e in recent) < html.index(past[0])
    assert [html.index(e) for e in past] == sorted(html.index(e) for e in past)


def test_resetting_quiz_attempts_is_audited(app, admin, journey):
    learner = journey.users["C"]
    url = f"/admin/learners/{learner}/quizzes/{journey.modules['kviz']}/reset"
    prefix = f"reset{journey.modules['kviz']}"
    response = admin.post(url, {f"{prefix}-reason": "Technická chyba při odevzdání."})
    assert response.headers["Location"] == f"/admin/learners/{learner}"
    with app.app_context():
        assert db.session.scalar(select(QuizAttempt.reset_id).where(QuizAttempt.user_id == learner))
        event = db.session.scalars(
            select(SecurityEvent).where(SecurityEvent.kind == "quiz_attempts_reset")
        ).one()
        assert (
            event.user_id == learner and event.details["reason"] == "Technická chyba při odevzdání."
        )
    html = admin.client.get(f"/admin/learners/{learner}").get_data(as_text=True)
    assert "Vynulován 1 pokus v kvízu „Kvíz“: Technická chyba při odevzdání." in html


def test_a_reset_needs_a_reason(app, admin, journey):
    url = f"/admin/learners/{journey.users['C']}/quizzes/{journey.modules['kviz']}/reset"
    response = admin.post(
        url, {f"reset{journey.modules['kviz']}-reason": ""}, follow_redirects=True
    )
    assert "Napište důvod vynulování" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                select(SecurityEvent.id).where(SecurityEvent.kind == "quiz_attempts_reset")
            )
            is None
        )


def test_revoking_a_certificate_is_audited(app, admin, journey):
    learner = journey.users["B"]
    with app.app_context():
        certificate = db.session.scalars(
            select(Certificate).where(Certificate.user_id == learner)
        ).one()
        code, cid = certificate.code, certificate.id
    unconfirmed = admin.post(
        f"/admin/learners/{learner}/certificates/{code}/revoke",
        {f"revoke{cid}-reason": "Certifikát vydán omylem."},
    )
    assert unconfirmed.status_code == 302  # back to the learner, with the message
    with app.app_context():
        assert db.session.get(Certificate, cid).revoked_at is None  # revoking asks to confirm
    response = admin.post(
        f"/admin/learners/{learner}/certificates/{code}/revoke",
        {f"revoke{cid}-reason": "Certifikát vydán omylem.", f"revoke{cid}-confirm": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Certificate, cid).revoked_at is not None
        kinds = db.session.scalars(select(SecurityEvent.kind)).all()
        assert "certificate_revoked" in kinds
    # another learner's certificate is not found under this learner
    other = journey.users["A"]
    assert (
        admin.post(
            f"/admin/learners/{other}/certificates/{code}/revoke", {f"revoke{cid}-reason": "x"}
        ).status_code
        == 404
    )


def test_search_ignores_case_and_diacritics(admin, journey):
    html = admin.client.get("/admin/learners?q=UCASTNIK+e").get_data(as_text=True)
    assert "Účastník E" in html and "Účastník A" not in html
    assert "1 zápis odpovídá filtru." in html


def test_silent_learners_page_takes_the_number_of_days(admin, journey):
    html = admin.client.get("/admin/silent?days=60").get_data(as_text=True)
    assert "Účastník G" in html and "Účastník F" not in html
    html = admin.client.get("/admin/silent").get_data(as_text=True)  # 14 days by default
    assert "Účastník G" in html and "Účastník F" in html and "Účastník E" not in html
    assert "2 účastníků je bez aktivity 14 a více dní." in html or "2 účastníci" in html
