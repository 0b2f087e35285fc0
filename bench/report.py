"""The benchmark's table: printed, and written to docs/performance.md between markers."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def table(results: list, light: int) -> str:
    alone = "one at a time" if light == 1 else f"at {light} conns"
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | baseline req/s (p99 ms) | ratio "
        f"| app CPU ms/req (baseline) | p99 ms {alone} | target (at 50 conns) | met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        s = r.scenario
        p99 = f"{r.p99:.0f}" if s.max_p95 is None else f"{r.p99:.0f} (p95 {r.p95:.0f})"
        light = f"{r.light_p99:.0f}" if s.max_p95 is None else f"p95 {r.light_p95:.0f}"
        base_cpu = f"{r.baseline_cpu_ms:.1f}" if s.baseline == "minimal" else "nginx only"
        lines.append(
            f"| {s.name} | {r.rps:.0f} | {r.p50:.0f} | {p99} | {r.baseline_rps:.0f} "
            f"({r.baseline_p99:.0f}) | {r.ratio:.2f}× | {r.cpu_ms:.1f} ({base_cpu}) | {light} "
            f"| {s.target} | {'yes' if r.met else '**no**'} |"
        )
    for r in results:
        if r.floor_rps:
            lines.append(
                f"\n{r.scenario.name}: the floor of the previous design, a Flask route of the "
                f"same gunicorn that hands the same ranges to nginx (X-Accel-Redirect) with no "
                f"access check at all, reaches {r.floor_rps:.0f} req/s, "
                f"{r.floor_rps / r.baseline_rps:.2f}× nginx direct: no app check per range can "
                f"do better; the signed link asks the app nothing per range."
            )
    return "\n".join(lines)


def write(
    results: list, seconds: int, connections: int, took: float, light: int, light_seconds: int
) -> None:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "academy", "deploy", "bench"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    body = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {_machine()}; commit {commit}"
        f"{' with local changes' if dirty else ''}. wrk -c{connections} -t2 -d{seconds}s per "
        f"row (and -c{light} -d{light_seconds}s for the latency of a request alone), gunicorn (deploy/gunicorn.conf.py) behind nginx (deploy/nginx-academy.conf), "
        f"PostgreSQL; the whole `make bench` took {took:.0f} s. Load average (1, 5, 15 min) "
        f"at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} "
        "cores.\n\n" + table(results, light) + "\n"
    )
    print(body)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(f"{head}{BEGIN}\n{body}{END}{tail}", encoding="utf-8")


MAIL_BEGIN, MAIL_END = "<!-- bench-mail:begin -->", "<!-- bench-mail:end -->"


def write_mail(table_text: str) -> None:
    """The sign-up and reset rows (bench/mail.py), between their own markers."""
    body = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {_machine()}; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.\n\n{table_text}"
    )
    print(body)
    text = DOC.read_text(encoding="utf-8")
    if MAIL_BEGIN not in text:
        text += f"\n## Sign-up and password reset without SMTP in the answer\n\n{MAIL_BEGIN}\n{MAIL_END}\n"
    head, rest = text.split(MAIL_BEGIN, 1)
    DOC.write_text(
        f"{head}{MAIL_BEGIN}\n{body}{MAIL_END}{rest.split(MAIL_END, 1)[1]}", encoding="utf-8"
    )
