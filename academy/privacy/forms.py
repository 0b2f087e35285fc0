"""Forms of the privacy pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from academy.forms import AcademyForm


class DeleteAccountForm(AcademyForm):
    current = PasswordField(
        _l("Současné heslo"), validators=[DataRequired(_l("Vyplňte současné heslo."))]
    )
    understood = BooleanField(
        _l("Rozumím, že smazání účtu nelze vrátit."),
        validators=[DataRequired(_l("Potvrďte prosím, že smazání nelze vrátit."))],
    )
