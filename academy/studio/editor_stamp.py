"""The stamp that ties the committed editor bundle to its sources.

academy/static/js/studio-codemirror.js is built by esbuild from academy/studio/editor_bundle/
(src/, package.json, package-lock.json) and committed, so the app never needs npm. The stamp
file holds a digest of those sources and one of the bundle; `make editor-bundle` rewrites it
after a build, and tests/studio/test_editor_bundle.py fails when either no longer matches
(sources changed without a rebuild, or the bundle edited by hand).

    python -m academy.studio.editor_stamp write
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

FOLDER = Path(__file__).parent / "editor_bundle"
BUNDLE = Path(__file__).parents[1] / "static" / "js" / "studio-codemirror.js"
STAMP = FOLDER / "bundle.sha256"


def sources() -> list[Path]:
    """The files the bundle is built from, in a fixed order."""
    return [FOLDER / "package.json", FOLDER / "package-lock.json", *sorted(FOLDER.glob("src/*"))]


def digest(paths: list[Path]) -> str:
    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(path.relative_to(FOLDER.parents[2]).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def expected() -> str:
    """The stamp as it should read for the files as they are now."""
    return (
        f"sources {digest(sources())}\nbundle {hashlib.sha256(BUNDLE.read_bytes()).hexdigest()}\n"
    )


def main(argv: list[str]) -> int:
    if argv[1:] == ["write"]:
        STAMP.write_text(expected())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
