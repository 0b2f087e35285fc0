"""`courses check`: every rule of docs/course-format.md, reported as file:line problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from academy.assignments.format import check_work
from academy.courses.duration import (
    course_hours,
    lesson_minutes,
    plausible,
    reading_minutes,
    word_count,
)
from academy.courses.quiz_source import parse_quiz
from academy.courses.source import (
    CERTIFICATE_KEYS,
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
from academy.quizzes.rules import SHOW_ANSWERS
from academy.webinars.webvtt import check_webvtt

LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_RE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?([^\s>]+)>?")
CODE_SPAN_RE = re.compile(r"`+[^`]*`+")
# how short text answers compare: what, besides letters, must match as written
TEXT_MATCH = {
    "loose": {},
    "case": {"case_sensitive": True},
    "diacritics": {"diacritics_sensitive": True},
    "exact": {"case_sensitive": True, "diacritics_sensitive": True},
}
TRUE_OR_FALSE = N_("%(key)s musí být true nebo false")
QUIZ_SETTINGS = {
    "pass_mark": (int, lambda v: 0 <= v <= 100, N_("pass_mark musí být celé číslo od 0 do 100")),
    "max_attempts": (int, lambda v: v >= 0,
                     N_("max_attempts musí být celé číslo, 0 znamená bez omezení")),
    "cooldown_minutes": (int, lambda v: v >= 0,
                         N_("cooldown_minutes musí být celý počet minut >= 0")),
    "time_limit_minutes": (int, lambda v: v > 0,
                           N_("time_limit_minutes musí být celý počet minut > 0")),
    "shuffle": (bool, lambda v: True, TRUE_OR_FALSE),
    "show_answers": (
        str,
        lambda v: v in SHOW_ANSWERS,
        N_("show_answers musí být after_pass, after_each_attempt, after_last_attempt nebo never"),
    ),
    "text_match": (str, lambda v: v in TEXT_MATCH,
                   N_("text_match musí být loose, case, diacritics nebo exact")),
    "shuffle_questions": (bool, lambda v: True, TRUE_OR_FALSE),
    "pick": (int, lambda v: v > 0, N_("pick musí být celý počet otázek > 0")),
}  # fmt: skip
Where = str | tuple[str | int, ...] | None
Report = Callable[..., None]


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
        _check_target(err, doc, str(meta["cover"]), "cover")
    _check_certificate(course, err)
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
    _check_links(err, doc)
    _check_hours(err, course)
    for module in course.modules:
        problems += check_module(module, root)
    return problems


def _check_hours(err: Report, course: CourseSource) -> None:
    """estimated_hours (on the certificate) must say what the modules' minutes add up to
    (what the catalog and the course page show)."""
    hours = course.doc.meta.get("estimated_hours")
    minutes = [m.doc.meta.get("minutes") for m in course.modules]
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0:
        return  # a wrong value has its own error
    if not minutes or not all(isinstance(m, int) and not isinstance(m, bool) for m in minutes):
        return
    total = course_hours(minutes)
    if abs(float(hours) - total) > 0.05:
        err(
            "estimated_hours",
            N_(
                "estimated_hours: %(hours)s, ale moduly mají dohromady %(minutes)s min "
                "(%(total)s h); nastavte estimated_hours: %(total)s"
            ),
            "warning",
            hours=hours,
            minutes=sum(minutes),
            total=total,
        )


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
        _check_quiz(err, doc)
    elif kind == "webinar":
        _check_webinar(err, doc)
        problems += _check_caption_files(doc, root)
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
    _check_links(err, doc)
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


def _check_quiz(err: Report, doc: Document) -> None:
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


def _check_webinar(err: Report, doc: Document) -> None:
    meta = doc.meta
    video = meta.get("video")
    if not video:
        err(
            None,
            N_("webinář nemá video; doplňte 'video: media/soubor.mp4' nebo adresu https://"),
        )
    else:
        _check_media(err, doc, str(video), "video")
    for key in ("video_mp4", "poster"):
        if meta.get(key):
            _check_media(err, doc, str(meta[key]), key)
    if not isinstance(meta.get("public", False), bool):
        err("public", TRUE_OR_FALSE, key="public")
    duration = meta.get("duration")
    if duration is not None and not (
        (isinstance(duration, int | float) and not isinstance(duration, bool) and duration > 0)
        or parse_timestamp(str(duration)) is not None
    ):
        err("duration", N_("duration musí být počet sekund nebo 'MM:SS' / 'HH:MM:SS'"))
    captions = meta.get("captions", [])
    if not isinstance(captions, list):
        err("captions", N_("captions musí být seznam položek 'src:', 'lang:', 'label:'"))
        captions = []
    for i, entry in enumerate(captions):
        if not isinstance(entry, dict) or not entry.get("src") or not entry.get("lang"):
            err(
                ("captions", i),
                N_("každá položka titulků potřebuje 'src:' (soubor .vtt) a 'lang:'"),
            )
        elif not str(entry["src"]).endswith(".vtt"):
            err(
                ("captions", i, "src"),
                N_("soubor titulků %(src)s musí být soubor WebVTT s příponou .vtt"),
                src=repr(entry["src"]),
            )
        else:
            _check_media(err, doc, str(entry["src"]), ("captions", i, "src"))
    chapters = meta.get("chapters", [])
    if not isinstance(chapters, list):
        err("chapters", N_("chapters musí být seznam položek {start: 'MM:SS', title: ...}"))
        chapters = []
    for i, entry in enumerate(chapters):
        if (
            not isinstance(entry, dict)
            or not entry.get("title")
            or parse_timestamp(str(entry.get("start", ""))) is None
        ):
            err(
                ("chapters", i),
                N_("kapitola %(chapter)s potřebuje 'start: MM:SS' (nebo HH:MM:SS) a 'title:'"),
                chapter=repr(entry),
            )


def _check_caption_files(doc: Document, root: Path) -> list[Problem]:
    """Each caption file in the course's media/ checked against the WebVTT spec, its
    problems at the caption file's own lines (missing files are reported by _check_media)."""
    found: list[Problem] = []
    captions = doc.meta.get("captions")
    media = (doc.path.parent / "media").resolve()
    for entry in captions if isinstance(captions, list) else []:
        src = str(entry.get("src") or "") if isinstance(entry, dict) else ""
        path = (doc.path.parent / src).resolve()
        if not src.endswith(".vtt") or not path.is_relative_to(media) or not path.is_file():
            continue
        name = relative_name(path, root)
        for problem in check_webvtt(path.read_bytes())[:MAX_CAPTION_PROBLEMS]:
            args = {"line": problem.line, **problem.args}
            found.append(Problem(name, problem.line, problem.template, "error", args))
    return found


