"""The course format's rules for assignments and downloadable resources (docs/course-format.md).

`check_work(err, doc, kind)` is the checker's one hook: it reports every problem of an
`assignment` module (what is handed in, the rubric, the passing rule, resubmissions) and of
any module's `resources:` at file:line. `assignment_settings` and `resource_entries` turn a
checked module into what the importer stores. No Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from academy.assignments.documents import RESOURCE_TYPES, TYPES, DocumentRefused, identify
from academy.courses.source import Document
from academy.courses.wording import N_

Report = Callable[..., None]
RESOURCES_FOLDER = "resources"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9]+)+$")
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_MB = 50
MAX_FILES = 10
MAX_TEXT = 100_000
CRITERION_KEYS = ("criterion", "description", "levels")
LEVEL_KEYS = ("points", "label", "description")
SUBMISSION_KEYS = ("text", "files")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_work(err: Report, doc: Document, kind: str) -> None:
    """Every rule of an assignment and of `resources:`, reported through the checker's `err`."""
    if "resources" in doc.meta:
        _check_resources(err, doc)
    if kind != "assignment":
        return
    if not doc.body.strip():
        err(None, N_("úkol nemá zadání; napište ho pod hlavičku v Markdownu"))
    _check_submission(err, doc.meta)
    total = _check_rubric(err, doc.meta)
    _check_pass(err, doc.meta, total)
    again = doc.meta.get("resubmissions", 0)
    if not _is_int(again) or not 0 <= again <= 20:
        err("resubmissions", N_("resubmissions musí být celé číslo od 0 do 20 (0: bez opravy)"))


def _check_submission(err: Report, meta: dict[str, Any]) -> None:
    handed = meta.get("submission")
    if not isinstance(handed, dict) or not (handed.get("text") or handed.get("files")):
        err(
            "submission" if "submission" in meta else None,
            N_(
                "úkol neříká, co se odevzdává; doplňte 'submission:' s 'text:' "
                "(min, max znaků), 'files:' (types, max_mb, max_count) nebo obojím"
            ),
        )
        return
    for key in handed:
        if key not in SUBMISSION_KEYS:
            err(
                ("submission", key),
                N_("neznámý klíč %(key)s pod submission; použijte text nebo files"),
                "warning",
                key=repr(key),
            )
    text = handed.get("text")
    if text is not None and text is not False:
        if not isinstance(text, dict):
            text = {}
        low, high = text.get("min", 0), text.get("max", MAX_TEXT)
        if not _is_int(low) or low < 0:
            err(("submission", "text", "min"), N_("text: min musí být celý počet znaků >= 0"))
        if not _is_int(high) or not 1 <= high <= MAX_TEXT:
            err(
                ("submission", "text", "max"),
                N_("text: max musí být celý počet znaků od 1 do %(limit)s"),
                limit=MAX_TEXT,
            )
        elif _is_int(low) and low > high:
            err(
                ("submission", "text", "min"),
                N_("text: min (%(low)s) je víc než max (%(high)s)"),
                low=low,
                high=high,
            )
    files = handed.get("files")
    if files is not None and files is not False:
        _check_files(err, files if isinstance(files, dict) else {})


def _check_files(err: Report, files: dict[str, Any]) -> None:
    types = files.get("types")
    if not isinstance(types, list) or not types:
        err(
            ("submission", "files"),
            N_("files: types musí být seznam přípon, např. [pdf, xlsx, docx]"),
        )
    else:
        for i, ext in enumerate(types):
            if str(ext).lower().lstrip(".") not in (*TYPES, "jpeg"):
                err(
                    ("submission", "files", "types", i),
                    N_("typ souboru %(ext)s nepřijímáme; povolené jsou %(allowed)s"),
                    ext=repr(ext),
                    allowed=", ".join(TYPES),
                )
    size = files.get("max_mb", 10)
    if not _is_int(size) or not 1 <= size <= MAX_UPLOAD_MB:
        err(
            ("submission", "files", "max_mb"),
            N_("files: max_mb musí být celý počet MB od 1 do %(limit)s"),
            limit=MAX_UPLOAD_MB,
        )
    count = files.get("max_count", 3)
    if not _is_int(count) or not 1 <= count <= MAX_FILES:
        err(
            ("submission", "files", "max_count"),
            N_("files: max_count musí být počet souborů od 1 do %(limit)s"),
            limit=MAX_FILES,
        )


def _check_rubric(err: Report, meta: dict[str, Any]) -> int | None:
    """Every rubric mistake; returns the rubric's highest total (None: no usable rubric)."""
    rubric = meta.get("rubric")
    if rubric is None:
        return None
    if not isinstance(rubric, list) or not rubric:
        err("rubric", N_("rubric musí být seznam kritérií, každé s 'criterion:' a 'levels:'"))
        return None
    total, names = 0, {}
    for i, criterion in enumerate(rubric):
        if not isinstance(criterion, dict):
            err(("rubric", i), N_("kritérium musí mít 'criterion:' (název) a 'levels:' (úrovně)"))
            continue
        for key in criterion:
            if key not in CRITERION_KEYS:
                err(
                    ("rubric", i, key),
                    N_("neznámý klíč %(key)s v kritériu; použijte criterion, description, levels"),
                    "warning",
                    key=repr(key),
                )
        name = str(criterion.get("criterion") or "").strip()
        if not name:
            err(("rubric", i), N_("kritérium nemá název; doplňte 'criterion: ...'"))
        elif name.casefold() in names:
            err(
                ("rubric", i, "criterion"),
                N_("kritérium %(name)s je v rubrice dvakrát (poprvé jako %(first)s. kritérium)"),
                name=repr(name),
                first=names[name.casefold()] + 1,
            )
        else:
            names[name.casefold()] = i
        total += _check_levels(err, criterion.get("levels"), i) or 0
    return total


