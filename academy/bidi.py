"""Person-supplied text (names, e-mails, comments) shown in pages: isolated from the text
around it, so a right-to-left override (U+202E) or RTL letters in one name cannot reorder
the rest of the line. `|person` wraps HTML in <bdi>; `|isolated` wraps plain text (a page
title) in the Unicode isolates FSI … PDI. No Flask here beyond registering the filters."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE


def person(value: object) -> Markup:
    """`value` escaped inside <bdi>: its direction is its own and never leaks out."""
    return Markup("<bdi>%s</bdi>") % escape("" if value is None else str(value))


def isolated(value: object) -> str:
    """`value` between FSI and PDI, for places that cannot hold markup."""
    return f"{FSI}{'' if value is None else value}{PDI}"


def init_app(app: Flask) -> None:
    app.add_template_filter(person, "person")
    app.add_template_filter(isolated, "isolated")
