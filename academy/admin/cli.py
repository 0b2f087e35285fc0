"""`flask admin rebuild-stats`: recompute the summary rows the reports read (owned by
academy.learning.summary)."""

from __future__ import annotations

import click
from sqlalchemy import select

from academy.commands import Commands
from academy.courses.models import Course
from academy.extensions import db
from academy.learning import summary

admin = Commands("admin", help="Maintenance of the admin reports.")


@admin.command("rebuild-stats")
@click.option("--course", "slug", help="Only this course (slug); all courses by default.")
def rebuild_stats(slug: str | None) -> None:
    """Recompute every learner's summary row from enrolments, progress and attempts."""
    ids = None
    if slug:
        course_id = db.session.scalar(select(Course.id).where(Course.slug == slug))
        if course_id is None:
            raise click.ClickException(f"no course {slug!r}")
        ids = [course_id]
    written = summary.rebuild(db.session, ids)
    db.session.commit()
    click.echo(f"Rebuilt {written:,} summary rows.")
