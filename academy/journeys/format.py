"""The course format's rules for a `journey_map` module (docs/course-format.md).

    kind: journey_map
    lanes: [actions, touchpoints, frontstage, backstage, communication, pains, kpi, emotion]
    minimum: {stages: 4, steps: 5, personas: 1, goals: 2, to_be: true}
    example: maps/hlaseni-pojistne-udalosti.yaml      # optional, shown to learners
    rubric: ..., pass: ..., resubmissions: ...        # as in an assignment

The rubric, the passing rule and resubmissions are the assignment's: they are checked by
academy.assignments.format.check_work and stored by its assignment_settings, so the map goes
through the same review. No Flask, no database.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from academy.assignments.format import assignment_settings, check_work
from academy.courses.source import Document, Problem, relative_name
from academy.courses.wording import N_
from academy.journeys.schema import ALL_LANES, PLANS, MapRefused, clean_map

Report = Callable[..., None]
KIND = "journey_map"
KEYS = ("lanes", "minimum", "example", "rubric", "pass", "resubmissions")
MINIMUM_KEYS = ("stages", "steps", "personas", "goals", "to_be")
EXAMPLES_FOLDER = "maps"
EXAMPLE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(?:ya?ml|json)$")
MAX_SUMMARY = 100_000  # the handed-in text: the map written out (cut; the map is in the payload)
MAX_EXAMPLE_BYTES = 1024 * 1024


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_journey_map(err: Report, doc: Document, kind: str, root: Path) -> list[Problem]:
    """Every rule of a journey_map module through `err`; problems inside the example map file
    are returned with that file's own name and line."""
    if kind != KIND:
        return []
    as_assignment = {k: doc.meta[k] for k in ("rubric", "pass", "resubmissions") if k in doc.meta}
    as_assignment["submission"] = {"text": {"min": 1, "max": MAX_SUMMARY}}
    check_work(err, dataclasses.replace(doc, meta=as_assignment), "assignment")
    _check_lanes(err, doc.meta)
    _check_minimum(err, doc.meta)
    return _check_example(err, doc, root)


def _check_lanes(err: Report, meta: dict[str, Any]) -> None:
    lanes = meta.get("lanes")
    if not isinstance(lanes, list) or not lanes:
        err(
            "lanes" if "lanes" in meta else None,
            N_("mapa neříká, které vrstvy vyplnit; doplňte 'lanes:' se seznamem z %(choices)s"),
            choices=", ".join(ALL_LANES),
        )
        return
    seen: set[str] = set()
    for i, lane in enumerate(lanes):
        if lane not in ALL_LANES:
            err(
                ("lanes", i),
                N_("neznámá vrstva %(lane)s; použijte %(choices)s"),
                lane=repr(lane),
                choices=", ".join(ALL_LANES),
            )
        elif lane in seen:
            err(("lanes", i), N_("vrstva %(lane)s je v seznamu dvakrát"), lane=repr(lane))
        seen.add(str(lane))


def _check_minimum(err: Report, meta: dict[str, Any]) -> None:
    minimum = meta.get("minimum", {})
    if not isinstance(minimum, dict):
        err("minimum", N_("minimum musí mít položky stages, steps, personas, goals, to_be"))
        return
    for key, value in minimum.items():
        if key not in MINIMUM_KEYS:
            err(
                ("minimum", key),
                N_("neznámý klíč %(key)s pod minimum; použijte %(choices)s"),
                "warning",
                key=repr(key),
                choices=", ".join(MINIMUM_KEYS),
            )
        elif key == "to_be" and not isinstance(value, bool):
            err(("minimum", key), N_("minimum: to_be musí být true nebo false"))
        elif key != "to_be" and (not _is_int(value) or not 0 <= value <= 40):
            err(("minimum", key), N_("minimum: %(key)s musí být celé číslo od 0 do 40"), key=key)


def _check_example(err: Report, doc: Document, root: Path) -> list[Problem]:
    target = doc.meta.get("example")
    if target is None:
        return []
    folder = (doc.path.parent / EXAMPLES_FOLDER).resolve()
    path = (doc.path.parent / str(target)).resolve()
    if not EXAMPLE_RE.match(Path(str(target)).name):
        err(
            "example",
            N_(
                "ukázková mapa %(file)s musí být soubor .yaml nebo .json s názvem z "
                "malých písmen bez diakritiky"
            ),
            file=repr(target),
        )
    elif path.parent != folder:
        err(
            "example",
            N_("ukázková mapa %(file)s musí být ve složce maps/ kurzu"),
            file=repr(target),
        )
    elif not path.is_file():
        err("example", N_("ukázková mapa %(file)s ve složce kurzu není"), file=repr(target))
    elif path.stat().st_size > MAX_EXAMPLE_BYTES:
        err("example", N_("ukázková mapa %(file)s je větší než 1 MB"), file=repr(target))
    else:
        return _example_problems(path, relative_name(path, root))
    return []


def _example_problems(path: Path, rel: str) -> list[Problem]:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [
            Problem(
                rel,
                (mark.line + 1) if mark else 1,
                N_("ukázkovou mapu nelze přečíst (YAML/JSON): %(error)s"),
                args={"error": str(getattr(exc, "problem", exc))},
            )
        ]
    try:
        clean_map(data)
    except MapRefused as exc:
        return [
            Problem(rel, _line(node, exc.params.get("where", "")), exc.template, args=exc.params)
        ]
    return []


def _line(node: yaml.Node | None, where: str) -> int:
    """The line of a value named like 'as_is.stages[2].steps[0].emotion' in a composed file."""
    parts: list[str | int] = []
    for piece in re.findall(r"[^.\[\]]+|\[\d+\]", str(where)):
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    if parts and parts[0] in PLANS:
        parts.insert(0, "plans")
    line = 1
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            found = node.value[part] if part < len(node.value) else None
        else:
            found = None
        if found is None:
            break
        node, line = found, found.start_mark.line + 1
    return line


def journey_map_settings(doc: Document) -> dict[str, Any]:
    """What a checked journey_map module stores in Module.settings: the assignment's rubric,
    pass rule and resubmissions, the lanes, the minimum, and the example map (its file's
    text too, so `courses export` writes it back byte for byte)."""
    meta = doc.meta
    settings = assignment_settings({**meta, "submission": {"text": {"min": 1, "max": MAX_SUMMARY}}})
    settings["lanes"] = [str(lane) for lane in meta.get("lanes") or []]
    settings["minimum"] = dict(meta.get("minimum") or {})
    if meta.get("example"):
        name = str(meta["example"])
        data = doc.files.get(name)
        if data is None:
            try:
                data = (doc.path.parent / name).read_bytes()
            except OSError:  # the checker names the missing file; a preview shows no example
                return settings
        text = data.decode()
        settings["example"] = {
            "file": str(meta["example"]),
            "source": text,
            "map": clean_map(yaml.safe_load(text)),
        }
    return settings


def export_examples(modules: list[Any], folder: Path) -> int:
    """Write the example maps of a course's live modules back into `folder`/maps/."""
    written = 0
    for module in modules:
        example = (module.settings or {}).get("example") if module.archived_at is None else None
        if example:
            target = folder / example["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(example["source"].encode("utf-8"))
            written += 1
    return written
