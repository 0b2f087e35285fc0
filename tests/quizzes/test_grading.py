"""Grading every question type, without an app: the rules learners are scored by."""

from __future__ import annotations

from decimal import Decimal

import pytest

from academy.quizzes.grading import NotANumber, grade, normalise_text, parse_number, question_score


def _single():
    return {
        "key": "s",
        "kind": "single",
        "options": [
            {"key": "a", "text": "Ano", "correct": True},
            {"key": "b", "text": "Ne", "correct": False},
        ],
    }


def _multiple():
    return {
        "key": "m",
        "kind": "multiple",
        "options": [
            {"key": "a", "text": "A", "correct": True},
            {"key": "b", "text": "B", "correct": True},
            {"key": "c", "text": "C", "correct": False},
            {"key": "d", "text": "D", "correct": False},
        ],
    }


def _text(*answers, **flags):
    return {"key": "t", "kind": "text", "answers": list(answers), **flags}


def _number(number, tolerance):
    return {"key": "n", "kind": "number", "number": number, "tolerance": tolerance}


def test_single_choice_scores_only_the_correct_option():
    assert question_score(_single(), "a") == 1
    assert question_score(_single(), "b") == 0
    assert question_score(_single(), None) == 0
    assert question_score(_single(), "neznámá") == 0
    assert question_score(_single(), ["a"]) == 0  # a list is not a single answer


@pytest.mark.parametrize(
    ("chosen", "score"),
    [
        (["a", "b"], 1),  # both correct options
        (["a"], 0.5),  # one of two correct
        (["a", "b", "c"], 0.5),  # a wrong tick takes a share away
        (["a", "c"], 0),
        (["a", "b", "c", "d"], 0),  # ticking everything never pays
        (["c", "d"], 0),  # never below zero
        ([], 0),
        (None, 0),
        (["a", "b", "neznámá"], 1),  # unknown keys neither earn nor cost
    ],
)
def test_multiple_choice_partial_credit(chosen, score):
    assert float(question_score(_multiple(), chosen)) == score


@pytest.mark.parametrize(
    "typed",
    [
        "See-Think-Do-Care",
        "see-think-do-care",
        "  See - Think - Do - Care  ",
        "SEE–THINK–DO–CARE",  # en dashes typed by a Czech keyboard
        "stdc",
        " S T D C ",
        "See Think Do Care",
        "„See-Think-Do-Care.“",
    ],
)
def test_text_answer_ignores_case_spacing_and_punctuation(typed):
    assert question_score(_text("See-Think-Do-Care", "STDC"), typed) == 1


def test_text_answer_ignores_diacritics_unless_the_author_keeps_them():
    assert question_score(_text("Řízení"), "rizeni") == 1
    assert question_score(_text("r"), "Ř") == 1
    assert question_score(_text("Řízení", diacritics_sensitive=True), "rizeni") == 0
    assert question_score(_text("Řízení", diacritics_sensitive=True), "ŘÍZENÍ") == 1
    assert question_score(_text("NPS", case_sensitive=True), "nps") == 0
    assert question_score(_text("NPS", case_sensitive=True), " NPS ") == 1


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_text_answer_scores_zero(typed):
    assert question_score(_text("cokoli"), typed) == 0


def test_wrong_text_answer_scores_zero():
    assert question_score(_text("See-Think-Do-Care"), "See-Think-Do") == 0


def test_normalise_text():
    assert normalise_text("  Žluťoučký   kůň ") == "zlutouckykun"
    assert normalise_text("Žluťoučký kůň", keep_diacritics=True) == "žluťoučkýkůň"
    assert normalise_text("ﬁ") == "fi"  # compatibility forms
    assert normalise_text("C++ / A&B") == "c++ab"  # symbols stay, punctuation goes


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        ("19.999", 1),
        ("19,999", 1),
        ("20", 1),
        ("20,01", 1),  # the edge of the tolerance counts
        ("19,99", 1),
        ("19,989", 0),
        ("20.011", 0),
        (" 20 ", 1),
        ("abc", 0),
        ("", 0),
        (None, 0),
    ],
)
def test_numeric_answer_with_tolerance(typed, score):
    assert question_score(_number(20.0, 0.01), typed) == score


def test_numeric_answer_exact_and_negative():
    assert question_score(_number(-3.5, 0), "-3,5") == 1
    assert question_score(_number(-3.5, 0), "-3,50") == 1
    assert question_score(_number(-3.5, 0), "-3,51") == 0
    assert question_score(_number(1000, 0), "1 000") == 1


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "12 %", "1e5", "--1", ",", "1" * 50])
def test_parse_number_refuses_what_is_not_a_number(typed):
    with pytest.raises(NotANumber):
        parse_number(typed)


def test_parse_number_reads_czech_and_english_decimals():
    assert parse_number("12,5") == Decimal("12.5")
    assert parse_number("12.5") == Decimal("12.5")
    assert parse_number("+7") == Decimal("7")
    assert parse_number("\u00a0") is None


def test_quiz_score_is_a_percentage_and_pass_mark_is_inclusive():
    questions = [_single(), _multiple(), _text("ano"), _number(20, 0)]
    result = grade(questions, {"s": "a", "m": ["a"], "t": "ne", "n": "20"}, pass_mark=62)
    assert result.score == 62.5
    assert result.passed
    assert result.question_scores == {"s": 1.0, "m": 0.5, "t": 0.0, "n": 1.0}
    assert not grade(questions, {"s": "a", "m": ["a"], "n": "20"}, pass_mark=63).passed


def test_two_thirds_do_not_reach_a_pass_mark_of_67_although_shown_rounded():
    questions = [_single(), _text("x"), {**_text("y"), "key": "t2"}]
    result = grade(questions, {"s": "a", "t": "x"}, pass_mark=67)
    assert result.score == 66.67
    assert not result.passed
    assert grade(questions, {"s": "a", "t": "x"}, pass_mark=66).passed


def test_nothing_answered_scores_zero_and_fails_even_a_zero_pass_mark_without_questions():
    assert grade([_single()], {}, pass_mark=70).score == 0
    assert grade([_single()], {}, pass_mark=0).passed
    assert not grade([], {}, pass_mark=0).passed
