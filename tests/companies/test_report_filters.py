"""The admin reports (learners table, silent learners, overview, CSV exports) filtered by
company and cohort: one condition in the report's own statement, 404 for a company or
cohort the member of staff does not see, and managers kept out of the admin area."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from academy.admin.overview import course_figures
from academy.companies.report_scope import ReportScope
from academy.courses.models import Course
from academy.db import utcnow
from academy.extensions import db
from tests.companies.conftest import ADMIN, MANAGER, OTHER_MANAGER
from tests.querycount import page_statements

OURS, THEIRS = "Účastník Čeněk 0", "Cizí Člověk"


def _names(html: str) -> tuple[bool, bool]:
    return OURS in html, THEIRS in html


def test_the_learners_table_filtered_by_company_shows_only_its_people(auth, client, world):
    auth.login(ADMIN)
    html = client.get(f"/admin/learners?company={world.company_id}").get_data(as_text=True)
    assert _names(html) == (True, False)


def test_the_learners_table_filtered_by_cohort_shows_only_its_people(auth, client, world):
    auth.login(ADMIN)
    html = client.get(f"/admin/learners?cohort={world.other_cohort_id}").get_data(as_text=True)
    assert _names(html) == (False, True)


def test_the_unfiltered_table_shows_everyone(auth, client, world):
    auth.login(ADMIN)
    assert _names(client.get("/admin/learners").get_data(as_text=True)) == (True, True)


def _options(html: str) -> list[tuple[str, str, str]]:
    """(group, value, text) of each option of the company and cohort select."""
    start = html.index('<select id="scope"')
    select = html[start : html.index("</select>", start)]
    found, group = [], ""
    pattern = r'<optgroup label="([^"]*)">|<option value="([^"]*)"[^>]*>([^<]*)<'
    for tag in re.finditer(pattern, select):
        if tag[1] is not None:
            group = tag[1]
        else:
            found.append((group, tag[2], tag[3]))
    return found


def test_the_filter_offers_every_cohort_grouped_by_company_in_one_select(auth, client, world):
    auth.login(ADMIN)
    html = client.get("/admin/learners").get_data(as_text=True)
    assert _options(html) == [
        ("", "", "Všechny firmy a skupiny"),
        ("Banka Ž", f"company-{world.other_company_id}", "Banka Ž – celá firma"),
        ("Banka Ž", f"cohort-{world.other_cohort_id}", "Banka Ž – podzim"),
        ("Pojišťovna Ě", f"company-{world.company_id}", "Pojišťovna Ě – celá firma"),
        ("Pojišťovna Ě", f"cohort-{world.cohort_id}", "Pojišťovna Ě – jaro 2027"),
    ]


def test_a_cohort_chosen_in_the_one_select_filters_and_stays_selected(auth, client, world):
    auth.login(ADMIN)
    html = client.get(f"/admin/learners?scope=cohort-{world.other_cohort_id}").get_data(
        as_text=True
    )
    selected = f'<option value="cohort-{world.other_cohort_id}" selected>'
    assert (_names(html), selected in html) == ((False, True), True)


def test_a_whole_company_chosen_in_the_one_select_filters(auth, client, world):
    auth.login(ADMIN)
    html = client.get(f"/admin/learners?scope=company-{world.company_id}").get_data(as_text=True)
    assert _names(html) == (True, False)


def test_a_scope_value_that_is_no_choice_is_ignored(auth, client, world):
    auth.login(ADMIN)
    response = client.get("/admin/learners?scope=firma-1")
    assert (response.status_code, _names(response.get_data(as_text=True))) == (200, (True, True))


def test_a_cohort_in_the_one_select_that_does_not_exist_is_not_found(auth, client, world):
    auth.login(ADMIN)
    assert client.get("/admin/learners?scope=cohort-999999").status_code == 404


def test_an_unknown_company_is_not_found(auth, client, world):
    auth.login(ADMIN)
    assert client.get("/admin/learners?company=999999").status_code == 404


def test_an_id_no_row_can_have_is_not_found_without_asking_the_database(auth, client, world):
    auth.login(ADMIN)
    assert client.get("/admin/learners?company=99999999999999999999").status_code == 404


def test_a_company_that_is_not_a_number_is_ignored(auth, client, world):
    auth.login(ADMIN)
    response = client.get("/admin/learners?company=abc&cohort=x")
    assert (response.status_code, _names(response.get_data(as_text=True))) == (200, (True, True))


def test_a_cohort_of_another_company_than_the_one_chosen_is_dropped(auth, client, world):
    # the form sends the old cohort when the company is changed: the company wins
    auth.login(ADMIN)
    url = f"/admin/learners?company={world.company_id}&cohort={world.other_cohort_id}"
    response = client.get(url)
    assert (response.status_code, _names(response.get_data(as_text=True))) == (200, (True, False))


def test_the_silent_learners_respect_the_company(app, auth, client, world):
    auth.login(ADMIN)
    url = f"/admin/silent?company={world.other_company_id}&days=1"
    with app.app_context():  # everyone silent for two days
        from academy.learning.models import LearnerActivity

        db.session.query(LearnerActivity).update(
            {LearnerActivity.last_activity_at: utcnow() - timedelta(days=2)}
        )
        db.session.commit()
    assert _names(client.get(url).get_data(as_text=True)) == (False, True)


def _csv_names(response) -> set[str]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}


def test_the_progress_export_respects_the_company(auth, client, world):
    auth.login(ADMIN)
    response = client.get(f"/admin/exports/progress.csv?company={world.company_id}")
    assert _csv_names(response) == {f"Účastník Čeněk {n}" for n in range(3)}


def test_the_progress_export_respects_the_cohort(auth, client, world):
    auth.login(ADMIN)
    response = client.get(f"/admin/exports/progress.csv?cohort={world.other_cohort_id}")
    assert _csv_names(response) == {THEIRS}


def test_the_quiz_export_of_an_unknown_cohort_is_not_found(auth, client, world):
    auth.login(ADMIN)
    assert client.get("/admin/exports/quiz-results.csv?cohort=999999").status_code == 404


def test_the_overview_counts_only_the_companys_enrolments(app, world):
    with app.app_context():
        course = db.session.get(Course, world.course_id)
        every = course_figures(db.session, [course], utcnow())[0].enrolled
        ours = course_figures(db.session, [course], utcnow(), ReportScope(world.company_id))[
            0
        ].enrolled
        theirs = course_figures(
            db.session,
            [course],
            utcnow(),
            ReportScope(world.other_company_id, world.other_cohort_id),
        )[0].enrolled
    assert (every, ours, theirs) == (4, 3, 1)


def test_the_overview_page_takes_the_filter(auth, client, world):
    auth.login(ADMIN)
    response = client.get(f"/admin?company={world.company_id}")
    html = response.get_data(as_text=True)
    assert (response.status_code, "Filtr podle firmy" in html) == (200, True)


def test_filtering_adds_no_statement(app, auth, client, world):
    # the filter's choices (one query) are read for the unfiltered page too; the chosen
    # company or cohort is checked against them without asking again
    auth.login(ADMIN)
    plain = len(page_statements(app, client, "/admin/learners"))
    company = len(page_statements(app, client, f"/admin/learners?company={world.company_id}"))
    cohort = len(page_statements(app, client, f"/admin/learners?scope=cohort-{world.cohort_id}"))
    assert (company - plain, cohort - plain) == (0, 0)


def test_the_filtered_table_costs_the_same_for_more_people(app, auth, client, world):
    from academy.auth.models import User
    from academy.companies import seats
    from academy.companies.models import Cohort

    auth.login(ADMIN)
    url = f"/admin/learners?cohort={world.cohort_id}"
    few = len(page_statements(app, client, url))
    ids = [auth.create(email=f"dalsi{n}@pojistovna.cz", name=f"Další {n}") for n in range(5)]
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        for uid in ids:
            seats.join(db.session, cohort, db.session.get(User, uid))
        db.session.commit()
    assert len(page_statements(app, client, url)) == few


# --- managers: their company's people only, on every route ----------------------------------


def test_a_manager_is_forbidden_the_admin_table_even_filtered_to_their_company(auth, client, world):
    # managers see their people on /team only; the admin area is staff's (403, not 404)
    auth.login(MANAGER)
    assert client.get(f"/admin/learners?company={world.company_id}").status_code == 403


def test_a_manager_is_forbidden_the_other_companys_export(auth, client, world):
    auth.login(MANAGER)
    url = f"/admin/exports/progress.csv?company={world.other_company_id}"
    assert client.get(url).status_code == 403


def test_the_other_manager_does_not_find_the_first_companys_team_or_export(auth, client, world):
    auth.login(OTHER_MANAGER)
    answers = [
        client.get(f"/team/{world.company_id}").status_code,
        client.get(f"/team/{world.company_id}/team.csv").status_code,
        client.get(f"/team/{world.other_company_id}?cohort={world.cohort_id}").status_code,
    ]
    assert answers == [404, 404, 404]


def test_the_other_managers_team_csv_holds_only_their_people(auth, client, world):
    auth.login(OTHER_MANAGER)
    text = client.get(f"/team/{world.other_company_id}/team.csv").get_data(as_text=True)
    assert (THEIRS in text, "Čeněk" in text) == (True, False)


def test_the_filtered_overview_links_to_the_companys_learners_of_each_course(auth, client, world):
    auth.login(ADMIN)
    html = client.get(f"/admin?cohort={world.cohort_id}").get_data(as_text=True)
    link = f"/admin/learners?course=demo-kurz&amp;company={world.company_id}&amp;cohort={world.cohort_id}"
    assert link in html


# --- instructors: the companies of their courses' cohorts only -----------------------------


def test_the_courses_instructor_filters_by_a_company_of_their_course(auth, client, world):
    from academy.auth.models import Role

    auth.create(email="jiri@example.cz", name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.login("jiri@example.cz")
    html = client.get(f"/admin/learners?company={world.company_id}").get_data(as_text=True)
    assert _names(html) == (True, False)


def test_an_instructor_of_no_course_does_not_find_the_company(auth, client, world):
    from academy.auth.models import Role

    auth.create(email="jina@example.cz", name="Jiná Lektorka", role=Role.INSTRUCTOR)
    auth.login("jina@example.cz")
    answers = (
        client.get(f"/admin/learners?company={world.company_id}").status_code,
        client.get(f"/admin/learners?cohort={world.cohort_id}").status_code,
        "Pojišťovna Ě" in client.get("/admin/learners").get_data(as_text=True),
    )
    assert answers == (404, 404, False)


def test_the_quiz_export_holds_only_the_cohorts_attempts(app, auth, client, world):
    from tests.conftest import csrf_token

    auth.login("ucastnik0@pojistovna.cz")
    token = csrf_token(client, "/my")
    attempt = client.post("/courses/demo-kurz/kviz/attempts", data={"csrf_token": token})
    client.post(
        attempt.headers["Location"],
        data={
            "csrf_token": csrf_token(client, attempt.headers["Location"]),
            "submit": "1",
            "submit_anyway": "1",
        },
    )
    auth.logout()
    auth.login(ADMIN)
    # each streamed file read before the next request (its context lasts until it is read)
    ours = _csv_names(client.get(f"/admin/exports/quiz-results.csv?company={world.company_id}"))
    url = f"/admin/exports/quiz-results.csv?company={world.other_company_id}"
    assert (ours, _csv_names(client.get(url))) == ({OURS}, set())
