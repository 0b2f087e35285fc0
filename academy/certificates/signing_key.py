"""Which key signs credentials: the one in the instance folder, never a silent new one.

Making a key writes `signing_key_created` (with its id) to the audit log in the database.
Once a key was made for this database, credentials signed by it may be out in the world,
and a new key would make every one of them fail verification: a missing key file is then
an error that says to restore it (`flask db restore`) or to make a new one deliberately
(`flask certificates new-signing-key --yes`), which breaks the old credentials knowingly.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, has_request_context
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import ServiceUnavailable

from academy.audit.models import SecurityEvent
from academy.audit.services import record
from academy.certificates import credentials
from academy.extensions import db


class SigningKeyMissing(ServiceUnavailable):
    """The key is gone while certificates signed by it exist (a 503 for a request)."""


def key_path(instance_path: str) -> Path:
    return Path(instance_path) / credentials.KEY_FILE


def key_was_made(session: Session) -> bool:
    """Whether a signing key was ever made for this database (and so may have signed)."""
    made = exists().where(SecurityEvent.kind == "signing_key_created")
    return bool(session.scalar(select(made)))


def _create(session: Session, instance_path: str) -> credentials.SigningKey:
    key = credentials.load_or_create_key(instance_path)
    record(session, "signing_key_created", key_id=key.kid)
    session.flush()
    return key


# (instance folder, database) pairs whose key is known to the audit log: asked once a process
_RECORDED: set[tuple[str, str]] = set()


def load_key(session: Session, instance_path: str) -> credentials.SigningKey:
    """The academy's signing key; a new one only if none was ever made for this database."""
    path = key_path(instance_path)
    if path.exists():
        key = credentials.load_or_create_key(instance_path)
        known = (instance_path, str(session.get_bind().url))
        if known not in _RECORDED:
            if not key_was_made(session):  # a key made before keys were logged: log it now
                record(session, "signing_key_created", key_id=key.kid, found_in_use=True)
                session.flush()
            _RECORDED.add(known)
        return key
    if key_was_made(session):
        message = (
            f"The certificate signing key {path} is missing, but a key was made for this "
            "database before (audit log: signing_key_created), so credentials signed with it "
            "may be in learners' hands. Restore the key with "
            "`flask db restore BACKUP`, or copy it back; only if it is lost for good, run "
            "`flask certificates new-signing-key --yes` (every credential issued so far "
            "will stop verifying)."
        )
        current_app.logger.error(message)
        if not has_request_context():
            raise click.ClickException(message)
        raise SigningKeyMissing(
            _("Osvědčení teď nelze podepsat ani ověřit: chybí podpisový klíč akademie. "
              "Správce byl upozorněn; zkuste to prosím později.")
        )  # fmt: skip
    return _create(session, instance_path)


def current_key() -> credentials.SigningKey:
    """The key for this app and request (see load_key)."""
    return load_key(db.session, current_app.instance_path)


@click.command("new-signing-key")
@click.option("--yes", is_flag=True, help="Confirm that old credentials will stop verifying.")
@with_appcontext
def new_signing_key_command(yes: bool) -> None:
    """Make a new credential signing key when the old one is lost for good."""
    path = key_path(current_app.instance_path)
    if path.exists():
        raise click.ClickException(f"{path} exists; a signing key is in place, nothing to do.")
    if key_was_made(db.session) and not yes:
        raise click.ClickException(
            "A signing key was made for this database before: credentials signed with it "
            "will no longer verify. Restore the key from a backup (`flask db restore`), or "
            "run again with --yes to make a new key anyway."
        )
    key = _create(db.session, current_app.instance_path)
    db.session.commit()
    click.echo(f"New signing key {key.kid} written to {path}.")
