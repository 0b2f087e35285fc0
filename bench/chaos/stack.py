"""The parts the academy depends on, each the suite's own so it can break them: a private
PostgreSQL cluster, a Redis, an in-process SMTP server, a TCP proxy in front of PostgreSQL
that can add latency, and the Huey job worker. gunicorn behind nginx is bench.servers."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"{name} is missing: apt-get install postgresql")
    return path


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing answers on 127.0.0.1:{port}")


class Postgres:
    """initdb in a folder of its own; runs as the postgres user when the suite is root."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / "pgdata"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, cwd="/")

    def start(self) -> None:
        if not self.data.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            if self.as_user:
                shutil.chown(self.folder, "postgres")
            self._run(
                _pg_bin("initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            )
        self.ctl("start")

    def ctl(self, action: str) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c max_connections=100 -c shared_buffers=64MB"
        )
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "pg.log"),
            "-o",
            options,
            "-m",
            "fast",
            "-w",
            action,
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.ctl("stop")


class Redis:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class Smtp:
    """aiosmtpd in a thread: accepts, refuses (451 after DATA, the hardest case for
    exactly-once) or delays; counts every accepted Message-ID."""

    def __init__(self, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.port, self.mode, self.delay = port, "accept", 0.0
        self.received: collections.Counter[str] = collections.Counter()
        self.refused = 0
        self.busy = 0  # messages being received right now
        self.accepted_at: dict[str, list[float]] = {}  # recipient -> when each mail was taken
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
                outer.busy += 1
                try:
                    if outer.delay:
                        await asyncio.sleep(outer.delay)
                finally:
                    outer.busy -= 1
                if outer.mode == "refuse":
                    outer.refused += 1
                    return "451 4.3.0 Try again later"
                message = message_from_bytes(envelope.content)
                outer.received[str(message["Message-ID"])] += 1
                for address in envelope.rcpt_tos:
                    outer.accepted_at.setdefault(address.lower(), []).append(time.time())
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class LatencyProxy:
    """A TCP proxy to PostgreSQL; `delay` seconds are added to every chunk each way."""

    def __init__(self, listen: int, target: int) -> None:
        self.listen, self.target, self.delay = listen, target, 0.0
        self.server = socket.create_server(("127.0.0.1", listen), reuse_port=False)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if self.delay:
                    time.sleep(self.delay)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self.server.close()


class JobWorker:
    """`flask jobs worker`, as deploy/academy-jobs.service runs it."""

    def __init__(self, env: dict, log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "flask"),
                    "--app",
                    "wsgi",
                    "jobs",
                    "worker",
                    "--workers",
                    "2",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
