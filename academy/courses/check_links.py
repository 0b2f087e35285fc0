"""`courses check`, links and media: every link and image in a module points at something."""

from __future__ import annotations

import re
from urllib.parse import unquote

from academy.courses.check_types import Report, Where
from academy.courses.source import (
    Document,
)
from academy.courses.wording import N_

LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_RE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?([^\s>]+)>?")
CODE_SPAN_RE = re.compile(r"`+[^`]*`+")


def check_links(err: Report, doc: Document) -> None:
    in_code = False
    previous = ""
    for offset, line in enumerate(doc.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        if line.lstrip().startswith("![") and previous.lstrip().startswith(">"):
            # Markdown continues the quote lazily: the image would land inside the tip box.
            err(
                doc.body_line + offset,
                N_(
                    "obrázek hned pod citací (řádek s >) se stane její součástí; "
                    "oddělte ho prázdným řádkem"
                ),
                "warning",
            )
        previous = line
        text = CODE_SPAN_RE.sub("", line)
        targets = [m.group(1) for m in LINK_RE.finditer(text)]
        reference = REFERENCE_RE.match(text)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            if target.startswith(("http://", "https://", "mailto:", "#", "/")):
                continue
            if ":" in target.split("/")[0]:
                err(
                    doc.body_line + offset,
                    N_("odkaz %(target)s používá nepovolené schéma"),
                    target=repr(target),
                )
                continue
            path = unquote(target.split("#")[0].split("?")[0])
            check_target(err, doc, path, doc.body_line + offset)


def check_media(err: Report, doc: Document, target: str, where: Where | int) -> None:
    if target.startswith("https://"):
        return
    if target.startswith("http://"):
        err(where, N_("adresa %(target)s musí začínat https://"), target=repr(target))
        return
    check_target(err, doc, target, where)


def check_target(err: Report, doc: Document, target: str, where: Where | int) -> None:
    """A relative path must exist, and be in media/: only media/ is served to learners."""
    if not target:
        return
    course_dir = doc.path.parent.resolve()
    resolved = (doc.path.parent / target).resolve()
    if not resolved.is_relative_to(course_dir):
        err(where, N_("cesta %(target)s vede mimo složku kurzu"), target=repr(target))
    elif not resolved.exists():
        err(
            where,
            N_("nefunkční odkaz: soubor %(target)s ve složce kurzu není"),
            target=repr(target),
        )
    elif not resolved.is_relative_to(course_dir / "media"):
        module = re.match(r"^\d{2,3}-(.+)\.md$", resolved.name)
        if module and resolved.parent == course_dir:
            err(
                where,
                N_(
                    "odkaz na %(target)s na webu nefunguje; odkažte místo toho na stránku "
                    "modulu: %(url)s"
                ),
                target=repr(target),
                url=f"/courses/{course_dir.name}/{module.group(1)}",
            )
        else:
            err(
                where,
                N_(
                    "soubor %(target)s není ve složce media/; zveřejňují se jen soubory z media/, "
                    "přesuňte ho tam a odkazujte na 'media/...'"
                ),
                target=repr(target),
            )
