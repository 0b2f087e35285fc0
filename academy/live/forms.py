"""The register form (no account), the light registration before a recording, staff forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

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


def _short_time(form, field) -> None:  # type: ignore[no-untyped-def]
    # not Length(): it would render maxlength, which a datetime-local input may not carry
    if field.data and len(field.data) > 40:
        raise ValidationError(_l("Čas pište ve tvaru RRRR-MM-DD HH:MM, např. 2027-03-18 17:00."))


class WebinarForm(AcademyForm):
    """A live webinar in the studio. Only lengths are checked here: what the values mean is
    judged by the `courses check` checker (academy/live/source.py), whose messages land on
    the fields."""

    slug = StringField(
        _l("Adresa webináře"),
        validators=[Optional(), Length(max=100, message=_l("Adresa může mít nejvýše 100 znaků."))],
        filters=[lambda v: v.strip().lower() if v else v],
    )
    title = StringField(
        _l("Název"),
        validators=[Length(max=300, message=_l("Název může mít nejvýše 300 znaků."))],
        filters=[_one_line],
    )
    speakers = TextAreaField(
        _l("Řečníci"),
        validators=[Length(max=5000, message=_l("Řečníků je příliš mnoho (nejvýše 5000 znaků)."))],
    )
    description = TextAreaField(
        _l("Popis (Markdown)"),
        validators=[Length(max=50_000, message=_l("Popis může mít nejvýše 50 000 znaků."))],
    )
    # a browser without a date picker shows a text box: the checker reads 2027-03-18 17:00 too
    start = StringField(
        _l("Začátek (pražský čas)"),
        validators=[_short_time],
        render_kw={"type": "datetime-local"},
    )
    end = StringField(
        _l("Konec (pražský čas)"), validators=[_short_time], render_kw={"type": "datetime-local"}
    )
    capacity = StringField(
        _l("Kapacita (počet míst)"), validators=[Length(max=20)], render_kw={"inputmode": "numeric"}
    )
    meeting = StringField(
        _l("Odkaz na schůzku"),
        validators=[Length(max=500, message=_l("Odkaz může mít nejvýše 500 znaků."))],
        render_kw={"type": "url"},
    )
    course = SelectField(_l("Kurz, na který webinář navazuje"))
    recording = SelectField(_l("Záznam (webinářový modul kurzu)"))
    recording_access = SelectField(
        _l("Kdo záznam uvidí"),
        choices=[
            ("free", _l("kdokoli s odkazem")),
            ("registration", _l("po krátké registraci (jméno a e-mail)")),
        ],
    )
    language = SelectField(_l("Jazyk webináře"), choices=[("cs", "čeština"), ("en", "English")])
    published = BooleanField(_l("Zveřejnit (jinak je webinář koncept a vidí ho jen lektoři)"))
    cancelled = BooleanField(_l("Webinář se ruší (registrovaní dostanou zrušení do kalendáře)"))
    state = HiddenField()
