"""Help pages: Markdown files with front matter like the courses (HELP_DIR/<slug>.<lang>.md;
`title`, `summary`, `order`), rendered and sanitised once per change of the file, and found
by the site search with the same Czech word forms as modules (academy.webinars.wordforms).

`faq` is the FAQ shown on the help centre's front page. No Flask imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from threading import Lock

from markupsafe import Markup, escape

from academy.courses.rendering import render_markdown
from academy.courses.source import parse_document
from academy.webinars import search
from academy.webinars.wordforms import index_terms

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class HelpPage:
    slug: str
    lang: str
    title: str
    summary: str
    order: int
    html: str
    text: str  # plain text, for search snippets
    terms: frozenset[str]  # the words' search forms


@dataclass(frozen=True)
class HelpHit:
    page: HelpPage
    snippet: Markup


_cache: dict[Path, tuple[int, HelpPage]] = {}
_lock = Lock()


def _render(path: Path, slug: str, lang: str) -> HelpPage:
    source = path.read_text(encoding="utf-8-sig")
    doc, _problems = parse_document(source, path, path.name)
    meta, body = (doc.meta, doc.body) if doc is not None else ({}, source)
    html = render_markdown(body, language=lang)
    title = str(meta.get("title") or slug)
    text = " ".join(unescape(_TAGS.sub(" ", html)).split())
    return HelpPage(
        slug=slug,
        lang=lang,
        title=title,
        summary=str(meta.get("summary") or ""),
        order=int(meta.get("order") or 99),
        html=html,
        text=text,
        terms=frozenset(index_terms(f"{title} {meta.get('summary') or ''} {text}").split()),
    )


def _load(path: Path, slug: str, lang: str) -> HelpPage | None:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    page = _render(path, slug, lang)
    with _lock:
        _cache[path] = (mtime, page)
    return page


def load(help_dir: str | Path, slug: str, lang: str) -> HelpPage | None:
    """The page in `lang`, else in Czech; None for an unknown slug."""
    if not SLUG.match(slug):
        return None
    folder = Path(help_dir)
    for candidate, candidate_lang in (
        (folder / f"{slug}.{lang}.md", lang),
        (folder / f"{slug}.cs.md", "cs"),
    ):
        page = _load(candidate, slug, candidate_lang)
        if page is not None:
            return page
    return None


def all_pages(help_dir: str | Path, lang: str) -> list[HelpPage]:
    """Every help page but the FAQ, in `lang` where written (else Czech), by `order`."""
    folder = Path(help_dir)
    slugs = {p.name.split(".")[0] for p in folder.glob("*.cs.md")} if folder.is_dir() else set()
    found = [load(folder, slug, lang) for slug in sorted(slugs - {"faq"})]
    return sorted((p for p in found if p is not None), key=lambda p: (p.order, p.title))


def find(help_dir: str | Path, query: str, lang: str) -> list[HelpHit]:
    """Help pages (the FAQ too) holding every word of `query` in some form, with a snippet."""
    words = search.words_of(query)
    if not words:
        return []
    pages = all_pages(help_dir, lang)
    faq = load(help_dir, "faq", lang)
    hits = []
    for page in ([faq] if faq else []) + pages:
        if all(any(term.startswith(w) for term in page.terms) for w in words):
            marked = str(escape(search.snippet(page.text, words)))
            marked = marked.replace(search.MARK, "<mark>").replace(search.END, "</mark>")
            hits.append(HelpHit(page, Markup(marked)))
    return hits
