"""Quiz rules and the question sheet, without an app: attempts, cooldown, time, answers shown."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from academy.quizzes.rules import (
    ALLOWED,
    COOLING_DOWN,
    LIMIT_REACHED,
    QuizRules,
    gate,
    is_overdue,
)
from academy.quizzes.sheet import (
    CORRECT,
    PARTIAL,
    UNANSWERED,
    WRONG,
    draw_sheet,
    review,
    shown_questions,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_rules_take_defaults_for_missing_settings():
    rules = QuizRules.from_settings({"questions": []})
    assert (rules.pass_mark, rules.max_attempts, rules.show_answers) == (70, 0, "after_pass")
    assert rules.unlimited and rules.attempts_left(99) is None
    assert QuizRules.from_settings({"show_answers": "whenever"}).show_answers == "after_pass"


def test_attempt_limit():
    rules = QuizRules(max_attempts=3)
    assert gate(rules, 2, None, NOW).status == ALLOWED
    assert gate(rules, 3, None, NOW).status == LIMIT_REACHED
    assert rules.attempts_left(1) == 2
    assert gate(QuizRules(max_attempts=0), 500, None, NOW).allowed


def test_cooldown_counts_from_the_last_finished_attempt():
    rules = QuizRules(cooldown_minutes=10)
    refused = gate(rules, 1, NOW - timedelta(minutes=9), NOW)
    assert refused.status == COOLING_DOWN
    assert refused.wait_until == NOW + timedelta(minutes=1)
    assert gate(rules, 1, NOW - timedelta(minutes=10), NOW).allowed
    assert gate(rules, 0, None, NOW).allowed


def test_time_limit_with_grace():
    rules = QuizRules(time_limit_minutes=15)
    deadline = rules.deadline(NOW)
    assert deadline == NOW + timedelta(minutes=15)
    grace = timedelta(seconds=30)
    assert not is_overdue(deadline, deadline + timedelta(seconds=29), grace)
    assert not is_overdue(deadline, deadline + grace, grace)
    assert is_overdue(deadline, deadline + timedelta(seconds=31), grace)
    assert QuizRules().deadline(NOW) is None
    assert not is_overdue(None, NOW + timedelta(days=400), grace)


def test_when_correct_answers_are_revealed():
    assert QuizRules(show_answers="after_pass").reveals_answers(passed=True, used=1)
    assert not QuizRules(show_answers="after_pass").reveals_answers(passed=False, used=3)
    last = QuizRules(show_answers="after_last_attempt", max_attempts=3)
    assert not last.reveals_answers(passed=True, used=2)
    assert last.reveals_answers(passed=False, used=3)
    unlimited = QuizRules(show_answers="after_last_attempt", max_attempts=0)
    assert not unlimited.reveals_answers(passed=True, used=50)
    assert not QuizRules(show_answers="never").reveals_answers(passed=True, used=3)
    each = QuizRules(show_answers="after_each_attempt", max_attempts=3)
    assert not each.reveals_answers(passed=False, used=0)
    assert each.reveals_answers(passed=False, used=1)


def _questions():
    return [
        {
            "key": f"q{n}",
            "kind": "single",
            "html": f"<p>Otázka {n}</p>",
            "feedback": "Proč.",
            "options": [
                {"key": f"q{n}o{i}", "text": f"Možnost {i}", "correct": i == 0, "feedback": f"F{i}"}
                for i in range(6)
            ],
        }
        for n in range(3)
    ]


def test_shuffled_sheet_keeps_the_source_and_shows_no_answers():
    source = _questions()
    sheet = draw_sheet(source, shuffle=True, rng=random.Random(7))
    assert source == _questions()  # the module's questions are not touched
    orders = [[o["key"] for o in q["options"]] for q in sheet]
    assert orders != [[o["key"] for o in q["options"]] for q in source]
    assert sorted(orders[0]) == sorted(o["key"] for o in source[0]["options"])
    shown = shown_questions(sheet)
    assert [[o.key for o in q.options] for q in shown] == orders
    assert "correct" not in repr(shown) and "F0" not in repr(shown) and "Proč" not in repr(shown)


def test_unshuffled_sheet_keeps_the_author_order():
    sheet = draw_sheet(_questions(), shuffle=False, rng=random.Random(7))
    assert [o["key"] for o in sheet[0]["options"]] == [f"q0o{i}" for i in range(6)]


def test_review_shows_correct_answers_and_explanations_only_when_revealed():
    sheet = _questions()
    answers = {"q0": "q0o0", "q1": "q1o3"}
    scores = {"q0": 1.0, "q1": 0.0}
    hidden = review(sheet, answers, scores, reveal=False)
    assert [q.status for q in hidden] == [CORRECT, WRONG, UNANSWERED]
    assert all(o.correct is None for q in hidden for o in q.options)
    assert [o.feedback for o in hidden[1].options if o.feedback] == []  # not even the chosen one
    assert hidden[1].feedback == ""
    shown = review(sheet, answers, scores, reveal=True)
    assert [o.correct for o in shown[1].options][:2] == [True, False]
    assert all(o.feedback for o in shown[1].options)
    assert shown[1].feedback == "Proč."


def test_review_of_text_and_number_answers():
    sheet = [
        {"key": "t", "kind": "text", "answers": ["STDC"], "html": "", "feedback": ""},
        {
            "key": "n",
            "kind": "number",
            "number": 42.5,
            "tolerance": 0.01,
            "html": "",
            "feedback": "",
        },
        {"key": "m", "kind": "multiple", "html": "", "options": []},
    ]
    reviewed = review(sheet, {"t": "stdc", "n": "42"}, {"t": 1.0, "n": 0.0, "m": 0.5}, reveal=True)
    assert (reviewed[0].given, reviewed[0].accepted) == ("stdc", ["STDC"])
    assert reviewed[1].accepted == ["42,5 ± 0,01"]
    assert reviewed[2].status == UNANSWERED
    assert review(sheet, {"m": ["x"]}, {"m": 0.5}, reveal=False)[2].status == PARTIAL
    assert review(sheet, {"t": "stdc"}, {"t": 1.0}, reveal=False)[0].accepted == []
