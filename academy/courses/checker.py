"""`courses check`: every rule of docs/course-format.md, reported as file:line problems."""

from __future__ import annotations

import re
from pathlib import Path

from academy.courses.quiz_source import parse_quiz
from academy.courses.source import (
    KINDS,
    LANGUAGES,
    LEVELS,
    CourseSource,
    Document,
    ModuleSource,
    Problem,
    find_courses,
    load_course,
    relative_name,
)

LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
QUIZ_SETTINGS = {
    "pass_mark": (int, lambda v: 0 <= v <= 100, "a whole number from 0 to 100"),
    "max_attempts": (int, lambda v: v >= 0, "a whole number, 0 for unlimited"),
    "cooldown_minutes": (int, lambda v: v >= 0, "a whole number of minutes >= 0"),
    "time_limit_minutes": (int, lambda v: v > 0, "a whole number of minutes > 0"),
    "shuffle": (bool, lambda v: True, "true or false"),
    "show_answers": (str, lambda v: v in ("after_pass", "after_last_attempt", "never"),
                     "after_pass, after_last_attempt or never"),
}  # fmt: skip


def check_path(path: Path) -> tuple[list[CourseSource], list[Problem]]:
    """Check one course folder or every course in a folder; nothing touches the database."""
    if not path.exists():
        return [], [Problem(str(path), 1, "no such file or folder")]
    root = path.parent if (path / "course.md").is_file() else path
    folders = find_courses(path) if path.is_dir() else []
    if not folders:
        return [], [Problem(str(path), 1, "no course found: a course is a folder with course.md")]
    courses, problems = [], []
    for folder in folders:
        course, found = load_course(folder, root)
        problems += found
        if course is not None:
            problems += check_course(course, root)
            courses.append(course)
    return courses, problems


def check_course(course: CourseSource, root: Path) -> list[Problem]:
    doc = course.doc
    problems: list[Problem] = []
    err = _reporter(doc, root, problems)
    meta = doc.meta
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
    if not isinstance(instructors, list) or not all(
        isinstance(i, str) or (isinstance(i, dict) and i.get("name")) for i in instructors
    ):
        err("instructors", "instructors must be a list of names or of 'name:' / 'email:' entries")
    if meta.get("cover"):
        problems += _check_target(doc, root, str(meta["cover"]), doc.line_of("cover"))
    problems += _check_certificate(course, root)
    if not course.modules:
        err(None, "course has no modules; add files named like '01-introduction.md'", "warning")
    problems += _check_links(doc, root)
    for module in course.modules:
        problems += check_module(module, root)
    return problems


def check_module(module: ModuleSource, root: Path) -> list[Problem]:
    doc = module.doc
    problems: list[Problem] = []
    err = _reporter(doc, root, problems)
    meta = doc.meta
    if not module.title:
        err("title", "module title is missing; add 'title: ...'")
    if meta.get("kind", "lesson") not in KINDS:
        err("kind", f"unknown kind {meta.get('kind')!r}; use one of {', '.join(KINDS)}")
    minutes = meta.get("minutes")
    if minutes is None:
        err(None, "module has no estimated time; add 'minutes: N'", "warning")
    elif not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        err("minutes", "minutes must be a whole number greater than 0")
    if not isinstance(meta.get("required", True), bool):
        err("required", "required must be true or false")
    if module.kind == "quiz":
        for key, (kind, ok, wanted) in QUIZ_SETTINGS.items():
            if key in meta and (
                not isinstance(meta[key], kind)
                or (kind is int and isinstance(meta[key], bool))
                or not ok(meta[key])
            ):
                err(key, f"{key} must be {wanted}")
        quiz = parse_quiz(doc.body, doc.body_line)
        rel = relative_name(doc.path, root)
        problems += [Problem(rel, line, message) for line, message in quiz.problems]
        if not quiz.questions:
            err(None, "quiz has no questions; start each with a '### ' heading")
    elif module.kind == "webinar":
        problems += _check_webinar(doc, root)
    if module.kind != "quiz" and not doc.body.strip():
        err(None, "module body is empty", "warning")
    problems += _check_links(doc, root)
    return problems


