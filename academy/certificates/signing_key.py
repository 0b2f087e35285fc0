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


# Each algorithm's key: its file in the instance folder and how it is made or read.
KEYS = {
    "EdDSA": (credentials.KEY_FILE, credentials.load_or_create_key),
    "RS256": (credentials.RSA_KEY_FILE, credentials.load_or_create_rsa_key),
}


def key_path(instance_path: str, alg: str = "EdDSA") -> Path:
    return Path(instance_path) / KEYS[alg][0]


def key_was_made(session: Session, alg: str = "EdDSA") -> bool:
    """Whether a key of `alg` was ever made for this database (and so may have signed).
    RSA key ids start with "rsa-"; Ed25519 events from before RS256 carry no prefix."""
    key_id = SecurityEvent.details["key_id"].as_string()
    is_rsa = key_id.like("rsa-%")
    made = exists().where(
        SecurityEvent.kind == "signing_key_created", is_rsa if alg == "RS256" else ~is_rsa
    )
    return bool(session.scalar(select(made)))


def _create(session: Session, instance_path: str, alg: str) -> credentials.SigningKey:
    key = KEYS[alg][1](instance_path)
    record(session, "signing_key_created", key_id=key.kid, alg=alg)
    session.flush()
    return key


# (instance folder, database, algorithm) whose key is known to the audit log: asked once
_RECORDED: set[tuple[str, str, str]] = set()


# Keys read from their files, by path, with the file's modification time: parsed once per
# process, read again only when the file is replaced.
_LOADED: dict[Path, tuple[int, credentials.SigningKey]] = {}


def _read(instance_path: str, alg: str, path: Path) -> credentials.SigningKey:
    stamp = path.stat().st_mtime_ns
    cached = _LOADED.get(path)
    if cached is None or cached[0] != stamp:
        cached = _LOADED[path] = (stamp, KEYS[alg][1](instance_path))
    return cached[1]


def load_key(session: Session, instance_path: str, alg: str = "EdDSA") -> credentials.SigningKey:
    """The academy's signing key for `alg`; a new one only if none was ever made for this
    database."""
    path = key_path(instance_path, alg)
    if path.exists():
        key = _read(instance_path, alg, path)
        known = (instance_path, str(session.get_bind().url), alg)
        if known not in _RECORDED:
            if not key_was_made(session, alg):  # made before keys were logged: log it now
                record(session, "signing_key_created", key_id=key.kid, alg=alg, found_in_use=True)
                session.flush()
            _RECORDED.add(known)
        return key
    if key_was_made(session, alg):
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
            _(
                "Osvědčení teď nelze podepsat ani ověřit: chybí podpisový klíč akademie. "
                "Správce byl upozorněn; zkuste to prosím později."
            )
        )
    return _create(session, instance_path, alg)


def load_keys(session: Session, instance_path: str) -> dict[str, credentials.SigningKey]:
    """Both keys by algorithm ({"RS256": ..., "EdDSA": ...}), under the same rule."""
    return {alg: load_key(session, instance_path, alg) for alg in credentials.ALGORITHMS}


def current_key() -> credentials.SigningKey:
    """The Ed25519 key for this app and request (see load_key)."""
    return load_key(db.session, current_app.instance_path)


def current_keys() -> dict[str, credentials.SigningKey]:
    """Both keys for this app and request (see load_key)."""
    return load_keys(db.session, current_app.instance_path)


@click.command("new-signing-key")
@click.option("--yes", is_flag=True, help="Confirm that old credentials will stop verifying.")
@with_appcontext
def new_signing_key_command(yes: bool) -> None:
    """Make the credential signing keys that are missing, when the old ones are lost."""
    missing = [
        alg
        for alg in credentials.ALGORITHMS
        if not key_path(current_app.instance_path, alg).exists()
    ]
    if not missing:
        raise click.ClickException("Every signing key is in place; nothing to do.")
    if any(key_was_made(db.session, alg) for alg in missing) and not yes:
        raise click.ClickException(
            "A signing key was made for this database before: credentials signed with it "
            "will no longer verify. Restore the key from a backup (`flask db restore`), or "
            "run again with --yes to make a new key anyway."
        )
    for alg in missing:
        key = _create(db.session, current_app.instance_path, alg)
        click.echo(
            f"New {alg} signing key {key.kid} written to "
            f"{key_path(current_app.instance_path, alg)}."
        )
    db.session.commit()
