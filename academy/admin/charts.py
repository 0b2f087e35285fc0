"""The funnel as a chart: geometry for a server-rendered SVG. Pure functions, no Flask.

Bars are sized in percent of the chart's width, so the SVG stretches to any screen
while its text keeps its size: readable at phone width without scaling the labels down.
Each step is a label line, then the bar (at most BAR_SHARE % of the width) with its
figures in the remaining column on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

ROW = 50  # height of one step: a label line, then the bar with its figures on it
BAR = 20
LABEL_CHARS = 40
BAR_SHARE = 68  # % of the width for the longest bar; the rest holds the figures


@dataclass(frozen=True)
class ChartRow:
    label: str
    figures: str
    y_text: int
    y_bar: int
    y_figures: int
    reached: float  # % of the chart's width
    completed: float
    worst: bool
    optional: bool


@dataclass(frozen=True)
class FunnelChart:
    height: int
    bar_height: int
    bar_share: int
    rows: list[ChartRow]


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def funnel_chart(steps: list[tuple[str, int, int, bool, bool]], base: int) -> FunnelChart:
    """Rows of (label, reached, completed, is the worst drop, is optional), scaled so that
    `base` (the enrolled learners) fills the width."""
    rows = []
    for index, (label, reached, completed, worst, optional) in enumerate(steps):
        top = index * ROW
        rows.append(
            ChartRow(
                label=shorten(label),
                figures=f"{reached:,} → {completed:,}".replace(",", "\u00a0"),
                y_text=top + 15,
                y_bar=top + 22,
                y_figures=top + 37,
                reached=round(BAR_SHARE * reached / base, 2) if base else 0.0,
                completed=round(BAR_SHARE * completed / base, 2) if base else 0.0,
                worst=worst,
                optional=optional,
            )
        )
    return FunnelChart(height=len(steps) * ROW, bar_height=BAR, bar_share=BAR_SHARE, rows=rows)
