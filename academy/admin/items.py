"""Quiz item analysis: how each question of a quiz performs.

For each question, over the latest graded attempts (at most SAMPLE):

- **% correct** (difficulty): the share of answers that earned full marks.
- **Discrimination**: the item–rest correlation, Pearson's r between the item score x
  (0–1, partial credit for multiple choice) and the rest score r (the attempt's total of
  the other questions). For right/wrong items this is the point-biserial correlation with
  the rest of the quiz; excluding the item itself keeps it from correlating with itself:

      r = (n·Σxr − Σx·Σr) / √((n·Σx² − (Σx)²) · (n·Σr² − (Σr)²))

  undefined (None) when every answer scored the same or the rest scores do not vary.
- **Most chosen wrong option**: the wrong option ticked most often, as a share of the
  answers (for text and number questions: the most frequent wrong answer typed).
- **Flags**: too easy (more than 90 % correct), too hard (under 20 %), not discriminating
  (r below 0.2).

SQL returns only the sums per question (item_sql); this module turns them into figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from academy.admin import item_sql
from academy.companies.report_scope import EVERYONE, ReportScope
from academy.courses.models import Module

SAMPLE = 2000
TOO_EASY, TOO_HARD, WEAK = 0.9, 0.2, 0.2
FEW = 30  # below this many answers the figures are shown with a warning


@dataclass(frozen=True)
class Sums:
    n: int
    sx: float
    sxx: float
    sr: float
    srr: float
    sxr: float
    full_marks: int


def discrimination(s: Sums) -> float | None:
    """The item–rest correlation from the sums (see the module docstring)."""
    if s.n < 2:
        return None
    var_x = s.n * s.sxx - s.sx * s.sx
    var_r = s.n * s.srr - s.sr * s.sr
    if var_x <= 1e-12 or var_r <= 1e-12:
        return None
    return (s.n * s.sxr - s.sx * s.sr) / math.sqrt(var_x * var_r)


@dataclass
class ItemAnalysis:
    question: dict[str, Any]
    number: int
    n: int = 0
    correct: float | None = None  # share 0–1 answered with full marks
    discrimination: float | None = None
    wrong_choice: str | None = None  # text of the most chosen wrong option / answer
    wrong_share: float | None = None
    typed: list[tuple[str, int]] = field(default_factory=list)

    @property
    def too_easy(self) -> bool:
        return self.correct is not None and self.correct > TOO_EASY

    @property
    def too_hard(self) -> bool:
        return self.correct is not None and self.correct < TOO_HARD

    @property
    def weak(self) -> bool:
        return self.discrimination is not None and self.discrimination < WEAK

    @property
    def flagged(self) -> bool:
        return self.too_easy or self.too_hard or self.weak


@dataclass
class QuizAnalysis:
    module: Module
    items: list[ItemAnalysis]
    attempts: int  # graded attempts the figures are based on
    sample: int

    @property
    def most_misleading(self) -> ItemAnalysis | None:
        """The question whose most chosen wrong answer draws the largest share."""
        candidates = [i for i in self.items if i.wrong_share]
        return max(candidates, key=lambda i: i.wrong_share or 0, default=None)


def analyse(
    session: Session, module: Module, sample: int = SAMPLE, scope: ReportScope = EVERYONE
) -> QuizAnalysis:
    """Item analysis of the quiz's current questions, in three aggregate queries; with a
    company or cohort `scope`, of its people's attempts only."""
    bind = session.get_bind()
    dialect = bind.dialect.name
    cte = item_sql.recent(bind.dialect, scope, module.course_id)
    questions = list(module.settings.get("questions") or [])
    items = [ItemAnalysis(q, i + 1) for i, q in enumerate(questions)]
    by_key = {i.question["key"]: i for i in items}
    params = {"module_id": module.id, "sample": sample}
    attempts = 0
    for row in session.execute(item_sql.sums(dialect, cte), params):
        sums = Sums(int(row.n), *(float(v or 0) for v in row[2:7]), int(row.full_marks or 0))
        attempts = max(attempts, sums.n)
        item = by_key.get(row.question)
        if item is None:  # a question of an earlier version of the quiz
            continue
        item.n = sums.n
        item.correct = sums.full_marks / sums.n if sums.n else None
        item.discrimination = discrimination(sums)
    choice = [i for i in items if i.question["kind"] in ("single", "multiple")]
    if choice:
        counts: dict[str, dict[str, int]] = {}
        rows = session.execute(
            item_sql.option_counts(dialect, cte),
            {**params, "keys": [i.question["key"] for i in choice]},
        )
        for question, option, n in rows:
            counts.setdefault(question, {})[option] = int(n)
        for item in choice:
            _most_chosen_wrong(item, counts.get(item.question["key"], {}))
    typed = [i for i in items if i.question["kind"] in ("text", "number")]
    if typed:
        rows = session.execute(
            item_sql.typed_answers(dialect, cte),
            {**params, "keys": [i.question["key"] for i in typed]},
        )
        for question, answer, n in rows:
            by_key[question].typed.append((answer, int(n)))
        for item in typed:
            if item.typed and item.n:
                item.wrong_choice, count = item.typed[0]
                item.wrong_share = count / item.n
    return QuizAnalysis(module, items, attempts, sample)


def _most_chosen_wrong(item: ItemAnalysis, counts: dict[str, int]) -> None:
    wrong = [o for o in item.question.get("options") or [] if not o.get("correct")]
    chosen = [(counts.get(o["key"], 0), o["text"]) for o in wrong]
    best = max(chosen, default=(0, None))
    if best[0] and item.n:
        item.wrong_choice, item.wrong_share = best[1], best[0] / item.n
