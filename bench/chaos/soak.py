"""Steady load (soak): memory per worker, connections, open files and p99 over time; and at
the end, every acknowledged write compared with the database."""

from __future__ import annotations

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
        time.sleep(min(10, max(1, seconds / 30)))
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
        samples.append(
            {
                "t": time.monotonic() - began,
                "rss": sum(probe.rss_kib(p) for p in workers) / max(len(workers), 1),
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

    # after the first third: caches (templates, compiled SQL, metric labels) fill at first
    memory_slope = probe.slope([(s["t"] / 60, s["rss"]) for s in samples[len(samples) // 3 :]])
    row.figures.update(
        {
            "samples": len(samples),
            "memory per worker MiB (first, last)": [
                round(samples[0]["rss"] / 1024, 1),
                round(samples[-1]["rss"] / 1024, 1),
            ],
            "memory slope KiB per minute per worker (last two thirds)": round(memory_slope, 1),
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
    # A leak is growth that goes on; RSS also moves in allocator steps of a few hundred KiB,
    # which over a 3-minute soak read as a steep slope (631 KiB/min from 0.4 MiB in all).
    # So: the net growth over the last two thirds (means of three samples at each end) stays
    # under one 1 MiB step plus 256 KiB for each minute.
    settled = samples[len(samples) // 3 :]
    minutes = (settled[-1]["t"] - settled[0]["t"]) / 60 if len(settled) > 1 else 0.0
    growth = mean(settled[-3:], "rss") - mean(settled[:3], "rss")
    row.figures["memory growth KiB per worker (last two thirds)"] = round(growth)
    row.checks["memory grows under 256 KiB/min (beyond one 1 MiB step)"] = (
        growth < 1024 + 256 * minutes
    )
    row.checks["connections bounded by the pools"] = (
        max(s["connections"] for s in samples) <= 4 * 5 + 2
    )
    row.checks["open files do not grow"] = samples[-1]["files"] <= samples[0]["files"] + 8
    row.checks["p99 stable (second half under 2x the first + 50 ms)"] = (
        mean(last, "p99") < 2 * mean(first, "p99") + 0.05
    )
    return faults.close(row, before)


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
