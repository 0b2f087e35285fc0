"""What a journey map is: its JSON shape, its size limits, and checking a map against them.

No Flask, no database. `clean_map(raw)` turns anything a browser, a form or a course file
sends into a map of known keys and plain text, or raises `MapRefused` with a Czech msgid
(marked with N_) and its parameters; the caller translates. Cell text is plain text: it is
never rendered as Markdown or HTML, and templates escape it.

A map:
    {"title", "scope",
     "goals": [{"goal", "kpi", "current", "target", "trend"}],
     "personas": [{"name", "motivations", "obstacles", "knowledge", "expectations", "mood"}],
     "plans": {"as_is": PLAN, "to_be": PLAN}}
    PLAN = {"stages": [{"name", "steps": [STEP]}]}
    STEP = {"title", "lanes": {LANE: text}, "kpi": {"name", "current", "target", "source"},
            "emotion": -2..2, "moment_of_truth": bool}
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from academy.courses.wording import N_

# The text lanes, in the order a map shows them (the KPI and the emotion are lanes too).
LANES = (
    "actions",
    "touchpoints",
    "frontstage",
    "backstage",
    "communication",
    "pains",
    "opportunities",
)
ALL_LANES = (*LANES, "kpi", "emotion")
PLANS = ("as_is", "to_be")
GOAL_KEYS = ("goal", "kpi", "current", "target", "trend")
PERSONA_KEYS = ("name", "motivations", "obstacles", "knowledge", "expectations", "mood")
KPI_KEYS = ("name", "current", "target", "source")
EMOTIONS = (-2, -1, 0, 1, 2)

MAX_STAGES = 40
MAX_STEPS = 20  # per stage
MAX_ALL_STEPS = 200
MAX_LANES = 12
MAX_GOALS = 20
MAX_PERSONAS = 6
MAX_CELL = 2000  # characters in one cell
MAX_SHORT = 200  # titles, names, KPI values
MAX_JSON = 512 * 1024  # bytes of the whole map as JSON


# Control characters (but tab and newline) and the invisible format characters that can
# reorder or hide text: one regex, as a character-by-character check cost a second a map.
INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


class MapRefused(ValueError):
    """The map breaks a rule; `template` is a Czech msgid, `params` fill it."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


def empty_step() -> dict[str, Any]:
    return {
        "title": "",
        "lanes": {lane: "" for lane in LANES},
        "kpi": {k: "" for k in KPI_KEYS},
        "emotion": 0,
        "moment_of_truth": False,
    }


def empty_stage() -> dict[str, Any]:
    return {"name": "", "steps": [empty_step()]}


def empty_map() -> dict[str, Any]:
    return {
        "title": "",
        "scope": "",
        "goals": [{k: "" for k in GOAL_KEYS}],
        "personas": [{k: "" for k in PERSONA_KEYS}],
        "plans": {plan: {"stages": [empty_stage()]} for plan in PLANS},
    }


