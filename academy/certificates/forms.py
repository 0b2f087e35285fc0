"""Certificate forms: confirming the printed name, and the admin's corrections."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from academy.certificates.services import unprintable_characters
from academy.forms import AcademyForm


def _collapse(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value


def _printable(form: AcademyForm, field: StringField) -> None:
    missing = unprintable_characters(field.data or "")
    if missing:
        raise ValidationError(
            _l("Tyto znaky na certifikát vytisknout neumíme: %(chars)s", chars=missing)
        )


class NameForm(AcademyForm):
    full_name = StringField(
        _l("Jméno na certifikátu"),
        validators=[
            DataRequired(_l("Vyplňte jméno, které se má vytisknout.")),
            Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků.")),
            _printable,
        ],
        filters=[_collapse],
    )


class RevokeForm(AcademyForm):
    reason = TextAreaField(
        _l("Důvod zrušení"),
        validators=[
            DataRequired(_l("Uveďte důvod zrušení.")),
            Length(max=1000, message=_l("Důvod může mít nejvýše 1000 znaků.")),
        ],
    )


class ReissueForm(NameForm):
    reason = TextAreaField(
        _l("Důvod opravy"),
        validators=[
            DataRequired(_l("Uveďte důvod opravy.")),
            Length(max=1000, message=_l("Důvod může mít nejvýše 1000 znaků.")),
        ],
    )


class CredentialUploadForm(AcademyForm):
    credential = FileField(
        _l("Soubor s digitálním osvědčením (.jwt)"),
        validators=[
            FileRequired(_l("Vyberte soubor s osvědčením.")),
            FileSize(max_size=64 * 1024, message=_l("Soubor je příliš velký (nejvýše 64 kB).")),
        ],
    )
