"""What features above auth give it, filled by academy.create_app."""

from __future__ import annotations

from collections.abc import Callable

# (pages folder) -> the version of the terms a person accepts at sign-up (privacy: the
# terms' and the privacy policy's, joined).
signup_terms: list[Callable[[str], str]] = []


def add(hooks: list[Callable[..., str]], hook: Callable[..., str]) -> None:
    """Register `hook` once, however many apps are created."""
    if hook not in hooks:
        hooks.append(hook)
