"""The synthetic journey-mapping course that `flask dev seed-load` fills with learners:
Markdown sources in the course format, imported with the ordinary importer, and the
behaviour of each module (how many learners go on, how they rate it) and quiz question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SLUG = "mapovani-zakaznicke-cesty"
EMAIL_DOMAIN = "zatez.example"
INSTRUCTOR = ("Tomáš Lektor", f"lektor@{EMAIL_DOMAIN}")

TITLES = [
    "Proč mapovat zákaznickou cestu",
    "Cíle a KPI mapy",
    "Persony z dat, ne z představ",
    "Rozhovory se zákazníky",
    "Kvíz: základy mapování",
    "Kontaktní body a kanály",
    "Emoce a momenty pravdy",
    "Zákulisí: procesy za kontaktními body",
    "Service blueprint v praxi",
    "Kvíz: kontaktní body a blueprint",
    "Měření: NPS, CSAT a CES",
    "Zpětná vazba v kontaktních bodech",
    "Tichý zákazník",
    "Prioritizace příležitostí",
    "Kvíz: měření a priority",
    "Workshop s týmem",
    "Od mapy k roadmapě",
    "Mapa, která žije",
    "Případová studie: e-shop",
    "Závěrečný test",
]
HARD_MODULE = 8  # the dry theory module where many learners give up, and rate it low


@dataclass(frozen=True)
class QuestionModel:
    """How learners answer: P(right) = 1 / (1 + e^(−a·(θ − b))); `lure` is the share of
    wrong answers that pick the first wrong option (the misleading one)."""

    kind: str
    a: float
    b: float
    lure: float = 0.4


# Five questions per quiz: a too-easy one, two ordinary ones, a misleading one and a typed
# answer that hardly tells strong learners from weak ones.
QUESTIONS = [
    QuestionModel("single", a=1.2, b=-3.2),
    QuestionModel("single", a=1.6, b=-0.4),
    QuestionModel("single", a=1.4, b=0.9, lure=0.85),
    QuestionModel("multiple", a=1.3, b=-0.2),
    QuestionModel("text", a=0.15, b=-0.3),
]
WRONG_TEXT = ["nevím", "mapa empatie", "persona", "customer journey", "NPS"]
COMMENTS = {
    1: ["Příliš teorie, chybí mi příklad z praxe.", "Nudné a dlouhé.", "Nerozuměl jsem tomu."],
    2: ["Moc dlouhé, zkrátit.", "Chybí šablona ke stažení.", "Příklady jsou z jiného oboru."],
    3: ["Dobré, ale mohlo by to být stručnější.", "Ujde to."],
    4: ["Užitečné, hned to zkusím.", "Pěkné příklady.", "Srozumitelné."],
    5: ["Výborné, přesně tohle jsem potřebovala!", "Nejlepší modul kurzu.", "Super, díky."],
}


def quiz_positions(modules: int) -> set[int]:
    return {p for p in range(5, modules + 1, 5)} | {modules}


def title(position: int) -> str:
    return TITLES[position - 1] if position <= len(TITLES) else f"Modul {position}"


def _quiz_body(position: int) -> str:
    topic = title(position)
    return f"""Ověřte si, co si pamatujete z modulů před kvízem „{topic}“.

### Co je zákaznická cesta? ({position})

(x) Posloupnost kontaktů zákazníka s firmou očima zákazníka
( ) Organizační schéma firmy
( ) Seznam produktů

### Kdy má smysl mapu aktualizovat? ({position})

(x) Když se změní proces nebo se objeví nový kanál
( ) Jednou za deset let
( ) Nikdy, mapa je hotová

### Co měří Customer Effort Score? ({position})

(x) Kolik úsilí zákazníka stálo vyřídit, co potřeboval
( ) Spokojenost zákazníka s produktem
( ) Ochotu doporučit firmu známým

### Které údaje patří do mapy cesty? ({position})

- [x] Kontaktní body
- [x] Emoce zákazníka
- [ ] Platy zaměstnanců
- [ ] Barva loga

### Jak se jmenuje model fází See, Think, Do, Care? ({position})

= See-Think-Do-Care
or= STDC
"""


def write_course(root: Path, modules: int) -> Path:
    """Write the course folder under `root` and return it."""
    folder = root / SLUG
    folder.mkdir(parents=True)
    name, email = INSTRUCTOR
    (folder / "course.md").write_text(
        f"""---
title: Mapování zákaznické cesty v praxi
subtitle: Syntetický kurz pro zátěžové testy přehledů
summary: Kurz s vygenerovanými účastníky, na kterém se měří rychlost správy.
language: cs
level: beginner
estimated_hours: 6
instructors:
  - name: {name}
    email: {email}
tags: [zátěž]
published: true
certificate:
  required_modules: all
  pass_mark: 70
---

Přehled syntetického kurzu.
""",
        encoding="utf-8",
    )
    quizzes = quiz_positions(modules)
    for position in range(1, modules + 1):
        kind = "quiz" if position in quizzes else "lesson"
        extra = "pass_mark: 70\nmax_attempts: 3\n" if kind == "quiz" else ""
        body = _quiz_body(position) if kind == "quiz" else f"Obsah modulu {position}.\n"
        (folder / f"{position:02d}-modul-{position}.md").write_text(
            f'---\ntitle: "{title(position)}"\nkind: {kind}\nminutes: 15\n{extra}---\n\n{body}',
            encoding="utf-8",
        )
    return folder
