"""Forms of the learner's path: buttons that change state carry a CSRF token."""

from academy.forms import AcademyForm


class ActionForm(AcademyForm):
    """A button: enrol, mark as done."""
