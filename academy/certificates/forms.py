"""Certificate forms: confirming the printed name, and the admin's corrections."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

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
    # the internal note: seen by admins only
    reason = TextAreaField(
        _l("Důvod zrušení (interní poznámka, uvidí jen správci)"),
        validators=[
            DataRequired(_l("Uveďte důvod zrušení.")),
            Length(max=1000, message=_l("Důvod může mít nejvýše 1000 znaků.")),
        ],
    )
    public_reason = TextAreaField(
        _l("Veřejné zdůvodnění (nepovinné, uvidí každý na stránce ověření)"),
        validators=[
            Optional(),
            Length(max=300, message=_l("Veřejné zdůvodnění může mít nejvýše 300 znaků.")),
        ],
    )
    confirm = BooleanField(
        _l("Ano, certifikát zrušit. Účastník přijde o platné osvědčení a nelze to vrátit."),
        validators=[DataRequired(_l("Zrušení potvrďte zaškrtnutím."))],
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


class CodeLookupForm(AcademyForm):
    """Look a certificate up by its code (a GET form: nothing changes, no CSRF token)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Kód certifikátu"),
        validators=[
            DataRequired(_l("Opište kód z certifikátu.")),
            Length(max=64, message=_l("Kód certifikátu je kratší; zkontrolujte ho.")),
        ],
    )


class CertificateNameForm(AcademyForm):
    full_name = StringField(
        _l("Jméno na příštích certifikátech"),
        validators=[Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků."))],
        filters=[_collapse],
    )
