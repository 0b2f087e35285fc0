"""Files only the academy's own user may read: the database, backups, keys, instance/.

Created with their final mode (0600 files, 0700 folders) rather than chmod-ed later, so
there is no moment in which another account on the machine could open them.
"""

from __future__ import annotations

import contextlib
import os
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