MAX_CAPTION_PROBLEMS = 20  # per file: a file in another format would list every line


def parse_timestamp(value: str) -> int | None:
    """'MM:SS' or 'HH:MM:SS' to seconds; None if malformed."""
    parts = value.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def _check_certificate(course: CourseSource, err: Report) -> None:
    rules = course.meta.get("certificate", {})
    if not isinstance(rules, dict):
        err(
            "certificate",
            N_(
                "pod certificate patří klíče required_modules a pass_mark (odsazené řádky 'klíč: hodnota')"
            ),
        )
        return
    for key in rules:
        if key not in CERTIFICATE_KEYS:
            hint = difflib.get_close_matches(str(key), CERTIFICATE_KEYS, n=1)
            if hint:
                err(
                    ("certificate", key),
                    N_("neznámé pravidlo certifikátu '%(key)s'; měli jste na mysli '%(hint)s'?"),
                    "warning",
                    key=key,
                    hint=hint[0],
                )
            else:
                err(
                    ("certificate", key),
                    N_("neznámé pravidlo certifikátu '%(key)s'"),
                    "warning",
                    key=key,
                )
    required = rules.get("required_modules", "all")
    slugs = course.module_slugs | {m.slug for m in course.modules}
    optional = {m.slug for m in course.modules if not m.required}
    if required != "all":
        if not isinstance(required, list):
            err(
                ("certificate", "required_modules"),
                N_("required_modules musí být 'all' nebo seznam slugů modulů"),
            )
        else:
            for i, slug in enumerate(required):
                if slug not in slugs:
                    err(
                        ("certificate", "required_modules", i),
                        N_(
                            "povinný modul %(slug)s v tomto kurzu není; uveďte slug modulu "
                            "(název souboru bez 'NN-' a '.md')"
                        ),
                        slug=repr(slug),
                    )
                elif slug in optional:
                    err(
                        ("certificate", "required_modules", i),
                        N_(
                            "modul %(slug)s má 'required: false', takže ho certifikát nemůže "
                            "vyžadovat; jedno z těch dvou nastavení odstraňte"
                        ),
                        slug=repr(slug),
                    )
    mark = rules.get("pass_mark", 0)
    if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= 100:
        err(
            ("certificate", "pass_mark"),
            N_("pass_mark certifikátu musí být celé číslo od 0 do 100"),
        )


