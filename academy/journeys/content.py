"""Reading a map: what the exercise still misses, the map written out as text (what the
reviewer reads in the queue), and its rows for CSV. No Flask, no database."""

from __future__ import annotations

import csv
import io
from typing import Any

from academy.courses.wording import N_
from academy.journeys.schema import GOAL_KEYS, LANES, PERSONA_KEYS, filled, steps_of

# The Czech names of the lanes and fields, marked for translation (the view translates).
LANE_NAMES = {
    "actions": N_("Co zákazník dělá"),
    "touchpoints": N_("Kontaktní body a kanály"),
    "frontstage": N_("Front-stage"),
    "backstage": N_("Back-stage"),
    "communication": N_("Komunikační vrstva"),
    "pains": N_("Bolavá místa"),
    "opportunities": N_("Příležitosti"),
    "kpi": N_("KPI kontaktního bodu"),
    "emotion": N_("Emoce"),
}
# the emotion curve's five levels, as the editor's select names them
EMOTION_NAMES = {
    2: N_("+2 nadšení"),
    1: N_("+1 spokojenost"),
    0: N_("0 neutrálně"),
    -1: N_("−1 nejistota"),
    -2: N_("−2 frustrace"),
}
PLAN_NAMES = {"as_is": N_("Současný stav (as-is)"), "to_be": N_("Cílový stav (to-be)")}
GOAL_NAMES = {
    "goal": N_("Cíl"),
    "kpi": N_("KPI"),
    "current": N_("Současná hodnota"),
    "target": N_("Cílová hodnota"),
    "trend": N_("Trend"),
}
PERSONA_NAMES = {
    "name": N_("Jméno persony"),
    "motivations": N_("Motivace"),
    "obstacles": N_("Překážky"),
    "knowledge": N_("Znalosti"),
    "expectations": N_("Očekávání"),
    "mood": N_("Nálada"),
}
KPI_NAMES = {
    "name": N_("Název KPI"),
    "current": N_("Současná hodnota"),
    "target": N_("Cílová hodnota"),
    "source": N_("Zdroj dat"),
}


def missing(data: dict[str, Any], settings: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """What the exercise asks for and the map lacks: (Czech msgid, params), empty when ready."""
    minimum = settings.get("minimum") or {}
    found: list[tuple[str, dict[str, Any]]] = []
    plan = data["plans"]["as_is"]
    named = [s for s in plan["stages"] if s["name"]]
    if len(named) < minimum.get("stages", 1):
        found.append(
            (
                N_("Pojmenované fáze: %(have)s z potřebných %(n)s."),
                {"n": minimum.get("stages", 1), "have": len(named)},
            )
        )
    steps = [step for *_, step in steps_of(plan) if step["title"]]
    if len(steps) < minimum.get("steps", 1):
        found.append(
            (
                N_("Kroky s názvem: %(have)s z potřebných %(n)s."),
                {"n": minimum.get("steps", 1), "have": len(steps)},
            )
        )
    personas = [p for p in data["personas"] if p["name"]]
    if len(personas) < minimum.get("personas", 0):
        found.append(
            (
                N_("Persony se jménem: %(have)s z potřebných %(n)s."),
                {"n": minimum["personas"], "have": len(personas)},
            )
        )
    goals = [g for g in data["goals"] if g["goal"] and g["kpi"]]
    if len(goals) < minimum.get("goals", 0):
        found.append(
            (
                N_("Cíle s KPI: %(have)s z potřebných %(n)s."),
                {"n": minimum["goals"], "have": len(goals)},
            )
        )
    for lane in settings.get("lanes") or []:
        empty = [step["title"] or "?" for step in steps if not filled(step, lane)]
        if empty:
            found.append(
                (
                    N_("Vrstva „%(lane)s“ chybí u kroků: %(steps)s."),
                    {"lane": LANE_NAMES.get(lane, lane), "steps": ", ".join(empty[:5])},
                )
            )
    if minimum.get("to_be") and not any(s["title"] for *_, s in steps_of(data["plans"]["to_be"])):
        found.append((N_("Navrhněte cílový stav (to-be): aspoň jeden krok."), {}))
    return found


def as_text(data: dict[str, Any], gettext: Any = lambda s: s) -> str:
    """The map written out as plain text, in reading order (stored with each hand-in)."""
    out = [data["title"] or gettext("Mapa cesty"), data["scope"], ""]
    for goal in data["goals"]:
        if any(goal.values()):
            out.append(
                "· "
                + " | ".join(f"{gettext(GOAL_NAMES[k])}: {goal[k]}" for k in GOAL_KEYS if goal[k])
            )
    for persona in data["personas"]:
        if any(persona.values()):
            out += ["", persona["name"]]
            out += [
                f"{gettext(PERSONA_NAMES[k])}: {persona[k]}" for k in PERSONA_KEYS[1:] if persona[k]
            ]
    for plan, name in PLAN_NAMES.items():
        out += ["", f"== {gettext(name)} =="]
        for i, j, stage, step in steps_of(data["plans"][plan]):
            if j == 0:
                out += ["", f"{i + 1}. {stage['name']}"]
            truth = " ★" if step["moment_of_truth"] else ""
            out.append(f"  {i + 1}.{j + 1} {step['title']}{truth} ({step['emotion']:+d})")
            for lane in LANES:
                if step["lanes"][lane]:
                    out.append(f"    {gettext(LANE_NAMES[lane])}: {step['lanes'][lane]}")
            kpi = step["kpi"]
            if kpi["name"]:
                out.append(
                    f"    KPI: {kpi['name']} {kpi['current']} → {kpi['target']}"
                    + (f" ({kpi['source']})" if kpi["source"] else "")
                )
    return "\n".join(out).strip() + "\n"


def as_csv(data: dict[str, Any], gettext: Any = lambda s: s) -> str:
    """One row per step of both plans, UTF-8 with a byte-order mark so Excel reads Czech."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = [
        gettext("Verze"),
        gettext("Fáze"),
        gettext("Krok"),
        gettext("Moment pravdy"),
        gettext(LANE_NAMES["emotion"]),
    ]
    header += [gettext(LANE_NAMES[lane]) for lane in LANES]
    header += [f"KPI: {gettext(KPI_NAMES[k])}" for k in KPI_NAMES]
    writer.writerow(header)
    for plan in PLAN_NAMES:
        for _i, _j, stage, step in steps_of(data["plans"][plan]):
            writer.writerow(
                [
                    plan,
                    _cell(stage["name"]),
                    _cell(step["title"]),
                    "1" if step["moment_of_truth"] else "",
                    step["emotion"],
                    *(_cell(step["lanes"][lane]) for lane in LANES),
                    *(_cell(step["kpi"][k]) for k in KPI_NAMES),
                ]
            )
    return "\ufeff" + buffer.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
