"""`flask db backup DEST` and `flask db restore SRC`: everything a restore needs, in one file.

A backup is an uncompressed tar (recordings do not compress), created 0600, holding
- manifest.json: format, database kind, migration, signing key id, sample credentials;
- the database (academy.backups: SQLite's backup API or pg_dump);
- certificate-signing-key.pem, without which no credential issued so far verifies;
- media/: every course's media, imported and uploaded in the studio (from the bucket with
  ACADEMY_STORAGE=s3, else from MEDIA_DIR);
- private/: uploaded private files (academy.private_files), from either backend.
A restore checks the archive before it changes anything, then brings back the database,
the key and the media, checks the database and verifies the sampled credentials with the
restored key. A plain database file (what `db backup` wrote before) still restores alone.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_alembic.cli import cli as db_cli
from sqlalchemy import select, text

from academy import backups
from academy.backups import BackupError
from academy.certificates import credentials, signing_key
from academy.certificates.models import Certificate
from academy.db import utcnow
from academy.extensions import db
from academy.media import backends
from academy.media.backends import uses_bucket
from academy.private_files import create_private_file, private_dir

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
SAMPLE = 5  # credentials signed into the manifest and verified after a restore
NOT_BACKED_UP = {".incoming"}  # studio uploads still arriving


@dataclass
class Restored:
    database_only: bool = False
    key_ids: dict[str, str] = field(default_factory=dict)  # algorithm -> key id
    media_files: int = 0
    private_files: int = 0
    credentials_verified: int = 0


def _backend() -> str:
    return db.engine.dialect.name


def _media_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def _revision() -> str:
    with db.engine.connect() as conn:
        return ", ".join(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _sample_credentials(keys: dict[str, credentials.SigningKey]) -> list[dict[str, str]]:
    """A few certificates' codes, each signed by every key, to verify after a restore."""
    codes = db.session.scalars(
        select(Certificate.code)
        .where(Certificate.name_confirmed_at.is_not(None))
        .order_by(Certificate.id.desc())
        .limit(SAMPLE)
    )
    base = current_app.config["BASE_URL"]
    samples = []
    for code in codes:
        probe = {
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "id": code,
            "issuer": {"id": base},
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": code},
        }
        for key in keys.values():
            samples.append({"code": code, "credential": credentials.sign(probe, key, base)})
    return samples


def _keys(instance: Path) -> dict[str, credentials.SigningKey]:
    """The signing keys whose files exist (never makes one)."""
    return {
        alg: loader(str(instance))
        for alg, (name, loader) in signing_key.KEYS.items()
        if (instance / name).exists()
    }


def backup(dest: Path) -> dict[str, Any]:
    """Write the database, the signing key and the media to the new file `dest`."""
    instance = Path(current_app.instance_path)
    keys = _keys(instance)
    manifest = {
        "format": FORMAT,
        "created_at": utcnow().isoformat(),
        "database": _backend(),
        "revision": _revision(),
        "signing_key_ids": {alg: key.kid for alg, key in sorted(keys.items())},
        "credentials": _sample_credentials(keys) if keys else [],
    }
    db.session.rollback()  # read only; no transaction may hold SQLite's lock during the copy
    with tempfile.TemporaryDirectory(prefix="academy-backup-") as temp:  # 0700
        dump = Path(temp) / DATABASE[_backend()]
        backups.backup_database(dump)
        with (
            os.fdopen(create_private_file(dest), "wb") as raw,
            tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive,
        ):
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(utcnow().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, DATABASE[_backend()])
            for alg in keys:
                name = signing_key.KEYS[alg][0]
                archive.add(instance / name, name)
            media = _media_dir()
            if uses_bucket():
                _add_stored(archive, backends.MEDIA)
            elif media.is_dir():
                archive.add(media, MEDIA, filter=_media_member)
            _add_stored(archive, backends.PRIVATE)
    return manifest


def _add_stored(archive: tarfile.TarFile, area: str) -> None:
    """Every file of a storage area (local or in the bucket), as `<area>/<key>` members."""
    stored = backends.storage(area)
    for key in stored.names():
        info = tarfile.TarInfo(f"{area}/{key}")
        info.size, info.mode, info.mtime = stored.size(key), 0o600, int(utcnow().timestamp())
        with stored.open(key) as stream:
            archive.addfile(info, stream)


def _restore_stored(folder: Path, area: str) -> int:
    """Put back a storage area's files from the unpacked backup; returns how many."""
    stored, count = backends.storage(area), 0
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stored.put(path.relative_to(folder).as_posix(), path)
            count += 1
    return count


