"""docs/reliability.md from the rows of a run: figures, machine, date and commit."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = {
    False: ("<!-- chaos:begin -->", "<!-- chaos:end -->"),
    True: ("<!-- chaos-short:begin -->", "<!-- chaos-short:end -->"),
}


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({cpu}), load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min; the machine is shared)"
    )


def write(rows, suite, short: bool, seconds: float, durations: tuple[int, int, int]) -> None:  # type: ignore[no-untyped-def]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    begin, end = MARKERS[short]
    lines = [
        begin,
        f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, "
        f"{'short (CI)' if short else 'full'} version, {seconds / 60:.0f} minutes; "
        f"{len(suite.learners) if hasattr(suite, 'learners') else 0} virtual learners, "
        f"{suite.env['ACADEMY_WORKERS']} gunicorn workers; Redis down {durations[0]} s, SMTP "
        f"refusing {durations[1]} s, soak {durations[2] // 60} min; {machine()}.",
        "",
        "| fault | expected | result | figures |",
        "|---|---|---|---|",
    ]
    for row in rows:
        failed = [name for name, ok in row.checks.items() if not ok]
        result = "pass" if not failed else "FAIL: " + "; ".join(failed)
        figures = "<br>".join(
            f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in row.figures.items()
        )
        lines.append(f"| {row.fault} | {row.expected} | {result} | {figures} |")
    lines.append(end)
    target = ROOT / "docs" / "reliability.md"
    if short and os.environ.get("CHAOS_WRITE_DOCS") != "1":  # CI leaves docs/ as it is
        target = ROOT / "instance" / "chaos-short.md"
        target.parent.mkdir(exist_ok=True)
    text = target.read_text(encoding="utf-8") if target.exists() else "# Reliability\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    target.write_text(head + "\n".join(lines) + rest.split(end, 1)[1], encoding="utf-8")
    print(f"figures written to {target.relative_to(ROOT)}")
