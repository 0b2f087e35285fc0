"""The whole story through the pages: download the template, write, upload, hand in; an
instructor returns it with rubric scores; the learner resubmits; the instructor accepts; the
module, the course and the certificate follow in that transaction; the learner is mailed."""

from __future__ import annotations

import io

from sqlalchemy import select

from academy.assignments.models import ResourceDownload, SubmissionVersion, WorkSubmission
from academy.audit.models import SecurityEvent
from academy.auth.models import User
from academy.certificates.models import Certificate
from academy.companies.models import Cohort, CohortCourse, CohortMember, Company
from academy.courses.models import Course
from academy.extensions import db
from academy.learning.models import Enrollment, ModuleProgress
from academy.questions import triggers
from tests.assignments.conftest import (
    COURSE,
    INSTRUCTOR,
    LEARNER,
    MODULE,
    OTHER,
    QUEUE,
    TEXT,
    WORK,
    hand_in,
    revision,
    staff,
    submission,
    xlsx_bytes,
)
from tests.conftest import Auth, csrf_token


def _instructor(app) -> Auth:
    staff(app, Auth(app, app.test_client()))
    reviewer = Auth(app, app.test_client())
    reviewer.login(email=INSTRUCTOR)
    return reviewer


def _decide(reviewer: Auth, app, sid: int, button: str, scores: dict, feedback: str):
    data = {"revision": str(revision(app)), "feedback": feedback, button: "y"}
    data |= {f"score_{key}": str(points) for key, points in scores.items()}
    return reviewer.post(f"{QUEUE}/{sid}/decision", data)


