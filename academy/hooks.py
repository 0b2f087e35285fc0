"""Registering a hook: a feature lower in the layers (pyproject.toml's layers contract) keeps
a plain list of functions that features above it give; academy.create_app fills them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def add(hooks: list[Any], hook: Callable[..., Any]) -> None:
    """Register `hook` once, however many apps are created."""
    if hook not in hooks:
        hooks.append(hook)
