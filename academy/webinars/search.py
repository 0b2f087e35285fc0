"""Search across modules and webinar transcripts, by Czech word forms and ignoring diacritics
("duvera" finds "důvěře").

Each entry stores, beside its text, its words' stems without diacritics (`wordforms`); they
are computed when a course is imported or a module published (`refresh_index`), never while
searching. A query's words are stemmed alike and matched as prefixes, by the database's own
full-text search:

* SQLite: an FTS5 table over the stems. It lives in each connection's ``temp`` schema and is
  refilled from ``search_entry`` when that changes, so the migrated schema holds only
  ordinary tables.
* PostgreSQL: ``to_tsvector('simple', terms)`` with prefix queries.

The snippet is cut from the text around the first word that matched, in Python, so both
databases show the same.

Services take a Session, flush, and never commit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from markupsafe import Markup, escape
from sqlalchemy import bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.staff import teaches
from academy.learning.models import Enrollment
from academy.media.addresses import media_base
from academy.media.backends import media_file
from academy.webinars.models import SearchEntry
from academy.webinars.transcript import load_cues
from academy.webinars.wordforms import matches, query_term

MARK, END = "\ue000", "\ue001"  # private-use characters around a hit in a snippet
MAX_WORDS = 8
INDEX_VERSION = "cs1"  # part of each entry's source key: a new way of indexing rebuilds it
SNIPPET_WORDS = 24
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Hit:
    course: Course
    module: Module
    start: float | None  # seconds into the recording, for a transcript hit
    snippet: Markup


def words_of(query: str) -> list[str]:
    """The words of a query as looked up: stems without diacritics; punctuation and the
    search syntax of either database dropped."""
    return [query_term(w) for w in re.findall(r"\w+", query)][:MAX_WORDS]


def _plain(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def _transcript(course: Course, module: Module, media_dir: Path) -> tuple[Path | None, str]:
    """The captions file of a webinar (Czech first) and its version, for the source key."""
    base = media_base(course.slug)
    tracks = sorted(module.settings.get("captions") or [], key=lambda t: t["lang"] != "cs")
    for track in tracks:
        src = track["src"]
        if src.startswith(base):
            name = src.removeprefix(base)
            path = media_dir / course.slug / name
            if not path.is_file():  # with S3, fetched from the bucket into this node's copy
                path = media_file(course.slug, name)
            if path is not None and path.is_file():
                # the file's content, not its modification time: every node (each with its
                # own copy from the bucket) agrees, so none rebuilds the entries again
                return path, hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return None, ""


def refresh_index(session: Session, media_dir: Path) -> bool:
    """Bring search entries in line with the live modules of every course (a search shows
    only published courses, so publishing one needs no refresh).

    Called where content changes: `courses import`, the studio's import and its publishing
    of a module; never while searching. Cheap when nothing changed (one query and a hash of
    each captions file); returns whether anything was rebuilt.
    """
    live = session.execute(
        select(Module, Course)
        .join(Course, Course.id == Module.course_id)
        .where(Module.archived_at.is_(None))
    ).all()
    wanted: dict[int, tuple[Module, Course, Path | None, str]] = {}
    for module, course in live:
        captions, version = (None, "")
        if module.kind is ModuleKind.WEBINAR:
            captions, version = _transcript(course, module, media_dir)
        key = f"{module.content_hash[:64]}:{version}:{INDEX_VERSION}"[:100]
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
        session.add(SearchEntry.of(module_id, None, body, key))
        for cue in load_cues(captions) if captions else []:
            session.add(SearchEntry.of(module_id, cue.start, cue.text, key))
    session.flush()
    return True


def readable_modules(session: Session, user: User | None) -> list[int]:
    """Ids of the live modules of published courses whose text `user` may read, by the
    rules of the pages a hit opens: a public recording for everyone; the rest of a course
    for its enrolled learners and its staff; everything for admins (as media.file_access)."""
    query = (
        select(Module.id, Module.kind, Module.settings, Module.course_id, Course.instructors)
        .join(Course, Course.id == Module.course_id)
        .where(Module.archived_at.is_(None), Course.published.is_(True))
    )
    signed_in = bool(getattr(user, "is_authenticated", False))
    if signed_in and user.is_admin:
        return list(session.scalars(query.with_only_columns(Module.id)))
    enrolled: set[int] = set()
    if signed_in:
        enrolled = set(
            session.scalars(select(Enrollment.course_id).where(Enrollment.user_id == user.id))
        )
    return [
        module_id
        for module_id, kind, settings, course_id, instructors in session.execute(query)
        if course_id in enrolled
        or (kind is ModuleKind.WEBINAR and bool((settings or {}).get("public")))
        or teaches(user, instructors)
    ]


_ALLOWED = bindparam("allowed", expanding=True)


def _sqlite_matches(
    session: Session, words: list[str], limit: int, allowed: list[int]
) -> list[int]:
    conn = session.connection()
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts USING "
        "fts5(terms, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS temp.search_fts_state (generation TEXT)")
    count, last = session.execute(
        select(func.count(SearchEntry.id), func.max(SearchEntry.id))
    ).one()
    generation = f"{count}:{last}"
    if conn.exec_driver_sql("SELECT generation FROM temp.search_fts_state").scalar() != generation:
        conn.exec_driver_sql("DELETE FROM temp.search_fts")
        conn.exec_driver_sql(
            "INSERT INTO temp.search_fts (rowid, terms) SELECT id, terms FROM main.search_entry"
        )
        conn.exec_driver_sql("DELETE FROM temp.search_fts_state")
        conn.execute(
            text("INSERT INTO temp.search_fts_state (generation) VALUES (:g)"), {"g": generation}
        )
    match = " ".join(f'"{w}"*' for w in words)  # every word, as a prefix
    rows = conn.execute(
        text(
            "SELECT rowid FROM temp.search_fts "
            "WHERE search_fts MATCH :match AND rowid IN "
            "(SELECT id FROM main.search_entry WHERE module_id IN :allowed) "
            "ORDER BY bm25(search_fts) LIMIT :limit"
        ).bindparams(_ALLOWED),
        {"match": match, "limit": limit, "allowed": allowed},
    )
    return [int(r[0]) for r in rows]


def _postgres_matches(
    session: Session, words: list[str], limit: int, allowed: list[int]
) -> list[int]:
    query = " & ".join(f"{w}:*" for w in words)  # words are \w+ only: no tsquery syntax
    rows = session.execute(
        text(
            "SELECT id FROM search_entry, to_tsquery('simple', :query) AS q "
            "WHERE to_tsvector('simple', terms) @@ q AND module_id IN :allowed "
            "ORDER BY ts_rank(to_tsvector('simple', terms), q) DESC, id LIMIT :limit"
        ).bindparams(_ALLOWED),
        {"query": query, "limit": limit, "allowed": allowed},
    )
    return [int(r[0]) for r in rows]


def snippet(body: str, words: list[str]) -> str:
    """About SNIPPET_WORDS words of `body` from a little before the first that matched, each
    matching word between MARK and END."""
    found = list(re.finditer(r"\w+", body))
    hits = {i for i, m in enumerate(found) if matches(m.group(), words)}
    if not found:
        return body
    first = min(hits, default=0)
    begin = max(0, first - SNIPPET_WORDS // 3)
    last = min(len(found), begin + SNIPPET_WORDS) - 1
    out, cursor = [], found[begin].start()
    for i in range(begin, last + 1):
        word = found[i]
        out.append(body[cursor : word.start()])
        out.append(f"{MARK}{word.group()}{END}" if i in hits else word.group())
        cursor = word.end()
    tail = body[cursor:] if last == len(found) - 1 else " …"
    return ("… " if begin else "") + "".join(out) + tail


def search(session: Session, query: str, user: User | None, limit: int = 30) -> list[Hit]:
    """Modules and transcript lines matching every word of `query` (in any of its forms)
    that `user` may read (readable_modules), best first."""
    words = words_of(query)
    if not words:
        return []
    allowed = readable_modules(session, user)
    if not allowed:
        return []
    if session.get_bind().dialect.name == "sqlite":
        found_ids = _sqlite_matches(session, words, limit, allowed)
    else:
        found_ids = _postgres_matches(session, words, limit, allowed)
    if not found_ids:
        return []
    rows = session.execute(
        select(SearchEntry.id, SearchEntry.start, SearchEntry.body, Module, Course)
        .join(Module, Module.id == SearchEntry.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(
            SearchEntry.id.in_(found_ids),
            Module.archived_at.is_(None),
            Course.published.is_(True),
        )
    ).all()
    found = {r[0]: r[1:] for r in rows}
    hits = []
    for entry_id in found_ids:
        if entry_id in found:
            start, body, module, course = found[entry_id]
            marked = str(escape(snippet(body, words)))
            marked = marked.replace(MARK, "<mark>").replace(END, "</mark>")
            hits.append(Hit(course, module, start, Markup(marked)))
    return hits
