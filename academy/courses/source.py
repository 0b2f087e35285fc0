"""Reading the courses/ folder format (docs/course-format.md). No Flask, no database.

Every problem found is reported with its file and line so an instructor can
fix it; nothing here raises on bad content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from academy.courses.wording import N_

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MODULE_FILE_RE = re.compile(r"^(\d{2,3})-(.+)\.md$")
KINDS = ("lesson", "webinar", "quiz", "assignment", "journey_map")
LEVELS = ("beginner", "intermediate", "advanced")
LANGUAGES = ("cs", "en")
# Every front-matter key the format knows (docs/course-format.md); others get a warning.
COURSE_KEYS = (
    "title",
    "subtitle",
    "summary",
    "language",
    "level",
    "estimated_hours",
    "instructors",
    "cover",
    "tags",
    "published",
    "certificate",
    "reminders",
    "help",
)
CERTIFICATE_KEYS = ("required_modules", "pass_mark")
MODULE_KEYS = ("title", "kind", "minutes", "required", "resources")
KIND_KEYS = {
    "lesson": ("practice_minutes",),
    "webinar": ("video", "video_mp4", "poster", "captions", "chapters", "duration", "public"),
    "quiz": (
        "pass_mark",
        "max_attempts",
        "cooldown_minutes",
        "time_limit_minutes",
        "shuffle",
        "show_answers",
        "text_match",
        "shuffle_questions",
        "pick",
    ),
    "assignment": (
        "submission",
        "rubric",
        "pass",
        "resubmissions",
    ),  # academy/assignments/format.py
    "journey_map": ("lanes", "minimum", "example", "rubric", "pass", "resubmissions"),  # journeys
}


@dataclass(frozen=True)
class Problem:
    """One finding at file:line. `template` is the Czech msgid (marked with N_), `args` fill
    its %(name)s placeholders; the app shows `gettext(template) % args` in the reader's language.
    """

    path: str
    line: int
    template: str
    severity: str = "error"
    args: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """The message untranslated, in Czech (the msgid filled in)."""
        return self.template % self.args if self.args else self.template

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path  # line 0: the whole path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Document:
    """A Markdown file split into front matter and body."""

    path: Path
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int  # line number of the body's first line
    meta_lines: dict[str, int] = field(default_factory=dict)
    node: yaml.Node | None = None  # the composed front matter, for lines of nested values
    # files the module refers to (an example map), read while a scratch copy of its course
    # folder existed (the studio checks a module there); keyed by their path from the module
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def line_at(self, *path: str | int) -> int:
        """The line of a nested front-matter value, e.g. ('captions', 1, 'src').

        Falls back to the deepest part of the path that exists, then to line 1.
        """
        node, line = self.node, 1
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = next((kv for kv in node.value if kv[0].value == part), None)
                if found is None:
                    break
                line, node = found[0].start_mark.line + 2, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 2
            else:
                break
        return line


@dataclass
class ModuleSource:
    slug: str
    position: int
    doc: Document

    @property
    def title(self) -> str:
        return str(self.doc.meta.get("title") or "").strip()  # `title:` alone is None

    @property
    def kind(self) -> str:
        return str(self.doc.meta.get("kind", "lesson"))

    @property
    def minutes(self) -> int | None:
        value = self.doc.meta.get("minutes")
        return value if isinstance(value, int) else None

    @property
    def required(self) -> bool:
        return bool(self.doc.meta.get("required", True))


@dataclass
class CourseSource:
    slug: str
    path: Path
    doc: Document
    modules: list[ModuleSource]
    # every well-named module file, readable or not: rules may refer to a module with errors
    module_slugs: set[str] = field(default_factory=set)

    @property
    def meta(self) -> dict[str, Any]:
        return self.doc.meta


def read_document(path: Path, root: Path) -> tuple[Document | None, list[Problem]]:
    """Parse `---` YAML front matter and the Markdown body of one file."""
    rel = relative_name(path, root)
    try:  # text mode reads Windows line ends as "\n"; utf-8-sig drops a byte-order mark
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [
            Problem(rel, 1, N_("soubor není text v kódování UTF-8; uložte ho jako UTF-8"))
        ]
    return parse_document(text, path, rel)


def parse_document(text: str, path: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Split a file's text into front matter and body; `rel` names it in problems."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(
                rel, 1, N_("soubor musí začínat řádkem '---' a hlavičkou v YAML (front matter)")
            )
        ]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, [Problem(rel, 1, N_("hlavička (front matter) není uzavřená řádkem '---'"))]
    yaml_text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(yaml_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 2
        reason = getattr(exc, "problem", None) or str(exc)  # PyYAML's own words, in English
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        args: dict[str, Any] = {"reason": reason}
        template = _yaml_hint(reason)
        if template is None and context and start and start.line + 2 != line:
            # where the unfinished part began
            template = N_(
                "chybný YAML v hlavičce: %(reason)s (%(context)s; začátek na řádku %(start)s)"
            )
            args |= {"context": context, "start": start.line + 2}
        template = template or N_("chybný YAML v hlavičce: %(reason)s")
        return None, [Problem(rel, line, template, args=args)]
    if not isinstance(meta, dict):
        return None, [
            Problem(
                rel, 2, N_("hlavička (front matter) musí obsahovat řádky ve tvaru 'klíč: hodnota'")
            )
        ]
    meta_lines: dict[str, int] = {}
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if key in meta_lines:  # YAML would silently keep only the last one
                problems.append(
                    Problem(
                        rel,
                        line,
                        N_(
                            "klíč %(key)s je v hlavičce dvakrát (poprvé na řádku %(first)s); nechte jen jeden"
                        ),
                        args={"key": repr(key), "first": meta_lines[key]},
                    )
                )
                continue
            meta_lines[key] = line
    body = "\n".join(lines[end + 1 :]).strip("\n")
    body_line = end + 2
    while body_line - 1 < len(lines) and not lines[body_line - 1].strip():
        body_line += 1
    return Document(path, text, meta, body, body_line, meta_lines, node), problems


def _yaml_hint(reason: str) -> str | None:
    """The message with a hint for the YAML errors instructors meet most."""
    if "'\\t'" in reason:
        return N_("chybný YAML v hlavičce: %(reason)s; odsazujte mezerami, ne tabulátory")
    if "mapping values are not allowed" in reason:
        return N_(
            "chybný YAML v hlavičce: %(reason)s; hodnotu, která obsahuje ': ', dejte do uvozovek, "
            'např. title: "Webinář: CX"'
        )
    return None


def load_course(path: Path, root: Path | None = None) -> tuple[CourseSource | None, list[Problem]]:
    """Read one course folder; returns the course (if readable) and every problem found."""
    root = root or path.parent
    problems: list[Problem] = []
    slug = path.name
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(
                relative_name(path, root),
                0,
                N_(
                    "název složky kurzu %(slug)s není platný slug (jen malá písmena "
                    "bez diakritiky, číslice a pomlčky)"
                ),
                args={"slug": repr(slug)},
            )
        )
    course_file = path / "course.md"
    if not course_file.is_file():
        return None, [
            *problems,
            Problem(relative_name(course_file, root), 1, N_("chybí soubor course.md")),
        ]
    doc, errs = read_document(course_file, root)
    problems += errs
    modules: list[ModuleSource] = []
    positions: dict[int, str] = {}
    slugs: dict[str, str] = {}
    named: set[str] = set()
    for file in sorted(path.glob("*.md")):
        if file.name == "course.md":
            continue
        rel = relative_name(file, root)
        match = MODULE_FILE_RE.match(file.name)
        if not match:
            problems.append(
                Problem(rel, 1, N_("název souboru modulu musí mít tvar 'NN-module-slug.md'"))
            )
            continue
        position, mslug = int(match.group(1)), match.group(2)
        if not SLUG_RE.match(mslug):
            problems.append(
                Problem(
                    rel,
                    1,
                    N_(
                        "slug modulu %(slug)s není platný (jen malá písmena bez diakritiky, "
                        "číslice a pomlčky)"
                    ),
                    args={"slug": repr(mslug)},
                )
            )
            continue
        named.add(mslug)
        if mslug in slugs:
            problems.append(
                Problem(
                    rel,
                    1,
                    N_("slug modulu %(slug)s je v kurzu dvakrát (také %(other)s)"),
                    args={"slug": repr(mslug), "other": slugs[mslug]},
                )
            )
            continue
        if position in positions:
            problems.append(
                Problem(
                    rel,
                    1,
                    N_("číslo modulu %(number)s je v kurzu dvakrát (také %(other)s)"),
                    args={"number": f"{position:02d}", "other": positions[position]},
                )
            )
            continue
        mdoc, errs = read_document(file, root)
        problems += errs
        slugs[mslug], positions[position] = rel, rel
        if mdoc is not None:
            modules.append(ModuleSource(mslug, position, mdoc))
    if doc is None:
        return None, problems
    return CourseSource(slug, path, doc, modules, named), problems


def find_courses(path: Path) -> list[Path]:
    """A course folder itself, or every course folder directly inside `path`."""
    if (path / "course.md").is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and (p / "course.md").is_file())


def relative_name(path: Path, root: Path) -> str:
    """The path as shown in messages: relative to the folder that was checked."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
