"""Forms of companies, cohorts, managers, invitation links, lists of people and schedules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from academy.companies.ico import normalise_ico
from academy.forms import AcademyForm


class CompanyForm(AcademyForm):
    name = StringField(_l("Název firmy"), validators=[DataRequired(), Length(max=200)])
    ico = StringField(_l("IČO (nepovinné)"), validators=[Optional(), Length(max=20)])
    contact_name = StringField(_l("Kontaktní osoba"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(
        _l("Kontaktní e-mail"), validators=[Optional(), Email(), Length(max=254)]
    )
    logo_file = FileField(_l("Logo (PNG, JPEG nebo WebP, nejvýše 1 MB)"))
    remove_logo = BooleanField(_l("Odstranit logo"))
    submit = SubmitField(_l("Uložit firmu"))

    def validate_ico(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and normalise_ico(field.data) is None:
            raise ValidationError(_l("Toto není platné IČO (8 číslic s kontrolní číslicí)."))


class CohortForm(AcademyForm):
    name = StringField(_l("Název skupiny"), validators=[DataRequired(), Length(max=200)])
    seats = IntegerField(
        _l("Počet míst"), default=10, validators=[InputRequired(), NumberRange(0, 100_000)]
    )
    courses = SelectMultipleField(
        _l("Kurzy"),
        coerce=int,
        choices=[],
        validators=[DataRequired(_l("Vyberte aspoň jeden kurz."))],
    )
    starts_on = DateField(_l("Začátek (nepovinné)"), validators=[Optional()])
    ends_on = DateField(_l("Termín dokončení (nepovinné)"), validators=[Optional()])
    after_deadline = RadioField(
        _l("Po termínu"),
        choices=[
            ("late", _l("kurz zůstane otevřený (po termínu)")),
            ("close", _l("kurz se uzavře")),
        ],
        default="late",
    )
    submit = SubmitField(_l("Uložit skupinu"))

    def validate_ends_on(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Termín dokončení nemůže být dřív než začátek."))


class ManagerForm(AcademyForm):
    email = EmailField(_l("E-mail manažera"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Přidat manažera"))


class InvitationForm(AcademyForm):
    max_uses = IntegerField(
        _l("Kolik lidí se může přihlásit"),
        default=10,
        validators=[InputRequired(), NumberRange(1, 10_000)],
    )
    days = IntegerField(
        _l("Platnost (dní)"), default=14, validators=[InputRequired(), NumberRange(1, 365)]
    )
    submit = SubmitField(_l("Vytvořit zvací odkaz"))


class RosterForm(AcademyForm):
    people = TextAreaField(
        _l("Seznam lidí (jméno a e-mail na řádek, nebo CSV z Excelu)"),
        validators=[Optional(), Length(max=1_000_000)],
    )
    upload = FileField(_l("…nebo soubor CSV"))
    dry_run = SubmitField(_l("Zkontrolovat (nic se neodešle)"))
    send = SubmitField(_l("Zapsat a odeslat pozvánky"))


class ReleaseForm(AcademyForm):
    # not marked required in HTML: a required select needs an empty first option
    module = SelectField(
        _l("Modul"),
        coerce=int,
        choices=[],
        validators=[InputRequired()],
        render_kw={"required": False},
    )
    release_on = DateField(_l("Otevřít dne"), validators=[Optional()])
    days_after_joining = IntegerField(
        _l("…nebo dní po zápisu"), validators=[Optional(), NumberRange(0, 3650)]
    )
    requires = SelectField(_l("Až po dokončení modulu"), coerce=int, choices=[], default=0)
    submit = SubmitField(_l("Uložit plán modulu"))

    def validate_days_after_joining(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data is not None and self.release_on.data:
            raise ValidationError(_l("Vyplňte datum, nebo počet dní – ne obojí."))
