"""The live webinars' part of `flask courses check | import`, and `courses export-webinar`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import with_appcontext

from academy.courses.source import Problem
from academy.db import utcnow
from academy.extensions import db
from academy.live import sessions
from academy.live.sessions import WebinarImport
from academy.live.source import FOLDER, check_folder


def has_courses(path: Path) -> bool:
    """False when `path` is only the _webinars folder or a file in it."""
    return not (path.name == FOLDER or path.parent.name == FOLDER)


def check(path: Path) -> list[Problem]:
    return check_folder(path)[1] if path.exists() else []


def import_(path: Path) -> tuple[WebinarImport | None, list[Problem]]:
    """Import the webinars under `path` (after its courses); None when any has an error."""
    sources, problems = check_folder(path)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return sessions.import_webinars(db.session, sources, utcnow()), problems


def import_only(path: Path, lang: str | None, show: Callable[..., None]) -> None:
    report, problems = import_(path)
    show(problems, lang)
    if report is None:
        db.session.rollback()
        click.echo("Import failed: the live webinars have errors; nothing changed.")
        raise SystemExit(1)
    db.session.commit()
    click.echo(summary(report).strip() or "Imported no live webinars.")


def summary(report: WebinarImport) -> str:
    if not report.created and not report.updated:
        return ""
    return (
        f" Imported live webinars: {len(report.created)} new, {len(report.updated)} updated, "
        f"{report.notified} registrants notified."
    )


@click.command("export-webinar")
@click.argument("slug")
@click.argument("dest", type=click.Path(path_type=Path, file_okay=False))
@with_appcontext
def export_webinar(slug: str, dest: Path) -> None:
    """Write live webinar SLUG to DEST/_webinars/SLUG.md (DEST: a courses folder)."""
    webinar = sessions.find(db.session, slug)
    if webinar is None:
        click.echo(f"error: no live webinar {slug!r}", err=True)
        raise SystemExit(1)
    path = sessions.export_webinar(webinar, dest)
    click.echo(f"Exported {slug} to {path}.")
