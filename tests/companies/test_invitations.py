"""Invitation links: join once signed in; expired, revoked, used-up and full links say so."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from academy.auth.models import User
from academy.companies import services
from academy.companies.models import Cohort, CohortInvitation
from academy.db import utcnow
from academy.extensions import db
from academy.learning.models import Enrollment
from tests.companies.conftest import ADMIN
from tests.conftest import PASSWORD, csrf_token


def _link(app, world, **changes) -> str:
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == ADMIN))
        cohort = db.session.get(Cohort, world.cohort_id)
        invitation = services.create_invitation(db.session, admin, cohort, max_uses=5, days=7)
        for name, value in changes.items():
            setattr(invitation, name, value)
        db.session.commit()
        return f"/join/{invitation.token}"


def test_an_invited_person_who_signs_in_lands_enrolled(app, auth, client, world):
    link = _link(app, world)
    uid = auth.create(email="nova@pojistovna.cz", name="Nová Žofie")
    auth.login("nova@pojistovna.cz")
    response = auth.post(link)
    with app.app_context():
        enrolled = db.session.scalar(select(Enrollment.course_id).where(Enrollment.user_id == uid))
    assert (response.headers["Location"], enrolled) == ("/my", world.course_id)


def test_an_anonymous_visitor_is_offered_sign_in_that_comes_back(app, client, world):
    link = _link(app, world)
    html = client.get(link).get_data(as_text=True)
    assert f'href="/login?next={link}"' in html


def test_an_expired_link_says_so(app, auth, client, world):
    link = _link(app, world, expires_at=utcnow() - timedelta(minutes=1))
    auth.create(email="nova@pojistovna.cz", name="Nová")
    auth.login("nova@pojistovna.cz")
    response = client.get(link)
    assert (response.status_code, 'data-problem="expired"' in response.get_data(as_text=True)) == (
        410,
        True,
    )


def test_a_revoked_link_enrols_nobody(app, auth, client, world):
    link = _link(app, world, revoked_at=utcnow())
    auth.create(email="nova@pojistovna.cz", name="Nová")
    auth.login("nova@pojistovna.cz")
    assert auth.post(link).status_code == 410


def test_a_used_up_link_enrols_nobody(app, auth, client, world):
    link = _link(app, world, uses=5)
    auth.create(email="nova@pojistovna.cz", name="Nová")
    auth.login("nova@pojistovna.cz")
    assert auth.post(link).status_code == 410


def test_a_full_cohort_says_it_is_full(app, auth, client, world):
    link = _link(app, world)
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        cohort.seats = cohort.seats_taken
        db.session.commit()
    auth.create(email="nova@pojistovna.cz", name="Nová")
    auth.login("nova@pojistovna.cz")
    html = client.get(link).get_data(as_text=True)
    assert "Skupina je plná" in html


def test_an_unknown_link_is_not_found(client, world):
    assert client.get("/join/nic-takoveho").status_code == 404


def test_the_link_counts_each_person_once(app, auth, client, world):
    link = _link(app, world)
    auth.create(email="nova@pojistovna.cz", name="Nová")
    auth.login("nova@pojistovna.cz")
    auth.post(link)
    auth.post(link)
    with app.app_context():
        uses = db.session.scalar(select(CohortInvitation.uses))
    assert uses == 1


def test_a_new_person_who_signs_up_from_the_link_comes_back_to_it_and_joins(
    app, client, world, mailbox
):
    """Sign-up keeps the link through the e-mail verification (same browser), so a newcomer
    does not have to find the invitation again."""
    link = _link(app, world)
    token = csrf_token(client, f"/signup?next={link}")
    client.post(
        f"/signup?next={link}",
        data={
            "csrf_token": token,
            "full_name": "Věra Dvořáková",
            "email": "vera@pojistovna.cz",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
            "next": link,
        },
    )
    [verify] = [u for u in mailbox.links("vera@pojistovna.cz") if "/verify/" in u]
    landed = client.get(re.sub(r"^https?://[^/]+", "", verify)).headers["Location"]
    assert landed == link
    client.get(link)
    joined = client.post(link, data={"csrf_token": csrf_token(client, link)})
    with app.app_context():
        uid = db.session.scalar(select(User.id).where(User.email == "vera@pojistovna.cz"))
        enrolled = db.session.scalar(select(Enrollment.course_id).where(Enrollment.user_id == uid))
    assert (joined.headers["Location"], enrolled) == ("/my", world.course_id)
