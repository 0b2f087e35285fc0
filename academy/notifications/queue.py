"""The job queue (Huey): which storage, the academy's tasks, and the kick after a commit.

ACADEMY_QUEUE_URL picks the storage: `redis://host:6379/1` in production, a SQLite file for
`make run` (the default, `instance/queue.sqlite3`), `immediate` in tests (tasks run at once, in
the calling thread). The Huey object is built on first use, not at import or in create_app,
so nothing connects or writes a file before a job is actually queued.

Views never see the queue: services write outbox rows; after the request's transaction
commits, `kick` asks the queue to relay. If the queue is down the request still succeeds
and the rows wait for the worker's periodic pass.
"""

from __future__ import annotations

import os

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from academy.db import utcnow
from academy.notifications import hooks


def _make(url: str, name: str) -> Huey:
    if url == "immediate":
        return MemoryHuey(name, immediate=True, results=False)
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:///")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return SqliteHuey(name, filename=path, results=False)
    return RedisHuey(name, url=url, results=False)


def huey_for(app: Flask) -> Huey:
    """The app's Huey with the academy's tasks, built on first use."""
    found = app.extensions.get("huey")
    if found is None:
        found = app.extensions["huey"] = _make(app.config["QUEUE_URL"], app.config["QUEUE_NAME"])
        _register_tasks(found, app)
    return found


def _register_tasks(huey: Huey, app: Flask) -> None:
    from academy.extensions import db
    from academy.notifications import digests, nudges, outbox

    def in_app(work):  # each task gets an app context and a session of its own
        with app.app_context(), Session(db.engine) as session:
            return work(session)

    @huey.task(name="relay_outbox")
    def relay_outbox() -> None:
        in_app(outbox.relay)

    # Stragglers: mails whose kick was lost (queue down) or whose retry is due.
    @huey.periodic_task(crontab(minute="*"), name="relay_stragglers")
    def relay_stragglers() -> None:
        in_app(outbox.relay)

    # Hourly; the services decide from `now` whether it is their time (Europe/Prague).
    def planned(plan) -> None:  # type: ignore[no-untyped-def]
        def work(session: Session) -> int:
            written = plan(session, utcnow())
            session.commit()
            return written

        if in_app(work):
            kick(app)

    @huey.periodic_task(crontab(minute="2"), name="plan_nudges")
    def plan_nudges() -> None:
        planned(nudges.plan)

    @huey.periodic_task(crontab(minute="7"), name="plan_digests")
    def plan_digests() -> None:
        planned(digests.plan)

    # The other features' plans (notifications.hooks), e.g. live's reminders 24 h and 1 h
    # before a webinar, every five minutes; each task is also app.extensions[name].
    for name, (minute, plans) in hooks.periodic_plans.items():

        def run(plans=plans) -> None:  # type: ignore[no-untyped-def]
            for plan in plans:
                planned(plan)

        app.extensions[name] = huey.periodic_task(crontab(minute=minute), name=name)(run)

    app.extensions["relay_outbox"] = relay_outbox


def kick(app: Flask) -> bool:
    """Ask the queue to relay the outbox now; False (logged) when the queue is down."""
    try:
        huey_for(app)
        app.extensions["relay_outbox"]()
    except Exception:  # Redis or the SQLite file unreachable: the rows wait, nothing is lost
        app.logger.warning("job queue unreachable; the outbox waits for the worker", exc_info=True)
        return False
    return True


def queue_state(app: Flask) -> str:
    """'ok' when the queue's storage answers, else 'error' (for /healthz)."""
    try:
        huey_for(app).pending_count()
    except Exception:
        app.logger.warning("health check: job queue unreachable", exc_info=True)
        return "error"
    return "ok"


def _after_commit(session: Session) -> None:
    # SQLAlchemy calls this on a SAVEPOINT's release too: only the real commit kicks (the
    # relay would otherwise wait for the request's own write lock and find nothing committed)
    if session.in_nested_transaction():
        return
    if session.info.pop("outbox_new", False) and has_app_context():
        kick(current_app._get_current_object())  # type: ignore[attr-defined]


def _after_soft_rollback(session: Session, previous_transaction) -> None:  # type: ignore[no-untyped-def]
    if previous_transaction.parent is None:  # the whole transaction: its rows are gone
        session.info.pop("outbox_new", None)


def init_app(app: Flask) -> None:
    """Kick the relay after any commit that wrote outbox rows (registered once per process)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
