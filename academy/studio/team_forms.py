"""Forms of the studio's instructors page: find an account, add, remove, invite."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from academy.auth.forms import EmailAddress
from academy.forms import AcademyForm


class AccountSearchForm(AcademyForm):
    """A GET form: works without JavaScript; the page's script searches as one types."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Jméno nebo e-mail"),
        validators=[Length(max=200, message=_l("Hledaný text je příliš dlouhý."))],
    )


class AddInstructorForm(AcademyForm):
    user_id = IntegerField(
        widget=HiddenInput(),
        validators=[NumberRange(min=1, max=2**31 - 1, message=_l("Vyberte účet ze seznamu."))],
    )


class RemoveInstructorForm(AcademyForm):
    email = HiddenField(validators=[DataRequired(), Length(max=254)])


class InviteForm(AcademyForm):
    full_name = StringField(
        _l("Jméno lektora"),
        validators=[
            DataRequired(_l("Vyplňte jméno, ať pozvánka ví, koho oslovit.")),
            Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků.")),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Vyplňte e-mail.")),
            Length(max=254, message=_l("E-mail může mít nejvýše 254 znaků.")),
            EmailAddress(),
        ],
    )
