"""A module's front matter (its "header") as form values, and back: the YAML stays the one
source of truth. Pure: text in, values or text out; no Flask.

Writing keeps every key the form does not show (captions, chapters, unknown keys) in its
place, adds a key the form fills at the end, and drops one the form empties. A key with a
default (`required: true`, `shuffle: false`) is only written when it is already in the text
or differs from the default, so a file edited through the form and one edited by hand agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from academy.courses.source import KIND_KEYS, MODULE_KEYS, parse_document
from academy.studio.sources import front_matter

# key: (type, default when absent) for every key the form shows
FIELDS: dict[str, tuple[type, Any]] = {
    "title": (str, None),
    "kind": (str, "lesson"),
    "minutes": (int, None),
    "required": (bool, True),
    "practice_minutes": (int, None),
    "video": (str, None),
    "video_mp4": (str, None),
    "poster": (str, None),
    "duration": (str, None),
    "public": (bool, False),
    "pass_mark": (int, None),
    "max_attempts": (int, None),
    "cooldown_minutes": (int, None),
    "time_limit_minutes": (int, None),
    "shuffle": (bool, False),
    "show_answers": (str, None),
    "text_match": (str, None),
    "shuffle_questions": (bool, False),
    "pick": (int, None),
}


def keys_of(kind: str) -> tuple[str, ...]:
    """The form's keys for a module of `kind` (captions and chapters stay in the text)."""
    return tuple(k for k in MODULE_KEYS + KIND_KEYS.get(kind, ()) if k in FIELDS)


def split(text: str) -> tuple[dict[str, Any], str] | None:
    """The front matter and the body, or None when the header cannot be read."""
    doc, _problems = parse_document(text, Path("module.md"), "module.md")
    if doc is None:
        return None
    return dict(doc.meta), doc.body


def values(text: str) -> dict[str, Any] | None:
    """The form's values read from a module's text (None when its header is broken)."""
    parts = split(text)
    if parts is None:
        return None
    meta = parts[0]
    out: dict[str, Any] = {}
    for key, (kind, default) in FIELDS.items():
        value = meta.get(key, default)
        if kind is str and value is not None and not isinstance(value, str):
            value = str(value)
        out[key] = value
    return out


def apply(text: str, wanted: dict[str, Any]) -> str | None:
    """`text` with its header rewritten from the form's `wanted` values (None: unreadable).

    Keys of the other kinds the form shows are dropped when the kind changes.
    """
    parts = split(text)
    if parts is None:
        return None
    meta, body = parts
    kind = wanted.get("kind") or meta.get("kind") or "lesson"
    shown = keys_of(kind)
    for key in FIELDS:
        if key not in shown:
            if key in meta and any(key in keys for keys in KIND_KEYS.values()):
                meta.pop(key)
            continue
        value = wanted.get(key)
        default = FIELDS[key][1]
        if value is None or value == "":
            meta.pop(key, None)
        elif key in meta or value != default:
            meta[key] = value
    return front_matter(meta, body)
