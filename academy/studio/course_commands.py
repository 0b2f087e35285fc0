"""`flask courses check | import | export | export-gift`: the courses/ folder with its live
webinars and the search index, so these commands sit with the studio, above all three."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from academy.commands import Commands
from academy.config import LANGUAGES
from academy.courses.checker import check_path, errors_only
from academy.courses.exporter import ExportError, course_quizzes, export_course
from academy.courses.gift import quiz_to_gift
from academy.courses.importer import import_path
from academy.extensions import db
from academy.i18n import problem_message
from academy.live import cli as live_cli
from academy.media.backends import MEDIA, storage
from academy.webinars import search


@click.group(cls=Commands, help="Check, import and export courses written in the courses/ format.")
def courses() -> None:
    pass


def _print_problems(problems, lang: str | None) -> None:
    """`path:line: severity: message`, the message in `lang` (default: the app's language).

    "error" / "warning" stay as they are in every language: editors and CI scripts match them.
    """
    with force_locale(lang or current_app.config["BABEL_DEFAULT_LOCALE"]):
        for problem in problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            click.echo(f"{where}: {problem.severity}: {problem_message(problem)}", err=True)


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of the messages (default: the app's, Czech).",
)


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {plural or word + 's'}"


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


@courses.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@LANG_OPTION
@with_appcontext
def check(path: Path, lang: str | None) -> None:
    """Validate one course folder or a folder of courses, without the database."""
    _, problems = check_path(path) if live_cli.has_courses(path) else ([], [])
    problems += live_cli.check(path)  # live webinars in courses/_webinars/
    _print_problems(problems, lang)
    errors = errors_only(problems)
    summary = f"{_count(len(errors), 'error')}, {_count(len(problems) - len(errors), 'warning')}."
    click.echo(summary)
    if errors:
        raise SystemExit(1)


@courses.command("import")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--publish", is_flag=True, help="Publish the imported courses.")
@LANG_OPTION
@with_appcontext
def import_(path: Path | None, publish: bool, lang: str | None) -> None:
    """Import PATH (default: the configured courses/ folder). All or nothing."""
    path = path or Path(current_app.config["COURSES_DIR"])
    if not live_cli.has_courses(path):  # only courses/_webinars/ or one webinar file
        live_cli.import_only(path, lang, _print_problems)
        return
    report = import_path(db.session, path, Path(current_app.config["MEDIA_DIR"]), publish)
    _print_problems(report.problems, lang)
    if not report.ok:
        db.session.rollback()
        errors = _count(len(errors_only(report.problems)), "error")
        click.echo(f"Import failed: {errors}; nothing changed.")
        raise SystemExit(1)
    webinars, problems = live_cli.import_(path)  # live webinars in courses/_webinars/
    _print_problems(problems, lang)
    if webinars is None:
        db.session.rollback()
        click.echo("Import failed: the live webinars have errors; nothing changed.")
        raise SystemExit(1)
    search.refresh_index(db.session, Path(current_app.config["MEDIA_DIR"]))
    db.session.commit()
    click.echo(
        f"Imported {_count(len(report.courses), 'course')}: {report.created} modules new, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.archived} archived."
        + live_cli.summary(webinars)
    )


@courses.command("export")
@click.argument("slug")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Overwrite the course files already in the target folder."
)
@with_appcontext
def export(slug: str, dest: Path, replace: bool) -> None:
    """Write course SLUG from the database to DEST/SLUG (or DEST, if it is named SLUG)."""
    try:
        report = export_course(db.session, slug, dest, storage(MEDIA), replace=replace)
    except ExportError as exc:
        _fail(str(exc))
    left_out = (
        f" ({_count(report.archived, 'archived module')} left out)" if report.archived else ""
    )
    click.echo(
        f"Exported {slug} to {report.folder}: {_count(report.modules, 'module')}{left_out}, "
        f"{_count(report.media, 'media file')}."
    )


@courses.command("export-gift")
@click.argument("slug")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of printing.",
)
@with_appcontext
def export_gift(slug: str, output: Path | None) -> None:
    """Print the quiz questions of course SLUG in Moodle's GIFT format."""
    try:
        title, quizzes = course_quizzes(db.session, slug)
    except ExportError as exc:
        _fail(str(exc))
    questions = sum(len(q) for _, q in quizzes)
    if not questions:
        _fail(f"course {slug!r} has no quiz questions to export")
    text = quiz_to_gift(title, quizzes)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_bytes(text.encode("utf-8"))
    click.echo(
        f"Wrote {_count(questions, 'question')} from {_count(len(quizzes), 'quiz', 'quizzes')} "
        f"to {output}."
    )


courses.add_command(live_cli.export_webinar)
