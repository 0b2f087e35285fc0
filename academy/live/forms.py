"""The register form (no account), the light registration before a recording, staff forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from academy.auth.forms import EmailAddress
from academy.forms import AcademyForm
from academy.live.attendance import MAX_CSV_BYTES


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value


class RecordingPassForm(AcademyForm):
    """Name and e-mail in front of a recording: the light registration."""

    name = StringField(
        _l("Jméno a příjmení"),
        validators=[
            DataRequired(_l("Vyplňte své jméno.")),
            Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků.")),
        ],
        filters=[_one_line],
    )
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()]
    )
    consent = BooleanField(
        _l(
            "Beru na vědomí zásady ochrany osobních údajů: jméno a e-mail použijeme jen "
            "k tomuto webináři a jeho záznamu."
        ),
        validators=[DataRequired(_l("Bez souhlasu se zásadami vás registrovat nemůžeme."))],
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by form-spamming bots.
    website = StringField(_l("Nevyplňujte"), validators=[Optional()])


class RegisterForm(RecordingPassForm):
    company = StringField(
        _l("Firma (nepovinné)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Název firmy může mít nejvýše 200 znaků.")),
        ],
        filters=[_one_line],
    )


class AttendanceCsvForm(AcademyForm):
    file = FileField(
        _l("Export účastníků z nástroje pro schůzky (CSV)"),
        validators=[
            FileRequired(_l("Vyberte soubor CSV.")),
            FileSize(max_size=MAX_CSV_BYTES, message=_l("Soubor je příliš velký (nejvýše 2 MB).")),
        ],
    )


class RecordingForm(AcademyForm):
    # no `required`: the choices are checked against the list (the view says "choose one")
    module = SelectField(_l("Záznam (webinářový modul kurzu)"), coerce=int)
    access = SelectField(
        _l("Kdo záznam uvidí"),
        choices=[
            ("free", _l("kdokoli s odkazem")),
            ("registration", _l("po krátké registraci (jméno a e-mail)")),
        ],
    )
