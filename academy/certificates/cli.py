"""`flask certificates verify FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from academy.certificates import credentials, services, signing_key
from academy.commands import Commands
from academy.extensions import db


@click.group(cls=Commands, help="Certificates and their signed credentials.")
def certificates() -> None:
    pass


certificates.add_command(signing_key.new_signing_key_command)


@certificates.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify(file: Path) -> None:
    """Check FILE (an OpenBadgeCredential VC-JWT): signature, then revocation."""
    token = file.read_text(encoding="utf-8", errors="replace").strip()
    try:
        credential = credentials.verify(token, signing_key.current_keys())
    except credentials.CredentialError as exc:
        raise click.ClickException(f"INVALID: {exc}") from None
    code = str(credential.get("id", "")).rsplit("/", 1)[-1]  # the certificate's page
    certificate = services.find_by_code(db.session, code)
    subject = credential["credentialSubject"]
    click.echo(
        json.dumps(
            {
                "holder": subject.get("name"),
                "course": credential.get("name"),
                "validFrom": credential.get("validFrom"),
            },
            ensure_ascii=False,
        )
    )
    if certificate is None or not certificate.is_ready:
        raise click.ClickException("INVALID: the signature is ours, but no such certificate exists")
    if certificate.is_revoked:
        raise click.ClickException(
            f"REVOKED on {certificate.revoked_at:%Y-%m-%d}: {certificate.revoked_reason}"
        )
    click.echo("VALID: signature verified and the certificate is not revoked.")
