"""Search across modules and webinar transcripts, ignoring diacritics ("duvera" finds "důvěra").

One interface, the database's own full-text search underneath:

* SQLite: an FTS5 table with the ``unicode61 remove_diacritics 2`` tokenizer. It lives
  in each connection's ``temp`` schema and is refilled from ``search_entry`` when that
  changes, so the migrated schema holds only ordinary tables.
* PostgreSQL: ``to_tsvector`` with the ``academy_search`` configuration (the ``simple``
  dictionary after ``unaccent``), made by the migration.

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from markupsafe import Markup, escape
from sqlalchemy import bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.importer import media_base
from academy.courses.models import Course, Module, ModuleKind
from academy.learning.models import Enrollment
from academy.webinars.models import SearchEntry
from academy.webinars.transcript import load_cues

MARK, END = "\ue000", "\ue001"  # private-use characters around a hit in a snippet
MAX_WORDS = 8
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Hit:
    course: Course
    module: Module
    start: float | None  # seconds into the recording, for a transcript hit
    snippet: Markup


def words_of(query: str) -> list[str]:
    """The words of a query; punctuation and the search syntax of either database dropped."""
    return [w.lower() for w in re.findall(r"\w+", query)][:MAX_WORDS]


def _plain(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def _transcript(course: Course, module: Module, media_dir: Path) -> tuple[Path | None, str]:
    """The captions file of a webinar (Czech first) and its version, for the source key."""
    base = media_base(course.slug)
    tracks = sorted(module.settings.get("captions") or [], key=lambda t: t["lang"] != "cs")
    for track in tracks:
        src = track["src"]
        if src.startswith(base):
            path = media_dir / course.slug / src.removeprefix(base)
            if path.is_file():
                return path, str(path.stat().st_mtime_ns)
    return None, ""


def refresh_index(session: Session, media_dir: Path) -> bool:
    """Bring search entries in line with the live modules of published courses.

    Cheap when nothing changed (one query and a stat per captions file); returns
    whether anything was rebuilt.
    """
    live = session.execute(
        select(Module, Course)
        .join(Course, Course.id == Module.course_id)
        .where(Module.archived_at.is_(None), Course.published.is_(True))
    ).all()
    wanted: dict[int, tuple[Module, Course, Path | None, str]] = {}
    for module, course in live:
        captions, version = (None, "")
        if module.kind is ModuleKind.WEBINAR:
            captions, version = _transcript(course, module, media_dir)
        key = f"{module.content_hash[:64]}:{version}"[:100]
        wanted[module.id] = (module, course, captions, key)
    indexed: dict[int, str] = {
        module_id: key
        for module_id, key in session.execute(
            select(SearchEntry.module_id, SearchEntry.source_key).distinct()
        )
    }
    stale = {mid for mid, (_m, _c, _p, key) in wanted.items() if indexed.get(mid) != key}
    gone = set(indexed) - set(wanted)
    if not stale and not gone:
        return False
    session.execute(delete(SearchEntry).where(SearchEntry.module_id.in_(stale | gone)))
    for module_id in stale:
        module, _course, captions, key = wanted[module_id]
        body = f"{module.title}. {_plain(module.body_html)}"
        session.add(SearchEntry(module_id=module_id, start=None, body=body, source_key=key))
        for cue in load_cues(captions) if captions else []:
            session.add(
                SearchEntry(module_id=module_id, start=cue.start, body=cue.text, source_key=key)
            )
    session.flush()
    return True


def readable_modules(session: Session, user: User | None) -> list[int]:
    """Ids of the live modules of published courses whose text `user` may read, by the
    rules of the pages a hit opens: a public recording for everyone; the rest of a course
    for its enrolled learners; everything for staff (as media.may_fetch)."""
    query = (
        select(Module.id, Module.kind, Module.settings, Module.course_id)
        .join(Course, Course.id == Module.course_id)
        .where(Module.archived_at.is_(None), Course.published.is_(True))
    )
    signed_in = bool(getattr(user, "is_authenticated", False))
    if signed_in and user.is_staff:
        return list(session.scalars(query.with_only_columns(Module.id)))
    enrolled: set[int] = set()
    if signed_in:
        enrolled = set(
            session.scalars(select(Enrollment.course_id).where(Enrollment.user_id == user.id))
        )
    return [
        module_id
        for module_id, kind, settings, course_id in session.execute(query)
        if course_id in enrolled
        or (kind is ModuleKind.WEBINAR and bool((settings or {}).get("public")))
    ]


_ALLOWED = bindparam("allowed", expanding=True)


def _sqlite_matches(
    session: Session, words: list[str], limit: int, allowed: list[int]
) -> list[tuple[int, str]]:
    conn = session.connection()
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts USING "
        "fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS temp.search_fts_state (generation TEXT)")
    count, last = session.execute(
        select(func.count(SearchEntry.id), func.max(SearchEntry.id))
    ).one()
    generation = f"{count}:{last}"
    if conn.exec_driver_sql("SELECT generation FROM temp.search_fts_state").scalar() != generation:
        conn.exec_driver_sql("DELETE FROM temp.search_fts")
        conn.exec_driver_sql(
            "INSERT INTO temp.search_fts (rowid, body) SELECT id, body FROM main.search_entry"
        )
        conn.exec_driver_sql("DELETE FROM temp.search_fts_state")
        conn.execute(
            text("INSERT INTO temp.search_fts_state (generation) VALUES (:g)"), {"g": generation}
        )
    match = " ".join(f'"{w}"*' for w in words)  # every word, as a prefix
    rows = conn.execute(
        text(
            "SELECT rowid, snippet(search_fts, 0, :mark, :end, '…', 16) FROM temp.search_fts "
            "WHERE search_fts MATCH :match AND rowid IN "
            "(SELECT id FROM main.search_entry WHERE module_id IN :allowed) "
            "ORDER BY bm25(search_fts) LIMIT :limit"
        ).bindparams(_ALLOWED),
        {"mark": MARK, "end": END, "match": match, "limit": limit, "allowed": allowed},
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def _postgres_matches(
    session: Session, words: list[str], limit: int, allowed: list[int]
) -> list[tuple[int, str]]:
    query = " & ".join(f"{w}:*" for w in words)  # words are \w+ only: no tsquery syntax
    rows = session.execute(
        text(
            "SELECT id, ts_headline('academy_search', body, q, :options) FROM search_entry, "
            "to_tsquery('academy_search', :query) AS q "
            "WHERE to_tsvector('academy_search', body) @@ q AND module_id IN :allowed "
            "ORDER BY ts_rank(to_tsvector('academy_search', body), q) DESC, id LIMIT :limit"
        ).bindparams(_ALLOWED),
        {
            "query": query,
            "limit": limit,
            "allowed": allowed,
            "options": f"StartSel={MARK}, StopSel={END}, MaxWords=24, MinWords=10",
        },
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def search(session: Session, query: str, user: User | None, limit: int = 30) -> list[Hit]:
    """Modules and transcript lines matching every word of `query` that `user` may read
    (readable_modules), best first."""
    words = words_of(query)
    if not words:
        return []
    allowed = readable_modules(session, user)
    if not allowed:
        return []
    if session.get_bind().dialect.name == "sqlite":
        matches = _sqlite_matches(session, words, limit, allowed)
    else:
        matches = _postgres_matches(session, words, limit, allowed)
    if not matches:
        return []
    rows = session.execute(
        select(SearchEntry.id, SearchEntry.start, Module, Course)
        .join(Module, Module.id == SearchEntry.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(SearchEntry.id.in_([m[0] for m in matches]))
    ).all()
    found = {r[0]: r[1:] for r in rows}
    hits = []
    for entry_id, snippet in matches:
        if entry_id in found:
            start, module, course = found[entry_id]
            marked = str(escape(snippet)).replace(MARK, "<mark>").replace(END, "</mark>")
            hits.append(Hit(course, module, start, Markup(marked)))
    return hits
