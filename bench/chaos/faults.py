"""Each fault of issue 28: inject it under load, check what the issue expects, keep figures.

A fault returns a Row: its figures (answers by status from the load, the metrics' own count,
time to recover) and the checks that passed or failed.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.chaos import probe


@dataclass(frozen=True)
class Burst:
    accepted: int  # answered 422: the wrong password was checked
    limited: int  # answered 429
    seconds: float


@dataclass
class Row:
    fault: str
    expected: str
    figures: dict = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(self.checks.values())


class Faults:
    def __init__(self, suite) -> None:  # type: ignore[no-untyped-def]
        self.s = suite  # bench.chaos.run.Suite: the stack, the load, the settings

    # -- shared ------------------------------------------------------------------------
    def phase(self, name: str) -> tuple[dict, int]:
        self.s.load.tally.phase = name
        return probe.metrics(self.s.app_base), len(self.s.load.tally.latency[name])

    def close(self, row: Row, before: dict) -> Row:
        tally = self.s.load.tally
        statuses = dict(tally.statuses[row.fault])
        after = probe.metrics(self.s.app_base)
        counted = {
            status: after_value
            - probe.by_label(before, "academy_http_requests_total", "status").get(status, 0)
            for status, after_value in probe.by_label(
                after, "academy_http_requests_total", "status"
            ).items()
        }
        latencies = tally.latency[row.fault]
        row.figures.update(
            {
                "requests sent": sum(statuses.values()),
                "answered by status": statuses,
                "metrics: answers by status (app)": {k: int(v) for k, v in counted.items() if v},
                "p99 ms": round(1000 * probe.percentile(latencies, 99)),
            }
        )
        row.checks.setdefault("no 500 answer", statuses.get("500", 0) == 0)
        print(
            f"  {row.fault}: {'PASS' if row.passed else 'FAIL'} {row.figures} {row.checks}",
            flush=True,
        )
        return row

    def healthy(self) -> bool:
        return probe.health(self.s.base)[0] == 200

    def serving(self) -> bool:
        """A learner's page answers 200 through nginx."""
        request = urllib.request.Request(
            self.s.base + self.s.paths["module"], headers={"Cookie": self.s.load.learners[0].cookie}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status == 200
        except OSError:
            return False

    # -- the rows ----------------------------------------------------------------------
    def postgres_restart(self) -> Row:
        row = Row("PostgreSQL restarted", "503 not 500; recovers by itself; no write lost")
        before, _ = self.phase(row.fault)
        time.sleep(5)
        began = time.monotonic()
        self.s.pg.ctl("restart")
        restarted = time.monotonic() - began
        recovered = probe.until(lambda: self.healthy() and self.serving(), 60)
        row.figures["restart took s"] = round(restarted, 1)
        row.figures["time to recover s"] = round(restarted + (recovered or 60), 1)
        time.sleep(5)
        unavailable = probe.total(probe.metrics(self.s.app_base), "academy_db_unavailable_total")
        row.figures["metrics: 503 for the database"] = int(
            unavailable - probe.total(before, "academy_db_unavailable_total")
        )
        row.checks["recovered without a manual restart"] = recovered is not None
        return self.close(row, before)

    def redis_stopped(self, seconds: int) -> Row:
        row = Row(
            f"Redis stopped {seconds} s",
            "pages serve; rate limits fall back to per-worker memory; jobs wait",
        )
        before, _ = self.phase(row.fault)
        shared = self.wrong_logins("redis-up@chaos.example.cz", 100)
        self.s.redis.stop()
        down_since = time.monotonic()
        time.sleep(2)
        queue_down = probe.total(probe.metrics(self.s.app_base), "academy_queue_up") == 0
        workers = int(self.s.env["ACADEMY_WORKERS"])
        burst = self.wrong_login_burst("redis-down@chaos.example.cz", 12 * workers, parallel=8)
        time.sleep(max(0.0, seconds - (time.monotonic() - down_since)))
        waiting = probe.total(
            probe.metrics(self.s.app_base), "academy_outbox_mails", state="pending"
        )
        self.s.redis.start()
        row.figures["Redis was down s"] = round(time.monotonic() - down_since)
        drained = probe.until(self.outbox_empty, 150, step=1)
        row.figures.update(
            {
                "metrics: queue up while stopped": 0 if queue_down else 1,
                "wrong log-ins until 429 (Redis up: one count for all workers)": shared,
                "wrong log-ins in a burst with Redis down: accepted / 429 / seconds": (
                    f"{burst.accepted} / {burst.limited} / {burst.seconds:.0f}"
                ),
                "mails waiting in the outbox at the end": int(waiting),
                "outbox drained after Redis came back s": drained and round(drained, 1),
            }
        )
        row.checks["metrics show the queue down"] = queue_down
        # each worker counts in its own memory: at most 10 a minute per worker get through
        # (plus the requests already in flight when a worker reached its tenth)
        row.checks["rate limit still answers 429"] = burst.limited > 0
        row.checks["at most 10 a minute per worker get through"] = (
            burst.seconds > 60 or burst.accepted <= 10 * workers + 8
        )
        row.checks["jobs waited in the outbox"] = waiting > 0
        row.checks["outbox drained after"] = drained is not None
        return self.close(row, before)

    def wrong_logins(self, email: str, tries: int) -> int | None:
        """How many wrong passwords, sent one after another, until a 429 (None: never)."""
        form = self.s.load._form([None], "/login")
        if form is None:
            return None
        token, cookie = form
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": email, "password": "spatne-heslo-123"}
        ).encode()
        for n in range(1, tries + 1):
            request = urllib.request.Request(
                self.s.base + "/login",
                data=body,
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            try:
                urllib.request.urlopen(request, timeout=60).close()
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    return n
            except OSError:  # a timeout on a crowded machine: not a 429, try again
                continue
        return None

    def wrong_login_burst(self, email: str, tries: int, parallel: int) -> Burst:
        """`tries` wrong passwords sent `parallel` at a time, so they land within a minute
        however slow each answer is on a crowded machine; how many got through and how many
        were refused with 429."""
        form = self.s.load._form([None], "/login")
        if form is None:
            return Burst(0, 0, 0.0)
        token, cookie = form
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": email, "password": "spatne-heslo-123"}
        ).encode()

        def one(_: int) -> int | None:
            request = urllib.request.Request(
                self.s.base + "/login",
                data=body,
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            try:
                urllib.request.urlopen(request, timeout=60).close()
            except urllib.error.HTTPError as error:
                return error.code
            except OSError:  # a timeout on a crowded machine: neither answer
                return None
            return 200

        began = time.monotonic()
        with ThreadPoolExecutor(parallel) as pool:
            codes = list(pool.map(one, range(tries)))
        return Burst(codes.count(422), codes.count(429), time.monotonic() - began)

    def outbox_empty(self) -> bool:
        samples = probe.metrics(self.s.app_base)
        return probe.total(samples, "academy_outbox_mails", state="pending") == 0

    def smtp_refusing(self, seconds: int, drain_seconds: int) -> Row:
        row = Row(
            f"SMTP refusing {seconds} s",
            "no request slows; every mail sent once SMTP is back, exactly once",
        )
        baseline = probe.percentile(self.s.load.tally.latency["warm-up"], 99)
        before, _ = self.phase(row.fault)
        self.s.smtp.mode = "refuse"
        time.sleep(seconds)
        self.s.smtp.mode = "accept"
        refused = self.s.smtp.refused
        oldest = probe.total(
            probe.metrics(self.s.app_base), "academy_outbox_oldest_pending_seconds"
        )
        drained = probe.until(self.outbox_empty, drain_seconds, step=2)
        twice = [m for m, n in self.s.smtp.received.items() if n > 1]
        row.figures.update(
            {
                "SMTP refusals": refused,
                "metrics: oldest pending mail s (at SMTP's return)": round(oldest),
                "all mails sent after SMTP's return s": drained and round(drained),
                "mails received twice": len(twice),
                "p99 ms of the warm-up (no fault)": round(1000 * baseline),
            }
        )
        row.checks["mails were refused"] = refused > 0
        row.checks["outbox drained"] = drained is not None
        row.checks["no mail twice"] = not twice
        row = self.close(row, before)
        row.checks["no request slowed (p99 under 2x the warm-up's + 250 ms)"] = (
            row.figures["p99 ms"] < 2 * 1000 * baseline + 250
        )
        return row

    def gunicorn_worker_killed(self) -> Row:
        row = Row("gunicorn worker SIGKILLed", "master replaces it; acknowledged writes kept")
        before, _ = self.phase(row.fault)
        time.sleep(3)
        master = self.s.servers.processes[0].pid
        workers = probe.children(master)
        victim = workers[0]
        began = time.monotonic()
        subprocess.run(["kill", "-KILL", str(victim)], check=True)
        replaced = probe.until(
            lambda: (
                len(probe.children(master)) == len(workers) and victim not in probe.children(master)
            ),
            60,
        )
        row.figures["workers"] = len(workers)
        row.figures["time to replace s"] = replaced and round(time.monotonic() - began, 1)
        time.sleep(5)
        row.checks["master replaced the worker"] = replaced is not None
        return self.close(row, before)

    def job_worker_killed(self) -> Row:
        row = Row("job worker SIGKILLed mid-job", "runs again; each mail at most once")
        before, _ = self.phase(row.fault)
        self.s.smtp.delay = 3.0  # each mail takes 3 s: the kill lands while one is sent
        mid_job = probe.until(lambda: self.s.smtp.busy > 0, 60, step=0.05)
        self.s.worker.process.send_signal(signal.SIGKILL)
        self.s.worker.process.wait(10)
        time.sleep(3)
        self.s.smtp.delay = 0.0
        self.s.worker.start()
        drained = probe.until(self.outbox_empty, 120, step=1)
        twice = [m for m, n in self.s.smtp.received.items() if n > 1]
        samples = probe.metrics(self.s.app_base)
        row.figures.update(
            {
                "outbox drained after restart s": drained and round(drained, 1),
                "mails received twice": len(twice),
                "mails left 'sending' (claimed when killed; never resent)": int(
                    probe.total(samples, "academy_outbox_mails", state="sending")
                ),
            }
        )
        row.figures["killed while SMTP was receiving a mail"] = mid_job is not None
        row.checks["killed mid-job"] = mid_job is not None
        row.checks["outbox drained"] = drained is not None
        row.checks["no mail twice"] = not twice
        return self.close(row, before)

    def media_read_only(self) -> Row:
        row = Row(
            "media disk read-only, then full",
            "uploads answer a clear message, nothing half-written; existing media play",
        )
        before, _ = self.phase(row.fault)
        media = self.s.media
        files_before = self.media_files()
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
        try:
            read_only = [self.upload(), *(self.video_range() for _ in range(10))]
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(media)], check=True)
        filler = media / "filler.bin"
        try:  # fill the file system to the last byte
            with filler.open("wb") as out:
                while True:
                    out.write(b"\0" * 1024 * 1024)
        except OSError:
            pass
        try:
            full = [self.upload(), *(self.video_range() for _ in range(10))]
        finally:
            filler.unlink()
        left = sorted(set(self.media_files()) - set(files_before))
        for name, answers in (("read-only", read_only), ("full", full)):
            upload_status, message = answers[0]
            row.figures[f"upload while {name}"] = f"{upload_status} {message[:70]}"
            ranges = [a for a in answers[1:]]
            row.figures[f"video ranges while {name}"] = {
                str(r): ranges.count(r) for r in set(ranges)
            }
            row.checks[f"upload refused with a message while {name}"] = upload_status == 507
            row.checks[f"existing media still served while {name}"] = ranges.count(206) == 10
        row.figures["files left behind"] = left
        row.checks["nothing half-written"] = not left
        return self.close(row, before)

    def media_files(self) -> list[str]:
        return [str(p.relative_to(self.s.media)) for p in self.s.media.rglob("*") if p.is_file()]

    def upload(self) -> tuple[int, str]:
        """The studio's JSON upload of a 300 kB WebVTT file, as the admin."""
        cookie, csrf = self.s.admin
        cues = "".join(
            f"{n // 60:02d}:{n % 60:02d}.000 --> {n // 60:02d}:{n % 60:02d}.900\n"
            f"Titulek číslo {n} {'x' * 40}\n\n"
            for n in range(3000)
        )
        data = ("WEBVTT\n\n" + cues).encode()
        boundary = "chaosboundary7d2f"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="titulky.vtt"\r\nContent-Type: text/vtt\r\n\r\n'
            ).encode()
            + data
            + (f"\r\n--{boundary}--\r\n").encode()
        )
        request = urllib.request.Request(
            f"{self.s.base}/studio/courses/{self.s.seeded['demo']}/media",
            data=body,
            headers={
                "Cookie": cookie,
                "X-CSRFToken": csrf,
                "Accept": "application/json",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            answer = error.read().decode()
            with contextlib.suppress(ValueError):
                answer = json.loads(answer).get("error", answer)
            return error.code, answer

    def video_range(self) -> int:
        request = urllib.request.Request(
            self.s.base + self.s.paths["video"],
            headers={"Cookie": self.s.load.learners[0].cookie, "Range": "bytes=0-65535"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def slow_database(self, seconds: int, delay: float) -> Row:
        row = Row(
            f"database {int(delay * 1000)} ms slower per packet",
            "503 quickly instead of piling up; /healthz unhealthy",
        )
        before, _ = self.phase(row.fault)
        self.s.proxy.delay = delay
        time.sleep(2)
        health = [probe.health(self.s.base) for _ in range(3)]
        time.sleep(max(0, seconds - 2))
        self.s.proxy.delay = 0.0
        recovered = probe.until(lambda: self.healthy() and self.serving(), 60)
        statuses = self.s.load.tally.statuses[row.fault]
        row.figures["/healthz while slow"] = [
            f"{code or 'no answer in 10 s'} {body.get('database', '')}" for code, body in health
        ]
        row.figures["time to recover s"] = recovered and round(recovered, 1)
        row.checks["/healthz unhealthy (503, or no answer)"] = all(c != 200 for c, _ in health)
        row.checks["requests answered 503"] = statuses.get("503", 0) > 0
        row.checks["recovered"] = recovered is not None
        row = self.close(row, before)
        row.checks["p99 under 10 s (no pile-up)"] = row.figures["p99 ms"] < 10000
        return row
