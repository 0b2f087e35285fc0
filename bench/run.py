"""`make bench`: the academy under wrk, gunicorn behind nginx on loopback, PostgreSQL.

Every scenario is measured next to a baseline in the same run: the minimal Flask route
(bench/bench_wsgi.py) returning as many bytes from the same gunicorn through the same
nginx, or, for video, nginx sending the same file itself. The ratio is what means
something on a shared, noisy machine. Writes docs/performance.md.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import mail, report, seed  # noqa: E402
from bench.servers import DIRECT, NGINX, Servers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# BENCH_PORT moves both (another worktree's bench may hold 8098 and 8099)
NGINX_PORT = int(os.environ.get("BENCH_PORT", "8098"))
APP_PORT = NGINX_PORT + 1
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/academy_bench"
)
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "100000"))
POOL = int(os.environ.get("BENCH_POOL", "6000"))  # signed-in learners, one quiz attempt each
CONNECTIONS, THREADS = 50, 2
# One request at a time: the latency of a request itself. (Four connections already kept
# both cores busy: wrk, nginx, PostgreSQL and the workers queued for them.)
LIGHT, LIGHT_SECONDS = 1, 6
LUA = ROOT / "bench" / "wrk"
# `make bench BENCH_ONLY=mail`: only the sign-up and reset rows (bench/mail.py)
MAIL_ONLY = os.environ.get("BENCH_ONLY") == "mail"


@dataclass
class Scenario:
    name: str
    script: str
    path: str
    target: str
    min_ratio: float | None = None
    max_p99: float | None = None
    max_p95: float | None = None
    env: dict | None = None
    baseline: str = "minimal"  # or "nginx": the same file straight from nginx


@dataclass
class Result:
    scenario: Scenario
    rps: float
    p50: float
    p95: float
    p99: float
    baseline_rps: float
    baseline_p99: float
    light_p99: float  # at LIGHT connections: the latency of one request, not of a queue
    light_p95: float
    bad: int
    cpu_ms: float  # gunicorn CPU per request: what the code costs, whatever else runs
    baseline_cpu_ms: float
    floor_rps: float | None = None  # video: a route handing the file over with no check

    @property
    def ratio(self) -> float:
        return self.rps / self.baseline_rps if self.baseline_rps else 0.0

    @property
    def met(self) -> bool:
        s = self.scenario
        return (
            self.bad == 0
            and (s.min_ratio is None or self.ratio >= s.min_ratio)
            and (s.max_p99 is None or self.p99 < s.max_p99)
            and (s.max_p95 is None or self.p95 < s.max_p95)
        )


SMTP = mail.SlowSmtp()


def environment(instance: Path) -> dict:
    return {
        **os.environ,
        "ACADEMY_ENV": "production",
        "ACADEMY_SECRET_KEY": "bench-secret-key-0123456789abcdef",
        "ACADEMY_BASE_URL": f"http://127.0.0.1:{NGINX_PORT}",
        "ACADEMY_DATABASE_URL": DB_URL,
        "ACADEMY_INSTANCE_PATH": str(instance),
        "ACADEMY_MEDIA_DIR": str(instance / "media"),
        "ACADEMY_MEDIA_X_ACCEL": "1",
        "ACADEMY_MEDIA_LINK_SECRET": "bench-media-link-secret-0123456789abcdef",
        "ACADEMY_PROXY_HOPS": "1",
        "ACADEMY_RATELIMIT_ENABLED": "false",  # one client address would hit every limit
        "ACADEMY_MAIL_URL": SMTP.url,  # slow on purpose: bench/mail.py
        "ACADEMY_ACCESS_LOG": "/dev/null",
        "ACADEMY_BIND": f"127.0.0.1:{APP_PORT}",
        "ACADEMY_MAX_REQUESTS": "0",  # no worker restarts in the middle of a run
        "PYTHONPATH": str(ROOT),
    }


def session_cookie(app, user_id: int) -> tuple[str, str]:
    """The cookie and CSRF token a sign-in gives (academy.auth.signin), made without argon2."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    with app.test_request_context():
        session.permanent = True
        session.update({"sid": seed.token_of(user_id), "_user_id": str(user_id), "_fresh": False})
        csrf = generate_csrf()
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return f"{app.config['SESSION_COOKIE_NAME']}={value}", csrf


