"""What features above webinars add to its routes, filled by academy.create_app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from academy.hooks import add  # noqa: F401 (academy.create_app registers with it)

# (session, course slug, file name) -> True when this browser may play a recording file its
# course would refuse (live: the public page of a live webinar's recording).
recording_passes: list[Callable[[Session, str, str], bool]] = []

# (query, language) -> hits shown above the modules on the search page (help: its pages).
search_extras: list[Callable[[str, str], list[Any]]] = []
