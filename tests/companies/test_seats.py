"""Seats are never exceeded, even by parallel requests, and a seat given back is reusable."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from academy.auth.models import User
from academy.auth.services import create_user
from academy.companies import seats, services
from academy.companies.models import AfterDeadline, Cohort, CohortMember, Company
from academy.courses.models import Course, Module
from academy.extensions import db
from academy.learning import progress
from academy.learning.models import Enrollment
from tests.conftest import PASSWORD


def _small_cohort(app, size: int) -> int:
    with app.app_context():
        admin = create_user(db.session, email="a@example.cz", full_name="A", password=PASSWORD)
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))
        company = services.save_company(
            db.session, admin, services.CompanyFields("F", None, "", "")
        )
        cohort = services.save_cohort(
            db.session,
            admin,
            company,
            services.CohortFields("S", size, None, None, AfterDeadline.LATE, [course.id]),
        )
        db.session.commit()
        return cohort.id


def _people(app, count: int) -> list[int]:
    with app.app_context():
        ids = [
            create_user(
                db.session, email=f"p{n}@example.cz", full_name=f"Přemysl {n}", password=PASSWORD
            ).id
            for n in range(count)
        ]
        db.session.commit()
        return ids


def test_parallel_joins_never_fill_more_seats_than_the_cohort_has(app, imported):
    cohort_id = _small_cohort(app, 3)
    people = _people(app, 10)
    start = threading.Barrier(len(people))
    outcomes: list[str] = []

    def join(uid: int) -> None:
        with app.app_context():
            start.wait(timeout=30)  # no transaction is open while the threads line up
            cohort = db.session.get(Cohort, cohort_id)
            user = db.session.get(User, uid)
            try:
                seats.join(db.session, cohort, user)
                db.session.commit()
                outcomes.append("joined")
            except seats.CohortFull:
                db.session.rollback()
                outcomes.append("full")

    threads = [threading.Thread(target=join, args=(uid,)) for uid in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        members = db.session.scalar(select(func.count()).select_from(CohortMember))
        taken = db.session.get(Cohort, cohort_id).seats_taken
        enrolled = db.session.scalar(select(func.count()).select_from(Enrollment))
    assert (sorted(outcomes).count("joined"), members, taken, enrolled) == (3, 3, 3, 3)


def test_joining_twice_takes_one_seat(app, imported):
    cohort_id = _small_cohort(app, 5)
    [uid] = _people(app, 1)
    with app.app_context():
        cohort, user = db.session.get(Cohort, cohort_id), db.session.get(User, uid)
        first = seats.join(db.session, cohort, user)
        second = seats.join(db.session, cohort, user)
        db.session.commit()
        assert (first.new, second.new, cohort.seats_taken) == (True, False, 1)


def test_a_person_removed_before_starting_gives_the_seat_back(app, imported):
    cohort_id = _small_cohort(app, 1)
    first, second = _people(app, 2)
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        seats.join(db.session, cohort, db.session.get(User, first))
        assert seats.remove(db.session, cohort, first) is True
        seats.join(db.session, cohort, db.session.get(User, second))
        db.session.commit()
        assert cohort.seats_taken == 1


def test_a_person_who_started_keeps_the_seat_used_and_their_progress(app, imported):
    cohort_id = _small_cohort(app, 1)
    [uid] = _people(app, 1)
    with app.app_context():
        cohort, user = db.session.get(Cohort, cohort_id), db.session.get(User, uid)
        seats.join(db.session, cohort, user)
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))
        outline = progress.outline(db.session, user, course)
        module = db.session.scalar(select(Module).where(Module.slug == "uvod"))
        progress.complete_module(db.session, user, outline, module)
        assert seats.remove(db.session, cohort, uid) is False
        db.session.commit()
        done = progress.outline(db.session, user, course).done_count
        assert (cohort.seats_taken, done) == (1, 1)


def test_a_full_cohort_refuses_and_writes_nothing(app, imported):
    cohort_id = _small_cohort(app, 0)
    [uid] = _people(app, 1)
    with app.app_context():
        cohort, user = db.session.get(Cohort, cohort_id), db.session.get(User, uid)
        with pytest.raises(seats.CohortFull):
            seats.join(db.session, cohort, user)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 0


def test_fewer_seats_than_are_taken_cannot_be_set(app, imported):
    cohort_id = _small_cohort(app, 2)
    people = _people(app, 2)
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        for uid in people:
            seats.join(db.session, cohort, db.session.get(User, uid))
        company = db.session.get(Company, cohort.company_id)
        fields = services.CohortFields("S", 1, date(2027, 1, 1), None, AfterDeadline.LATE, [])
        admin = db.session.scalar(select(User).where(User.email == "a@example.cz"))
        with pytest.raises(services.SeatsBelowTaken):
            services.save_cohort(db.session, admin, company, fields, cohort)
