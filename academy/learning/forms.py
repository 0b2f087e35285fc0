"""Forms of the learner's path: buttons that change state carry a CSRF token."""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button: enrol, mark as done."""
