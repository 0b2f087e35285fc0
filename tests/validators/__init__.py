"""Independent validators the tests run: the Nu Html Checker (vnu.jar), Redocly CLI and
the W3C's WebVTT parser, installed from npm into tests/validators/node_modules by `make test`
and .ci/run (`npm ci --prefix tests/validators`). Nothing is fetched while the tests run.

Missing tools skip a test on a developer's machine and fail it under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MODULES = HERE / "node_modules"
VNU_JAR = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
REDOCLY = MODULES / "@redocly" / "cli" / "bin" / "cli.js"
WEBVTT_PARSER = MODULES / "webvtt-parser" / "parser.js"
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
INSTALL = "run `make test`, or `npm ci --prefix tests/validators`"
# No telemetry or update checks: the tests reach no network.
QUIET_NODE = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail under CI=true, where every validator must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the validators must run here)", pytrace=False)
    pytest.skip(reason)


def require(*paths: Path, programs: tuple[str, ...] = ()) -> None:
    for program in programs:
        if shutil.which(program) is None:
            unavailable(f"{program} is missing: apt-get install {_DEBIAN.get(program, program)}")
    for path in paths:
        if not path.is_file():
            unavailable(f"{path.relative_to(HERE.parent.parent)} is missing: {INSTALL}")


_DEBIAN = {"java": "default-jre-headless", "node": "nodejs"}


def vnu(paths: list[Path]) -> list[dict]:
    """The Nu Html Checker's errors (and fatal errors) for HTML files, in one JVM run."""
    require(VNU_JAR, programs=("java",))
    if not paths:
        return []
    result = subprocess.run(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report to stderr; exit 1 just means "errors found"
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(f"vnu did not report: {result.stderr[-2000:]}") from None
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


# Errors in markup this branch may not change yet, by a piece of the message and of the
# markup: where the fix goes. They are reported as warnings until the owner's fix lands and
# the entry is deleted.
KNOWN_VNU: dict[tuple[str, str], str] = {}


def known_vnu(message: dict) -> str | None:
    """Where the fix of a known error goes, or None for an error nobody is fixing."""
    for (text, markup), owner in KNOWN_VNU.items():
        if text in message.get("message", "") and markup in (message.get("extract") or ""):
            return owner
    return None


def vnu_version() -> str:
    return json.loads((MODULES / "vnu-jar" / "package.json").read_text())["version"]


def format_vnu(messages: list[dict], sources: dict[str, str] | None = None) -> str:
    """One line per message: where, what, and the markup it is about."""
    sources = sources or {}
    lines = []
    for m in messages:
        url = m.get("url", "").removeprefix("file:")
        where = sources.get(Path(url).name, url)
        extract = (m.get("extract") or "").replace("\n", " ")[:160]
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}\n      {extract}")
    return "\n  ".join(lines)
