"""A journey map as a PDF: A3 landscape, DejaVu fonts embedded, Czech text exact. No Flask.

fpdf2 (maintained, already the certificates' library) with DejaVu Sans subset in fonts/
(the certificates' subset lacks the arrows, minus sign and stars a map prints). Stages run across in chunks of
STEPS_PER_PAGE steps; above each chunk the emotion curve is drawn over the step columns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from academy.certificates.pdf import printable
from academy.journeys.content import GOAL_NAMES, KPI_NAMES, LANE_NAMES, PERSONA_NAMES, PLAN_NAMES
from academy.journeys.schema import GOAL_KEYS, LANES, PERSONA_KEYS, steps_of

FONTS = Path(__file__).parent / "fonts"
BRAND = (15, 76, 92)
ACCENT = (227, 100, 20)
INK = (28, 36, 48)
MUTED = (91, 102, 118)
STEPS_PER_PAGE = 6
LANE_WIDTH = 40.0
MARGIN = 12.0
CURVE_HEIGHT = 24.0


def map_pdf(
    data: dict[str, Any], gettext: Callable[[str], str], *, course: str = "", language: str = "cs"
) -> bytes:
    """The whole map (goals, personas, both plans) as PDF bytes."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A3")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("Sans", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_lang(language)
    title = printable(data["title"]) or gettext("Mapa cesty")
    pdf.set_title(title)
    pdf.set_creator(course or "CX akademie")
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_draw_color(190, 200, 210)
    pdf.set_font("Sans", "B", 20)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    if data["scope"]:
        pdf.set_font("Sans", "", 10)
        pdf.multi_cell(0, 5, printable(data["scope"]), new_x="LMARGIN", new_y="NEXT")
    _goals(pdf, data, gettext)
    _personas(pdf, data, gettext)
    for plan, name in PLAN_NAMES.items():
        steps = steps_of(data["plans"][plan])
        for start in range(0, len(steps), STEPS_PER_PAGE):
            pdf.add_page()
            _heading(pdf, gettext(name))
            _chunk(pdf, steps[start : start + STEPS_PER_PAGE], gettext)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("Sans", "B", 13)
    pdf.set_text_color(*BRAND)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def _goals(pdf: FPDF, data: dict[str, Any], gettext: Callable[[str], str]) -> None:
    goals = [g for g in data["goals"] if any(g.values())]
    if not goals:
        return
    pdf.ln(3)
    _heading(pdf, gettext("Cíle a KPI"))
    pdf.set_font("Sans", "", 9)
    head = FontFace(emphasis="BOLD", fill_color=(238, 243, 246))
    with pdf.table(headings_style=head, line_height=4.6, padding=1.5, text_align="LEFT") as table:
        table.row([gettext(GOAL_NAMES[k]) for k in GOAL_KEYS])
        for goal in goals:
            table.row([printable(goal[k]) for k in GOAL_KEYS])


def _personas(pdf: FPDF, data: dict[str, Any], gettext: Callable[[str], str]) -> None:
    for persona in (p for p in data["personas"] if p["name"]):
        pdf.ln(3)
        _heading(pdf, f"{gettext('Persona')}: {printable(persona['name'])}")
        pdf.set_font("Sans", "", 9)
        with pdf.table(
            col_widths=(1, 5),
            first_row_as_headings=False,
            line_height=4.6,
            padding=1.5,
            text_align="LEFT",
        ) as table:
            for key in PERSONA_KEYS[1:]:
                if persona[key]:
                    table.row([gettext(PERSONA_NAMES[key]), printable(persona[key])])


def _chunk(pdf: FPDF, steps: list[tuple[int, int, dict, dict]], gettext) -> None:  # type: ignore[no-untyped-def]
    width = (pdf.w - 2 * MARGIN - LANE_WIDTH) / STEPS_PER_PAGE
    _curve(pdf, [step["emotion"] for *_, step in steps], width, gettext)
    pdf.set_font("Sans", "", 8)
    head = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BRAND)
    widths = (LANE_WIDTH, *([width] * len(steps)))
    with pdf.table(
        col_widths=widths,
        width=LANE_WIDTH + width * len(steps),
        line_height=3.8,
        padding=1.2,
        headings_style=head,
        text_align="LEFT",
        cell_fill_color=(244, 247, 249),
        cell_fill_mode="ROWS",
    ) as table:
        table.row(
            [
                "",
                *(
                    f"{i + 1}. {printable(stage['name'])}\n{i + 1}.{j + 1} "
                    f"{printable(step['title'])}" + (" ★" if step["moment_of_truth"] else "")
                    for i, j, stage, step in steps
                ),
            ]
        )
        table.row(
            [gettext(LANE_NAMES["emotion"]), *(_emotion(step["emotion"]) for *_, step in steps)]
        )
        for lane in LANES:
            table.row(
                [gettext(LANE_NAMES[lane]), *(printable(step["lanes"][lane]) for *_, step in steps)]
            )
        table.row([gettext(LANE_NAMES["kpi"]), *(_kpi(step["kpi"], gettext) for *_, step in steps)])


def _emotion(value: int) -> str:
    return f"{value:+d}".replace("-", "−") if value else "0"


def _kpi(kpi: dict[str, str], gettext: Callable[[str], str]) -> str:
    if not kpi["name"]:
        return ""
    text = f"{printable(kpi['name'])}\n{printable(kpi['current'])} → {printable(kpi['target'])}"
    source = printable(kpi["source"])
    return text + (f"\n{gettext(KPI_NAMES['source'])}: {source}" if source else "")


def _curve(pdf: FPDF, emotions: list[int], width: float, gettext) -> None:  # type: ignore[no-untyped-def]
    """The emotion of each step as a point over its column, joined by a line; −2 at the
    bottom, +2 at the top, a dashed line at 0."""
    top, left = pdf.get_y() + 2, MARGIN + LANE_WIDTH
    level = {e: top + (2 - e) * CURVE_HEIGHT / 4 for e in range(-2, 3)}
    pdf.set_font("Sans", "", 7)
    pdf.set_text_color(*MUTED)
    for e, y in level.items():
        pdf.text(left - 6, y + 1, _emotion(e))
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    with pdf.local_context(dash_pattern={"dash": 1, "gap": 1}):
        pdf.line(left, level[0], left + width * len(emotions), level[0])
    points = [(left + width * (k + 0.5), level[e]) for k, e in enumerate(emotions)]
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    for a, b in zip(points, points[1:], strict=False):
        pdf.line(*a, *b)
    pdf.set_fill_color(*ACCENT)
    for x, y in points:
        pdf.ellipse(x - 1.4, y - 1.4, 2.8, 2.8, style="F")
    pdf.set_text_color(*INK)
    pdf.set_fill_color(255, 255, 255)  # tables draw with the current colours
    pdf.set_draw_color(190, 200, 210)
    pdf.set_y(top + CURVE_HEIGHT + 4)
