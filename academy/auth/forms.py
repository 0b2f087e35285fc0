"""Sign-up and log-in forms; messages in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from academy.auth.addresses import AddressError, canonical_email
from academy.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common
from academy.forms import AcademyForm


def normalize_email(raw: str) -> str:
    """The canonical address (academy.auth.addresses); raises ValueError with a reason."""
    return canonical_email(raw)


class EmailAddress:
    def __call__(self, form: AcademyForm, field: EmailField) -> None:
        try:
            field.data = normalize_email(field.data or "")
        except AddressError as error:
            if error.look_alike:
                raise ValidationError(
                    _l(
                        "Adresa míchá písmena různých písem (např. latinku a cyrilici), která se "
                        "dají splést s jinou adresou. Napište ji prosím latinkou."
                    )
                ) from None
            raise ValidationError(
                _l("Zadejte platnou e-mailovou adresu, např. jana@firma.cz.")
            ) from None


class LoginForm(AcademyForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()]
    )
    password = PasswordField(_l("Heslo"), validators=[DataRequired(_l("Vyplňte heslo."))])
    next = HiddenField()


def _password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Zvolte heslo.")),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=_l(
                    "Heslo musí mít %(min)d až %(max)d znaků.", min=MIN_LENGTH, max=MAX_LENGTH
                ),
            ),
        ],
    )


def _confirm_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Zopakujte heslo.")),
            EqualTo("password", message=_l("Hesla se neshodují.")),
        ],
    )


class NewPasswordForm(AcademyForm):
    """A new password, typed twice; common ones and the user's own name or e-mail refused.
    Labelled "new password" (a reset, the account page); sign-up says just "password"."""

    password = _password_field(_l("Nové heslo"))
    confirm = _confirm_field(_l("Nové heslo znovu"))

    def __init__(self, *args, personal: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.personal = personal

    def personal_values(self) -> tuple[str, ...]:
        return self.personal

    def validate_password(self, field: PasswordField) -> None:
        if is_common(field.data or "", *self.personal_values()):
            raise ValidationError(
                _l(
                    "Toto heslo je příliš běžné nebo odvozené z vašeho jména či e-mailu. Zvolte jiné."
                )
            )


class SignupForm(NewPasswordForm):
    password = _password_field(_l("Heslo"))
    confirm = _confirm_field(_l("Heslo znovu"))
    full_name = StringField(
        _l("Celé jméno"),
        validators=[
            DataRequired(_l("Vyplňte své jméno, jak má stát na certifikátu.")),
            Length(max=200, message=_l("Jméno může mít nejvýše 200 znaků.")),
        ],
        filters=[lambda v: " ".join(v.split()) if v else v],
    )
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()]
    )
    consent = BooleanField(
        _l("Souhlasím s podmínkami užití a beru na vědomí zásady ochrany osobních údajů."),
        validators=[DataRequired(_l("Bez souhlasu s podmínkami účet založit nemůžeme."))],
    )
    next = HiddenField()

    def personal_values(self) -> tuple[str, ...]:
        return (self.email.data or "", self.full_name.data or "")


class EmailForm(AcademyForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Vyplňte e-mail.")), EmailAddress()]
    )
