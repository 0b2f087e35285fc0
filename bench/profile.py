"""Profile one page in-process against the database `make bench` left behind.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/profile.py /courses/mapovani-zakaznickych-cest/persony
    .venv/bin/python bench/profile.py --admin /admin/learners
    .venv/bin/python bench/profile.py --split /courses/mapovani-zakaznickych-cest

Requests go through the whole app (session, user loading, commit) with the bench
learner's (or admin's) cookie; pyinstrument prints where the time goes, and the SQL
statements of one request are listed first. `--split` prints instead the CPU time per
request (no profiler attached) next to the minimal route's, split into template rendering,
the database driver and the rest (the app's Python, SQLAlchemy, Flask).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import environment, session_cookie  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--admin", action="store_true", help="as the bench's admin")
    parser.add_argument("-n", type=int, default=200, help="requests to profile")
    parser.add_argument("--split", action="store_true", help="CPU per request, split")
    args = parser.parse_args()
    instance = ROOT / "instance" / "bench"
    seeded = instance / "seeded.json"
    if not seeded.exists():
        sys.exit("run `make bench` first: it seeds the database this profiles against")
    os.environ.update({k: v for k, v in environment(instance).items() if k.startswith("ACADEMY_")})
    from pyinstrument import Profiler
    from sqlalchemy import event

    from academy.extensions import db
    from bench.bench_wsgi import app

    data = json.loads(seeded.read_text())
    cookie, _csrf = session_cookie(app, data["admin_id"] if args.admin else data["pool_ids"][0])
    client = app.test_client(use_cookies=False)

    def get():
        return client.get(args.path, headers={"Cookie": cookie}, base_url="http://127.0.0.1")

    first = get()
    print(f"{first.status_code}, {len(first.data)} bytes")
    if args.split:
        size = len(first.data)
        for label, fetch in (
            (
                "minimal route",
                lambda: client.get(
                    f"/_bench/minimal/{size}",
                    headers={"Cookie": cookie},
                    base_url="http://127.0.0.1",
                ),
            ),
            (args.path, get),
        ):
            print(f"{label:40s} " + split(app, fetch, args.n))
        return
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    listener = lambda _c, _cur, statement, *_a: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    get()
    event.remove(engine, "before_cursor_execute", listener)
    print(f"{len(statements)} statements:")
    for statement in statements:
        print("  ", " ".join(statement.split())[:140])
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.n):
            get()
    print(profiler.output_text(unicode=True, color=False))


def split(app, fetch, n: int) -> str:
    """CPU ms per request: in all, in template rendering, in the database driver."""
    import time

    import flask.templating
    from sqlalchemy import event

    from academy.extensions import db

    spent = {"render": 0.0, "driver": 0.0, "statements": 0}
    render = flask.templating._render

    def timed_render(*a, **k):
        began = time.process_time()
        try:
            return render(*a, **k)
        finally:
            spent["render"] += time.process_time() - began

    def before(conn, *_a):
        conn.info["began"] = time.process_time()

    def after(conn, *_a):
        spent["driver"] += time.process_time() - conn.info.pop("began")
        spent["statements"] += 1

    with app.app_context():
        engine = db.engine
    for _ in range(20):
        fetch()
    flask.templating._render = timed_render
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        began = time.process_time()
        for _ in range(n):
            fetch()
        total = time.process_time() - began
    finally:
        flask.templating._render = render
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    ms = {k: 1000 * v / n for k, v in spent.items() if k != "statements"}
    return (
        f"{1000 * total / n:5.2f} ms CPU: templates {ms['render']:4.2f}, driver "
        f"{ms['driver']:4.2f} ({spent['statements'] / n:.0f} statements), rest "
        f"{1000 * total / n - ms['render'] - ms['driver']:4.2f}"
    )


if __name__ == "__main__":
    main()
