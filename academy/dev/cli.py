"""`flask dev seed-load`: synthetic learners for load tests and the benchmark."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import text

from academy.commands import Commands
from academy.dev.seed import SeedError, seed_load
from academy.extensions import db

dev = Commands("dev", help="Development helpers (refused in production).")


@dev.command("seed-load")
@click.option("--learners", default=100_000, show_default=True, type=click.IntRange(1))
@click.option("--modules", default=20, show_default=True, type=click.IntRange(5, 60))
@click.option("--seed", default=8, show_default=True, help="Random seed: same seed, same data.")
def seed_load_command(learners: int, modules: int, seed: int) -> None:
    """Add LEARNERS synthetic learners and their activity to a journey-mapping course
    (created with MODULES modules on the first run)."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("seed-load writes fake learners; it is refused in production.")
    try:
        report = seed_load(
            db.session, learners, modules, Path(current_app.config["MEDIA_DIR"]), seed=seed
        )
    except SeedError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # fresh statistics and visibility map
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    figures = ", ".join(f"{name} {count:,}" for name, count in report.counts.items())
    click.echo(f"Seeded in {report.seconds:.1f} s: {figures}.")
