"""`courses check`: every rule of docs/course-format.md, reported as file:line problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

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
QUIZ_SETTINGS = {
    "pass_mark": (int, lambda v: 0 <= v <= 100, "a whole number from 0 to 100"),
    "max_attempts": (int, lambda v: v >= 0, "a whole number, 0 for unlimited"),
    "cooldown_minutes": (int, lambda v: v >= 0, "a whole number of minutes >= 0"),
    "time_limit_minutes": (int, lambda v: v > 0, "a whole number of minutes > 0"),
    "shuffle": (bool, lambda v: True, "true or false"),
    "show_answers": (str, lambda v: v in ("after_pass", "after_last_attempt", "never"),
                     "after_pass, after_last_attempt or never"),
    "text_match": (str, lambda v: v in TEXT_MATCH, "loose, case, diacritics or exact"),
    "shuffle_questions": (bool, lambda v: True, "true or false"),
    "pick": (int, lambda v: v > 0, "a whole number of questions > 0"),
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
                "no such file or folder; give a course folder (one with course.md) "
                "or a folder of courses",
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
                "no course found: a course is a folder with course.md, "
                "e.g. courses/my-course/course.md",
            )
        ]
    courses, problems = [], []
    for folder in folders:
        course, found = load_course(folder, root)
        problems += found
        if course is not None:
            problems += check_course(course, root)
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
    _check_keys(err, meta, COURSE_KEYS, "course.md")
    if not str(meta.get("title") or "").strip():
        err("title", "course title is missing; add 'title: ...'")
    if meta.get("language", "cs") not in LANGUAGES:
        err("language", f"language must be one of {', '.join(LANGUAGES)}")
    if meta.get("level", "beginner") not in LEVELS:
        err("level", f"level must be one of {', '.join(LEVELS)}")
    hours = meta.get("estimated_hours")
    if hours is not None and (
        not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0
    ):
        err("estimated_hours", "estimated_hours must be a positive number")
    if not isinstance(meta.get("published", False), bool):
        err("published", "published must be true or false")
    if not isinstance(meta.get("tags", []), list):
        err("tags", "tags must be a list, e.g. [KPI, persony]")
    instructors = meta.get("instructors", [])
    if not isinstance(instructors, list):
        err("instructors", "instructors must be a list of names or of 'name:' / 'email:' entries")
        instructors = []
    for i, person in enumerate(instructors):
        if not (isinstance(person, str) or (isinstance(person, dict) and person.get("name"))):
            err(("instructors", i), "each instructor needs a name: '- name: Jana Nováková'")
    if meta.get("cover"):
        _check_target(err, doc, str(meta["cover"]), "cover")
    _check_certificate(course, err)
    if not course.module_slugs and not course.modules:
        err(None, "course has no modules; add files named like '01-introduction.md'", "warning")
    if not doc.body.strip():
        err(None, "course.md has no overview text below the front matter", "warning")
    _check_links(err, doc)
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
        err("title", "module title is missing; add 'title: ...'")
    if kind not in KINDS:
        err("kind", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        _check_keys(err, meta, MODULE_KEYS + sum(KIND_KEYS.values(), ()), "a module")
    else:
        _check_keys(err, meta, MODULE_KEYS + KIND_KEYS[kind], f"a {kind} module", kind)
    minutes = meta.get("minutes")
    if minutes is None:
        err(None, "module has no estimated time; add 'minutes: N'", "warning")
    elif not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        err("minutes", "minutes must be a whole number greater than 0")
    if not isinstance(meta.get("required", True), bool):
        err("required", "required must be true or false")
    if kind == "quiz":
        _check_quiz(err, doc)
    elif kind == "webinar":
        _check_webinar(err, doc)
        if not doc.body.strip():
            err(None, "webinar has no text; say what it covers below the front matter", "warning")
    elif kind == "lesson" and not doc.body.strip():
        err(None, "lesson has no text; write the lesson below the front matter")
    _check_links(err, doc)
    return problems


def _check_keys(
    err: Report, meta: dict, known: tuple[str, ...], where: str, kind: str | None = None
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
                f"'{key}' is only used by {other_kinds[key]} modules; it is ignored in {where}",
                "warning",
            )
            continue
        hint = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else "; it is ignored"
        err(key, f"unknown key '{key}' in {where}{suggestion}", "warning")


def _check_quiz(err: Report, doc: Document) -> None:
    meta = doc.meta
    for key, (kind, ok, wanted) in QUIZ_SETTINGS.items():
        if key in meta and (
            not isinstance(meta[key], kind)
            or (kind is int and isinstance(meta[key], bool))
            or not ok(meta[key])
        ):
            err(key, f"{key} must be {wanted}")
    if meta.get("show_answers") == "after_last_attempt" and meta.get("max_attempts", 0) == 0:
        err(
            "show_answers",
            "show_answers: after_last_attempt never shows the answers when "
            "attempts are unlimited; set max_attempts or another value",
            "warning",
        )
    quiz = parse_quiz(doc.body, doc.body_line)
    for line, message in quiz.problems:
        err(line, message)
    if not quiz.questions:
        err(None, "quiz has no questions; start each with a '### ' heading")
    pick = meta.get("pick")
    if isinstance(pick, int) and not isinstance(pick, bool) and pick > len(quiz.questions):
        err("pick", f"pick: {pick} is more than the {len(quiz.questions)} questions in the quiz")
    seen: dict[str, int] = {}
    for question in quiz.questions:
        text = " ".join(question.text.split()).casefold()
        if text in seen:
            err(question.line, f"the same question is already on line {seen[text]}", "warning")
        else:
            seen[text] = question.line


def _check_webinar(err: Report, doc: Document) -> None:
    meta = doc.meta
    video = meta.get("video")
    if not video:
        err(None, "webinar has no video; add 'video: media/file.mp4' or an https:// URL")
    else:
        _check_media(err, doc, str(video), "video")
    for key in ("video_mp4", "poster"):
        if meta.get(key):
            _check_media(err, doc, str(meta[key]), key)
    if not isinstance(meta.get("public", False), bool):
        err("public", "public must be true or false")
    duration = meta.get("duration")
    if duration is not None and not (
        (isinstance(duration, int | float) and not isinstance(duration, bool) and duration > 0)
        or parse_timestamp(str(duration)) is not None
    ):
        err("duration", "duration must be seconds or 'MM:SS' / 'HH:MM:SS'")
    captions = meta.get("captions", [])
    if not isinstance(captions, list):
        err("captions", "captions must be a list of 'src:', 'lang:', 'label:' entries")
        captions = []
    for i, entry in enumerate(captions):
        if not isinstance(entry, dict) or not entry.get("src") or not entry.get("lang"):
            err(("captions", i), "each caption needs 'src:' (a .vtt file) and 'lang:'")
        elif not str(entry["src"]).endswith(".vtt"):
            err(("captions", i, "src"), f"caption file {entry['src']!r} must be a WebVTT .vtt file")
        else:
            _check_media(err, doc, str(entry["src"]), ("captions", i, "src"))
    chapters = meta.get("chapters", [])
    if not isinstance(chapters, list):
        err("chapters", "chapters must be a list of {start: 'MM:SS', title: ...} entries")
        chapters = []
    for i, entry in enumerate(chapters):
        if (
            not isinstance(entry, dict)
            or not entry.get("title")
            or parse_timestamp(str(entry.get("start", ""))) is None
        ):
            err(
                ("chapters", i),
                f"chapter {entry!r} needs 'start: MM:SS' (or HH:MM:SS) and 'title:'",
            )


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
        err("certificate", "certificate must be a mapping with required_modules and pass_mark")
        return
    for key in rules:
        if key not in CERTIFICATE_KEYS:
            hint = difflib.get_close_matches(str(key), CERTIFICATE_KEYS, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
            err(("certificate", key), f"unknown certificate rule '{key}'{suggestion}", "warning")
    required = rules.get("required_modules", "all")
    slugs = course.module_slugs | {m.slug for m in course.modules}
    optional = {m.slug for m in course.modules if not m.required}
    if required != "all":
        if not isinstance(required, list):
            err(
                ("certificate", "required_modules"),
                "required_modules must be 'all' or a list of module slugs",
            )
        else:
            for i, slug in enumerate(required):
                if slug not in slugs:
                    err(
                        ("certificate", "required_modules", i),
                        f"required module {slug!r} does not exist in this course; "
                        f"use a module slug (the file name without 'NN-' and '.md')",
                    )
                elif slug in optional:
                    err(
                        ("certificate", "required_modules", i),
                        f"module {slug!r} says 'required: false', so the certificate "
                        f"cannot require it; remove one of the two",
                    )
    mark = rules.get("pass_mark", 0)
    if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= 100:
        err(
            ("certificate", "pass_mark"),
            "certificate pass_mark must be a whole number from 0 to 100",
        )


def _check_links(err: Report, doc: Document) -> None:
    in_code = False
    for offset, line in enumerate(doc.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        text = CODE_SPAN_RE.sub("", line)
        targets = [m.group(1) for m in LINK_RE.finditer(text)]
        reference = REFERENCE_RE.match(text)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            if target.startswith(("http://", "https://", "mailto:", "#", "/")):
                continue
            if ":" in target.split("/")[0]:
                err(doc.body_line + offset, f"link {target!r} uses a scheme that is not allowed")
                continue
            path = unquote(target.split("#")[0].split("?")[0])
            _check_target(err, doc, path, doc.body_line + offset)


def _check_media(err: Report, doc: Document, target: str, where: Where | int) -> None:
    if target.startswith("https://"):
        return
    if target.startswith("http://"):
        err(where, f"{target!r} must use https://")
        return
    _check_target(err, doc, target, where)


def _check_target(err: Report, doc: Document, target: str, where: Where | int) -> None:
    """A relative path must exist, and be in media/: only media/ is served to learners."""
    if not target:
        return
    course_dir = doc.path.parent.resolve()
    resolved = (doc.path.parent / target).resolve()
    if not resolved.is_relative_to(course_dir):
        err(where, f"{target!r} points outside the course folder")
    elif not resolved.exists():
        err(where, f"broken link: {target!r} does not exist in the course folder")
    elif not resolved.is_relative_to(course_dir / "media"):
        module = re.match(r"^\d{2,3}-(.+)\.md$", resolved.name)
        if module and resolved.parent == course_dir:
            err(
                where,
                f"link to {target!r} does not work on the site; link the module's page "
                f"instead: /courses/{course_dir.name}/{module.group(1)}",
            )
        else:
            err(
                where,
                f"{target!r} is not in media/; only files in media/ are published, "
                "so move it there and link 'media/...'",
            )


def _reporter(doc: Document, root: Path, problems: list[Problem]) -> Report:
    """report(where, message, severity): `where` is a key, a key path, a line, or None (line 1)."""
    rel = relative_name(doc.path, root)

    def report(where: Where | int, message: str, severity: str = "error") -> None:
        if isinstance(where, int):
            line = where
        elif isinstance(where, tuple):
            line = doc.line_at(*where)
        else:
            line = doc.line_of(where) if where else 1
        problems.append(Problem(rel, line, message, severity))

    return report


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
