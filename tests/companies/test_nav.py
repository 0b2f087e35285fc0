"""The header's link to the team page: for people who manage a company, nobody else; read
with the signed-in user, so it costs no statement of its own."""

from __future__ import annotations

from tests.companies.conftest import ADMIN, MANAGER
from tests.querycount import page_statements

LINK = 'href="/team"'


def test_a_manager_sees_the_team_link_in_the_header(auth, client, world):
    auth.login(MANAGER)
    html = client.get("/my").get_data(as_text=True)
    assert (LINK in html, "Můj tým" in html) == (True, True)


def test_a_learner_does_not_see_the_team_link(auth, client, world):
    auth.login("ucastnik0@pojistovna.cz")
    assert (LINK in client.get("/my").get_data(as_text=True)) is False


def test_an_admin_who_manages_nothing_does_not_see_the_team_link(auth, client, world):
    auth.login(ADMIN)
    assert (LINK in client.get("/my").get_data(as_text=True)) is False


def test_the_team_link_is_in_english_for_english_pages(auth, client, world):
    auth.login(MANAGER)
    client.get("/lang/en")
    html = client.get("/my").get_data(as_text=True)
    assert ("My team" in html, "Můj tým" in html) == (True, False)


def test_the_link_costs_no_statement_of_its_own(app, auth, client, world):
    from sqlalchemy import delete

    from academy.companies.models import CompanyManager
    from academy.extensions import db

    auth.login(MANAGER)
    managing = page_statements(app, client, "/my")
    with app.app_context():
        db.session.execute(delete(CompanyManager))
        db.session.commit()
    html = client.get("/my").get_data(as_text=True)
    assert (len(managing), LINK in html) == (len(page_statements(app, client, "/my")), False)


def test_the_company_page_lists_its_managers_with_the_flag_read_beside_them(auth, client, world):
    # the flag's subquery must stay its own when the query joins company_manager too
    from tests.companies.conftest import ADMIN

    auth.login(ADMIN)
    response = client.get(f"/admin/companies/{world.company_id}")
    html = response.get_data(as_text=True)
    assert (response.status_code, "Manažerka Šárka" in html, "Manažer Banky" in html) == (
        200,
        True,
        False,
    )
