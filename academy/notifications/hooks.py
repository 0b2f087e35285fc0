"""What features above notifications give it, filled by academy.create_app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from academy.hooks import add  # noqa: F401 (academy.create_app registers with it)

Plan = Callable[[Session, datetime], int]  # writes the mails due at `now`; how many

# (session, user id) -> the account a mail preference belongs to (auth: its User), or None.
accounts: list[Callable[[Session, int], Any]] = []

# The worker's periodic plans of other features: task name -> (crontab minute, plans run in
# turn), e.g. live's webinar reminders every five minutes.
periodic_plans: dict[str, tuple[str, tuple[Plan, ...]]] = {}


def add_plan(name: str, minute: str, *plans: Plan) -> None:
    """Run `plans` as the periodic task `name` at crontab `minute`; once per name."""
    periodic_plans[name] = (minute, plans)
