"""gunicorn with deploy/gunicorn.conf.py behind nginx with deploy/nginx-academy.conf, on loopback.

The nginx site is the deployed file itself with only its paths and ports replaced, plus
one bench-only location that serves the media folder directly (the X-Accel baseline).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRECT = "/_bench_direct/"
# Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH.
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

MAIN = """worker_processes auto;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
{site}
}}
"""


def nginx_config(run: Path, media_dir: Path, nginx_port: int, app_port: int) -> Path:
    """Write nginx.conf for loopback from the deploy/ files; returns its path."""
    media = (ROOT / "deploy" / "nginx-media.conf").read_text(encoding="utf-8")
    media = media.replace("/srv/academy/instance/media/", f"{media_dir}/")
    secret = os.environ.get("ACADEMY_MEDIA_LINK_SECRET", "")
    (run / "media-secret.conf").write_text(f'set $academy_media_secret "{secret}";\n')
    media = media.replace("/etc/academy/nginx-media-secret.conf", str(run / "media-secret.conf"))
    (run / "nginx-media.conf").write_text(media, encoding="utf-8")
    site = (ROOT / "deploy" / "nginx-academy.conf").read_text(encoding="utf-8")
    # plain HTTP on loopback: no redirect block, no TLS
    site, redirects = re.subn(
        r"\nserver \{\n    listen 80;\n.*?\n\}\n", "\n", site, count=1, flags=re.S
    )
    site = re.sub(r"\n    (?:ssl_\w+|listen \[::\]:443) [^\n]*;", "", site)
    if not redirects:
        raise SystemExit("deploy/nginx-academy.conf no longer has its port-80 redirect block")
    replacements = {
        "listen 443 ssl http2;": f"listen 127.0.0.1:{nginx_port};",
        "server 127.0.0.1:8000": f"server 127.0.0.1:{app_port}",
        "/srv/academy/deploy/nginx-media.conf": str(run / "nginx-media.conf"),
        "/srv/academy/academy/static/": f"{ROOT}/academy/static/",
    }
    for old, new in replacements.items():
        if old not in site:
            raise SystemExit(f"deploy/nginx-academy.conf no longer contains {old!r}")
        site = site.replace(old, new)
    baseline = (
        f"    # bench only: the same files without the app, the X-Accel baseline\n"
        f"    location {DIRECT} {{\n        alias {media_dir}/;\n    }}\n"
    )
    site = site.replace("    location = /healthz", baseline + "\n    location = /healthz", 1)
    conf = run / "nginx.conf"
    conf.write_text(MAIN.format(run=run, site=site), encoding="utf-8")
    return conf


class Servers:
    """Start both on enter, stop both (by their own pids) on exit."""

    def __init__(
        self, env: dict, run: Path, media_dir: Path, nginx_port: int, app_port: int, wsgi: str
    ) -> None:
        self.env, self.run, self.wsgi = env, run, wsgi
        self.base = f"http://127.0.0.1:{nginx_port}"
        self.conf = nginx_config(run, media_dir, nginx_port, app_port)
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Servers:
        nginx = [str(NGINX), "-p", str(self.run), "-c", str(self.conf), "-g", "daemon off;"]
        check = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise SystemExit(f"nginx refuses the generated config:\n{check.stderr}")
        log = (self.run / "gunicorn.log").open("w")
        self.processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "-c",
                    str(ROOT / "deploy" / "gunicorn.conf.py"),
                    self.wsgi,
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        self.processes.append(subprocess.Popen(nginx, cwd=self.run))
        self.wait_ready()
        return self

    def wait_ready(self, seconds: float = 30) -> None:
        """Ready when /healthz answers 200 through nginx (the database is reachable)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if any(p.poll() is not None for p in self.processes):
                break
            time.sleep(0.2)
        self.__exit__()
        log = (self.run / "gunicorn.log").read_text(encoding="utf-8")[-3000:]
        raise SystemExit(f"gunicorn behind nginx never became ready:\n{log}")

    def wait_idle(self, seconds: float = 60) -> float:
        """Wait until gunicorn has no work left (under 20 ms of CPU in 0.5 s), e.g. the
        requests a 50-connection run queued and wrk gave up on; the seconds it took."""
        began = time.monotonic()
        while time.monotonic() - began < seconds:
            before = self.cpu_seconds()
            time.sleep(0.5)
            if self.cpu_seconds() - before < 0.02:
                break
        return time.monotonic() - began

    def cpu_seconds(self) -> float:
        """CPU time gunicorn has used so far: the master, its live workers, and the workers
        that ended (the kernel adds those to the master's children's time). Unlike latency,
        it does not grow when other jobs take the CPU, so it compares across noisy runs."""
        master = self.processes[0].pid
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid == master:
                total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
            elif ppid == master:
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
