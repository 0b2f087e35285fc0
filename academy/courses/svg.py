"""Is an SVG image inert? Parsed as XML (defusedxml), checked against an allow-list.

Element and attribute names are compared with their namespaces resolved, so a script in
any spelling (`<script>`, `<s:script>` with `s` bound to the SVG namespace, an HTML or
XLink namespace) is not an allowed name. Shapes, text, gradients and markers pass; scripts,
event handlers, links, embedded content, external references (`url(...)` other than a
local `#id`), style sheets, DTDs, entities and processing instructions do not.
No Flask here: the answer is a Czech msgid and its arguments (academy.courses.wording).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from academy.courses.source import Problem
from academy.courses.wording import N_

SVG = "{http://www.w3.org/2000/svg}"
XML = "{http://www.w3.org/XML/1998/namespace}"
# fmt: off
ELEMENTS = frozenset(SVG + name for name in (  # noqa: SIM905 (a word list reads best here)
    "svg g defs title desc metadata symbol path rect circle ellipse line polyline polygon "
    "text tspan textPath linearGradient radialGradient stop clipPath mask pattern marker "
    "filter feGaussianBlur feOffset feBlend feColorMatrix feFlood feComposite feMerge "
    "feMergeNode feDropShadow"
).split())
ATTRIBUTES = frozenset((  # noqa: SIM905
    "id class style role lang tabindex focusable version baseProfile "
    "aria-label aria-labelledby aria-describedby aria-hidden "
    "x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy d points pathLength width height "
    "viewBox preserveAspectRatio transform rotate textLength lengthAdjust "
    "fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin "
    "stroke-dasharray stroke-dashoffset stroke-opacity stroke-miterlimit opacity color "
    "display visibility overflow vector-effect paint-order shape-rendering "
    "text-rendering image-rendering color-interpolation color-interpolation-filters "
    "font-family font-size font-weight font-style font-variant font-stretch "
    "text-anchor text-decoration dominant-baseline alignment-baseline baseline-shift "
    "letter-spacing word-spacing writing-mode direction unicode-bidi white-space "
    "offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod "
    "clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits "
    "patternUnits patternContentUnits patternTransform "
    "marker-start marker-mid marker-end markerWidth markerHeight markerUnits orient "
    "refX refY filter filterUnits primitiveUnits in in2 result stdDeviation mode "
    "values operator k1 k2 k3 k4 flood-color flood-opacity lighting-color"
).split()) | {XML + "lang", XML + "space"}
# fmt: on
# In attribute values and text of any kind: references that leave the file or run code.
_EXTERNAL = re.compile(r"url\s*\(\s*(?!['\"]?#)|@import|javascript:|expression\s*\(", re.I)


class _Builder(ET.TreeBuilder):
    """Notes processing instructions anywhere, also before the root (xml-stylesheet)."""

    instructions = 0

    def pi(self, target, text=None):  # noqa: ANN001 (ElementTree's signature)
        self.instructions += 1
        return super().pi(target, text)


def svg_problem(data: bytes) -> tuple[str, dict[str, str]] | None:
    """None for an inert SVG; else (Czech msgid, its arguments) saying what was found."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        return N_("obrázek SVG není platné XML (%(detail)s)"), {"detail": str(exc)[:120]}
    if builder.instructions:
        return N_("obrázek SVG obsahuje instrukci pro zpracování (<?…?>)"), {}
    if root.tag != SVG + "svg":
        return N_(
            "soubor není obrázek SVG (kořenový prvek musí být <svg> ve jmenném prostoru SVG)"
        ), {}
    for element in root.iter():
        if element.tag not in ELEMENTS:
            return N_("obrázek SVG obsahuje nepovolený prvek <%(element)s>"), {
                "element": _readable(element.tag)
            }
        for name, value in element.attrib.items():
            if name not in ATTRIBUTES:
                return N_(
                    "obrázek SVG obsahuje nepovolený atribut %(attribute)s u <%(element)s>"
                ), {
                    "attribute": _readable(name),
                    "element": _readable(element.tag),
                }
            if _EXTERNAL.search(value):
                return N_("obrázek SVG odkazuje na vnější obsah v atributu %(attribute)s"), {
                    "attribute": _readable(name)
                }
    return None


def _readable(name: str) -> str:
    """`{http://www.w3.org/2000/svg}script` as `script`, other namespaces kept visible."""
    return name.removeprefix(SVG)


def media_svg_problems(course_folder: Path, shown_from: Path) -> list[Problem]:
    """A Problem for every SVG under the course's media/ that is not inert, named by its
    path relative to `shown_from` (what `courses import` or the studio's import shows)."""
    media = course_folder / "media"
    if not media.is_dir():
        return []
    problems = []
    for path in sorted(media.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".svg", ".svgz"):
            found = svg_problem(path.read_bytes())
            if found is not None:
                where = path.relative_to(shown_from).as_posix()
                problems.append(Problem(where, 0, found[0], args=found[1]))
    return problems
