"""Files only the academy's own user may read: the database, backups, keys, instance/.

Created with their final mode (0600 files, 0700 folders) rather than chmod-ed later, so
there is no moment in which another account on the machine could open them.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """`path` as a folder; a new one is created 0700 (its missing parents as the umask says)."""
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass  # made by a parallel process a moment ago
        else:
            os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def create_private_file(path: Path) -> int:
    """A new, empty file at `path`, 0600, open for writing; FileExistsError if it exists."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)


def ensure_private_file(path: Path) -> None:
    """Create `path` empty and 0600 unless it exists (e.g. a SQLite file before connecting)."""
    if path.exists():
        return
    private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(create_private_file(path))


# Stored files (learners' submissions, course resources) by key: the one place that knows
# where their bytes live, so a different storage backend changes only these functions.
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$")


def _stored_path(root: Path, key: str) -> Path:
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"not a stored-file key: {key!r}")
    return root / key


def store_file(root: Path, key: str, data: bytes) -> None:
    """Keep `data` under `key` (0600, folders 0700); an existing key is replaced whole."""
    path = _stored_path(root, key)
    private_dir(root)
    for parent in reversed(path.relative_to(root).parents[:-1]):
        private_dir(root / parent)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    handle = create_private_file(temp)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def read_stored_file(root: Path, key: str) -> bytes:
    """The bytes kept under `key`; FileNotFoundError if there are none."""
    return _stored_path(root, key).read_bytes()


def stored_file_exists(root: Path, key: str) -> bool:
    return _stored_path(root, key).is_file()


def delete_stored_file(root: Path, key: str) -> None:
    _stored_path(root, key).unlink(missing_ok=True)
