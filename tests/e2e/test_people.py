"""Accounts and personal data in a real browser: an admin invites and deactivates an account;
a learner downloads their data and deletes their account, on a phone and a desktop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from academy.auth.models import Role, User
from academy.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.test_staff import sign_in_with_two_factor

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ADMIN = "spravce@example.cz"


@pytest.mark.parametrize("lang", ["cs", "en"])
def test_admin_invites_a_person_and_deactivates_an_account(tour, auth, app, mailbox, lang):
    page, t = tour.page, tour.t
    auth.create(email=ADMIN, name="Správce Akademie", role=Role.ADMIN)
    auth.create(email="odchod@example.cz", name="Ondřej Odešel")
    if lang == "en":
        tour.open("/lang/en")
    sign_in_with_two_factor(tour, ADMIN)
    tour.open("/admin/users", "accounts")
    tour.follow(page.get_by_role("link", name=t("Pozvat nový účet")), "invite")
    page.get_by_label(t("Celé jméno")).fill("Jiří Šťastný")
    page.get_by_label(t("E-mail")).fill("jiri@example.cz")
    page.get_by_label(t("Role")).select_option("instructor")
    tour.follow(page.get_by_role("button", name=t("Poslat pozvánku")), "invited")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jiří Šťastný")
    assert [link for link in mailbox.links("jiri@example.cz") if "/invitation/" in link]

    tour.open("/admin/users?q=odesel", "accounts-search")
    tour.follow(page.get_by_role("link", name="Ondřej Odešel"), "account")
    tour.follow(page.get_by_role("button", name=t("Deaktivovat účet")), "deactivated")
    expect(page.get_by_role("button", name=t("Znovu aktivovat"))).to_be_visible()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "odchod@example.cz"))
        assert user.deactivated_at is not None


def test_learner_downloads_their_data_and_deletes_the_account(tour, auth, app):
    page, t = tour.page, tour.t
    auth.create(email="marie@example.cz", name="Marie Dvořáková")
    tour.open("/login", "login")
    page.get_by_label(t("E-mail")).fill("marie@example.cz")
    page.get_by_label(t("Heslo")).fill(PASSWORD)
    tour.follow(page.get_by_role("button", name=t("Přihlásit se")), "signed-in")
    tour.open("/account", "account")
    tour.follow(
        page.get_by_role("link", name=t("Stáhnout kopii svých údajů nebo smazat účet")), "my-data"
    )
    with page.expect_download() as info:
        page.get_by_role("button", name=t("Stáhnout moje údaje (JSON)")).click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["full_name"] == "Marie Dvořáková"

    page.get_by_label(t("Současné heslo")).fill(PASSWORD)
    page.get_by_label(t("Rozumím, že smazání účtu nelze vrátit.")).check()
    tour.follow(page.get_by_role("button", name=t("Trvale smazat účet")), "deleted")
    expect(
        page.get_by_text(
            t(
                "Váš účet je smazaný a vaše osobní údaje odstraněné. Děkujeme, že jste s námi studovali."
            )
        )
    ).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "marie@example.cz")) is None
