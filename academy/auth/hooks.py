"""What features above auth give it, filled by academy.create_app."""

from __future__ import annotations

from collections.abc import Callable

from academy.hooks import add  # noqa: F401 (academy.create_app registers with it)

# (pages folder) -> the version of the terms a person accepts at sign-up (privacy: the
# terms' and the privacy policy's, joined).
signup_terms: list[Callable[[str], str]] = []
