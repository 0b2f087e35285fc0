"""A company's manager sees their own company's people and nothing else, on every route."""

from __future__ import annotations

import re

import pytest

from tests.companies.conftest import MANAGER, OTHER_MANAGER


def test_the_manager_sees_their_team_and_not_the_other_company(auth, client, world):
    auth.login(MANAGER)
    html = client.get(f"/team/{world.company_id}").get_data(as_text=True)
    assert ("Účastník Čeněk 0" in html, "Cizí Člověk" in html) == (True, False)


def test_another_companys_team_is_not_found(auth, client, world):
    auth.login(MANAGER)
    assert client.get(f"/team/{world.other_company_id}").status_code == 404


def test_another_companys_cohort_as_a_filter_is_not_found(auth, client, world):
    auth.login(MANAGER)
    url = f"/team/{world.company_id}?cohort={world.other_cohort_id}"
    assert client.get(url).status_code == 404


def test_another_companys_export_is_not_found(auth, client, world):
    auth.login(MANAGER)
    assert client.get(f"/team/{world.other_company_id}/team.csv").status_code == 404


def test_reminding_someone_of_another_company_is_not_found(auth, client, world):
    auth.login(MANAGER)
    url = f"/team/{world.company_id}/cohorts/{world.other_cohort_id}/remind/{world.outsider_id}"
    assert auth.post(url).status_code == 404


def test_reminding_an_outsider_through_ones_own_cohort_is_not_found(auth, client, world):
    auth.login(MANAGER)
    url = f"/team/{world.company_id}/cohorts/{world.cohort_id}/remind/{world.outsider_id}"
    assert auth.post(url).status_code == 404


def test_a_learner_who_manages_nothing_gets_no_team(auth, client, world):
    auth.login("ucastnik0@pojistovna.cz")
    assert client.get(f"/team/{world.company_id}").status_code == 404


def test_team_goes_straight_to_the_one_company_managed(auth, client, world):
    auth.login(OTHER_MANAGER)
    assert client.get("/team").headers["Location"] == f"/team/{world.other_company_id}"


def test_a_manager_without_two_factor_is_sent_to_set_it_up(app, auth, client, world):
    from academy.auth.models import User
    from academy.extensions import db

    with app.app_context():
        user = db.session.query(User).filter_by(email=MANAGER).one()
        user.totp_enabled_at = None
        db.session.commit()
    auth.login(MANAGER)
    assert client.get(f"/team/{world.company_id}").headers["Location"] == "/account/two-factor"


def _admin_get_routes(app) -> list[str]:
    """Every GET route of the admin area, reports and exports, with ids filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith(("/admin", "/audit")):
            continue
        url = re.sub(r"<int:[a-z_]+>", "1", rule.rule)
        url = re.sub(r"<(?:string:)?[a-z_]+>", "demo-kurz", url)
        urls.append(url)
    return sorted(set(urls))


def test_the_walk_covers_the_admin_reports_and_exports(app):
    urls = _admin_get_routes(app)
    assert {"/admin", "/admin/learners", "/admin/cohorts", "/admin/companies/1"} <= set(urls)


@pytest.mark.parametrize("manager", [MANAGER])
def test_a_manager_is_forbidden_every_admin_route_and_export(app, auth, client, world, manager):
    auth.login(manager)
    answers = {url: client.get(url).status_code for url in _admin_get_routes(app)}
    assert {url: code for url, code in answers.items() if code != 403} == {}
