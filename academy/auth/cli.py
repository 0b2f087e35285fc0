"""`flask users create EMAIL --name ... --role ...` and `flask users set-role EMAIL ROLE`."""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import with_appcontext

from academy.auth.forms import normalize_email
from academy.auth.models import Role
from academy.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common
from academy.auth.services import EmailTaken, change_role, create_user, find_by_email
from academy.commands import Commands
from academy.extensions import db


@click.group(cls=Commands, help="Manage academy accounts.")
def users() -> None:
    pass


@users.command("create")
@click.argument("email")
@click.option("--name", "full_name", required=True, help="Full name, as on certificates.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.LEARNER.value,
    show_default=True,
)
@click.option(
    "--password",
    help="Password to set. Omit it to be asked (on a terminal) or to get a generated one.",
)
@with_appcontext
def create(email: str, full_name: str, role: str, password: str | None) -> None:
    """Create an account with EMAIL."""
    try:
        email = normalize_email(email)
    except ValueError as exc:
        raise click.BadParameter(f"{email!r} is not a valid e-mail address: {exc}") from None
    full_name = " ".join(full_name.split())
    if not full_name:
        raise click.BadParameter("the name must not be empty", param_hint="--name")
    generated = False
    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password, generated = secrets.token_urlsafe(15), True
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise click.BadParameter(
            f"use {MIN_LENGTH} to {MAX_LENGTH} characters", param_hint="--password"
        )
    if is_common(password, email, full_name):
        raise click.BadParameter(
            "this password is too common; choose another", param_hint="--password"
        )
    try:
        create_user(
            db.session,
            email=email,
            full_name=full_name,
            password=password,
            role=Role(role),
            verified=True,  # created by an operator
        )
        db.session.commit()
    except EmailTaken:
        raise click.ClickException(f"an account with {email} already exists") from None
    click.echo(f"Created {role} {full_name} <{email}>.")
    if generated:
        click.echo(f"Generated password: {password}")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@with_appcontext
def set_role(email: str, role: str) -> None:
    """Give the account with EMAIL another ROLE (recorded in the security log)."""
    try:
        email = normalize_email(email)
    except ValueError as exc:
        raise click.BadParameter(f"{email!r} is not a valid e-mail address: {exc}") from None
    user = find_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"no account with {email}")
    if not change_role(db.session, user, Role(role)):
        click.echo(f"{email} is already {role}.")
        return
    db.session.commit()
    click.echo(f"{email} is now {role}; their sessions ended.")
    if user.is_staff and not user.has_two_factor:
        click.echo("They must set up two-factor sign-in at their next sign-in.")
