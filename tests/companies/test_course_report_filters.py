"""The course page (figures, funnel, ratings and comments), a module's comments and the quiz
item analysis filtered by company and cohort: the same rule and access as the other reports,
the funnel counted from its people's progress rows, and no statement more than unfiltered."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from academy.auth.models import Role, User
from academy.companies import seats
from academy.companies.models import Cohort
from academy.courses.models import Course, ModuleKind
from academy.db import utcnow
from academy.extensions import db
from academy.learning import feedback, progress
from academy.quizzes import services as quizzes
from tests.companies.conftest import ADMIN, MANAGER
from tests.querycount import page_statements

COURSE = "/admin/courses/demo-kurz"
OURS, THEIRS = "ucastnik0@pojistovna.cz", "cizi@banka.cz"


def _activity(app, emails: list[str]) -> None:
    """Each learner finishes the first lesson, rates it and submits the quiz once."""
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "demo-kurz"))
        first = min(
            (m for m in course.modules if m.kind is ModuleKind.LESSON), key=lambda m: m.position
        )
        quiz = next(m for m in course.modules if m.kind is ModuleKind.QUIZ)
        for email in emails:
            user = db.session.scalar(select(User).where(User.email == email))
            outline = progress.outline(db.session, user, course)
            progress.complete_module(db.session, user, outline, first)
            words = "Skvělé, díky – Čeněk" if email == OURS else "Nuda v bance"
            feedback.save(db.session, user, first, 5 if email == OURS else 1, words)
            attempt = quizzes.start_attempt(
                db.session, user, quiz, utcnow(), grace=timedelta(minutes=1)
            )
            quizzes.submit(db.session, user, attempt, {}, utcnow())
        db.session.commit()


def _first_step(html: str) -> tuple[int, int]:
    """(opened, finished) of the funnel's first module."""
    found = re.search(
        r'<th scope="row">1\. .*?</th>\s*<td class="num-col">(\d+)</td>\s*'
        r'<td class="num-col">(\d+)</td>',
        html,
        re.S,
    )
    assert found, "no funnel row"
    return int(found[1]), int(found[2])


def _enrolled(html: str) -> int:
    found = re.search(r'Zapsáno</th><td class="num-col">(\d+)</td>', html)
    assert found, "no enrolled row"
    return int(found[1])


def test_the_course_funnel_counts_only_the_cohorts_people(app, auth, client, world):
    _activity(app, [OURS, THEIRS])
    auth.login(ADMIN)
    every = client.get(COURSE).get_data(as_text=True)
    ours = client.get(f"{COURSE}?scope=cohort-{world.cohort_id}").get_data(as_text=True)
    theirs = client.get(f"{COURSE}?company={world.other_company_id}").get_data(as_text=True)
    assert [(_enrolled(h), _first_step(h)) for h in (every, ours, theirs)] == [
        (4, (2, 2)),
        (3, (1, 1)),
        (1, (1, 1)),
    ]


def test_the_filtered_funnel_agrees_with_the_counters_when_narrowed_to_everyone(
    app, auth, client, world
):
    # both companies together are everyone: the progress rows and the counters agree
    _activity(app, [OURS, THEIRS])
    auth.login(ADMIN)
    ours = _first_step(client.get(f"{COURSE}?company={world.company_id}").get_data(as_text=True))
    theirs = _first_step(
        client.get(f"{COURSE}?company={world.other_company_id}").get_data(as_text=True)
    )
    every = _first_step(client.get(COURSE).get_data(as_text=True))
    assert (ours[0] + theirs[0], ours[1] + theirs[1]) == every


def test_the_course_page_shows_only_the_companys_ratings_and_comments(app, auth, client, world):
    _activity(app, [OURS, THEIRS])
    auth.login(ADMIN)
    html = client.get(f"{COURSE}?company={world.company_id}").get_data(as_text=True)
    assert ("Skvělé, díky – Čeněk" in html, "Nuda v bance" in html) == (True, False)


