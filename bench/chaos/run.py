"""`make chaos`: the fault suite (issue 28). CHAOS_SHORT=1 is the CI version (short outages,
a 3-minute soak); without it, Redis is down 60 s, SMTP refuses 10 minutes, the soak lasts 30.

Everything runs on loopback on its own ports (CHAOS_PORT, default 25117, and the five above
it) with its own PostgreSQL cluster, Redis and SMTP server, so faults touch nothing else.
Needs root for the read-only media row (a tmpfs it can remount); writes docs/reliability.md.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import seed  # noqa: E402
from bench.chaos import report, soak  # noqa: E402
from bench.chaos.faults import Faults, Row  # noqa: E402
from bench.chaos.load import Learner, Load  # noqa: E402
from bench.chaos.stack import JobWorker, LatencyProxy, Postgres, Redis, Smtp  # noqa: E402
from bench.servers import NGINX, Servers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHORT = os.environ.get("CHAOS_SHORT") == "1"
# CHAOS_ONLY=redis,soak runs those rows alone (postgres redis smtp gunicorn worker media
# slow-db soak), for working on one of them; the lost-writes check always runs
ONLY = {name for name in os.environ.get("CHAOS_ONLY", "").split(",") if name}
PORT = int(os.environ.get("CHAOS_PORT", "25117"))
NGINX_PORT, APP_PORT, PG_PORT, PROXY_PORT, REDIS_PORT, SMTP_PORT = range(PORT, PORT + 6)
LEARNERS = int(os.environ.get("CHAOS_LEARNERS", "24"))  # virtual learners at once
SOAK = int(os.environ.get("CHAOS_SOAK_SECONDS", "180" if SHORT else "1800"))
REDIS_DOWN = int(os.environ.get("CHAOS_REDIS_SECONDS", "20" if SHORT else "60"))
SMTP_DOWN = int(os.environ.get("CHAOS_SMTP_SECONDS", "30" if SHORT else "600"))


STARTED = time.monotonic()


def step(what: str) -> None:
    print(f"  [{time.monotonic() - STARTED:4.0f} s] {what}", flush=True)


class Suite:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.media = folder / "media"
        self.base = f"http://127.0.0.1:{NGINX_PORT}"
        self.app_base = f"http://127.0.0.1:{APP_PORT}"
        self.db_direct = f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/academy_chaos"
        self.env = {
            **os.environ,
            "ACADEMY_ENV": "production",
            "ACADEMY_SECRET_KEY": "chaos-secret-key-0123456789abcdef",
            "ACADEMY_BASE_URL": self.base,
            "ACADEMY_DATABASE_URL": self.db_direct.replace(str(PG_PORT), str(PROXY_PORT)),
            "ACADEMY_INSTANCE_PATH": str(folder / "instance"),
            "ACADEMY_MEDIA_DIR": str(self.media),
            "ACADEMY_MEDIA_X_ACCEL": "1",
            # signed media links are checked by nginx (deploy/nginx-media.conf) with this secret
            "ACADEMY_MEDIA_LINK_SECRET": "chaos-media-link-secret-0123456789abcdef",
            "ACADEMY_PROXY_HOPS": "1",
            "ACADEMY_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "ACADEMY_QUEUE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
            "ACADEMY_MAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "ACADEMY_SIGNUP_RATE_LIMIT": "100000/hour",  # one address signs everybody up
            "ACADEMY_ACCESS_LOG": "/dev/null",
            "ACADEMY_BIND": f"127.0.0.1:{APP_PORT}",
            "ACADEMY_WORKERS": os.environ.get("CHAOS_WORKERS", "4"),
            "ACADEMY_MAX_REQUESTS": "0",  # the soak measures the workers' own memory
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
            "PYTHONPATH": str(ROOT),
        }

    def up(self) -> None:
        self.pg = Postgres(self.folder / "pg", PG_PORT)
        self.pg.start()
        self.proxy = LatencyProxy(PROXY_PORT, PG_PORT)
        self.redis = Redis(self.folder, REDIS_PORT)
        self.redis.start()
        self.smtp = Smtp(SMTP_PORT)
        self.smtp.start()
        self.media.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # its own small file system, so it can turn read-only
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64m", "chaos-media", str(self.media)],
                check=True,
            )
        self.seeded = self.seed()
        step("starting the job worker, gunicorn and nginx")
        self.worker = JobWorker(self.env, self.folder / "worker.log")
        self.worker.start()
        servers = Servers(self.env, self.folder, self.media, NGINX_PORT, APP_PORT, "wsgi:app")
        # a crowded machine: booting four workers has taken over 30 s
        servers.wait_ready = functools.partial(servers.wait_ready, 180)  # type: ignore[method-assign]
        self.servers = servers.__enter__()

    def seed(self) -> dict:
        env = {**self.env, "ACADEMY_DATABASE_URL": self.db_direct}
        os.environ.update({k: v for k, v in env.items() if k.startswith(("ACADEMY_", "PROM"))})
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(exist_ok=True)
        from bench.bench_wsgi import app
        from bench.run import session_cookie

        seed.recreate_database(self.db_direct)
        step("migrating")
        seed.flask(env, "db", "upgrade")
        step("importing the courses")
        seed.flask(env, "courses", "import", str(ROOT / "courses"), "--publish")
        with tempfile.TemporaryDirectory() as tmp:
            seed.flask(
                env, "courses", "import", str(seed.write_quiz_course(Path(tmp))), "--publish"
            )
        step("seeding learners")
        data = self.data = seed.seed(app, 2000, LEARNERS, media_file_mb=4)
        self.learners = [Learner(uid, *session_cookie(app, uid)) for uid in data["pool_ids"]]
        self.admin = session_cookie(app, data["admin_id"])
        from sqlalchemy import create_engine, text

        engine = create_engine(self.db_direct)
        with engine.connect() as conn:
            questions = conn.execute(
                text("SELECT questions FROM quiz_attempt WHERE user_id = :u"),
                {"u": data["pool_ids"][0]},
            ).scalar_one()
        engine.dispose()
        questions = json.loads(questions) if isinstance(questions, str) else questions
        self.options = {q["key"]: [o["key"] for o in q["options"]] for q in questions}
        demo, quiz = data["demo"], f"/courses/{data['quiz_course']}/{data['quiz']}"
        self.paths = {
            "module": f"/courses/{demo}/{data['module']}",
            "heartbeat": f"/webinars/{demo}/{data['webinar']}/progress",
            "autosave": f"{quiz}/attempts/1/answers",
            "draft": f"/courses/{demo}/{data['assignment']}/work/draft",
            "video": f"/media/{demo}/{data['video']}",
        }
        return data

    def down(self) -> None:
        for part in ("load", "servers", "worker"):
            if hasattr(self, part):
                try:
                    {
                        "load": lambda: self.load.finish(),
                        "servers": lambda: self.servers.__exit__(),
                        "worker": lambda: self.worker.stop(),
                    }[part]()
                except Exception as exc:  # keep stopping the rest
                    print(f"stopping {part}: {exc}")
        if os.geteuid() == 0:
            subprocess.run(["umount", str(self.media)], check=False, capture_output=True)
        for part in ("smtp", "redis", "pg", "proxy"):
            if hasattr(self, part):
                try:
                    getattr(self, part).close() if part == "proxy" else getattr(self, part).stop()
                except Exception as exc:
                    print(f"stopping {part}: {exc}")


def main() -> None:
    if NGINX is None or not shutil.which("redis-server"):
        sys.exit("nginx or redis-server is missing: apt-get install -y nginx redis-server")
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="academy-chaos-"))
    os.chmod(folder, 0o755)
    suite = Suite(folder)
    rows = []
    try:
        print(f"starting PostgreSQL, Redis, SMTP, the job worker, gunicorn and nginx in {folder}")
        suite.up()
        suite.load = Load(NGINX_PORT, suite.learners, suite.paths, suite.options)
        suite.load.start()
        time.sleep(10)
        faults = Faults(suite)
        plan = {
            "postgres": faults.postgres_restart,
            "redis": lambda: faults.redis_stopped(REDIS_DOWN),
            "smtp": lambda: faults.smtp_refusing(SMTP_DOWN, 240 if SHORT else 900),
            "gunicorn": faults.gunicorn_worker_killed,
            "worker": faults.job_worker_killed,
            **({"media": faults.media_read_only} if os.geteuid() == 0 else {}),
            "slow-db": lambda: faults.slow_database(15, 0.3),
            "soak": lambda: soak.run(suite, faults, SOAK),
        }
        for name, fault in plan.items():
            if ONLY and name not in ONLY:
                continue
            step("next fault")
            row_began = time.monotonic()
            try:
                rows.append(fault())
            except Exception as exc:  # one broken row must not hide the others' figures
                import traceback

                traceback.print_exc()
                rows.append(
                    Row(
                        getattr(fault, "__name__", "a fault"),
                        "runs to the end",
                        {"error": repr(exc)[:300]},
                        {"ran to the end": False},
                    )
                )
            rows[-1].figures["row took s"] = round(time.monotonic() - row_began)
        suite.load.finish()
        rows.append(soak.lost_writes(suite))
    finally:
        suite.down()
    report.write(rows, suite, SHORT, time.monotonic() - began, (REDIS_DOWN, SMTP_DOWN, SOAK))
    shutil.rmtree(folder, ignore_errors=True)
    failed = [row.fault for row in rows if not row.passed]
    print(
        f"chaos: {len(rows) - len(failed)} of {len(rows)} rows passed in "
        f"{time.monotonic() - began:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