def _check_webinar(doc: Document, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    err = _reporter(doc, root, problems)
    video = doc.meta.get("video")
    if not video:
        err(None, "webinar has no video; add 'video: media/file.mp4' or an https:// URL")
    elif not str(video).startswith("https://"):
        problems += _check_target(doc, root, str(video), doc.line_of("video"))
    if doc.meta.get("poster"):
        problems += _check_target(doc, root, str(doc.meta["poster"]), doc.line_of("poster"))
    captions = doc.meta.get("captions", [])
    if not isinstance(captions, list):
        err("captions", "captions must be a list of 'src:', 'lang:', 'label:' entries")
        captions = []
    for entry in captions:
        if not isinstance(entry, dict) or not entry.get("src") or not entry.get("lang"):
            err("captions", "each caption needs 'src:' (a .vtt file) and 'lang:'")
        elif not str(entry["src"]).endswith(".vtt"):
            err("captions", f"caption file {entry['src']!r} must be a WebVTT .vtt file")
        else:
            problems += _check_target(doc, root, str(entry["src"]), doc.line_of("captions"))
    chapters = doc.meta.get("chapters", [])
    if not isinstance(chapters, list):
        err("chapters", "chapters must be a list of {start: 'MM:SS', title: ...} entries")
        chapters = []
    for entry in chapters:
        if (
            not isinstance(entry, dict)
            or not entry.get("title")
            or parse_timestamp(str(entry.get("start", ""))) is None
        ):
            err("chapters", f"chapter {entry!r} needs 'start: MM:SS' (or HH:MM:SS) and 'title:'")
    return problems


def parse_timestamp(value: str) -> int | None:
    """'MM:SS' or 'HH:MM:SS' to seconds; None if malformed."""
    parts = value.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def _check_certificate(course: CourseSource, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    err = _reporter(course.doc, root, problems)
    rules = course.meta.get("certificate", {})
    if not isinstance(rules, dict):
        err("certificate", "certificate must be a mapping with required_modules and pass_mark")
        return problems
    required = rules.get("required_modules", "all")
    slugs = {m.slug for m in course.modules}
    if required != "all":
        if not isinstance(required, list):
            err("certificate", "required_modules must be 'all' or a list of module slugs")
        else:
            for slug in required:
                if slug not in slugs:
                    err("certificate", f"required module {slug!r} does not exist in this course")
    mark = rules.get("pass_mark", 0)
    if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= 100:
        err("certificate", "certificate pass_mark must be a whole number from 0 to 100")
    return problems


def _check_links(doc: Document, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    in_code = False
    for offset, line in enumerate(doc.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        for match in LINK_RE.finditer(line):
            target = match.group(1)
            if target.startswith(("http://", "https://", "mailto:", "#", "/")):
                continue
            if ":" in target.split("/")[0]:
                problems.append(
                    Problem(
                        relative_name(doc.path, root),
                        doc.body_line + offset,
                        f"link {target!r} uses a scheme that is not allowed",
                    )
                )
                continue
            problems += _check_target(doc, root, target.split("#")[0], doc.body_line + offset)
    return problems


def _check_target(doc: Document, root: Path, target: str, line: int) -> list[Problem]:
    if not target:
        return []
    course_dir = doc.path.parent
    resolved = (course_dir / target).resolve()
    rel = relative_name(doc.path, root)
    if not resolved.is_relative_to(course_dir.resolve()):
        return [Problem(rel, line, f"{target!r} points outside the course folder")]
    if not resolved.exists():
        return [Problem(rel, line, f"broken link: {target!r} does not exist in the course folder")]
    return []


def _reporter(doc: Document, root: Path, problems: list[Problem]):
    rel = relative_name(doc.path, root)

    def report(key: str | None, message: str, severity: str = "error") -> None:
        line = doc.line_of(key) if key else 1
        problems.append(Problem(rel, line, message, severity))

    return report


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
