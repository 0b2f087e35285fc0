"""Names with bidi controls (U+202E) or right-to-left letters are isolated wherever they are
shown (<bdi>, or FSI…PDI where no markup can go), so they cannot reorder the rest of a line
in the admin tables, the learner's page, the quiz results or the footer."""

from __future__ import annotations

import re

from academy.auth.models import Role

NAME = "Jiří \u202eýntsaťŠ"  # a right-to-left override inside the name
EMAIL = "jiri@example.cz"


def _unisolated(html: str) -> list[str]:
    """Lines where the override sits outside every <bdi>, FSI…PDI or dir="auto" element."""
    html = re.sub(r"<bdi>.*?</bdi>", "", html, flags=re.S)
    html = re.sub("\u2068.*?\u2069", "", html, flags=re.S)
    html = re.sub(r'<p dir="auto">.*?</p>', "", html, flags=re.S)
    return [line.strip() for line in html.splitlines() if "\u202e" in line]


def test_names_are_isolated_in_admin_pages_and_the_learners_own(app, auth, client, imported):
    learner_id = auth.create(email=EMAIL, name=NAME)
    auth.login(email=EMAIL)
    auth.post("/courses/demo-kurz/enrol")
    for page in ("/my", "/account"):
        html = client.get(page).get_data(as_text=True)
        assert f"<bdi>{NAME}</bdi>" in html, page
        assert _unisolated(html) == [], page
    auth.logout()
    auth.create(email="admin@example.cz", name="Správce", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    for page in ("/admin/learners", f"/admin/learners/{learner_id}", "/admin/security-log"):
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert NAME in html or EMAIL in html, page
        assert _unisolated(html) == [], page
