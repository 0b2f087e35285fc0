"""Module and course sources as the studio writes them, and checking one module's text.

No Flask and no database: text in, text or problems out. The checker is the one behind
`courses check`; a module is checked inside a scratch copy of its course folder (empty
stand-ins for the media and the other modules), so links are judged exactly as on disk.
"""

from __future__ import annotations

import difflib
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from academy.courses.checker import check_module
from academy.courses.source import Document, ModuleSource, Problem, parse_document

NEW_MODULE_BODY = {
    "lesson": "Sem napište text lekce. Nadpisy začínají znaky `## `.\n",
    "webinar": "O čem webinář je.\n",
    "quiz": "Úvod ke kvízu.\n\n### První otázka\n\n(x) Správná odpověď\n( ) Špatná odpověď\n",
}


def slugify(
    title: str, taken: set[str] | frozenset[str] = frozenset(), fallback: str = "modul"
) -> str:
    """A lowercase ASCII slug of `title` (Unicode NFKD drops the diacritics: „Mapování
    zákaznických cest“ → mapovani-zakaznickych-cest), made unique against `taken` with -2, -3..."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].strip("-") or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def normalize(text: str) -> str:
    """Line ends as in the files (a browser sends a textarea with CRLF), one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    return text.rstrip("\n") + "\n"


def front_matter(meta: dict[str, Any], body: str) -> str:
    """A Markdown file: `---` YAML front matter `---`, a blank line, the body."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return normalize(f"---\n{front}---\n\n{body.strip()}\n")


def new_module_text(title: str, kind: str) -> str:
    meta: dict[str, Any] = {"title": title, "kind": kind, "minutes": 10}
    if kind == "webinar":
        meta["video"] = "https://example.com/zaznam.mp4"
    return front_matter(meta, NEW_MODULE_BODY[kind])


@dataclass
class CheckedModule:
    doc: Document | None
    source: ModuleSource | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def check_module_text(
    text: str,
    course_slug: str,
    slug: str,
    position: int,
    media: list[str],
    modules: list[str],
    maps: dict[str, str] | None = None,
) -> CheckedModule:
    """Parse and check one module's full source as `courses check` would in its course folder.

    `media` are the course's media file names (relative to media/), `modules` the file names
    of the course's other modules, `maps` the example maps the course holds (`maps/x.yaml` →
    text); problems carry line numbers of `text`.
    """
    name = f"{position:02d}-{slug}.md"
    with tempfile.TemporaryDirectory(prefix="academy-studio-") as temp:
        folder = Path(temp) / course_slug
        (folder / "media").mkdir(parents=True)
        for file in media:
            target = (folder / "media" / file).resolve()
            if target.is_relative_to(folder / "media"):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.touch()
        for other in modules:
            if "/" not in other:
                (folder / other).touch()
        for file, map_text in (maps or {}).items():
            target = (folder / file).resolve()
            if target.parent == (folder / "maps").resolve():
                target.parent.mkdir(exist_ok=True)
                target.write_text(map_text, encoding="utf-8")
        doc, problems = parse_document(text, folder / name, name)
        if doc is None:
            return CheckedModule(None, None, problems)
        source = ModuleSource(slug, position, doc)
        problems = problems + check_module(source, Path(temp) / course_slug)
        example = doc.meta.get("example")
        if isinstance(example, str) and example in (maps or {}):  # kept past the scratch copy
            doc.files[example] = (folder / example).read_bytes()
    problems.sort(key=lambda p: p.line)
    return CheckedModule(doc, source, problems)


@dataclass(frozen=True)
class DiffLine:
    old: int | None  # line number before, None for an added line
    new: int | None  # line number after, None for a removed line
    change: str  # "same", "added", "removed", "gap"
    text: str


def diff_lines(before: str, after: str, context: int = 2) -> list[DiffLine]:
    """What changed from `before` to `after`, line by line, with a little context around."""
    old, new = before.split("\n"), after.split("\n")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    rows: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(DiffLine(None, None, "gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [DiffLine(i + 1, j1 + i - i1 + 1, "same", old[i]) for i in range(i1, i2)]
                continue
            rows += [DiffLine(i + 1, None, "removed", old[i]) for i in range(i1, i2)]
            rows += [DiffLine(None, j + 1, "added", new[j]) for j in range(j1, j2)]
    return rows
