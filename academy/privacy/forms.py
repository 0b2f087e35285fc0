"""Forms of the privacy pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired


class ExportForm(FlaskForm):
    """Only the CSRF token: the download is a POST."""


class DeleteAccountForm(FlaskForm):
    current = PasswordField(
        _l("Současné heslo"), validators=[DataRequired(_l("Vyplňte současné heslo."))]
    )
    understood = BooleanField(
        _l("Rozumím, že smazání účtu nelze vrátit."),
        validators=[DataRequired(_l("Potvrďte prosím, že smazání nelze vrátit."))],
    )
