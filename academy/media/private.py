"""Uploaded private files (assignment submissions, course resources, attachments).

Kept under instance/private/ (0600) or, with ACADEMY_STORAGE=s3, under the bucket's
private/ prefix, so every app node reads what another one stored. Keys are relative,
"/"-separated names such as "assignments/12/report.pdf". Need an app context.
"""

from __future__ import annotations

from typing import IO

from academy.media.backends import PRIVATE, storage
from academy.media.storage import Storage


def save_private(key: str, stream: IO[bytes]) -> None:
    """Store `stream` under `key`, replacing what was there (never half-written)."""
    _private().put_stream(key, stream)


def open_private(key: str) -> IO[bytes]:
    """The stored file, for reading; FileNotFoundError when there is none."""
    return _private().open(key)


def private_exists(key: str) -> bool:
    return _private().exists(key)


def delete_private(key: str) -> None:
    _private().delete(key)


def _private() -> Storage:
    return storage(PRIVATE)
