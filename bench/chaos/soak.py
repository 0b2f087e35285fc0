"""Steady load (soak): memory per worker, connections, open files and p99 over time; and at
the end, every acknowledged write compared with the database."""

from __future__ import annotations

import statistics
import time

from sqlalchemy import create_engine, text

from bench.chaos import probe
from bench.chaos.faults import Row


def run(suite, faults, seconds: int) -> Row:  # type: ignore[no-untyped-def]
    row = Row(
        f"soak {seconds // 60} min",
        "memory per worker flat, no connection or file growth, p99 stable",
    )
    before, _ = faults.phase(row.fault)
    master = suite.servers.processes[0].pid
    engine = create_engine(suite.db_direct)
    samples, began = [], time.monotonic()
    latencies = suite.load.tally.latency[row.fault]
    seen = 0
    while time.monotonic() - began < seconds:
        time.sleep(max(0.2, min(10, max(1, seconds / 30)) - 1.8))  # the floor takes 1.8 s
        workers = probe.children(master)
        with engine.connect() as conn:
            connections = (
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'academy_chaos'"
                        " AND application_name <> 'psql'"
                    )
                ).scalar_one()
                - 1
            )
        window, seen = latencies[seen:], len(latencies)
        by_worker = _own_memory_floor(workers)
        files_kib = {p: probe.rss_kib(p, "RssFile") for p in workers}
        samples.append(
            {
                "t": time.monotonic() - began,
                "rss": sum(by_worker.values()) / max(len(by_worker), 1),
                "by_worker": by_worker,
                "files_kib": files_kib,
                "files": sum(probe.open_files(p) for p in workers),
                "connections": connections,
                "p99": probe.percentile(window, 99),
            }
        )
    engine.dispose()
    half = len(samples) // 2
    first, last = samples[: max(half, 1)], samples[half:]

    def mean(rows: list, key: str) -> float:
        return sum(r[key] for r in rows) / max(len(rows), 1)

    row.figures.update(
        {
            "samples": len(samples),
            "own memory per worker MiB (first, last)": [
                round(samples[0]["rss"] / 1024, 1),
                round(samples[-1]["rss"] / 1024, 1),
            ],
            "database connections (min, max)": [
                min(s["connections"] for s in samples),
                max(s["connections"] for s in samples),
            ],
            "open files of the workers (first, last)": [samples[0]["files"], samples[-1]["files"]],
            "p99 ms (first half, second half)": [
                round(1000 * mean(first, "p99")),
                round(1000 * mean(last, "p99")),
            ],
        }
    )
    # A leak is growth that goes on, in the same process: so memory is followed per worker
    # (a worker the master replaced starts small), as its own memory (RssAnon: not the
    # libraries or the metrics' mapped files) and as its floor over two seconds (a sign-up's
    # password hash takes 64 MiB for a moment: a sample taken then read as +17 MiB in one
    # worker, -17 MiB in another). RSS also moves in allocator steps of a few hundred KiB.
    # So: over the last two thirds (after caches fill), each worker that lived through them
    # grows less than one 1 MiB step plus 256 KiB a minute (medians of three samples at
    # each end).
    settled = samples[len(samples) // 3 :]
    minutes = (settled[-1]["t"] - settled[0]["t"]) / 60 if len(settled) > 1 else 0.0
    steady = set(settled[0]["by_worker"]).intersection(*(s["by_worker"] for s in settled))
    growth = {
        pid: statistics.median(s["by_worker"][pid] for s in settled[-3:])
        - statistics.median(s["by_worker"][pid] for s in settled[:3])
        for pid in steady
    }
    replaced = set().union(*(s["by_worker"] for s in samples)) - set(samples[0]["by_worker"])
    row.figures["memory growth KiB per worker (last two thirds)"] = sorted(
        round(g) for g in growth.values()
    )
    row.figures["memory slope KiB per minute, steepest worker (last two thirds)"] = round(
        max(
            (probe.slope([(s["t"] / 60, s["by_worker"][pid]) for s in settled]) for pid in steady),
            default=0.0,
        ),
        1,
    )
    row.figures["workers replaced during the soak"] = len(replaced)
    row.figures["mapped files KiB per worker (first, last)"] = [
        sorted(samples[0]["files_kib"].values()),
        sorted(samples[-1]["files_kib"].values()),
    ]
    row.figures["own memory KiB per worker, by start (first, last)"] = [
        [samples[0]["by_worker"][p] for p in sorted(samples[0]["by_worker"])],
        [samples[-1]["by_worker"][p] for p in sorted(samples[-1]["by_worker"])],
    ]
    row.checks["memory grows under 256 KiB/min (beyond one 1 MiB step)"] = bool(growth) and all(
        g < 1024 + 256 * minutes for g in growth.values()
    )
    row.checks["connections bounded by the pools"] = (
        max(s["connections"] for s in samples) <= 4 * 5 + 2
    )
    row.checks["open files do not grow"] = samples[-1]["files"] <= samples[0]["files"] + 8
    row.checks["p99 stable (second half under 2x the first + 50 ms)"] = (
        mean(last, "p99") < 2 * mean(first, "p99") + 0.05
    )
    return faults.close(row, before)


def _own_memory_floor(pids: list[int], reads: int = 10, gap: float = 0.2) -> dict[int, int]:
    """Each worker's own resident memory (KiB), the least of `reads` readings `gap` apart:
    what stays, not what one request holds for a moment."""
    floor = {pid: probe.rss_kib(pid, "RssAnon") for pid in pids}
    for _ in range(reads - 1):
        time.sleep(gap)
        for pid in pids:
            floor[pid] = min(floor[pid], probe.rss_kib(pid, "RssAnon"))
    return {pid: kib for pid, kib in floor.items() if kib}


def lost_writes(suite) -> Row:  # type: ignore[no-untyped-def]
    """Every heartbeat, autosaved answer and assignment draft the academy answered 200 for is
    in the database."""
    row = Row("acknowledged writes", "all present after every fault (lost = 0)")
    engine = create_engine(suite.db_direct)
    lost_beats = lost_answers = lost_drafts = checked = 0
    with engine.connect() as conn:
        module_id = conn.execute(
            text(
                "SELECT module.id FROM module JOIN course ON course.id = module.course_id"
                " WHERE course.slug = :c AND module.slug = :s"
            ),
            {"c": suite.data["demo"], "s": suite.data["assignment"]},
        ).scalar_one()
        for learner in suite.learners:
            watched = (
                conn.execute(
                    text("SELECT max(watched_seconds) FROM webinar_progress WHERE user_id = :u"),
                    {"u": learner.user_id},
                ).scalar()
                or 0.0
            )
            checked += 1
            if watched + 1e-6 < learner.watched:
                lost_beats += 1
            answers = conn.execute(
                text("SELECT answers FROM quiz_attempt WHERE user_id = :u AND number = 1"),
                {"u": learner.user_id},
            ).scalar_one()
            if isinstance(answers, str):
                import json

                answers = json.loads(answers)
            for question, (acked, pending) in learner.answers.items():
                if acked is None:
                    continue
                stored = answers.get(question)
                stored = stored[0] if isinstance(stored, list) and len(stored) == 1 else stored
                checked += 1
                if stored != acked and stored not in pending:
                    lost_answers += 1
            acked, pending = learner.draft
            if acked is not None:
                stored = conn.execute(
                    text(
                        "SELECT draft_text FROM work_submission"
                        " WHERE user_id = :u AND module_id = :m"
                    ),
                    {"u": learner.user_id, "m": module_id},
                ).scalar()
                checked += 1
                if stored != acked and stored not in pending:
                    lost_drafts += 1
    engine.dispose()
    row.figures.update(
        {
            "writes checked": checked,
            "lost heartbeats": lost_beats,
            "lost autosaved answers": lost_answers,
            "lost assignment drafts": lost_drafts,
        }
    )
    row.checks["lost acknowledged writes = 0"] = lost_beats + lost_answers + lost_drafts == 0
    print(f"  {row.fault}: {'PASS' if row.passed else 'FAIL'} {row.figures}", flush=True)
    return row