def wrk(
    url: str, script: str, env: dict, seconds: int = SECONDS, connections: int = CONNECTIONS
) -> dict[str, float]:
    threads = min(THREADS, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA / script),
            url,
        ],
        env={**os.environ, "BENCH_LUA": str(LUA), "BENCH_THREADS": str(threads), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"^BENCH (.*)$", out.stdout, re.M)
    if out.returncode != 0 or not found:
        raise SystemExit(f"wrk failed on {url}:\n{out.stdout}\n{out.stderr}")
    figures = {k: float(v) for k, v in (pair.split("=") for pair in found.group(1).split())}
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def fetch_size(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return len(response.read())


def signed_video(app, data: dict, learner_cookie: str) -> tuple[str, str]:
    """The video's signed link as the module page gives it (valid for the whole run), and
    the learner's cookies with the `academy_media` binding the link is tied to."""
    from academy.media import signing

    secret = app.config["MEDIA_LINK_SECRET"]
    binding = signing.binding_for(seed.token_of(data["pool_ids"][0]), secret)
    link = signing.sign(
        f"{signing.PREFIX}{data['demo']}/{data['video']}", binding, secret, 4 * 3600
    )
    return link, f"{learner_cookie}; {signing.BINDING_COOKIE}={binding}"


def scenarios(data: dict, app, sessions_file: Path) -> tuple[list[Scenario], dict]:
    learner_cookie, _ = session_cookie(app, data["pool_ids"][0])
    map_body = sessions_file.with_name("map-body.txt")
    map_body.write_text(data["map_body"], encoding="utf-8")
    video_link, video_cookie = signed_video(app, data, learner_cookie)
    admin_cookie, _ = session_cookie(app, data["admin_id"])
    demo, quiz = data["demo"], f"/courses/{data['quiz_course']}/{data['quiz']}"
    body = urllib.parse.urlencode({f"q_{k}": v for k, v in data["answers"].items()})
    pool = {"BENCH_SESSIONS": str(sessions_file)}
    learner = {"BENCH_COOKIE": learner_cookie}
    return [
        Scenario(
            "module page, enrolled learner",
            "get.lua",
            f"/courses/{demo}/{data['module']}",
            "≥ 0.6×, p99 < 50 ms",
            min_ratio=0.6,
            max_p99=50,
            env=learner,
        ),
        Scenario(
            "course outline with progress",
            "get.lua",
            f"/courses/{demo}",
            "≥ 0.5×",
            min_ratio=0.5,
            env=learner,
        ),
        Scenario(
            "1 MB video Range, signed link checked by nginx",
            "range.lua",
            video_link,
            "≥ 0.8× nginx direct",
            min_ratio=0.8,
            env={"BENCH_COOKIE": video_cookie, "BENCH_VIDEO_BYTES": str(data["video_bytes"])},
            baseline="nginx",
        ),
        Scenario(
            "progress heartbeat POST",
            "heartbeat.lua",
            f"/webinars/{demo}/{data['webinar']}/progress",
            "≥ 0.6×, p99 < 50 ms",
            min_ratio=0.6,
            max_p99=50,
            env=pool,
        ),
        Scenario(
            "quiz submit, 20 questions",
            "quiz.lua",
            f"{quiz}/attempts/1",
            "p99 < 100 ms",
            max_p99=100,
            env={**pool, "BENCH_BODY": body},
        ),
        Scenario(
            "journey map autosave, 8 stages × 3 steps",
            "map.lua",
            f"/courses/{demo}/{data['journey_map']}/map",
            "p99 < 50 ms",
            max_p99=50,
            env={**pool, "BENCH_BODY_FILE": str(map_body)},
        ),
        Scenario(
            "certificate PDF",
            "get.lua",
            f"/certificates/{data['certificate']}/certificate.pdf",
            "p99 < 50 ms",
            max_p99=50,
            env=learner,
        ),
        Scenario(
            f"admin learners page, {data['learners']:,} accounts",
            "get.lua",
            "/admin/learners",
            "p95 < 200 ms",
            max_p95=200,
            env={"BENCH_COOKIE": admin_cookie},
        ),
        Scenario(
            "admin course page, one cohort of 2,000",
            "get.lua",
            f"/admin/courses/{demo}?scope=cohort-{data['cohort_id']}",
            "p95 < 200 ms",
            max_p95=200,
            env={"BENCH_COOKIE": admin_cookie},
        ),
        Scenario(
            "admin overview, one company of 200",
            "get.lua",
            f"/admin?scope=company-{data['company_id']}",
            "p95 < 200 ms",
            max_p95=200,
            env={"BENCH_COOKIE": admin_cookie},
        ),
        Scenario(
            "manager's team page, 500 people of 100,000",
            "get.lua",
            f"/team/{data['company_id']}",
            "p95 < 200 ms",
            max_p95=200,
            env={"BENCH_COOKIE": admin_cookie},
        ),
    ], {"learner": learner_cookie}


def with_cpu(servers: Servers, *args, **kwargs) -> dict[str, float]:
    """wrk, plus the gunicorn CPU milliseconds each request cost during the run."""
    before = servers.cpu_seconds()
    figures = wrk(*args, **kwargs)
    figures["cpu_ms"] = 1000 * (servers.cpu_seconds() - before) / max(figures["requests"], 1)
    return figures


def measure(servers: Servers, scenario: Scenario, data: dict, cookies: dict) -> Result:
    base, env = servers.base, scenario.env or {}
    floor = None
    if scenario.baseline == "nginx":
        baseline = with_cpu(
            servers, f"{base}{DIRECT}{data['demo']}/{data['video']}", "range.lua", env
        )
        floor = wrk(f"{base}/_bench/x-accel/{data['demo']}/{data['video']}", "range.lua", env)
    else:
        # POST answers: the heartbeat's JSON, the quiz's redirect to its result page, the
        # autosave's JSON
        size = {"heartbeat.lua": 70, "quiz.lua": 270, "map.lua": 62}.get(scenario.script)
        if size is None:
            size = fetch_size(base + scenario.path, env["BENCH_COOKIE"])
        baseline = with_cpu(
            servers,
            f"{base}/_bench/minimal/{size}",
            "get.lua",
            {"BENCH_COOKIE": cookies["learner"]},
        )
    figures = with_cpu(servers, base + scenario.path, scenario.script, env)
    # the 50-connection run leaves requests queued in gunicorn after wrk stops (a page of
    # 100 ms of CPU: seconds of them); timed behind that queue, "one request alone" read
    # 3 to 5 s for pages that take 0.1 to 0.2 s
    servers.wait_idle()
    light = wrk(
        base + scenario.path,
        scenario.script,
        {**env, "BENCH_OFFSET": str(POOL * 2 // 3)},  # other quiz attempts and maps
        seconds=LIGHT_SECONDS,
        connections=LIGHT,
    )
    bad = int(figures["errors"] + figures["unexpected"] + light["errors"] + light["unexpected"])
    if bad:
        print(f"  warning: {bad} unexpected answers in {scenario.name}")
    ms = 1000
    return Result(
        scenario,
        figures["rps"],
        figures["p50"] / ms,
        figures["p95"] / ms,
        figures["p99"] / ms,
        baseline["rps"],
        baseline["p99"] / ms,
        light["p99"] / ms,
        light["p95"] / ms,
        bad,
        figures["cpu_ms"],
        baseline["cpu_ms"],
        floor["rps"] if floor else None,
    )


def check_x_accel(base: str, path: str, cookie: str) -> None:
    """The app answers the video with X-Accel-Redirect only; nginx sends the range itself."""
    headers = {"Cookie": cookie, "Range": "bytes=0-1048575"}
    direct = urllib.request.Request(f"http://127.0.0.1:{APP_PORT}{path}", headers=headers)
    with urllib.request.urlopen(direct) as response:
        handed = response.headers.get("X-Accel-Redirect", "")
        if not handed.startswith("/_protected_media/") or response.read():
            raise SystemExit(f"gunicorn did not hand {path} to nginx: {dict(response.headers)}")
    with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)) as response:
        body = response.read()
        if response.status != 206 or len(body) != 1048576 or "X-Accel-Redirect" in response.headers:
            raise SystemExit(f"nginx did not serve the range of {path}: {response.status}")
    print(f"  X-Accel-Redirect: gunicorn answers {handed}, nginx sends the 1 MB range")


def check_signed(base: str, link: str, cookie: str) -> None:
    """nginx plays the signed link's range itself and refuses it without the binding."""
    headers = {"Cookie": cookie, "Range": "bytes=0-1048575"}
    with urllib.request.urlopen(urllib.request.Request(base + link, headers=headers)) as response:
        if response.status != 206 or len(response.read()) != 1048576:
            raise SystemExit(f"nginx did not serve the signed range: {response.status}")
    try:
        urllib.request.urlopen(base + link)
    except urllib.error.HTTPError as error:
        if error.code != 403:
            raise SystemExit(f"nginx answered {error.code} to a link without its cookie") from None
    else:
        raise SystemExit("nginx served a signed link without the cookie it is bound to")
    print("  signed link: nginx sends the 1 MB range, refuses it without the binding cookie")


def main() -> None:
    if not shutil.which("wrk") or NGINX is None:
        sys.exit("wrk or nginx is missing: apt-get install -y wrk nginx (make bench does it)")
    began = time.monotonic()
    instance = ROOT / "instance" / "bench"
    env = environment(instance)
    os.environ.update({k: v for k, v in env.items() if k.startswith("ACADEMY_")})
    saved, sessions_file = instance / "seeded.json", instance / "sessions.tsv"
    from bench.bench_wsgi import app

    if os.environ.get("BENCH_REUSE") and saved.exists():  # while working on the bench only
        data = json.loads(saved.read_text())
    else:
        shutil.rmtree(instance, ignore_errors=True)
        (instance / "media").mkdir(parents=True)
        print(f"seeding {DB_URL.rsplit('/', 1)[-1]}: demo courses, {LEARNERS:,} learners ...")
        seed.recreate_database(DB_URL)
        seed.flask(env, "db", "upgrade")
        seed.flask(env, "courses", "import", str(ROOT / "courses"), "--publish")
        with tempfile.TemporaryDirectory() as tmp:
            quiz_course = seed.write_quiz_course(Path(tmp))
            seed.flask(env, "courses", "import", str(quiz_course), "--publish")
        data = seed.seed(app, LEARNERS, POOL, media_file_mb=8)
        with sessions_file.open("w") as out:
            for user_id in data["pool_ids"]:
                out.write("\t".join(session_cookie(app, user_id)) + "\n")
        saved.write_text(json.dumps(data))
        print(f"  seeded in {time.monotonic() - began:.0f} s")
    plan, cookies = scenarios(data, app, sessions_file)
    servers = Servers(
        env, instance, instance / "media", NGINX_PORT, APP_PORT, "bench.bench_wsgi:app"
    )
    # a crowded machine: booting the workers has taken over 30 s
    servers.wait_ready = functools.partial(servers.wait_ready, 180)  # type: ignore[method-assign]
    with servers:
        warm = {"BENCH_COOKIE": cookies["learner"]}
        wrk(f"{servers.base}/_bench/minimal/1000", "get.lua", warm, seconds=2)
        wrk(f"{servers.base}{plan[0].path}", "get.lua", warm, seconds=2)
        check_x_accel(servers.base, f"/media/{data['demo']}/{data['video']}", cookies["learner"])
        check_signed(servers.base, plan[2].path, plan[2].env["BENCH_COOKIE"])
        results = []
        for scenario in [] if MAIL_ONLY else plan:
            print(f"  {scenario.name} ...", flush=True)
            results.append(measure(servers, scenario, data, cookies))
        print("  sign-up and password reset with a slow SMTP server ...", flush=True)
        mails = mail.measure(NGINX_PORT, env, SMTP, instance / "worker.log")
    if not MAIL_ONLY:
        report.write(results, SECONDS, CONNECTIONS, time.monotonic() - began, LIGHT, LIGHT_SECONDS)
    report.write_mail(mails)


if __name__ == "__main__":
    main()