def _media_member(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    parts = Path(info.name).parts
    if len(parts) > 1 and parts[1] in NOT_BACKED_UP or info.issym() or info.islnk():
        return None
    return info


def restore(src: Path) -> Restored:
    """Bring back what `backup` wrote to `src` (or a plain database file), then check it."""
    if not tarfile.is_tarfile(src):
        backups.restore_database(src)
        backups.check()
        return Restored(database_only=True)
    instance = private_dir(Path(current_app.instance_path))
    with tempfile.TemporaryDirectory(prefix="academy-restore-", dir=instance) as temp:
        unpacked = Path(temp)
        try:
            with tarfile.open(src) as archive:
                archive.extractall(unpacked, filter="data")
            manifest = json.loads((unpacked / MANIFEST).read_text(encoding="utf-8"))
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise BackupError(
                f"{src} is not a readable academy backup ({exc}); nothing was restored"
            ) from None
        if manifest.get("format") != FORMAT or manifest.get("database") != _backend():
            raise BackupError(
                f"{src} is a backup of a {manifest.get('database')} database (format "
                f"{manifest.get('format')}); this academy runs on {_backend()}. Nothing was restored."
            )
        dump = unpacked / DATABASE[_backend()]
        if not dump.is_file():
            raise BackupError(f"{src} holds no database; nothing was restored")
        backups.restore_database(dump)
        restored = Restored()
        for name in credentials.KEY_FILES:
            key_file = unpacked / name
            if key_file.is_file():
                os.chmod(key_file, 0o600)
                os.replace(key_file, instance / name)  # same folder tree: atomic
        restored.key_ids = {alg: key.kid for alg, key in sorted(_keys(instance).items())}
        media = unpacked / MEDIA
        if media.is_dir():
            restored.media_files = sum(1 for p in media.rglob("*") if p.is_file())
            if uses_bucket():
                _restore_stored(media, backends.MEDIA)
            shutil.copytree(media, _media_dir(), dirs_exist_ok=True)
        if (unpacked / backends.PRIVATE).is_dir():
            restored.private_files = _restore_stored(unpacked / backends.PRIVATE, backends.PRIVATE)
    backups.check()
    restored.credentials_verified = _verify_samples(manifest, restored)
    return restored


def _verify_samples(manifest: dict[str, Any], restored: Restored) -> int:
    """Each sampled credential verifies with the restored key and names a restored certificate."""
    samples = manifest.get("credentials") or []
    if (manifest.get("signing_key_ids") or {}) != restored.key_ids:
        raise BackupError(
            f"the backup holds keys {manifest.get('signing_key_ids')}, "
            f"the restored keys are {restored.key_ids}"
        )
    if not samples:
        return 0
    key = _keys(Path(current_app.instance_path))
    codes = set(db.session.scalars(select(Certificate.code)))
    for sample in samples:
        try:
            credentials.verify(sample["credential"], key)
        except credentials.CredentialError as exc:
            raise BackupError(f"credential of certificate {sample['code']}: {exc}") from None
        if sample["code"] not in codes:
            raise BackupError(f"certificate {sample['code']} is missing after the restore")
    return len(samples)


@db_cli.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Write the database, the signing key and all media to the new file DEST (0600)."""
    if dest.exists():
        raise BackupError(f"{dest} exists; choose a new file name")
    manifest = backup(dest)
    keys = manifest["signing_key_ids"]
    if not keys:
        click.echo("warning: there is no certificate signing key yet; none was saved.", err=True)
    click.echo(
        f"Backup written to {dest} ({dest.stat().st_size} bytes): database, "
        f"signing keys {', '.join(keys.values()) or '-'}, media."
    )
    if uses_bucket():  # off the node too: a lost node's disk loses no backup
        backends.storage(backends.BACKUPS).put(dest.name, dest)
        click.echo(f"Copied to the bucket as {backends.BACKUPS}/{dest.name}.")


@db_cli.command("restore")
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(src: Path, yes: bool) -> None:
    """Replace the database, the signing key and the media with the backup SRC, then check."""
    if not yes:
        click.confirm("This replaces every row in the database. Continue?", abort=True)
    restored = restore(src)
    if restored.database_only:
        click.echo(
            f"Restored {src} (a database-only backup: no signing key, no media); "
            "integrity check passed."
        )
        return
    click.echo(
        f"Restored {src}: database, signing keys {', '.join(restored.key_ids.values()) or '-'}, "
        f"{restored.media_files} media files; integrity check passed; "
        f"{restored.credentials_verified} sampled credentials verify."
    )
