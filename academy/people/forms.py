"""Forms of the account management pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice as Choice
from wtforms.validators import DataRequired, Length, Optional

from academy.auth.forms import EmailAddress, NewPasswordForm
from academy.auth.models import Role
from academy.forms import AcademyForm


def role_choices() -> list[Choice]:
    return [
        Choice(Role.LEARNER.value, _l("Účastník")),
        Choice(Role.INSTRUCTOR.value, _l("Lektor")),
        Choice(Role.ADMIN.value, _l("Správce")),
    ]


class AccountFilterForm(AcademyForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    q = SearchField(_l("Hledat jméno nebo e-mail"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), choices=[], default="")
    status = SelectField(
        _l("Stav"),
        choices=[
            Choice("", _l("Všechny stavy")),
            Choice("active", _l("Aktivní")),
            Choice("unconfirmed", _l("Nepotvrzený e-mail")),
            Choice("deactivated", _l("Deaktivovaný")),
        ],
        default="",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [Choice("", _l("Všechny role")), *role_choices()]


class InviteForm(AcademyForm):
    full_name = StringField(
        _l("Celé jméno"),
        validators=[
            DataRequired(_l("Vyplňte jméno.")),
            Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků.")),
        ],
        filters=[lambda v: " ".join(v.split()) if v else v],
    )
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()]
    )
    role = SelectField(_l("Role"), choices=[], default=Role.LEARNER.value)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class RoleForm(AcademyForm):
    role = SelectField(_l("Role"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class AcceptInvitationForm(NewPasswordForm):
    """The invited person chooses a password."""