def _check_levels(err: Report, levels: Any, i: int) -> int | None:
    if not isinstance(levels, list) or len(levels) < 2:
        err(
            ("rubric", i, "levels") if levels is not None else ("rubric", i),
            N_(
                "kritérium potřebuje aspoň dvě úrovně 'levels:', každou s 'points:' a "
                "'description:'"
            ),
        )
        return None
    previous: int | None = None
    seen: set[int] = set()
    for j, level in enumerate(levels):
        where = ("rubric", i, "levels", j)
        if not isinstance(level, dict):
            err(where, N_("úroveň musí mít 'points:' a 'description:'"))
            continue
        for key in level:
            if key not in LEVEL_KEYS:
                err(
                    (*where, key),
                    N_("neznámý klíč %(key)s v úrovni; použijte points, label, description"),
                    "warning",
                    key=repr(key),
                )
        points = level.get("points")
        if not _is_int(points) or points < 0:
            err(
                (*where, "points") if "points" in level else where,
                N_("points úrovně musí být celé číslo >= 0"),
            )
            continue
        if not str(level.get("description") or "").strip():
            err(
                where,
                N_(
                    "úroveň za %(points)s b. nemá popis; doplňte 'description:', podle "
                    "čeho ji lektor pozná"
                ),
                points=points,
            )
        if points in seen:
            err(
                (*where, "points"),
                N_("dvě úrovně kritéria mají stejný počet bodů (%(points)s)"),
                points=points,
            )
        elif previous is not None and points < previous:
            err((*where, "points"), N_("úrovně seřaďte od nejnižšího počtu bodů k nejvyššímu"))
        seen.add(points)
        previous = points if previous is None else max(previous, points)
    return max(seen) if seen else None


def _check_pass(err: Report, meta: dict[str, Any], total: int | None) -> None:
    rule = meta.get("pass", "accepted")
    if rule == "accepted":
        return
    points = rule.get("points") if isinstance(rule, dict) else None
    if not _is_int(points) or points < 0:
        err("pass", N_("pass musí být 'accepted' nebo {points: N} (body potřebné ke splnění)"))
    elif total is None:
        err("pass", N_("pass: {points: …} potřebuje rubriku s body; doplňte 'rubric:'"))
    elif points > total:
        err(
            "pass",
            N_("pass žádá %(points)s b., ale rubrika dává nejvýš %(total)s b."),
            points=points,
            total=total,
        )


def _check_resources(err: Report, doc: Document) -> None:
    entries = doc.meta.get("resources")
    if not isinstance(entries, list):
        err("resources", N_("resources musí být seznam položek 'file:' a 'title:'"))
        return
    folder = (doc.path.parent / RESOURCES_FOLDER).resolve()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("file") or not entry.get("title"):
            err(("resources", i), N_("každý soubor ke stažení potřebuje 'file:' a 'title:'"))
            continue
        target = str(entry["file"])
        path = (doc.path.parent / target).resolve()
        where = ("resources", i, "file")
        if not NAME_RE.match(Path(target).name):
            err(
                where,
                N_(
                    "název souboru ke stažení %(file)s smí mít jen malá písmena bez "
                    "diakritiky, číslice, tečky a pomlčky"
                ),
                file=repr(target),
            )
        elif not path.is_relative_to(folder) or path.parent != folder:
            err(
                where,
                N_("soubor ke stažení %(file)s musí být ve složce resources/ kurzu"),
                file=repr(target),
            )
        elif not path.is_file():
            err(where, N_("soubor ke stažení %(file)s ve složce kurzu není"), file=repr(target))
        elif path.stat().st_size > MAX_RESOURCE_BYTES:
            err(where, N_("soubor ke stažení %(file)s je větší než 20 MB"), file=repr(target))
        else:
            try:
                identify(path.read_bytes(), path.name, RESOURCE_TYPES)
            except DocumentRefused as exc:
                err(where, exc.template, **exc.params)


def resource_entries(doc: Document) -> list[dict[str, str]]:
    """The resources of a checked module: file (relative path), name and title."""
    return [
        {"file": str(e["file"]), "name": Path(str(e["file"])).name, "title": str(e["title"])}
        for e in doc.meta.get("resources") or []
    ]


def assignment_settings(meta: dict[str, Any]) -> dict[str, Any]:
    """What a checked assignment stores in Module.settings (rubric, limits, pass rule)."""
    handed = meta.get("submission") or {}
    text = handed.get("text")
    files = handed.get("files")
    rubric = [
        {
            "key": f"c{i + 1}",
            "criterion": str(c["criterion"]).strip(),
            "description": str(c.get("description") or ""),
            "levels": sorted(
                (
                    {
                        "points": int(lv["points"]),
                        "label": str(lv.get("label") or ""),
                        "description": str(lv.get("description") or ""),
                    }
                    for lv in c["levels"]
                ),
                key=lambda lv: lv["points"],
            ),
        }
        for i, c in enumerate(meta.get("rubric") or [])
    ]
    rule = meta.get("pass", "accepted")
    return {
        "text": None
        if not text
        else {
            "min": int((text if isinstance(text, dict) else {}).get("min", 0)),
            "max": int((text if isinstance(text, dict) else {}).get("max", MAX_TEXT)),
        },
        "files": None
        if not files
        else {
            "types": [str(t).lower().lstrip(".") for t in files["types"]],
            "max_mb": int(files.get("max_mb", 10)),
            "max_count": int(files.get("max_count", 3)),
        },
        "rubric": rubric,
        "pass_points": None if rule == "accepted" else int(rule["points"]),
        "resubmissions": int(meta.get("resubmissions", 0)),
    }
