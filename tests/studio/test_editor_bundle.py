"""The committed CodeMirror bundle is the one its sources and package-lock.json build."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from academy.studio import editor_stamp
from tests.validators import unavailable


def test_the_committed_bundle_matches_its_sources_and_lock():
    assert editor_stamp.STAMP.read_text() == editor_stamp.expected(), (
        "academy/static/js/studio-codemirror.js is not the build of academy/studio/"
        "editor_bundle/: run `make editor-bundle` and commit the result"
    )


def test_the_lock_pins_every_package_the_bundle_is_built_from():
    package = json.loads((editor_stamp.FOLDER / "package.json").read_text())
    lock = json.loads((editor_stamp.FOLDER / "package-lock.json").read_text())
    for name, version in package["devDependencies"].items():
        assert version[0].isdigit(), f"{name} is not pinned to one version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


@pytest.mark.slow
def test_rebuilding_from_the_lock_gives_the_committed_bundle_byte_for_byte(tmp_path):
    if shutil.which("npm") is None or not (editor_stamp.FOLDER / "node_modules").is_dir():
        unavailable("npm and academy/studio/editor_bundle/node_modules are needed (make test)")
    out = tmp_path / "bundle.js"
    package = json.loads((editor_stamp.FOLDER / "package.json").read_text())
    command = [  # package.json's own build command, writing elsewhere
        f"--outfile={out}" if part.startswith("--outfile=") else part
        for part in package["scripts"]["build"].split()
    ]
    subprocess.run(["npx", *command], cwd=editor_stamp.FOLDER, check=True, capture_output=True)
    assert out.read_bytes() == editor_stamp.BUNDLE.read_bytes()
