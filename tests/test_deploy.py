"""deploy/gunicorn.conf.py's hooks, run against a real app (gunicorn itself is exercised by
`make bench`)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

CONF = Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"


def test_the_master_compiles_every_template_before_forking_workers(app):
    hooks = runpy.run_path(str(CONF))
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    env = app.jinja_env
    assert not env.cache  # nothing compiled yet: workers would each compile on first use
    hooks["when_ready"](server)
    compiled = {name for (_loader, name) in env.cache}
    assert compiled == set(env.list_templates())
    assert {"base.html", "learning/module.html", "courses/course.html"} <= compiled


def test_workers_never_share_the_masters_database_connections(app):
    hooks = runpy.run_path(str(CONF))
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    with app.app_context():
        from academy.extensions import db

        db.engine.connect().close()  # opened, then back in the pool as an idle connection
        pool = db.engine.pool
        assert pool.checkedin() >= 1  # the master holds an idle connection
    hooks["post_fork"](server, SimpleNamespace(app=server.app))
    with app.app_context():
        assert db.engine.pool is not pool  # disposed: the worker opens its own
