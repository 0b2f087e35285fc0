"""`make bench`: gunicorn (behind nginx when installed) on loopback, loaded with wrk.

Every figure is also given as a ratio to a minimal Flask route that returns the same
number of bytes from the same gunicorn in the same run, so results mean something on a
shared, noisy machine. Writes the table to docs/performance.md.
"""

from __future__ import annotations

import http.cookiejar
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PORT, NGINX_PORT = 8099, 8098
DB = "academy_bench"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
EMAIL, PASSWORD = "bench@example.cz", "bench-heslo-velmi-tajne-42"
DURATION = os.environ.get("BENCH_SECONDS", "10")


def sh(*args: str, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def environment(instance: Path) -> dict:
    return {
        **os.environ,
        "ACADEMY_ENV": "development",
        "ACADEMY_SECRET_KEY": "bench-secret-key-0123456789",
        "ACADEMY_DATABASE_URL": PG + DB,
        "ACADEMY_INSTANCE_PATH": str(instance),
        "ACADEMY_MEDIA_DIR": str(instance / "media"),
        "ACADEMY_RATELIMIT_ENABLED": "false",
        "ACADEMY_ACCESS_LOG": "/dev/null",
        "ACADEMY_BIND": f"127.0.0.1:{PORT}",
        "PYTHONPATH": str(ROOT),
    }


def seed(env: dict) -> None:
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c",
       f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}")  # fmt: skip
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    sh(*flask, "db", "upgrade", env=env)
    sh(*flask, "courses", "import", str(ROOT / "courses"), env=env)
    sh(*flask, "users", "create", EMAIL, "--name", "Jiří Šťastný", "--password", PASSWORD,
       env=env)  # fmt: skip


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path: str, data: dict, token_from: str) -> None:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(token_from)).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        self.opener.open(self.base + path, body).read()

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def wrk(url: str, cookie: str) -> tuple[float, float, float]:
    out = sh("wrk", "-t2", "-c50", f"-d{DURATION}s", "--latency", "-H", f"Cookie: {cookie}", url)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        print(f"  warning: {non2xx.group(1)} error responses from {url}")

    def pct(p: str) -> float:
        value, unit = re.search(rf"{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, pct("50"), pct("99")


def main() -> None:
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk postgresql-client")
    instance = ROOT / "instance" / "bench"
    instance.mkdir(parents=True, exist_ok=True)
    env = environment(instance)
    seed(env)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "bench.bench_wsgi:app"], env=env, cwd=ROOT)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/healthz").read()
                break
            except OSError:
                time.sleep(0.2)
        browser = Browser(base)
        browser.post("/login", {"email": EMAIL, "password": PASSWORD}, "/login")
        course = re.search(r'href="/courses/([a-z0-9-]+)"', browser.get("/")).group(1)
        browser.post(f"/courses/{course}/enrol", {}, f"/courses/{course}")
        outline_html = browser.get(f"/courses/{course}")
        first = re.search(rf'href="(/courses/{course}/[a-z0-9-]+)"', outline_html).group(1)
        module_html = browser.get(first)
        cookie = browser.cookie()
        wrk(f"{base}/_bench/minimal/1000", cookie)  # warm every worker up first
        rows = []
        for name, path, html in (
            ("module page (enrolled learner)", first, module_html),
            ("course outline with progress", f"/courses/{course}", outline_html),
        ):
            size = len(html.encode())
            base_rps, _, _ = wrk(f"{base}/_bench/minimal/{size}", cookie)
            rps, p50, p99 = wrk(base + path, cookie)
            rows.append((name, rps, p50, p99, rps / base_rps))
        report(rows)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def report(rows: list[tuple[str, float, float, float, float]]) -> None:
    commit = sh("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD", check=False).strip()
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.node()} ({os.cpu_count()} cores, "
        f"{platform.python_version()}), commit {commit}; wrk -c50 -d{DURATION}s, "
        "gunicorn with deploy/gunicorn.conf.py, PostgreSQL.",
        "",
        "| scenario | req/s | p50 ms | p99 ms | ratio to minimal route |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {n} | {r:.0f} | {p50:.1f} | {p99:.1f} | {ratio:.2f}× |"
              for n, r, p50, p99, ratio in rows]  # fmt: skip
    table = "\n".join(lines)
    print(table)
    doc = ROOT / "docs" / "performance.md"
    doc.write_text("# Performance\n\n`make bench` (bench/run.py) produced this table.\n\n"
                   + table + "\n", encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
