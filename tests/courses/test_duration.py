"""Honest durations: a lesson's minutes from its words, a course's hours from its modules."""

from __future__ import annotations

from academy.courses.duration import course_hours, lesson_minutes, reading_minutes, word_count
from tests.courses.test_checker import COURSE_MD, LESSON, problems_in


def test_words_are_what_a_learner_reads():
    text = "## Cíle\n\nPetra hlásí škodu [na webu](media/a-b-c.svg).\n\n```\nkód se nepočítá\n```\n"
    # Cíle, Petra, hlásí, škodu, na, webu: the link target and the code block do not count
    assert word_count(text) == 6


def test_reading_time_and_lesson_minutes_follow_the_word_count():
    body = "slovo " * 900  # 900 words: 5 minutes at 180 words a minute
    assert reading_minutes(body) == 5
    assert lesson_minutes(body) == 15  # 5 reading + 10 task, a multiple of five
    assert lesson_minutes("slovo " * 1000) == 20  # 6 + 10 = 16, rounded up to 20


def test_course_hours_are_the_modules_minutes():
    assert course_hours([20, 15, 15, 20, 5, 15]) == 1.5


def test_check_warns_when_a_lesson_claims_far_more_time_than_its_text(tmp_path):
    inflated = LESSON.replace("minutes: 10", "minutes: 45")
    assert problems_in(tmp_path, {"01-uvod.md": inflated}) == [
        "kurz/01-uvod.md:4: warning: minutes: 45 does not match the text (6 words, about 1 min "
        "to read); with a task set about 15"
    ]


def test_check_warns_when_estimated_hours_disagree_with_the_modules(tmp_path):
    course = COURSE_MD.replace("language: cs", "language: cs\nestimated_hours: 2")
    assert problems_in(tmp_path, {"course.md": course}) == [
        "kurz/course.md:4: warning: estimated_hours: 2, but the modules add up to 45 min "
        "(0.8 h); set estimated_hours: 0.8"
    ]


def test_check_accepts_hours_that_match_the_modules(tmp_path):
    course = COURSE_MD.replace("language: cs", "language: cs\nestimated_hours: 0.8")
    assert problems_in(tmp_path, {"course.md": course}) == []
