"""academy/api/openapi.yaml passes Redocly CLI's lint (recommended rules plus ours, in
tests/validators/redocly.yaml) with no error and no warning."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.validators import HERE, QUIET_NODE, REDOCLY, require

OPENAPI = Path(__file__).resolve().parents[2] / "academy" / "api" / "openapi.yaml"
CONFIG = HERE / "redocly.yaml"


def _lint(document: Path) -> dict:
    require(REDOCLY, programs=("node",))
    result = subprocess.run(
        ["node", str(REDOCLY), "lint", "--config", str(CONFIG), "--format", "json", str(document)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **QUIET_NODE},
        check=False,
    )
    return json.loads(result.stdout)


def _problems(report: dict) -> list[str]:
    return [
        f"{p['severity']} {p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}"
        for p in report["problems"]
    ]


def test_openapi_document_is_lint_clean():
    report = _lint(OPENAPI)
    assert _problems(report) == []
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}


def test_lint_catches_an_operation_without_security_tag_or_4xx(tmp_path):
    """The lint is not vacuous: an undescribed public operation fails it on every count."""
    broken = OPENAPI.read_text(encoding="utf-8").replace(
        "paths:\n",
        "paths:\n  /unguarded:\n    get:\n      operationId: unguarded\n"
        '      responses:\n        "200": {description: OK}\n',
        1,
    )
    (tmp_path / "openapi.yaml").write_text(broken, encoding="utf-8")
    rules = {p["ruleId"] for p in _lint(tmp_path / "openapi.yaml")["problems"]}
    assert {
        "security-defined",
        "operation-4xx-response",
        "operation-description",
        "operation-summary",
        "rule/operation-has-tag",
    } <= rules
