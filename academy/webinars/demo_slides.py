"""The demo webinar's slides as 1280×720 PNGs, drawn with Pillow in DejaVu fonts."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from academy.webinars.demo_script import Slide

FONTS = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = 1280, 720
MARGIN = 90
INK, MUTED, BRAND, ACCENT, PAPER, CARD = (
    "#1c2430",
    "#5b6676",
    "#0f4c5c",
    "#e36414",
    "#f6f8fa",
    "#ffffff",
)
FOOTER = "CX akademie  ·  ukázkový záznam, syntetické hlasy  ·  CX, důvěra a AI"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size
    )


def wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """`text` broken into lines no wider than `width` pixels, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _frame(draw: ImageDraw.ImageDraw, slide: Slide, number: int, total: int) -> int:
    """Bar, chapter label, heading and footer; returns the y where the content starts."""
    draw.rectangle((0, 0, WIDTH, 16), fill=BRAND)
    draw.text((MARGIN, 58), f"{number} / {total}  ·  {slide.chapter}", font=font(24), fill=MUTED)
    y = 100
    for line in wrap(draw, slide.heading, font(52, True), WIDTH - 2 * MARGIN):
        draw.text((MARGIN, y), line, font=font(52, True), fill=INK)
        y += 64
    draw.rectangle((MARGIN, y + 14, MARGIN + 150, y + 21), fill=ACCENT)
    if slide.note:
        draw.text((MARGIN, HEIGHT - 92), slide.note, font=font(21), fill=MUTED)
    draw.text((MARGIN, HEIGHT - 52), FOOTER, font=font(21), fill=MUTED)
    return y + 56


def _bullets(
    draw: ImageDraw.ImageDraw, points: tuple[str, ...], x: int, y: int, width: int, size: int = 34
) -> int:
    face = font(size)
    for point in points:
        lines = wrap(draw, point, face, width - 44)
        draw.ellipse((x + 4, y + size // 2 - 6, x + 16, y + size // 2 + 6), fill=ACCENT)
        for line in lines:
            draw.text((x + 40, y), line, font=face, fill=INK)
            y += int(size * 1.3)
        y += size // 2
    return y


def _title(draw: ImageDraw.ImageDraw, slide: Slide) -> None:
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill=BRAND)
    draw.rectangle((MARGIN, 300, MARGIN + 180, 309), fill=ACCENT)
    draw.text((MARGIN, 190), slide.heading, font=font(76, True), fill="#ffffff")
    for i, line in enumerate(slide.points):
        draw.text((MARGIN, 350 + i * 56), line, font=font(34 if i == 0 else 28), fill="#dbe7ea")
    draw.text((MARGIN, HEIGHT - 70), "CX akademie", font=font(26, True), fill="#ffffff")


def _columns(draw: ImageDraw.ImageDraw, slide: Slide, y: int) -> None:
    gap = 40
    width = (WIDTH - 2 * MARGIN - gap) // 2
    for i, (label, points) in enumerate(
        zip(slide.labels, (slide.points, slide.right), strict=True)
    ):
        x = MARGIN + i * (width + gap)
        draw.rounded_rectangle(
            (x, y, x + width, HEIGHT - 120),
            18,
            fill=CARD,
            outline=ACCENT if i else "#c9d1d9",
            width=3,
        )
        draw.text((x + 28, y + 24), label, font=font(30, True), fill=BRAND if i else MUTED)
        _bullets(draw, points, x + 28, y + 84, width - 56, size=28)


def _flow(draw: ImageDraw.ImageDraw, slide: Slide, y: int) -> None:
    count = len(slide.points)
    arrow = 70
    width = (WIDTH - 2 * MARGIN - arrow * (count - 1)) // count
    top, bottom = y + 30, y + 250
    for i, point in enumerate(slide.points):
        x = MARGIN + i * (width + arrow)
        last = i == count - 1
        draw.rounded_rectangle(
            (x, top, x + width, bottom), 18, fill=ACCENT if last else CARD, outline=ACCENT, width=3
        )
        lines = wrap(draw, point, font(34, True), width - 40)
        ty = (top + bottom) // 2 - len(lines) * 22
        for line in lines:
            draw.text((x + 24, ty), line, font=font(34, True), fill="#ffffff" if last else INK)
            ty += 44
        if not last:
            ax = x + width + 12
            draw.polygon(
                [
                    (ax, (top + bottom) // 2 - 18),
                    (ax + arrow - 24, (top + bottom) // 2),
                    (ax, (top + bottom) // 2 + 18),
                ],
                fill=MUTED,
            )


def draw_slide(slide: Slide, number: int, total: int, out: Path) -> None:
    """Write `slide` as a 1280×720 PNG to `out`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    if slide.kind == "title":
        _title(draw, slide)
    else:
        y = _frame(draw, slide, number, total)
        if slide.kind == "columns":
            _columns(draw, slide, y)
        elif slide.kind == "flow":
            _flow(draw, slide, y)
        else:
            _bullets(draw, slide.points, MARGIN, y, WIDTH - 2 * MARGIN)
    image.save(out, optimize=True)
