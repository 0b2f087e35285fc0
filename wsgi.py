"""WSGI entry point: `flask --app wsgi ...`, `gunicorn wsgi:app`."""

from academy import create_app

app = create_app()
