"""The contact form, staff's answer, and the name for future certificates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from academy.auth.forms import EmailAddress
from academy.forms import AcademyForm
from academy.help.services import MAX_BODY


def _squash(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value


class ContactForm(AcademyForm):
    name = StringField(
        _l("Jméno"),
        validators=[
            DataRequired(_l("Vyplňte prosím jméno.")),
            Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků.")),
        ],
        filters=[_squash],
    )
    email = EmailField(
        _l("E-mail pro odpověď"),
        validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()],
    )
    subject = StringField(
        _l("Předmět"),
        validators=[
            DataRequired(_l("Napište prosím, čeho se zpráva týká.")),
            Length(max=200, message=_l("Předmět může mít nejvýše 200 znaků.")),
        ],
        filters=[_squash],
    )
    body = TextAreaField(
        _l("Zpráva"),
        validators=[
            DataRequired(_l("Napište prosím zprávu.")),
            Length(max=MAX_BODY, message=_l("Zpráva může mít nejvýše %(max)d znaků.")),
        ],
    )


class ContactAnswerForm(AcademyForm):
    answer = TextAreaField(
        _l("Odpověď"),
        validators=[
            DataRequired(_l("Napište prosím odpověď.")),
            Length(max=MAX_BODY, message=_l("Odpověď může mít nejvýše %(max)d znaků.")),
        ],
    )
