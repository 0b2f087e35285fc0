"""The account e-mails: verification, "you already have an account", password reset.

Links are built from BASE_URL, never from the request's Host header.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _

from academy import mail
from academy.auth.models import User
from academy.auth.tokens import make_token


def _link(endpoint: str, **values: str) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def _send(to: str, subject: str, body: str) -> bool:
    try:
        mail.send(to, subject, body)
    except mail.MailError:
        return False  # logged by mail.send; the page answers the same either way
    return True


def send_verification(user: User) -> bool:
    token = make_token(current_app.config["SECRET_KEY"], user, "verify")
    link = _link("account.verify", token=token)
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "potvrďte prosím svou e-mailovou adresu pro CX akademii kliknutím na odkaz:\n\n"
        "%(link)s\n\n"
        "Odkaz platí 3 dny. Pokud jste se neregistrovali, tento e-mail ignorujte.\n\n"
        "CX akademie",
        name=user.full_name,
        link=link,
    )
    return _send(user.email, _("Potvrďte svůj e-mail v CX akademii"), body)


def send_already_registered(user: User) -> bool:
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "někdo se právě pokusil zaregistrovat do CX akademie s touto adresou, "
        "ale účet už máte.\n\n"
        "Přihlásit se můžete zde: %(login)s\n"
        "Pokud jste zapomněli heslo, obnovte si ho: %(forgot)s\n\n"
        "Pokud jste to nebyli vy, nemusíte nic dělat.\n\n"
        "CX akademie",
        name=user.full_name,
        login=_link("auth.login"),
        forgot=_link("account.forgot"),
    )
    return _send(user.email, _("Váš účet v CX akademii"), body)


def reset_message(user: User) -> tuple[str, str, str]:
    """(to, subject, body) of the password-reset e-mail, its link signed for `user`."""
    token = make_token(current_app.config["SECRET_KEY"], user, "reset")
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "požádali jste o nové heslo do CX akademie. Nastavíte si ho zde:\n\n"
        "%(link)s\n\n"
        "Odkaz platí 1 hodinu a lze ho použít jen jednou. Pokud jste o obnovu "
        "nežádali, e-mail ignorujte – vaše heslo zůstává beze změny.\n\n"
        "CX akademie",
        name=user.full_name,
        link=_link("account.reset", token=token),
    )
    return user.email, _("Obnova hesla v CX akademii"), body


def send_reset(user: User) -> bool:
    return _send(*reset_message(user))


def rehearse_reset(email: str) -> None:
    """Compose the reset e-mail `email` would get, for nobody: a reset asked for an unknown
    address does the same work as for a known one, so timing tells nothing."""
    stand_in = User(id=0, email=email, full_name="", password_hash=_STAND_IN_HASH)
    mail.build_message(*reset_message(stand_in), current_app.config["MAIL_SENDER"])


_STAND_IN_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c3RhbmQtaW4$c3RhbmQtaW4"


def send_email_change(user: User, new_email: str) -> bool:
    token = make_token(current_app.config["SECRET_KEY"], user, "email", to=new_email)
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "chcete v CX akademii používat tuto novou e-mailovou adresu. Potvrďte ji odkazem:\n\n"
        "%(link)s\n\n"
        "Odkaz platí 24 hodin. Dokud ho nepotvrdíte, platí původní adresa.\n\n"
        "CX akademie",
        name=user.full_name,
        link=_link("settings.confirm_email", token=token),
    )
    return _send(new_email, _("Potvrďte novou e-mailovou adresu"), body)


def send_invitation(user: User, inviter: User) -> bool:
    token = make_token(current_app.config["SECRET_KEY"], user, "invite")
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "%(inviter)s vás zve do CX akademie. Účet je pro vás připravený, heslo si nastavíte zde:\n\n"
        "%(link)s\n\n"
        "Odkaz platí 7 dní a lze ho použít jen jednou. Pokud pozvánku nečekáte, "
        "e-mail ignorujte.\n\n"
        "CX akademie",
        name=user.full_name,
        inviter=inviter.full_name,
        link=_link("people.accept_invitation", token=token),
    )
    return _send(user.email, _("Pozvánka do CX akademie"), body)
