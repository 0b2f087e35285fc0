"""The SQL of quiz item analysis, for SQLite and for PostgreSQL.

An attempt stores its answers and per-question scores as JSON objects keyed by question;
both databases can unnest those (SQLite `json_each`, PostgreSQL `json_each_text`, which
may refer to the preceding FROM item as every function in FROM may). Each query returns
a bounded result — one row per question, or per question and option — computed over the
latest `sample` graded attempts of the quiz (index on module_id, submitted_at).

Narrowed to a company or a cohort, `recent` keeps the attempts of its people only: the
condition is the one academy.companies.report_scope writes for every report, rendered
into this statement with its ids as literals (integers checked before they get here).
"""

from __future__ import annotations

from sqlalchemy import Dialect, bindparam, literal, literal_column, select, text
from sqlalchemy.sql.elements import TextClause

from academy.companies.report_scope import EVERYONE, ReportScope, enrolment_in_scope
from academy.quizzes.models import QuizAttempt

RECENT = """
WITH recent AS (
  SELECT id, answers, question_scores FROM quiz_attempt
  WHERE module_id = :module_id AND status = 'graded' AND submitted_at IS NOT NULL
  ORDER BY submitted_at DESC LIMIT :sample
)"""


def recent(dialect: Dialect, scope: ReportScope = EVERYONE, course_id: int = 0) -> str:
    """The `recent` CTE: the latest graded attempts (of the scope's people, in the quiz's
    course `course_id`)."""
    qa = QuizAttempt.__table__
    in_scope = enrolment_in_scope(scope, qa.c.user_id, literal(int(course_id)))
    if in_scope is None:
        return RECENT
    stmt = (
        select(qa.c.id, qa.c.answers, qa.c.question_scores)
        .where(
            qa.c.module_id == literal_column(":module_id"),
            qa.c.status == literal_column("'graded'"),
            qa.c.submitted_at.is_not(None),
            in_scope,
        )
        .order_by(qa.c.submitted_at.desc())
        .limit(literal_column(":sample"))
    )
    # the scope's ids become literals; :module_id and :sample stay parameters
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    return f"\nWITH recent AS (\n{sql}\n)"


# Per question: n, sums of x (item score), x², r (rest score: the attempt's total without
# this item), r², x·r, and how many answers earned full marks.
_SUMS = """,
items AS (
  SELECT recent.id AS attempt_id, s.key AS question, {score} AS x
  FROM recent, {each}(recent.question_scores) AS s
),
scored AS (
  SELECT question, x, SUM(x) OVER (PARTITION BY attempt_id) - x AS r FROM items
)
SELECT question, COUNT(*) AS n, SUM(x) AS sx, SUM(x * x) AS sxx, SUM(r) AS sr,
       SUM(r * r) AS srr, SUM(x * r) AS sxr,
       SUM(CASE WHEN x >= 0.9999 THEN 1 ELSE 0 END) AS full_marks
FROM scored GROUP BY question
"""

# How often each option was ticked, for choice questions (a single choice is a string,
# a multiple choice a list).
_OPTIONS = {
    "sqlite": """
SELECT a.key AS question, o.value AS choice, COUNT(*) AS n
FROM recent, json_each(recent.answers) AS a,
     json_each(CASE WHEN a.type = 'array' THEN a.value ELSE json_array(a.value) END) AS o
WHERE a.key IN :keys
GROUP BY a.key, o.value
""",
    "postgresql": """
SELECT a.key AS question, o.value AS choice, COUNT(*) AS n
FROM recent, json_each(recent.answers) AS a,
     json_array_elements_text(CASE WHEN json_typeof(a.value) = 'array' THEN a.value
                                   ELSE json_build_array(a.value) END) AS o
WHERE a.key IN :keys
GROUP BY a.key, o.value
""",
}

# The most frequent wrong typed answers (text and number questions), three per question.
_TYPED = {
    "sqlite": """,
wrong AS (
  SELECT a.key AS question, lower(trim(a.value)) AS answer, COUNT(*) AS n
  FROM recent, json_each(recent.answers) AS a
  WHERE a.key IN :keys AND a.type = 'text' AND trim(a.value) <> ''
    AND json_extract(recent.question_scores, '$."' || a.key || '"') = 0
  GROUP BY a.key, lower(trim(a.value))
)""",
    "postgresql": """,
wrong AS (
  SELECT a.key AS question, lower(trim(a.value #>> '{}')) AS answer, COUNT(*) AS n
  FROM recent, json_each(recent.answers) AS a
  WHERE a.key IN :keys AND json_typeof(a.value) = 'string' AND trim(a.value #>> '{}') <> ''
    AND CAST(recent.question_scores ->> a.key AS DOUBLE PRECISION) = 0
  GROUP BY a.key, lower(trim(a.value #>> '{}'))
)""",
}
_TOP_TYPED = """
SELECT question, answer, n FROM (
  SELECT question, answer, n,
         ROW_NUMBER() OVER (PARTITION BY question ORDER BY n DESC, answer) AS k
  FROM wrong
) AS ranked WHERE k <= 3 ORDER BY question, k
"""


def _dialect(name: str) -> str:
    return "postgresql" if name == "postgresql" else "sqlite"


def sums(dialect: str, cte: str = RECENT) -> TextClause:
    if _dialect(dialect) == "postgresql":
        fill = {"each": "json_each_text", "score": "CAST(s.value AS DOUBLE PRECISION)"}
    else:
        fill = {"each": "json_each", "score": "CAST(s.value AS REAL)"}
    return text(cte + _SUMS.format(**fill))


def option_counts(dialect: str, cte: str = RECENT) -> TextClause:
    return text(cte + _OPTIONS[_dialect(dialect)]).bindparams(bindparam("keys", expanding=True))


def typed_answers(dialect: str, cte: str = RECENT) -> TextClause:
    return text(cte + _TYPED[_dialect(dialect)] + _TOP_TYPED).bindparams(
        bindparam("keys", expanding=True)
    )
