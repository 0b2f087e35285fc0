"""The base of the academy's forms: Flask-WTF's, with the CSRF field rendered without an id.

A page often holds several forms (the studio's course page has seven), and each one's
hidden CSRF input would otherwise carry the same id="csrf_token": invalid HTML. Nothing
refers to that id; scripts read the token by name.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.csrf.core import CSRFTokenField


class AcademyForm(FlaskForm):
    class Meta:
        def render_field(self, field, render_kw):  # type: ignore[no-untyped-def]
            """WTForms' hook for rendering every field; drops the CSRF field's id."""
            if isinstance(field, CSRFTokenField):
                render_kw = {**render_kw, "id": False}
            return super().render_field(field, render_kw)


class ActionForm(AcademyForm):
    """A button that changes something (enrol, log out, dismiss, deactivate...): only the
    CSRF token, so that a POST from another site or a mail scanner's GET changes nothing."""
