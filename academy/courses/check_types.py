"""What the course checker's rule families share: where a problem is, and how it is reported."""

from __future__ import annotations

from collections.abc import Callable

from academy.courses.wording import N_

Where = str | tuple[str | int, ...] | None
Report = Callable[..., None]

TRUE_OR_FALSE = N_("%(key)s musí být true nebo false")
