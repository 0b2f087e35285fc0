"""Bulk enrolment: Excel's files read, a dry run that saves nothing, then an idempotent run."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from academy.auth.models import User
from academy.companies import roster
from academy.companies.models import Cohort, CohortMember
from academy.extensions import db
from academy.notifications.models import OutboxMail
from tests.companies.conftest import ADMIN

LIST = (
    "Jméno;E-mail\n"
    "Řehoř Žluťoučký;rehor@firma.cz\n"
    "Účastník Čeněk 0;ucastnik0@pojistovna.cz\n"
    "Šárka Nová;sarka@firma.cz\n"
    "Šárka Nová podruhé;SARKA@firma.cz\n"
    "Bez adresy;ne-adresa\n"
    "Podvodník;pаypal@firma.cz\n"  # a Cyrillic а
)


def test_excels_semicolon_file_with_a_bom_keeps_czech_names():
    lines = roster.read_roster(roster.decode(("\ufeff" + LIST).encode("utf-8")))
    assert [(ln.name, ln.email) for ln in lines[:1]] == [("Řehoř Žluťoučký", "rehor@firma.cz")]


def test_an_older_excels_windows_1250_file_is_read():
    lines = roster.read_roster(roster.decode("Šárka Nová,sarka@firma.cz\n".encode("cp1250")))
    assert [(ln.name, ln.email) for ln in lines] == [("Šárka Nová", "sarka@firma.cz")]


def test_a_list_longer_than_the_limit_is_refused():
    text = "".join(f"P{n};p{n}@firma.cz\n" for n in range(roster.MAX_ROWS + 5))
    with pytest.raises(roster.RosterTooLong):
        roster.read_roster(text)


def _post(auth, world, action: str, text: str = LIST):
    return auth.post(f"/admin/cohorts/{world.cohort_id}/people", {"people": text, action: "1"})


def test_the_dry_run_reports_each_row_and_saves_nothing(app, auth, world):
    auth.login(ADMIN)
    html = _post(auth, world, "dry_run").get_data(as_text=True)
    with app.app_context():
        members = db.session.scalar(select(func.count()).select_from(CohortMember))
    verdicts = [
        v
        for v in ("new", "member", "duplicate", "invalid", "look_alike")
        if f'data-verdict="{v}"' in html
    ]
    assert (verdicts, members) == (["new", "member", "duplicate", "invalid", "look_alike"], 4)


def test_sending_adds_the_new_people_once_and_invites_them_through_the_outbox(app, auth, world):
    auth.login(ADMIN)
    _post(auth, world, "send")
    _post(auth, world, "send")  # the same list again: nobody twice
    with app.app_context():
        members = db.session.scalar(
            select(func.count())
            .select_from(CohortMember)
            .where(CohortMember.cohort_id == world.cohort_id)
        )
        invited = db.session.scalars(
            select(OutboxMail.to_address).where(OutboxMail.kind == "invitation")
        ).all()
        taken = db.session.get(Cohort, world.cohort_id).seats_taken
    assert (members, sorted(invited), taken) == (5, ["rehor@firma.cz", "sarka@firma.cz"], 5)


def test_an_uploaded_csv_works_as_a_pasted_list(app, auth, world):
    auth.login(ADMIN)
    from tests.conftest import csrf_token

    token = csrf_token(auth.client, f"/admin/cohorts/{world.cohort_id}")
    upload = (io.BytesIO(("\ufeff" + LIST).encode()), "lide.csv")
    auth.client.post(
        f"/admin/cohorts/{world.cohort_id}/people",
        data={"csrf_token": token, "upload": upload, "send": "1"},
        content_type="multipart/form-data",
    )
    with app.app_context():
        rehor = db.session.scalar(select(User).where(User.email == "rehor@firma.cz"))
        assert rehor.full_name == "Řehoř Žluťoučký"


def test_a_list_without_addresses_says_so(auth, world):
    auth.login(ADMIN)
    response = _post(auth, world, "dry_run", "jen jméno\n")
    assert "V seznamu není žádná e-mailová adresa." in response.get_data(as_text=True)
