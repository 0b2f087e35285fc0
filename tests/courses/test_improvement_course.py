"""The fourth course, 'Od zjištění ke zlepšení', as written in courses/: what issue 24 asks of
every lesson and of its quiz, and media the studio's .zip import would also accept."""

from __future__ import annotations

import math
import re
from pathlib import Path

from academy.courses.checker import check_path
from academy.courses.quiz_source import parse_quiz
from academy.courses.source import load_course
from academy.courses.svg import svg_problem
from academy.studio.archives import media_problems

COURSES = Path(__file__).parents[2] / "courses"
COURSE = COURSES / "od-zjisteni-ke-zlepseni"
WORDS_A_MINUTE = 180


def course():
    source, problems = load_course(COURSE)
    assert source is not None and problems == []
    return source


def test_the_course_checks_clean():
    sources, problems = check_path(COURSE)
    assert [source.slug for source in sources] == ["od-zjisteni-ke-zlepseni"]
    assert [str(p) for p in problems] == []


def test_every_lesson_has_objectives_a_summary_and_a_task_on_the_learners_company():
    lessons = [m for m in course().modules if m.kind == "lesson"]
    assert len(lessons) == 6
    for lesson in lessons:
        body = lesson.doc.body
        assert '!!! note "Cíle lekce"' in body, lesson.slug
        assert "\n## Shrnutí\n" in body, lesson.slug
        assert "\n## Úkol pro vaši firmu\n" in body, lesson.slug


def test_lesson_minutes_cover_reading_at_180_words_a_minute_plus_the_task():
    for lesson in (m for m in course().modules if m.kind == "lesson"):
        reading = math.floor(len(lesson.doc.body.split()) / WORDS_A_MINUTE)
        task = re.search(r"úkol (?:asi (\d+) minut|zhruba hodinu)", lesson.doc.body)
        assert task is not None, lesson.slug
        task_minutes = int(task.group(1)) if task.group(1) else 60
        assert lesson.minutes is not None
        assert reading + task_minutes <= lesson.minutes <= reading + task_minutes + 5, lesson.slug


def test_the_quiz_draws_7_from_a_pool_three_times_larger_with_feedback_on_every_option():
    quiz = next(m for m in course().modules if m.kind == "quiz")
    assert quiz.doc.meta["pick"] == 7
    parsed = parse_quiz(quiz.doc.body)
    assert parsed.problems == []
    assert len(parsed.questions) >= 3 * 7
    for question in parsed.questions:
        if question.kind in ("single", "multiple"):
            assert all(option.feedback for option in question.options), question.text
        else:
            assert question.feedback, question.text


def test_worksheets_are_linked_inert_svgs_that_the_studio_zip_import_accepts():
    linked = set()
    for module in course().modules:
        linked |= set(re.findall(r"\]\((media/sablona-[a-z-]+\.svg)\)", module.doc.body))
    assert len(linked) == 4
    for name in linked:
        assert svg_problem((COURSE / name).read_bytes()) is None, name
    assert media_problems(COURSE, COURSES) == []


def test_the_course_uses_the_czech_division_sign():
    for path in COURSE.glob("*.md"):
        assert "÷" not in path.read_text("utf-8"), path.name
