"""Profile one page in-process against the database `make bench` left behind.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/profile.py /courses/mapovani-zakaznickych-cest/persony
    .venv/bin/python bench/profile.py --admin /admin/learners

Requests go through the whole app (session, user loading, commit) with the bench
learner's (or admin's) cookie; pyinstrument prints where the time goes, and the SQL
statements of one request are listed first.
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


if __name__ == "__main__":
    main()
