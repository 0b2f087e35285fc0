"""`flask jobs worker|relay|nudges|digests`: the queue's worker and its tasks run by hand."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from academy.db import utcnow
from academy.extensions import db
from academy.notifications import digests, nudges, outbox
from academy.notifications.queue import huey_for


@click.group(help="Background jobs: the worker, the e-mail outbox, reminders and digests.")
def jobs() -> None:
    pass


@jobs.command(help="Run the queue's worker (relays the outbox, plans reminders and digests).")
@click.option("--workers", default=2, show_default=True, help="worker threads")
@with_appcontext
def worker(workers: int) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    huey = huey_for(app)
    if huey.immediate:
        raise click.UsageError("ACADEMY_QUEUE_URL=immediate runs jobs in place; no worker needed.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s jobs %(levelname)s %(message)s")
    click.echo(f"jobs worker: queue {app.config['QUEUE_URL']}, {workers} threads")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


@jobs.command(help="Send every due mail of the outbox now, in this process.")
@with_appcontext
def relay() -> None:
    with Session(db.engine) as session:
        counts = outbox.relay(session)
        click.echo(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing due")


@jobs.command("nudges", help="Write the reminders due now into the outbox (9-12 Prague time).")
@with_appcontext
def plan_nudges() -> None:
    with Session(db.engine) as session:
        written = nudges.plan(session, utcnow())
        session.commit()
    click.echo(f"{written} reminders written")


@jobs.command("digests", help="Write this week's instructor digests into the outbox.")
@with_appcontext
def plan_digests() -> None:
    with Session(db.engine) as session:
        written = digests.plan(session, utcnow())
        session.commit()
    click.echo(f"{written} digests written")