def test_template_download_is_an_attachment_counted_for_the_course(app, learner):
    response = learner.client.get(f"{MODULE}/resources/sablona-kpi-tabulka.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=sablona-kpi-tabulka.xlsx"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.data == xlsx_bytes()
    with app.app_context():
        assert db.session.scalar(select(ResourceDownload.name)) == "sablona-kpi-tabulka.xlsx"


def test_a_learner_of_another_course_cannot_download_the_template(app, auth, practice):
    auth.create(email="cizi@example.cz", name="Cizí Člověk")
    auth.login(email="cizi@example.cz")
    response = auth.client.get(f"{MODULE}/resources/sablona-kpi-tabulka.xlsx")
    assert response.status_code == 404


def test_autosaved_text_is_there_after_a_reload_and_in_another_tab(app, learner):
    token = csrf_token(learner.client, MODULE)
    response = learner.client.post(
        f"{MODULE}/work/draft", json={"text": "Rozepsaný závěr"}, headers={"X-CSRFToken": token}
    )
    assert response.json["saved"] is True
    other_tab = Auth(app, app.test_client())
    other_tab.login(email="lucie@example.cz")
    assert "Rozepsaný závěr</textarea>" in other_tab.client.get(MODULE).get_data(as_text=True)


def test_return_resubmit_accept_completes_the_course_and_issues_the_certificate(
    app, learner, mailbox
):
    upload = (io.BytesIO(xlsx_bytes()), "moje-kpi.xlsx")
    response = hand_in(learner, app, files=[upload], button="attach")
    assert response.status_code == 302
    response = hand_in(learner, app)
    assert response.status_code == 302
    first = submission(app)
    assert (first.status, first.versions_count) == ("submitted", 1)

    reviewer = _instructor(app)
    queue = reviewer.client.get(QUEUE).get_data(as_text=True)
    assert "Lucie Malá" in queue
    page = reviewer.client.get(f"{QUEUE}/{first.id}").get_data(as_text=True)
    assert TEXT in page and "moje-kpi.xlsx" in page
    with app.app_context():
        file_id = db.session.scalar(select(SubmissionVersion)).files[0].id
    download = reviewer.client.get(f"{QUEUE}/{first.id}/files/{file_id}")
    assert download.headers["Content-Disposition"] == "attachment; filename=moje-kpi.xlsx"
    assert download.data == xlsx_bytes()

    response = _decide(
        reviewer,
        app,
        first.id,
        "give_back",
        {"c1": 2, "c2": 0},
        "Chybí šest měsíců čísel; doplňte je.",
    )
    assert response.status_code == 302
    assert submission(app).status == "returned"
    assert mailbox[-1]["Subject"] == "Úkol „Úkol: tabulka KPI“ se vrací k doplnění"

    learner_page = learner.client.get(MODULE).get_data(as_text=True)
    assert "Chybí šest měsíců čísel; doplňte je." in learner_page
    assert "2 / 2" in learner_page and "0 / 2" in learner_page
    response = hand_in(learner, app, text=TEXT + " Doplněno šest měsíců.")
    assert response.status_code == 302
    assert (submission(app).status, submission(app).versions_count) == ("submitted", 2)

    response = _decide(reviewer, app, first.id, "accept", {"c1": 2, "c2": 2}, "Výborně.")
    assert response.status_code == 302
    with app.app_context():
        versions = db.session.scalars(
            select(SubmissionVersion).order_by(SubmissionVersion.number)
        ).all()
        assert [(v.number, v.decision, v.total) for v in versions] == [
            (1, "returned", 2),
            (2, "accepted", 4),
        ]
        assert len(versions[1].files) == 1  # the file carried over into the resubmission
        assert db.session.scalar(select(ModuleProgress.completed_at)) is not None
        assert db.session.scalar(select(Enrollment.completed_at)) is not None
        assert db.session.scalar(select(Certificate.id)) is not None
        audit = db.session.scalars(
            select(SecurityEvent).where(SecurityEvent.kind == "assignment_reviewed")
        ).all()
        assert [e.details["decision"] for e in audit] == ["returned", "accepted"]
    subjects = [m["Subject"] for m in mailbox]
    assert "Úkol „Úkol: tabulka KPI“ je přijatý" in subjects
    assert "Váš certifikát z kurzu Praxe v CX" in subjects
    earlier = learner.client.get(MODULE).get_data(as_text=True)
    assert "Verze 1" in earlier and "Chybí šest měsíců čísel; doplňte je." in earlier
    assert COURSE


def test_deleting_the_account_erases_the_handed_in_text_and_files(app, learner, tmp_path):
    hand_in(learner, app, files=[(io.BytesIO(xlsx_bytes()), "moje-kpi.xlsx")], button="attach")
    hand_in(learner, app)
    stored = list((tmp_path / "private" / "submissions").rglob("*.xlsx"))
    assert len(stored) == 1
    from academy.auth.models import User
    from academy.privacy.erasure import delete_account

    with app.app_context():
        delete_account(db.session, db.session.scalar(select(User).where(User.email == LEARNER)))
        db.session.commit()
        version = db.session.scalar(select(SubmissionVersion))
        assert (version.text, version.files) == ("", [])
        assert db.session.scalar(select(WorkSubmission.versions_count)) == 1  # counts stay
    assert not stored[0].exists()


def test_work_returned_twice_offers_help_in_context(app, learner, monkeypatch):
    """The care feature's third trigger: after the second return the module page offers to
    write to the lecturer (issue 29), and not after the first."""
    monkeypatch.setattr(triggers, "is_held_out", lambda *a: False)  # not in the holdout
    reviewer = _instructor(app)
    hand_in(learner, app)
    sid = submission(app).id
    _decide(reviewer, app, sid, "give_back", {"c1": 2, "c2": 0}, "Doplňte zdroje čísel.")
    assert "help-offer" not in learner.client.get(MODULE).get_data(as_text=True)
    hand_in(learner, app, text=TEXT + " Zdroje doplněny.")
    second = _decide(reviewer, app, sid, "give_back", {"c1": 2, "c2": 0}, "Ještě chybí trend.")
    assert second.status_code == 302
    page = learner.client.get(MODULE).get_data(as_text=True)
    assert "help-offer" in page


def test_the_queue_filters_by_cohort_and_ignores_another_courses_cohort(app, learner):
    """A company's cohort opening the course: its people's work alone when filtered; a cohort
    id of no cohort of this course shows the whole queue, never another company's list."""
    hand_in(learner, app)
    other = Auth(app, app.test_client())
    other.create(email=OTHER, name="Ondřej Šťastný")
    other.login(email=OTHER)
    other.post(f"/courses/{COURSE}/enrol")
    data = {"text": TEXT, "revision": "0", "submit": "y"}
    assert other.post(WORK, data, content_type="multipart/form-data").status_code == 302
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == COURSE))
        company = Company(name="Pojišťovna X")
        db.session.add(company)
        db.session.flush()
        cohort = Cohort(company_id=company.id, name="jaro 2027", seats=5, seats_taken=1)
        stray = Cohort(company_id=company.id, name="bez kurzu", seats=5)
        db.session.add_all([cohort, stray])
        db.session.flush()
        db.session.add(CohortCourse(cohort_id=cohort.id, course_id=course_id))
        lucie = db.session.scalar(select(User.id).where(User.email == LEARNER))
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=lucie))
        db.session.commit()
        cohort_id, stray_id = cohort.id, stray.id
    reviewer = _instructor(app)
    everyone = reviewer.client.get(QUEUE).get_data(as_text=True)
    assert "Lucie Malá" in everyone and "Ondřej Šťastný" in everyone
    assert "Pojišťovna X – jaro 2027" in everyone and "bez kurzu" not in everyone
    team = reviewer.client.get(f"{QUEUE}?cohort={cohort_id}").get_data(as_text=True)
    assert "Lucie Malá" in team and "Ondřej Šťastný" not in team
    unrelated = reviewer.client.get(f"{QUEUE}?cohort={stray_id}").get_data(as_text=True)
    assert "Lucie Malá" in unrelated and "Ondřej Šťastný" in unrelated
