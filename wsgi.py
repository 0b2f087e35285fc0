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


def _serving() -> bool:
    """gunicorn (outside the flask CLI) and `flask run` serve; other commands do not."""
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        return True
    args = iter(sys.argv[1:])
    for arg in args:
        if arg in _OPTIONS_WITH_VALUES:
            next(args, None)
        elif not arg.startswith("-"):
            return arg == "run"
    return False  # `flask --help`


try:
    app = create_app(serving=_serving())
except ConfigError as error:
    sys.exit(f"CX akademie: {error}")