def _check_links(err: Report, doc: Document) -> None:
    in_code = False
    previous = ""
    for offset, line in enumerate(doc.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        if line.lstrip().startswith("![") and previous.lstrip().startswith(">"):
            # Markdown continues the quote lazily: the image would land inside the tip box.
            err(
                doc.body_line + offset,
                N_(
                    "obrázek hned pod citací (řádek s >) se stane její součástí; "
                    "oddělte ho prázdným řádkem"
                ),
                "warning",
            )
        previous = line
        text = CODE_SPAN_RE.sub("", line)
        targets = [m.group(1) for m in LINK_RE.finditer(text)]
        reference = REFERENCE_RE.match(text)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            if target.startswith(("http://", "https://", "mailto:", "#", "/")):
                continue
            if ":" in target.split("/")[0]:
                err(
                    doc.body_line + offset,
                    N_("odkaz %(target)s používá nepovolené schéma"),
                    target=repr(target),
                )
                continue
            path = unquote(target.split("#")[0].split("?")[0])
            _check_target(err, doc, path, doc.body_line + offset)


def _check_media(err: Report, doc: Document, target: str, where: Where | int) -> None:
    if target.startswith("https://"):
        return
    if target.startswith("http://"):
        err(where, N_("adresa %(target)s musí začínat https://"), target=repr(target))
        return
    _check_target(err, doc, target, where)


def _check_target(err: Report, doc: Document, target: str, where: Where | int) -> None:
    """A relative path must exist, and be in media/: only media/ is served to learners."""
    if not target:
        return
    course_dir = doc.path.parent.resolve()
    resolved = (doc.path.parent / target).resolve()
    if not resolved.is_relative_to(course_dir):
        err(where, N_("cesta %(target)s vede mimo složku kurzu"), target=repr(target))
    elif not resolved.exists():
        err(
            where,
            N_("nefunkční odkaz: soubor %(target)s ve složce kurzu není"),
            target=repr(target),
        )
    elif not resolved.is_relative_to(course_dir / "media"):
        module = re.match(r"^\d{2,3}-(.+)\.md$", resolved.name)
        if module and resolved.parent == course_dir:
            err(
                where,
                N_(
                    "odkaz na %(target)s na webu nefunguje; odkažte místo toho na stránku "
                    "modulu: %(url)s"
                ),
                target=repr(target),
                url=f"/courses/{course_dir.name}/{module.group(1)}",
            )
        else:
            err(
                where,
                N_(
                    "soubor %(target)s není ve složce media/; zveřejňují se jen soubory z media/, "
                    "přesuňte ho tam a odkazujte na 'media/...'"
                ),
                target=repr(target),
            )


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
