"""What the suite reads while faults happen: /healthz, /metrics (straight from gunicorn, as
the operator's Prometheus would), the database, and the processes' memory and files."""

from __future__ import annotations

import collections
import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

LINE = re.compile(r"^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+([-+\deE.naNInf]+)$")


def health(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, json.loads(body) if body.startswith(b"{") else {}
    except OSError as error:
        return 0, {"error": str(error)}


def metrics(app_base: str) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics: (name, sorted labels) -> value."""
    with urllib.request.urlopen(app_base + "/metrics", timeout=10) as response:
        text = response.read().decode()
    samples: dict[tuple[str, tuple], float] = {}
    for line in text.splitlines():
        found = LINE.match(line)
        if not found:
            continue
        labels = tuple(sorted(re.findall(r'(\w+)="([^"]*)"', found.group(2) or "")))
        samples[(found.group(1), labels)] = float(found.group(3))
    return samples


def total(samples: dict, name: str, **match: str) -> float:
    return sum(
        value
        for (n, labels), value in samples.items()
        if n == name and all((k, v) in labels for k, v in match.items())
    )


def by_label(samples: dict, name: str, label: str) -> dict[str, float]:
    out: dict[str, float] = collections.defaultdict(float)
    for (n, labels), value in samples.items():
        if n == name:
            out[dict(labels).get(label, "")] += value
    return dict(out)


def until(check, seconds: float, step: float = 0.25) -> float | None:  # type: ignore[no-untyped-def]
    """Seconds until check() is true, or None if it never was within `seconds`."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if check():
            return time.monotonic() - began
        time.sleep(step)
    return None


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_kib(pid: int, kind: str = "VmRSS") -> int:
    """Resident memory in KiB: VmRSS (all), RssAnon (the process's own heap and stacks) or
    RssFile (mapped files: libraries, the metrics' mmap files)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # it has just exited
        return 0
    for line in lines:
        if line.startswith(kind + ":"):
            return int(line.split()[1])
    return 0


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y) points."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
