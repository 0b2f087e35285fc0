"""`flask courses check | import`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from academy.courses.checker import check_path, errors_only
from academy.courses.importer import import_path
from academy.extensions import db


@click.group(help="Check and import courses written in the courses/ format.")
def courses() -> None:
    pass


def _print_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@courses.command("check")
@click.argument("path", type=click.Path(path_type=Path))
def check(path: Path) -> None:
    """Validate one course folder or a folder of courses, without the database."""
    _, problems = check_path(path)
    _print_problems(problems)
    errors = errors_only(problems)
    warnings = len(problems) - len(errors)
    click.echo(f"{len(errors)} errors, {warnings} warnings.")
    if errors:
        raise SystemExit(1)


@courses.command("import")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--publish", is_flag=True, help="Publish the imported courses.")
@with_appcontext
def import_(path: Path | None, publish: bool) -> None:
    """Import PATH (default: the configured courses/ folder). All or nothing."""
    path = path or Path(current_app.config["COURSES_DIR"])
    report = import_path(db.session, path, Path(current_app.config["MEDIA_DIR"]), publish)
    _print_problems(report.problems)
    if not report.ok:
        db.session.rollback()
        click.echo(f"Import failed: {len(errors_only(report.problems))} errors; nothing changed.")
        raise SystemExit(1)
    db.session.commit()
    click.echo(
        f"Imported {len(report.courses)} courses: {report.created} modules new, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.archived} archived."
    )
