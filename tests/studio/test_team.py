"""Who teaches a course, set by an admin in the studio: accounts found by name or e-mail
without diacritics, added and removed (written into course.md), and invitations for an
address with no account: mailed through the outbox, single use, revocable, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from academy.audit.models import SecurityEvent
from academy.auth.models import Role, User
from academy.courses.models import Course
from academy.db import utcnow
from academy.extensions import db
from academy.studio.models import CourseInvitation
from tests.conftest import PASSWORD, csrf_token
from tests.studio.samples import COURSE, INSTRUCTOR, sign_in

ADMIN = "spravce@example.cz"
TEAM = f"/studio/courses/{COURSE}/instructors"
NEW = "nova.lektorka@example.cz"


@pytest.fixture
def admin(app, auth, imported):
    auth.create(email=INSTRUCTOR, name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.create(email="jirina@example.cz", name="Jiřina Nováková")  # a learner
    sign_in(auth, ADMIN, Role.ADMIN)
    return auth


def _course(app) -> Course:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        db.session.expunge(course)
        return course


def _emails(app) -> list[str]:
    return [p["email"] for p in _course(app).instructors]


def _invite(client, email: str = NEW, name: str = "Nová Lektorka"):
    return client.post(
        f"/studio/courses/{COURSE}/invitations",
        data={"csrf_token": csrf_token(client, TEAM), "email": email, "full_name": name},
    )


def _link_path(mailbox, email: str = NEW) -> str:
    (link,) = [link for link in mailbox.links(email) if "/studio/invitations/" in link]
    return "/" + link.split("/", 3)[3]


def test_a_name_without_diacritics_finds_the_account(admin, client):
    page = client.get(f"{TEAM}?q=jirina").get_data(as_text=True)
    assert "Jiřina Nováková" in page
    found = client.get(f"{TEAM}/search.json?q=NOVAKOVA").get_json()
    assert [a["email"] for a in found["accounts"]] == ["jirina@example.cz"]


def test_the_search_leaves_out_who_already_teaches(admin, client):
    found = client.get(f"{TEAM}/search.json?q=jiri").get_json()
    assert [a["email"] for a in found["accounts"]] == ["jirina@example.cz"]


def test_an_added_account_teaches_the_course_and_course_md_lists_it(app, admin, client):
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "jirina@example.cz"))
    added = client.post(TEAM, data={"csrf_token": csrf_token(client, TEAM), "user_id": user_id})
    assert added.headers["Location"] == TEAM
    course = _course(app)
    assert [p["email"] for p in course.instructors] == [INSTRUCTOR, "jirina@example.cz"]
    assert "email: jirina@example.cz" in course.source
    with app.app_context():
        assert db.session.get(User, user_id).role is Role.INSTRUCTOR
        event = db.session.scalar(
            select(SecurityEvent).where(SecurityEvent.kind == "studio_instructors_changed")
        )
    assert event.details["after"] == [INSTRUCTOR, "jirina@example.cz"]


def test_an_instructor_is_removed_but_the_last_one_stays(app, admin, client):
    token = csrf_token(client, TEAM)
    last = client.post(f"{TEAM}/remove", data={"csrf_token": token, "email": INSTRUCTOR})
    assert last.headers["Location"] == TEAM
    assert "Kurz musí mít aspoň jednoho lektora." in client.get(TEAM).get_data(as_text=True)
    assert _emails(app) == [INSTRUCTOR]
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "jirina@example.cz"))
    client.post(TEAM, data={"csrf_token": token, "user_id": user_id})
    client.post(f"{TEAM}/remove", data={"csrf_token": token, "email": INSTRUCTOR})
    assert _emails(app) == ["jirina@example.cz"]
    assert "jiri@example.cz" not in _course(app).source


def test_an_instructor_cannot_open_the_team_page(auth, client, imported):
    sign_in(auth)
    assert client.get(TEAM).status_code == 403


def test_an_invitation_is_mailed_and_a_second_one_is_not(app, admin, client, mailbox):
    assert _invite(client).headers["Location"] == TEAM
    assert "Pozvánka pro nova.lektorka@example.cz je na cestě." in client.get(TEAM).get_data(
        as_text=True
    )
    assert _invite(client).headers["Location"] == TEAM
    assert len(mailbox.links(NEW)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(CourseInvitation.id))) == 1


def test_an_address_with_an_account_is_picked_not_invited(admin, client, mailbox):
    response = _invite(client, "jirina@example.cz")
    assert response.status_code == 400
    assert "už účet má" in response.get_data(as_text=True)
    assert mailbox.links("jirina@example.cz") == []


def test_a_mistyped_address_is_explained(admin, client):
    response = _invite(client, "nova.lektorka@")
    assert response.status_code == 400
    assert "Zadejte platnou e-mailovou adresu" in response.get_data(as_text=True)


def test_signing_up_through_the_invitation_makes_an_instructor_once(
    app, admin, auth, client, mailbox
):
    _invite(client)
    path = _link_path(mailbox)
    auth.logout()
    assert "Založit účet" in client.get(path).get_data(as_text=True)
    signup = client.post(
        "/signup",
        data={
            "csrf_token": csrf_token(client, "/signup"),
            "full_name": "Nová Lektorka",
            "email": NEW,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
            "next": path,
        },
    )
    assert signup.status_code == 302
    verify = next(link for link in mailbox.links(NEW) if "/studio/invitations/" not in link)
    assert client.get("/" + verify.split("/", 3)[3]).headers["Location"] == path
    accepted = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert accepted.status_code == 302
    assert _emails(app) == [INSTRUCTOR, NEW]
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == NEW)) is Role.INSTRUCTOR
    assert client.get(path).status_code == 400  # used up


def test_an_invitation_for_another_address_is_refused(app, admin, auth, client, mailbox):
    _invite(client)
    path = _link_path(mailbox)
    auth.logout()
    auth.login(email="jirina@example.cz")
    refused = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert refused.status_code == 400
    assert "Pozvánka patří adrese nova.lektorka@example.cz." in refused.get_data(as_text=True)
    assert _emails(app) == [INSTRUCTOR]


def test_a_revoked_invitation_opens_nothing(app, admin, client, mailbox):
    _invite(client)
    path = _link_path(mailbox)
    with app.app_context():
        invitation_id = db.session.scalar(select(CourseInvitation.id))
    revoked = client.post(
        f"/studio/courses/{COURSE}/invitations/{invitation_id}/revoke",
        data={"csrf_token": csrf_token(client, TEAM)},
    )
    assert revoked.headers["Location"] == TEAM
    assert client.get(path).status_code == 400


def test_an_expired_invitation_opens_nothing(app, admin, client, mailbox):
    _invite(client)
    path = _link_path(mailbox)
    with app.app_context():
        db.session.execute(
            update(CourseInvitation).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    assert client.get(path).status_code == 400


def test_the_search_and_the_team_page_make_a_bounded_number_of_statements(app, admin, client):
    from tests.learning.test_progress import count_statements

    client.get(TEAM)  # warm: the session's last-seen time may be written once
    with count_statements(app) as search:
        client.get(f"{TEAM}/search.json?q=jiri")
    with count_statements(app) as page:
        client.get(f"{TEAM}?q=jiri")
    assert len(search) <= 4, search  # session, user, course, the accounts
    assert len(page) <= 5, page  # ... and the pending invitations


def test_an_invitation_revoked_after_its_link_was_read_is_not_accepted(app, admin, mailbox):
    from academy.studio import team
    from academy.studio.authoring import StudioError

    _invite(admin.client)
    token = _link_path(mailbox).rsplit("/", 1)[1]
    admin.create(email=NEW, name="Nová Lektorka")
    with app.test_request_context():
        invitation, course = team.by_token(db.session, token)  # the page was opened
        db.session.execute(update(CourseInvitation).values(revoked_at=utcnow()))
        db.session.commit()  # meanwhile the admin revoked it
        user = db.session.scalar(select(User).where(User.email == NEW))
        with pytest.raises(StudioError, match="Pozvánka už neplatí"):
            team.accept(db.session, invitation, course, user)
        db.session.rollback()
    assert _emails(app) == [INSTRUCTOR]
