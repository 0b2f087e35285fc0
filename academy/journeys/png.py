"""A journey map as a PNG poster, drawn with Pillow. No Flask.

The header holds the title, the goals and KPIs and a card per persona; below it each plan's
steps run across in rows of at most STEPS_PER_ROW columns (stages over their steps, the
emotion curve over the step columns with its five levels, then one row per lane). Cell text
wraps and is cut with an ellipsis; the fonts are the PDF's DejaVu subset (fonts/), so Czech
text renders exactly. A map whose poster would pass MAX_PIXELS is refused (MapRefused).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from academy.certificates.pdf import printable
from academy.courses.wording import N_
from academy.journeys.content import (
    EMOTION_NAMES,
    GOAL_NAMES,
    LANE_NAMES,
    PERSONA_NAMES,
    PLAN_NAMES,
)
from academy.journeys.pdf import ACCENT, BRAND, FONTS, INK, MUTED
from academy.journeys.schema import GOAL_KEYS, LANES, PERSONA_KEYS, MapRefused, steps_of

WHITE = (255, 255, 255)
LINE = (190, 200, 210)
SOFT = (238, 243, 246)
TINT = (253, 236, 224)  # the moment of truth's column on the curve
MARGIN = 40
LANE_WIDTH = 210
COLUMN = 230
STEPS_PER_ROW = 10
MIN_COLUMNS = 4
PAD = 8
TITLE_AT = (MARGIN, MARGIN)
TITLE_SIZE = 40
TEXT_SIZE = 15
LINE_HEIGHT = 19
CELL = 6 * LINE_HEIGHT + 2 * PAD  # a lane's row: six lines of text
STAGE_ROW = 40
STEP_ROW = 2 * LINE_HEIGHT + 2 * PAD
CURVE = 170
LEVEL_GAP = 30  # between two of the curve's five levels
GOAL_ROW = 30
MAX_GOALS_SHOWN = 8
PERSONA_CARD = 2 * PAD + 28 + 5 * LINE_HEIGHT
PERSONAS_PER_ROW = 3
HEADING = 44
MAX_PIXELS = 40_000_000  # ~120 MB of RGB while drawing; a poster this big is no longer readable


@dataclass
class Poster:
    """The drawn image and, for each row of steps, the curve's points (x, y) in pixels."""

    image: Image.Image
    curves: list[list[tuple[int, int]]] = field(default_factory=list)


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """`text` in lines at most `width` pixels wide (long words broken); past `max_lines`
    the last line ends with an ellipsis."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if face.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while face.getlength(word) > width:
                cut = max(1, _fitting(word, face, width))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            lines.append(line)
        if len(lines) > max_lines:
            break
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and face.getlength(last + "…") > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip() + "…"]


def _fitting(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    """How many leading characters of `word` fit in `width` (binary search)."""
    low, high = 0, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _chunks(data: dict[str, Any]) -> list[tuple[str, int, list[tuple[int, int, dict, dict]]]]:
    """(plan, number of the row, steps) for every row of steps of both plans."""
    rows = []
    for plan in PLAN_NAMES:
        steps = steps_of(data["plans"][plan])
        for n, start in enumerate(range(0, len(steps), STEPS_PER_ROW)):
            rows.append((plan, n, steps[start : start + STEPS_PER_ROW]))
    return rows


def _goals(data: dict[str, Any]) -> list[dict[str, str]]:
    return [g for g in data["goals"] if any(g.values())]


def _personas(data: dict[str, Any]) -> list[dict[str, str]]:
    return [p for p in data["personas"] if p["name"]]


def _scope_lines(data: dict[str, Any], width: int) -> list[str]:
    return wrap(printable(data["scope"]), font(TEXT_SIZE + 2), width, 3) if data["scope"] else []


def _size(data: dict[str, Any]) -> tuple[int, int]:
    rows = _chunks(data)
    columns = max(MIN_COLUMNS, *(len(steps) for *_, steps in rows))
    width = 2 * MARGIN + LANE_WIDTH + columns * COLUMN
    height = MARGIN + TITLE_SIZE + 16 + len(_scope_lines(data, width - 2 * MARGIN)) * 24 + 24
    goals = _goals(data)
    if goals:
        height += HEADING + GOAL_ROW * (1 + min(len(goals), MAX_GOALS_SHOWN)) + 16
    personas = _personas(data)
    if personas:
        cards = -(-len(personas) // PERSONAS_PER_ROW)
        height += HEADING + cards * (PERSONA_CARD + 12) + 4
    grid = HEADING + STAGE_ROW + STEP_ROW + CURVE + (len(LANES) + 1) * CELL + 30
    return width, height + len(rows) * grid + MARGIN


def render(data: dict[str, Any], gettext: Callable[[str], str], *, course: str = "") -> Poster:
    """The poster of a (clean) map; MapRefused when it would pass MAX_PIXELS."""
    width, height = _size(data)
    if width * height > MAX_PIXELS:
        raise MapRefused(
            N_(
                "Mapa je na obrázek PNG příliš velká (%(steps)s kroků). "
                "Stáhněte si ji jako PDF, nebo ji zjednodušte."
            ),
            steps=sum(len(steps) for *_, steps in _chunks(data)),
        )
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    poster = Poster(image)
    title = printable(data["title"]) or gettext("Mapa cesty")
    draw.text(TITLE_AT, title, font=font(TITLE_SIZE, True), fill=INK)
    y = MARGIN + TITLE_SIZE + 16
    for line in _scope_lines(data, width - 2 * MARGIN):
        draw.text((MARGIN, y), line, font=font(TEXT_SIZE + 2), fill=INK)
        y += 24
    if course:
        draw.text((MARGIN, y), printable(course), font=font(TEXT_SIZE), fill=MUTED)
    y += 24
    y = _goal_table(draw, data, gettext, y, width)
    y = _persona_cards(draw, data, gettext, y, width)
    for plan, n, steps in _chunks(data):
        heading = gettext(PLAN_NAMES[plan])
        if n:
            heading += f" ({n + 1})"
        y = _grid(draw, poster, heading, steps, gettext, y)
    return poster


def map_png(data: dict[str, Any], gettext: Callable[[str], str], *, course: str = "") -> bytes:
    """The poster as PNG bytes; MapRefused when the map is too big for one image."""
    buffer = io.BytesIO()
    # zlib level 1: a 40-stage poster in ~0.8 s instead of ~2.5 s at 6, for 30 % more bytes
    render(data, gettext, course=course).image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _heading(draw: ImageDraw.ImageDraw, text: str, y: int) -> int:
    draw.text((MARGIN, y + 8), text, font=font(24, True), fill=BRAND)
    return y + HEADING


def _goal_table(draw, data, gettext, y: int, width: int) -> int:  # type: ignore[no-untyped-def]
    goals = _goals(data)
    if not goals:
        return y
    y = _heading(draw, gettext("Cíle a KPI"), y)
    inner = width - 2 * MARGIN
    widths = [inner * 3 // 10, inner * 3 // 10, inner * 13 // 100, inner * 13 // 100]
    widths.append(inner - sum(widths))
    shown = goals[:MAX_GOALS_SHOWN]
    rows = [[gettext(GOAL_NAMES[k]) for k in GOAL_KEYS]]
    rows += [[printable(g[k]) for k in GOAL_KEYS] for g in shown]
    if len(goals) > len(shown):
        rows[-1] = [f"… (+{len(goals) - len(shown) + 1})", "", "", "", ""]
    for r, row in enumerate(rows):
        x = MARGIN
        for w, text in zip(widths, row, strict=True):
            fill = SOFT if r == 0 else WHITE
            draw.rectangle((x, y, x + w, y + GOAL_ROW), fill=fill, outline=LINE)
            face = font(TEXT_SIZE, r == 0)
            line = wrap(text, face, w - 2 * PAD, 1)
            draw.text((x + PAD, y + 6), line[0] if line else "", font=face, fill=INK)
            x += w
        y += GOAL_ROW
    return y + 16


def _persona_cards(draw, data, gettext, y: int, width: int) -> int:  # type: ignore[no-untyped-def]
    personas = _personas(data)
    if not personas:
        return y
    y = _heading(draw, gettext("Persony"), y)
    per_row = min(len(personas), PERSONAS_PER_ROW)
    card = (width - 2 * MARGIN - (per_row - 1) * 12) // per_row
    for k, persona in enumerate(personas):
        x = MARGIN + (k % PERSONAS_PER_ROW) * (card + 12)
        top = y + (k // PERSONAS_PER_ROW) * (PERSONA_CARD + 12)
        draw.rectangle((x, top, x + card, top + PERSONA_CARD), fill=SOFT, outline=LINE)
        name = wrap(printable(persona["name"]), font(19, True), card - 2 * PAD, 1)
        draw.text((x + PAD, top + PAD), name[0] if name else "", font=font(19, True), fill=BRAND)
        line_y = top + PAD + 28
        for key in PERSONA_KEYS[1:]:
            text = f"{gettext(PERSONA_NAMES[key])}: {printable(persona[key]) or '–'}"
            line = wrap(text, font(TEXT_SIZE), card - 2 * PAD, 1)
            draw.text((x + PAD, line_y), line[0], font=font(TEXT_SIZE), fill=INK)
            line_y += LINE_HEIGHT
    rows = -(-len(personas) // PERSONAS_PER_ROW)
    return y + rows * (PERSONA_CARD + 12) + 4


def _cell(draw, box: tuple[int, int, int, int], text: str, *, fill=WHITE, bold=False, color=INK):  # type: ignore[no-untyped-def]
    left, top, right, bottom = box
    draw.rectangle(box, fill=fill, outline=LINE)
    face = font(TEXT_SIZE, bold)
    lines = wrap(text, face, right - left - 2 * PAD, (bottom - top - 2 * PAD) // LINE_HEIGHT)
    for n, line in enumerate(lines):
        draw.text((left + PAD, top + PAD + n * LINE_HEIGHT), line, font=face, fill=color)


def _grid(draw, poster: Poster, heading: str, steps, gettext, y: int) -> int:  # type: ignore[no-untyped-def]
    y = _heading(draw, heading, y)
    left = MARGIN + LANE_WIDTH
    # stages over their steps (a stage split between two rows is named in both)
    start = 0
    while start < len(steps):
        stage_index = steps[start][0]
        end = start
        while end < len(steps) and steps[end][0] == stage_index:
            end += 1
        box = (left + start * COLUMN, y, left + end * COLUMN, y + STAGE_ROW)
        name = f"{stage_index + 1}. {printable(steps[start][2]['name'])}"
        draw.rectangle(box, fill=BRAND, outline=WHITE)
        line = wrap(name, font(17, True), box[2] - box[0] - 2 * PAD, 1)
        draw.text((box[0] + PAD, y + 10), line[0], font=font(17, True), fill=WHITE)
        start = end
    y += STAGE_ROW
    for k, (i, j, _stage, step) in enumerate(steps):
        box = (left + k * COLUMN, y, left + (k + 1) * COLUMN, y + STEP_ROW)
        mark = "★ " if step["moment_of_truth"] else ""
        _cell(draw, box, f"{mark}{i + 1}.{j + 1} {printable(step['title'])}", fill=SOFT, bold=True)
    y += STEP_ROW
    y = _curve(draw, poster, steps, gettext, y)
    for lane in (*LANES, "kpi"):
        _cell(
            draw,
            (MARGIN, y, left, y + CELL),
            gettext(LANE_NAMES[lane]),
            fill=SOFT,
            bold=True,
            color=BRAND,
        )
        for k, (*_, step) in enumerate(steps):
            text = _kpi(step["kpi"]) if lane == "kpi" else printable(step["lanes"][lane])
            _cell(draw, (left + k * COLUMN, y, left + (k + 1) * COLUMN, y + CELL), text)
        y += CELL
    return y + 30


def _kpi(kpi: dict[str, str]) -> str:
    if not kpi["name"]:
        return ""
    text = f"{printable(kpi['name'])}\n{printable(kpi['current'])} → {printable(kpi['target'])}"
    return text + (f"\n({printable(kpi['source'])})" if kpi["source"] else "")


def _curve(draw, poster: Poster, steps, gettext, y: int) -> int:  # type: ignore[no-untyped-def]
    """The emotion of each step as a point over its column, joined by a line: +2 at the top,
    −2 at the bottom, a thin line per level and a stronger one at 0; a moment of truth gets
    a tinted column and a ringed point."""
    left = MARGIN + LANE_WIDTH
    right = left + len(steps) * COLUMN
    draw.rectangle((MARGIN, y, left, y + CURVE), fill=SOFT, outline=LINE)
    draw.text(
        (MARGIN + PAD, y + PAD),
        gettext(LANE_NAMES["emotion"]),
        font=font(TEXT_SIZE, True),
        fill=BRAND,
    )
    draw.rectangle((left, y, right, y + CURVE), fill=WHITE, outline=LINE)
    middle = y + CURVE // 2
    level = {e: middle - e * LEVEL_GAP for e in range(-2, 3)}
    for k, (*_, step) in enumerate(steps):
        if step["moment_of_truth"]:
            draw.rectangle(
                (left + k * COLUMN + 1, y + 1, left + (k + 1) * COLUMN - 1, y + CURVE - 1),
                fill=TINT,
            )
    for e, at in level.items():
        label = gettext(EMOTION_NAMES[e])
        draw.text(
            (left - PAD - font(13).getlength(label), at - 8), label, font=font(13), fill=MUTED
        )
        draw.line((left, at, right, at), fill=MUTED if e == 0 else LINE, width=2 if e == 0 else 1)
    points = [
        (left + k * COLUMN + COLUMN // 2, level[max(-2, min(2, step["emotion"]))])
        for k, (*_, step) in enumerate(steps)
    ]
    if len(points) > 1:
        draw.line(points, fill=ACCENT, width=5, joint="curve")
    for (x, at), (*_, step) in zip(points, steps, strict=True):
        if step["moment_of_truth"]:
            draw.ellipse((x - 13, at - 13, x + 13, at + 13), outline=ACCENT, width=3)
            draw.text((x + 14, at - 32), "★", font=font(20), fill=ACCENT)
        draw.ellipse((x - 7, at - 7, x + 7, at + 7), fill=ACCENT)
    poster.curves.append(points)
    return y + CURVE
