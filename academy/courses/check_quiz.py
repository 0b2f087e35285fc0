"""`courses check`, quizzes: the settings in a quiz's front matter and its questions."""

from __future__ import annotations

from academy.courses.check_types import TRUE_OR_FALSE, Report
from academy.courses.quiz_source import parse_quiz
from academy.courses.source import (
    Document,
)
from academy.courses.wording import N_
from academy.quizzes.rules import SHOW_ANSWERS

# how short text answers compare: what, besides letters, must match as written
TEXT_MATCH = {
    "loose": {},
    "case": {"case_sensitive": True},
    "diacritics": {"diacritics_sensitive": True},
    "exact": {"case_sensitive": True, "diacritics_sensitive": True},
}
QUIZ_SETTINGS = {
    "pass_mark": (int, lambda v: 0 <= v <= 100, N_("pass_mark musí být celé číslo od 0 do 100")),
    "max_attempts": (
        int,
        lambda v: v >= 0,
        N_("max_attempts musí být celé číslo, 0 znamená bez omezení"),
    ),
    "cooldown_minutes": (
        int,
        lambda v: v >= 0,
        N_("cooldown_minutes musí být celý počet minut >= 0"),
    ),
    "time_limit_minutes": (
        int,
        lambda v: v > 0,
        N_("time_limit_minutes musí být celý počet minut > 0"),
    ),
    "shuffle": (bool, lambda v: True, TRUE_OR_FALSE),
    "show_answers": (
        str,
        lambda v: v in SHOW_ANSWERS,
        N_("show_answers musí být after_pass, after_each_attempt, after_last_attempt nebo never"),
    ),
    "text_match": (
        str,
        lambda v: v in TEXT_MATCH,
        N_("text_match musí být loose, case, diacritics nebo exact"),
    ),
    "shuffle_questions": (bool, lambda v: True, TRUE_OR_FALSE),
    "pick": (int, lambda v: v > 0, N_("pick musí být celý počet otázek > 0")),
}


def check_quiz(err: Report, doc: Document) -> None:
    meta = doc.meta
    for key, (kind, ok, template) in QUIZ_SETTINGS.items():
        if key in meta and (
            not isinstance(meta[key], kind)
            or (kind is int and isinstance(meta[key], bool))
            or not ok(meta[key])
        ):
            err(key, template, key=key)
    if meta.get("show_answers") == "after_last_attempt" and meta.get("max_attempts", 0) == 0:
        err(
            "show_answers",
            N_(
                "show_answers: after_last_attempt při neomezeném počtu pokusů odpovědi nikdy "
                "neukáže; nastavte max_attempts nebo jinou hodnotu"
            ),
            "warning",
        )
    quiz = parse_quiz(doc.body, doc.body_line)
    for line, template, args in quiz.problems:
        err(line, template, **args)
    if not quiz.questions:
        err(None, N_("kvíz nemá žádné otázky; každou začněte nadpisem '### '"))
    pick = meta.get("pick")
    if isinstance(pick, int) and not isinstance(pick, bool) and pick > len(quiz.questions):
        err(
            "pick",
            N_("pick: %(pick)s je víc, než kolik má kvíz otázek (%(count)s)"),
            pick=pick,
            count=len(quiz.questions),
        )
    seen: dict[str, int] = {}
    for question in quiz.questions:
        text = " ".join(question.text.split()).casefold()
        if text in seen:
            err(
                question.line,
                N_("stejná otázka už je na řádku %(line)s"),
                "warning",
                line=seen[text],
            )
        else:
            seen[text] = question.line
