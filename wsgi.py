"""WSGI entry point: `flask --app wsgi ...`, `gunicorn wsgi:app`.

A setting the academy cannot start with stops it with one line saying what to set, never a
traceback. Commands that serve nothing (`courses check`, `db upgrade`, `users create`, …)
need neither the secret key nor the public address; gunicorn and `flask run` need both in
production.
"""

import os
import sys

from academy import create_app
from academy.config import ConfigError

_OPTIONS_WITH_VALUES = {"--app", "-A", "--env-file", "-e"}


def _flask_command() -> str | None:
    """The `flask` sub-command being run, or None outside the flask CLI (gunicorn)."""
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        return None
    args = iter(sys.argv[1:])
    for arg in args:
        if arg in _OPTIONS_WITH_VALUES:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


try:
    app = create_app(serving=_flask_command() in (None, "run"))
except ConfigError as error:
    sys.exit(f"CX akademie: {error}")
