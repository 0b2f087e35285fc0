"""Commands run before the database was migrated say what to do, not a traceback."""

from __future__ import annotations

import pytest

from academy import create_app
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    "args",
    [
        ["users", "set-role", "jiri@example.cz", "admin"],
        ["courses", "import", str(FIXTURES / "courses")],
        ["certificates", "--help"],
    ],
)
def test_a_command_before_migrating_says_to_run_db_upgrade(empty_database_url, tmp_path, args):
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": empty_database_url,
            "SECRET_KEY": "test",
            "MEDIA_DIR": str(tmp_path / "media"),
        }
    )
    result = app.test_cli_runner().invoke(args=args)
    if args[-1] == "--help":  # reads nothing: unaffected
        assert result.exit_code == 0 and "Usage" in result.output
        return
    assert result.exit_code == 1
    assert "run `flask db upgrade` first" in result.output
    assert "Traceback" not in result.output and "SELECT" not in result.output