def _text(value: Any, where: str, limit: int = MAX_CELL) -> str:
    """Plain text: str (numbers become text), control characters out, at most `limit`."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MapRefused(N_("Pole %(where)s musí být text."), where=where)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", text)).strip()
    if len(text) > limit:
        raise MapRefused(
            N_("Text v poli %(where)s má %(n)s znaků, povoleno je nejvýš %(limit)s. Zkraťte ho."),
            where=where,
            n=len(text),
            limit=limit,
        )
    return text


def _list(value: Any, where: str, limit: int, template: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MapRefused(N_("Pole %(where)s musí být seznam."), where=where)
    if len(value) > limit:
        raise MapRefused(template, n=len(value), limit=limit)
    return value


def _record(value: Any, keys: tuple[str, ...], where: str, limit: int = MAX_CELL) -> dict[str, str]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise MapRefused(
            N_("Pole %(where)s musí mít položky %(keys)s."), where=where, keys=", ".join(keys)
        )
    return {k: _text(value.get(k), f"{where}.{k}", limit) for k in keys}


def _emotion(value: Any, where: str) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or number not in EMOTIONS or (isinstance(value, float) and value != number):
        raise MapRefused(N_("Emoce v poli %(where)s musí být celé číslo od -2 do +2."), where=where)
    return number


def _step(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MapRefused(N_("Krok %(where)s musí být objekt."), where=where)
    lanes = value.get("lanes") or {}
    if not isinstance(lanes, dict):
        raise MapRefused(
            N_("Pole %(where)s musí mít položky %(keys)s."),
            where=f"{where}.lanes",
            keys=", ".join(LANES),
        )
    if len(lanes) > MAX_LANES:
        raise MapRefused(
            N_("Mapa má %(n)s vrstev, povoleno je nejvýš %(limit)s."), n=len(lanes), limit=MAX_LANES
        )
    truth = value.get("moment_of_truth", False)
    return {
        "title": _text(value.get("title"), f"{where}.title", MAX_SHORT),
        "lanes": {lane: _text(lanes.get(lane), f"{where}.{lane}") for lane in LANES},
        "kpi": _record(value.get("kpi"), KPI_KEYS, f"{where}.kpi", MAX_SHORT),
        "emotion": _emotion(value.get("emotion"), f"{where}.emotion"),
        "moment_of_truth": truth is True or truth in ("1", "on", "true", "y"),
    }


def _plan(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise MapRefused(N_("Pole %(where)s musí být objekt."), where=name)
    stages = _list(
        value.get("stages"),
        f"{name}.stages",
        MAX_STAGES,
        N_("Mapa má %(n)s fází, povoleno je nejvýš %(limit)s. Spojte některé fáze dohromady."),
    )
    clean, total = [], 0
    for i, stage in enumerate(stages):
        where = f"{name}.stages[{i}]"
        if not isinstance(stage, dict):
            raise MapRefused(N_("Fáze %(where)s musí být objekt."), where=where)
        steps = _list(
            stage.get("steps"),
            f"{where}.steps",
            MAX_STEPS,
            N_("Fáze má %(n)s kroků, povoleno je nejvýš %(limit)s."),
        )
        total += len(steps)
        if total > MAX_ALL_STEPS:
            raise MapRefused(
                N_("Mapa má víc než %(limit)s kroků. Zjednodušte ji."), limit=MAX_ALL_STEPS
            )
        clean.append(
            {
                "name": _text(stage.get("name"), f"{where}.name", MAX_SHORT),
                "steps": [_step(s, f"{where}.steps[{j}]") for j, s in enumerate(steps)],
            }
        )
    return {"stages": clean}


def clean_map(raw: Any) -> dict[str, Any]:
    """The map in its one shape, every text plain and within limits; MapRefused otherwise."""
    if not isinstance(raw, dict):
        raise MapRefused(N_("Mapa musí být objekt JSON."))
    plans = raw.get("plans") or {}
    if not isinstance(plans, dict):
        raise MapRefused(N_("Pole %(where)s musí být objekt."), where="plans")
    clean = {
        "title": _text(raw.get("title"), "title", MAX_SHORT),
        "scope": _text(raw.get("scope"), "scope"),
        "goals": [
            _record(g, GOAL_KEYS, f"goals[{i}]", MAX_SHORT)
            for i, g in enumerate(
                _list(
                    raw.get("goals"),
                    "goals",
                    MAX_GOALS,
                    N_("Mapa má %(n)s cílů, povoleno je nejvýš %(limit)s."),
                )
            )
        ],
        "personas": [
            _record(p, PERSONA_KEYS, f"personas[{i}]")
            for i, p in enumerate(
                _list(
                    raw.get("personas"),
                    "personas",
                    MAX_PERSONAS,
                    N_("Mapa má %(n)s person, povoleno je nejvýš %(limit)s."),
                )
            )
        ],
        "plans": {plan: _plan(plans.get(plan), plan) for plan in PLANS},
    }
    size = len(json.dumps(clean, ensure_ascii=False).encode("utf-8"))
    if size > MAX_JSON:
        raise MapRefused(
            N_("Mapa má %(kb)s kB, povoleno je nejvýš %(limit)s kB. Zkraťte texty v buňkách."),
            kb=size // 1024,
            limit=MAX_JSON // 1024,
        )
    return clean


def steps_of(plan: dict[str, Any]) -> list[tuple[int, int, dict[str, Any], dict[str, Any]]]:
    """(stage index, step index, stage, step) for every step of a plan, in order."""
    return [
        (i, j, stage, step)
        for i, stage in enumerate(plan["stages"])
        for j, step in enumerate(stage["steps"])
    ]


def filled(step: dict[str, Any], lane: str) -> bool:
    if lane == "kpi":
        return bool(step["kpi"]["name"] and step["kpi"]["current"] and step["kpi"]["target"])
    if lane == "emotion":
        return True
    return bool(step["lanes"].get(lane))
