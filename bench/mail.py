"""Issue 19 in `make bench`: sign-up and password-reset answer times do not include SMTP.

The academy's mail goes to an in-process SMTP server that takes SMTP_DELAY seconds for every
message, and the job worker relays the outbox to it while sign-ups and resets are timed one
at a time through nginx. Were SMTP inside the request, each answer would take longer than the
delay; the mails still arrive, through the worker.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

from bench.chaos.load import Load
from bench.chaos.probe import percentile
from bench.chaos.stack import JobWorker, Smtp

SMTP_DELAY = 5.0
ROUNDS = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SlowSmtp:
    def __init__(self) -> None:
        self.port = free_port()
        self.server = Smtp(self.port)
        self.server.delay = SMTP_DELAY

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


def measure(base_port: int, env: dict, smtp: SlowSmtp, log: Path) -> str:
    """Time ROUNDS sign-ups and resets; returns the Markdown table for docs/performance.md."""
    smtp.server.start()
    worker = JobWorker(env, log)
    worker.start()
    try:
        load = Load(base_port, [], {}, {})
        box: list = [None]
        load.tally.phase = "warm"
        load.signup(box, f"warm-{int(time.time())}@bench.example.cz")
        timings: dict[str, list[float]] = {"sign-up": [], "password reset": []}
        answered: dict[str, list[tuple[str, float]]] = {"sign-up": [], "password reset": []}
        for n in range(ROUNDS):
            email = f"mail{n}-{int(time.time())}@bench.example.cz"
            for name, call in (("sign-up", load.signup), ("password reset", load.forgot)):
                load.tally.phase = name
                if not call(box, email):
                    raise SystemExit(f"{name} was not accepted: {dict(load.tally.statuses[name])}")
                # the POST is the last request of the step (a GET of the form comes first)
                timings[name].append(load.tally.latency[name][-1])
                answered[name].append((email, time.time()))
        deadline = time.monotonic() + ROUNDS * 2 * SMTP_DELAY + 90
        while sum(smtp.server.received.values()) < 2 * ROUNDS + 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        arrived = sum(smtp.server.received.values())
        # A request that sent its mail itself could only answer after the server took it.
        first = {"sign-up": 0, "password reset": 1}  # each address gets its sign-up mail first
        before = {
            name: sum(
                1
                for email, at in pairs
                if len(smtp.server.accepted_at.get(email, [])) > first[name]
                and at < smtp.server.accepted_at[email][first[name]]
            )
            for name, pairs in answered.items()
        }
    finally:
        worker.stop()
        smtp.server.stop()
    lines = [
        f"Mail: sign-up and password reset, {ROUNDS} of each one at a time, while the SMTP "
        f"server takes {SMTP_DELAY * 1000:.0f} ms per message and the job worker relays the "
        f"outbox to it ({arrived} of {2 * ROUNDS + 1} mails arrived).",
        "",
        "| request | p50 ms | p95 ms | max ms | SMTP takes ms | answered before SMTP had its mail |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, values in timings.items():
        lines.append(
            f"| {name} POST | {1000 * percentile(values, 50):.0f} | "
            f"{1000 * percentile(values, 95):.0f} | {1000 * max(values):.0f} | "
            f"{SMTP_DELAY * 1000:.0f} | {before[name]} of {len(values)} |"
        )
    lines.append(
        "\nThe last column is the proof, whatever the machine's load: each answer reached the "
        "client before the SMTP server had finished taking that address's mail (a sign-up on a "
        "crowded machine can take longer than the delay itself: the password's argon2 hash)."
    )
    return "\n".join(lines) + "\n"
