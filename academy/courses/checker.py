"""`courses check`: every rule of docs/course-format.md, reported as file:line problems.

The entry points and the keys of course.md and modules; each kind's and each topic's rules
are in their own module (check_quiz, check_webinar, check_certificate, check_links).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from academy.assignments.format import check_work
from academy.courses.check_certificate import check_certificate, check_hours
from academy.courses.check_links import check_links, check_target
from academy.courses.check_quiz import check_quiz
from academy.courses.check_types import TRUE_OR_FALSE, Report, Where
from academy.courses.check_webinar import check_caption_files, check_webinar
from academy.courses.duration import (
    lesson_minutes,
    plausible,
    reading_minutes,
    word_count,
)
from academy.courses.source import (
    COURSE_KEYS,
    KIND_KEYS,
    KINDS,
    LANGUAGES,
    LEVELS,
    MODULE_KEYS,
    CourseSource,
    Document,
    ModuleSource,
    Problem,
    find_courses,
    load_course,
    relative_name,
)
from academy.courses.svg import media_svg_problems
from academy.courses.wording import N_
from academy.journeys.format import check_journey_map


def check_path(path: Path) -> tuple[list[CourseSource], list[Problem]]:
    """Check one course folder or every course in a folder; nothing touches the database."""
    if not path.exists():
        return [], [
            Problem(
                str(path),
                0,
                N_(
                    "soubor ani složka neexistuje; zadejte složku kurzu (se souborem course.md) "
                    "nebo složku s kurzy"
                ),
            )
        ]
    if path.is_file():  # a file inside a course: check that course
        path = path.parent
    root = path.parent if (path / "course.md").is_file() else path
    folders = find_courses(path)
    if not folders:
        return [], [
            Problem(
                str(path),
                0,
                N_(
                    "nenašel se žádný kurz: kurz je složka se souborem course.md, "
                    "např. courses/muj-kurz/course.md"
                ),
            )
        ]
    courses, problems = [], []
    for folder in folders:
        course, found = load_course(folder, root)
        problems += found
        if course is not None:
            problems += check_course(course, root)
            problems += media_svg_problems(course.path, root)  # served as images: inert only
            courses.append(course)
    files: dict[str, int] = {}  # files in the order met (course.md first), lines in order
    for problem in problems:
        files.setdefault(problem.path, len(files))
    problems.sort(key=lambda p: (files[p.path], p.line))
    return courses, problems


def check_course(course: CourseSource, root: Path) -> list[Problem]:
    """Problems in course.md and in every module of one course."""
    doc = course.doc
    problems: list[Problem] = []
    err = _reporter(doc, root, problems)
    meta = doc.meta
    _check_keys(err, meta, COURSE_KEYS, UNKNOWN_IN_COURSE)
    if not str(meta.get("title") or "").strip():
        err("title", N_("chybí název kurzu; doplňte 'title: ...'"))
    if meta.get("language", "cs") not in LANGUAGES:
        err(
            "language",
            N_("language musí být jedna z hodnot %(choices)s"),
            choices=", ".join(LANGUAGES),
        )
    if meta.get("level", "beginner") not in LEVELS:
        err("level", N_("level musí být jedna z hodnot %(choices)s"), choices=", ".join(LEVELS))
    hours = meta.get("estimated_hours")
    if hours is not None and (
        not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0
    ):
        err("estimated_hours", N_("estimated_hours musí být kladné číslo"))
    if not isinstance(meta.get("published", False), bool):
        err("published", TRUE_OR_FALSE, key="published")
    if not isinstance(meta.get("tags", []), list):
        err("tags", N_("tags musí být seznam, např. [KPI, persony]"))
    instructors = meta.get("instructors", [])
    if not isinstance(instructors, list):
        err("instructors", N_("instructors musí být seznam jmen nebo položek 'name:' / 'email:'"))
        instructors = []
    for i, person in enumerate(instructors):
        if not (isinstance(person, str) or (isinstance(person, dict) and person.get("name"))):
            err(("instructors", i), N_("každý lektor potřebuje jméno: '- name: Jana Nováková'"))
    if meta.get("cover"):
        check_target(err, doc, str(meta["cover"]), "cover")
    check_certificate(course, err)
    _check_reminders(meta, err)
    _check_help(meta, err)
    if not course.module_slugs and not course.modules:
        err(
            None,
            N_("kurz nemá žádné moduly; přidejte soubory pojmenované jako '01-uvod.md'"),
            "warning",
        )
    if not doc.body.strip():
        err(None, N_("course.md nemá pod hlavičkou žádný úvodní text kurzu"), "warning")
    check_links(err, doc)
    check_hours(err, course)
    for module in course.modules:
        problems += check_module(module, root)
    return problems


def check_module(module: ModuleSource, root: Path) -> list[Problem]:
    """Problems in one module file: front matter, body, links, and quiz or webinar rules."""
    doc = module.doc
    problems: list[Problem] = []
    err = _reporter(doc, root, problems)
    meta = doc.meta
    kind = meta.get("kind", "lesson")
    if not module.title:
        err("title", N_("chybí název modulu; doplňte 'title: ...'"))
    if kind not in KINDS:
        err(
            "kind",
            N_("neznámý druh modulu (kind) %(kind)s; použijte jednu z hodnot %(choices)s"),
            kind=repr(kind),
            choices=", ".join(KINDS),
        )
        _check_keys(err, meta, MODULE_KEYS + sum(KIND_KEYS.values(), ()), UNKNOWN_IN_MODULE)
    else:
        _check_keys(err, meta, MODULE_KEYS + KIND_KEYS[kind], UNKNOWN_IN_KIND, kind)
    minutes = meta.get("minutes")
    if minutes is None:
        err(None, N_("modul nemá odhadovaný čas; doplňte 'minutes: N'"), "warning")
    elif not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        err("minutes", N_("minutes musí být celé číslo větší než 0"))
    if not isinstance(meta.get("required", True), bool):
        err("required", TRUE_OR_FALSE, key="required")
    if kind == "quiz":
        check_quiz(err, doc)
    elif kind == "webinar":
        check_webinar(err, doc)
        problems += check_caption_files(doc, root)
        if not doc.body.strip():
            err(
                None,
                N_("webinář nemá žádný text; pod hlavičku napište, o čem je"),
                "warning",
            )
    elif kind == "lesson" and not doc.body.strip():
        err(None, N_("lekce nemá žádný text; napište text lekce pod hlavičku"))
    elif kind == "lesson" and not _practice_ok(meta.get("practice_minutes", 0)):
        err("practice_minutes", N_("practice_minutes musí být celý počet minut >= 0"))
    elif (
        kind == "lesson"
        and isinstance(minutes, int)
        and not plausible(minutes, doc.body, meta.get("practice_minutes", 0))
    ):
        err(
            "minutes",
            N_(
                "minutes: %(minutes)s neodpovídá délce textu (%(words)s slov, čtení asi "
                "%(reading)s min); s úkolem nastavte zhruba %(suggested)s"
            ),
            "warning",
            minutes=minutes,
            words=word_count(doc.body),
            reading=reading_minutes(doc.body),
            suggested=lesson_minutes(doc.body),
        )
    check_work(err, doc, kind)  # assignments and downloadable resources
    problems += check_journey_map(err, doc, kind, root)
    check_links(err, doc)
    return problems


def _practice_ok(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


REMINDER_DAYS_MAX = 90


def _check_reminders(meta: dict, err) -> None:  # type: ignore[no-untyped-def]
    """`reminders: [3, 10]`: days after the last activity; `[]` or `false` for none."""
    reminders = meta.get("reminders")
    if reminders is None or reminders is False:
        return
    valid = isinstance(reminders, list) and all(
        isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= REMINDER_DAYS_MAX
        for d in reminders
    )
    if not valid or len(set(reminders)) != len(reminders):
        err(
            "reminders",
            N_("reminders musí být seznam různých počtů dní od 1 do %(max)d, např. [3, 10]"),
            max=REMINDER_DAYS_MAX,
        )


def _check_help(meta: dict, err) -> None:  # type: ignore[no-untyped-def]
    """`help:` the thresholds of the offers of help (academy/questions/triggers.py)."""
    from academy.questions.triggers import help_problems

    for template, args in help_problems(meta.get("help")):
        err("help", template, **args)


# (with a hint, without one) for an unknown key in course.md, a module of an unknown kind, a kind
UNKNOWN_IN_COURSE = (
    N_("neznámý klíč '%(key)s' v course.md; měli jste na mysli '%(hint)s'?"),
    N_("neznámý klíč '%(key)s' v course.md; nepoužije se"),
)
UNKNOWN_IN_MODULE = (
    N_("neznámý klíč '%(key)s' v modulu; měli jste na mysli '%(hint)s'?"),
    N_("neznámý klíč '%(key)s' v modulu; nepoužije se"),
)
UNKNOWN_IN_KIND = (
    N_("neznámý klíč '%(key)s' v modulu druhu %(kind)s; měli jste na mysli '%(hint)s'?"),
    N_("neznámý klíč '%(key)s' v modulu druhu %(kind)s; nepoužije se"),
)


def _check_keys(
    err: Report,
    meta: dict,
    known: tuple[str, ...],
    unknown: tuple[str, str],
    kind: str | None = None,
) -> None:
    """Unknown front-matter keys are warnings, with the nearest known key as a hint."""
    other_kinds = {k: kind_ for kind_, keys in KIND_KEYS.items() for k in keys if kind_ != kind}
    candidates = known + tuple(other_kinds) if kind else known
    for key in meta:
        key = str(key)
        if key in known:
            continue
        if kind and key in other_kinds:
            err(
                key,
                N_(
                    "klíč '%(key)s' používají jen moduly druhu %(other)s; v modulu druhu %(kind)s se nepoužije"
                ),
                "warning",
                key=key,
                other=other_kinds[key],
                kind=kind,
            )
            continue
        hint = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        if hint:
            err(key, unknown[0], "warning", key=key, hint=hint[0], kind=kind)
        else:
            err(key, unknown[1], "warning", key=key, kind=kind)


def _reporter(doc: Document, root: Path, problems: list[Problem]) -> Report:
    """report(where, template, severity, **args): `where` is a key, a key path, a line, or None
    (line 1); `template` is a Czech msgid marked with N_, `args` fill its placeholders."""
    rel = relative_name(doc.path, root)

    def report(where: Where | int, template: str, severity: str = "error", **args: Any) -> None:
        if isinstance(where, int):
            line = where
        elif isinstance(where, tuple):
            line = doc.line_at(*where)
        else:
            line = doc.line_of(where) if where else 1
        problems.append(Problem(rel, line, template, severity, args))

    return report


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
