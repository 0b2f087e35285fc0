"""Markdown to safe HTML. Runs when a course is imported or published, never per request."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from academy.typography import tie

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {
    "div": {
        "admonition",
        "note",
        "tip",
        "warning",
        "example",
        "danger",
        "info",
        "footnote",
        "table-scroll",
        "toc",
    },
    "p": {"admonition-title"},
    "a": {"headerlink", "footnote-ref", "footnote-backref", "figure-zoom"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class _MediaLinks(Treeprocessor):
    """Point relative `media/...` links and images at the served media folder,
    lazy-load images, link each image to itself full size (a diagram too fine for a phone
    opens on its own, where it can be pinch-zoomed; no script), and let wide tables scroll
    on a phone."""

    def __init__(self, md: markdown.Markdown, media_base: str) -> None:
        super().__init__(md)
        self.media_base = media_base

    def _rewrite(self, url: str | None) -> str | None:
        if not url or "://" in url or url.startswith(("/", "#", "mailto:")):
            return url
        path = posixpath.normpath(url)
        if path.startswith("media/"):
            return self.media_base + path.removeprefix("media/")
        return url

    def run(self, root: etree.Element) -> None:
        for img in root.iter("img"):
            img.set("src", self._rewrite(img.get("src")) or "")
            img.set("loading", "lazy")
        for link in root.iter("a"):
            if link.get("href"):
                link.set("href", self._rewrite(link.get("href")) or "")
        linked = {img for link in root.iter("a") for img in link.iter("img")}
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img" and child not in linked and child.get("src"):
                    zoom = etree.Element("a", {"href": child.get("src"), "class": "figure-zoom"})
                    zoom.tail, child.tail = child.tail, None
                    parent.remove(child)
                    zoom.append(child)
                    parent.insert(index, zoom)
                elif child.tag == "table":
                    wrapper = etree.Element("div", {"class": "table-scroll"})
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


class _MediaExtension(Extension):
    def __init__(self, media_base: str) -> None:
        super().__init__()
        self.media_base = media_base

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_MediaLinks(md, self.media_base), "academy_media", 1)


_UNTIED = {"code", "pre", "kbd", "script", "style"}


class _CzechSpaces(Treeprocessor):
    """Czech "vlna": non-breaking spaces in text nodes only (see academy.typography).

    Code, preformatted text and attributes (href, src, alt, id) are never touched; a URL
    has no spaces, so a link's text stays as written too."""

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _UNTIED:
            return
        children = list(element)
        if element.text and not isinstance(element.text, AtomicString):
            element.text = tie(element.text, followed=bool(children))
        for index, child in enumerate(children):
            self._walk(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail = tie(child.tail, followed=index + 1 < len(children))

    def run(self, root: etree.Element) -> None:
        self._walk(root)


class _CzechExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # after inline patterns (20) and the table of contents (5): ids keep plain spaces
        md.treeprocessors.register(_CzechSpaces(md), "academy_czech_spaces", 2)


def render_markdown(source: str, media_base: str = "media/", language: str = "cs") -> str:
    """Render course Markdown to sanitized HTML.

    Supports headings with anchors, tables, images, code, footnotes,
    definition lists, abbreviations and admonitions. Scripts, event handlers,
    iframes, styles, forms and javascript:/data: URLs never survive. Czech text
    (`language="cs"`) gets its non-breaking spaces here, once, at import/publish.
    """
    extensions = ["extra", "admonition", "sane_lists", "toc", _MediaExtension(media_base)]
    if language == "cs":
        extensions.append(_CzechExtension())
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs={
            "toc": {"permalink": "#", "permalink_title": "", "toc_depth": "2-4"},
            "extra": {
                "tables": {"use_align_attribute": True},
                "footnotes": {"BACKLINK_TITLE": "Zpět k textu"},
            },
        },
        output_format="html",
    )
    html = md.convert(source)
    return sanitize(html)


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _safe_url(tag: str, attribute: str, value: str) -> str | None:
    """Normalise a URL as browsers do before judging its scheme.

    Browsers drop tabs and newlines anywhere in a URL and C0 characters and spaces at
    its ends, so "java\tscript:" runs as "javascript:"; judge what the browser will see.
    """
    if attribute not in ("href", "src"):
        return value
    url = value.strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    if match and match.group(1).lower() not in URL_SCHEMES:
        return None
    return url


def sanitize(html: str) -> str:
    """Allow-listed HTML; a wide table's scrolling wrapper is made reachable by keyboard
    (WCAG: a scrollable region must be focusable), after nh3, which drops tabindex."""
    return _clean(html).replace(
        '<div class="table-scroll">', '<div class="table-scroll" tabindex="0">'
    )


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        attribute_filter=_safe_url,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
