"""Reviewed work in the admin: the course page's counts and time to first review, template
downloads, the learner's timeline and the CSV of hand-ins."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from academy.assignments.models import SubmissionVersion, WorkSubmission
from academy.extensions import db
from tests.assignments.conftest import (
    INSTRUCTOR,
    MODULE,
    QUEUE,
    hand_in,
    revision,
    staff,
    submission,
)
from tests.conftest import Auth
from tests.querycount import count_statements


def _reviewed(app, learner) -> Auth:
    learner.client.get(f"{MODULE}/resources/sablona-kpi-tabulka.xlsx")
    hand_in(learner, app)
    reviewer = Auth(app, app.test_client())
    staff(app, reviewer)
    reviewer.login(email=INSTRUCTOR)
    sid = submission(app).id
    reviewer.post(
        f"{QUEUE}/{sid}/decision",
        {
            "revision": str(revision(app)),
            "score_c1": "2",
            "score_c2": "1",
            "feedback": "Doplňte trend.",
            "give_back": "y",
        },
    )
    with app.app_context():  # the review came 5 hours after the hand-in
        first = submission(app).first_submitted_at
        db.session.execute(
            update(WorkSubmission).values(first_reviewed_at=first + timedelta(hours=5))
        )
        db.session.execute(update(SubmissionVersion).values(reviewed_at=first + timedelta(hours=5)))
        db.session.commit()
    return reviewer


def test_course_page_shows_assignment_counts_time_to_first_review_and_downloads(app, learner):
    reviewer = _reviewed(app, learner)
    with count_statements(app) as queries:
        page = reviewer.client.get("/admin/courses/praxe-v-cx").get_data(as_text=True)
    assert "Úkoly s hodnocením" in page
    assert (
        '<th scope="row">Úkol: tabulka KPI</th><td class="num">1</td><td class="num">0</td>'
        '<td class="num">1</td><td class="num">0</td>' in page
    )
    assert "5 h" in page
    assert "sablona-kpi-tabulka.xlsx" in page and "1 stažení" in page
    assert len(queries) <= 40


def test_learner_timeline_lists_hand_ins_and_reviews(app, learner):
    reviewer = _reviewed(app, learner)
    with app.app_context():
        user_id = submission(app).user_id
    page = reviewer.client.get(f"/admin/learners/{user_id}").get_data(as_text=True)
    assert "Odevzdaný úkol „Úkol: tabulka KPI“, verze 1" in page
    assert "Vrácený úkol „Úkol: tabulka KPI“, verze 1 · 3 b." in page


def test_csv_has_every_hand_in_with_hours_to_review(app, learner):
    reviewer = _reviewed(app, learner)
    response = reviewer.client.get("/admin/exports/assignments.csv?course=praxe-v-cx")
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert (
        lines[0]
        == "Jméno,E-mail,Kurz,Úkol,Verze,Odevzdáno,Rozhodnutí,Body,Ohodnoceno,Hodin do hodnocení"
    )
    assert lines[1].startswith("Lucie Malá,lucie@example.cz,Praxe v CX,Úkol: tabulka KPI,1,")
    assert lines[1].split(",")[6:8] + lines[1].split(",")[9:] == ["vráceno", "3", "5"]
    assert len(lines) == 2


def test_a_learner_cannot_read_the_assignments_csv(app, learner):
    assert learner.client.get("/admin/exports/assignments.csv").status_code == 403
