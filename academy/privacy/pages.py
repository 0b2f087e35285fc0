"""The privacy policy and the terms: Markdown files the academy edits (PAGES_DIR/NAME.LANG.md,
front matter `title` and `version`), rendered and sanitised once per change of the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from academy.courses.rendering import render_markdown
from academy.courses.source import parse_document

NAMES = ("privacy", "terms")


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    version: str
    html: str


_cache: dict[Path, tuple[int, Page]] = {}
_lock = Lock()


def load_page(pages_dir: str | Path, name: str, lang: str) -> Page | None:
    """The page in `lang`, else in Czech; None when neither file exists."""
    if name not in NAMES:
        return None
    folder = Path(pages_dir)
    for candidate in (folder / f"{name}.{lang}.md", folder / f"{name}.cs.md"):
        try:
            mtime = candidate.stat().st_mtime_ns
        except OSError:
            continue
        cached = _cache.get(candidate)
        if cached and cached[0] == mtime:
            return cached[1]
        page = _render(candidate, name)
        with _lock:
            _cache[candidate] = (mtime, page)
        return page
    return None


def _render(path: Path, name: str) -> Page:
    text = path.read_text(encoding="utf-8-sig")
    doc, _problems = parse_document(text, path, path.name)
    if doc is None:  # no front matter: the whole file is the body
        return Page(name=name, title=name, version="", html=render_markdown(text))
    return Page(
        name=name,
        title=str(doc.meta.get("title") or name),
        version=str(doc.meta.get("version") or ""),
        html=render_markdown(doc.body),
    )


def terms_version(pages_dir: str | Path) -> str:
    """The version a person accepts at sign-up: the terms' and the policy's, joined."""
    parts = [p.version for n in NAMES if (p := load_page(pages_dir, n, "cs")) and p.version]
    return "+".join(parts)[:20]