def test_the_modules_comments_page_keeps_the_cohort(app, auth, client, world):
    _activity(app, [OURS, THEIRS])
    auth.login(ADMIN)
    course = client.get(f"{COURSE}?cohort={world.other_cohort_id}").get_data(as_text=True)
    link = re.search(r'href="(/admin/courses/demo-kurz/modules/[^"]+/feedback\?[^"]+)"', course)
    assert link, "no comments link"
    html = client.get(link[1].replace("&amp;", "&")).get_data(as_text=True)
    assert ("Skvělé, díky – Čeněk" in html, "Nuda v bance" in html) == (False, True)


def test_the_item_analysis_counts_only_the_cohorts_attempts(app, auth, client, world):
    _activity(app, [OURS, THEIRS, "ucastnik1@pojistovna.cz"])
    auth.login(ADMIN)
    url = f"{COURSE}/quizzes/kviz"
    every = client.get(url).get_data(as_text=True)
    ours = client.get(f"{url}?scope=cohort-{world.cohort_id}").get_data(as_text=True)
    theirs = client.get(f"{url}?scope=company-{world.other_company_id}").get_data(as_text=True)
    assert [
        "Vychází z 3 odevzdaných pokusů." in every,
        "Vychází z 2 odevzdaných pokusů." in ours,
        "Vychází z 1 odevzdaného pokusu." in theirs,
    ] == [True, True, True]


def test_the_course_page_offers_the_one_select_filter(auth, client, world):
    auth.login(ADMIN)
    html = client.get(f"{COURSE}?cohort={world.cohort_id}").get_data(as_text=True)
    assert f'<option value="cohort-{world.cohort_id}" selected>' in html


def test_an_unknown_cohort_on_the_course_page_is_not_found(auth, client, world):
    auth.login(ADMIN)
    answers = [
        client.get(f"{COURSE}?cohort=999999").status_code,
        client.get(f"{COURSE}/quizzes/kviz?company=999999").status_code,
    ]
    assert answers == [404, 404]


def test_an_instructor_of_another_course_does_not_find_the_company(auth, client, world):
    auth.create(email="jina@example.cz", name="Jiná Lektorka", role=Role.INSTRUCTOR)
    auth.login("jina@example.cz")
    # the course is not theirs either: not found, as if it did not exist
    assert client.get(f"{COURSE}?company={world.company_id}").status_code == 404


def test_the_courses_instructor_filters_its_page_by_a_company_of_its_cohorts(
    app, auth, client, world
):
    _activity(app, [OURS, THEIRS])
    auth.create(email="jiri@example.cz", name="Jiří Šťastný", role=Role.INSTRUCTOR)
    auth.login("jiri@example.cz")
    html = client.get(f"{COURSE}?company={world.company_id}").get_data(as_text=True)
    assert _first_step(html) == (1, 1)


def test_a_manager_is_forbidden_the_filtered_course_page(auth, client, world):
    auth.login(MANAGER)
    assert client.get(f"{COURSE}?company={world.company_id}").status_code == 403


def test_filtered_course_pages_cost_no_more_statements_than_unfiltered(app, auth, client, world):
    _activity(app, [OURS, THEIRS])
    auth.login(ADMIN)
    pages = [COURSE, f"{COURSE}/quizzes/kviz", f"{COURSE}/modules/uvod/feedback"]
    plain = [len(page_statements(app, client, url)) for url in pages]
    cohort = [len(page_statements(app, client, f"{u}?cohort={world.cohort_id}")) for u in pages]
    assert cohort == plain


def test_the_filtered_course_page_costs_the_same_for_more_people(app, auth, client, world):
    _activity(app, [OURS])
    auth.login(ADMIN)
    url = f"{COURSE}?cohort={world.cohort_id}"
    few = len(page_statements(app, client, url))
    ids = [auth.create(email=f"dalsi{n}@pojistovna.cz", name=f"Další {n}") for n in range(5)]
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_id)
        for uid in ids:
            seats.join(db.session, cohort, db.session.get(User, uid))
        db.session.commit()
    _activity(app, [f"dalsi{n}@pojistovna.cz" for n in range(5)])
    assert len(page_statements(app, client, url)) == few
