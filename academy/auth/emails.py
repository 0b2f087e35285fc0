"""The account e-mails: verification, "you already have an account", password reset.

Links are built from BASE_URL, never from the request's Host header. Each mail is written in
the account's language and added to the outbox in the request's transaction
(academy.notifications): the page does not wait for SMTP, and nothing is sent if the
request fails.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _

from academy.auth.models import User
from academy.auth.tokens import make_token
from academy.extensions import db
from academy.notifications import letters
from academy.notifications.notices import account_mail, in_users_language


def _link(endpoint: str, **values: str) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def _send(to: str, subject: str, body: str, *, kind: str, user: User) -> bool:
    account_mail(db.session, kind=kind, user=user, to=to, subject=subject, text=body)
    return True


@in_users_language
def send_verification(user: User) -> bool:
    token = make_token(current_app.config["SECRET_KEY"], user, "verify")
    link = _link("recovery.verify", token=token)
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "potvrďte prosím svou e-mailovou adresu pro CX akademii kliknutím na odkaz:\n\n"
        "%(link)s\n\n"
        "Odkaz platí 3 dny. Pokud jste se neregistrovali, tento e-mail ignorujte.\n\n"
        "CX akademie",
        name=user.full_name,
        link=link,
    )
    return _send(
        user.email, _("Potvrďte svůj e-mail v CX akademii"), body, kind="verification", user=user
    )


@in_users_language
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
        forgot=_link("recovery.forgot"),
    )
    return _send(
        user.email, _("Váš účet v CX akademii"), body, kind="already_registered", user=user
    )


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
        link=_link("recovery.reset", token=token),
    )
    return user.email, _("Obnova hesla v CX akademii"), body


@in_users_language
def send_reset(user: User) -> bool:
    to, subject, body = reset_message(user)
    return _send(to, subject, body, kind="password_reset", user=user)


def rehearse_reset(email: str) -> None:
    """Compose the reset e-mail `email` would get, for nobody: a reset asked for an unknown
    address does the same work as for a known one, so timing tells nothing."""
    stand_in = User(id=0, email=email, full_name="", password_hash=_STAND_IN_HASH)
    _to, subject, body = reset_message(stand_in)
    letters.write(letters.language_of(None), subject, body)  # as account_mail does


_STAND_IN_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c3RhbmQtaW4$c3RhbmQtaW4"


@in_users_language
def send_email_change(user: User, new_email: str) -> bool:
    token = make_token(current_app.config["SECRET_KEY"], user, "email", to=new_email)
    body = _(
        "Dobrý den, %(name)s,\n\n"
        "chcete v CX akademii používat tuto novou e-mailovou adresu. Potvrďte ji odkazem:\n\n"
        "%(link)s\n\n"
        "Odkaz platí 24 hodin. Dokud ho nepotvrdíte, platí původní adresa.\n\n"
        "CX akademie",
        name=user.full_name,
        link=_link("account.confirm_email", token=token),
    )
    return _send(
        new_email, _("Potvrďte novou e-mailovou adresu"), body, kind="email_change", user=user
    )


@in_users_language
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
    return _send(user.email, _("Pozvánka do CX akademie"), body, kind="invitation", user=user)
