"""`flask media copy-to-bucket`: move an academy's local files into the S3 bucket."""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask.cli import AppGroup

from academy.media.backends import MEDIA, PRIVATE, local_root, storage, uses_bucket
from academy.media.storage import LocalStorage, S3Storage

media = AppGroup("media", help="Course media and private files: storage.")


@dataclass
class Copied:
    copied: int = 0
    already: int = 0
    bytes: int = 0


def copy_to_bucket(area: str) -> Copied:
    """Copy every local file of `area` the bucket lacks, verifying each by its SHA-256.

    A file already in the bucket with the same recorded checksum is skipped, so the command
    can be re-run (after an interruption, or while the old node still takes uploads)."""
    local = LocalStorage(local_root(area))
    bucket = storage(area)
    assert isinstance(bucket, S3Storage)
    done = Copied()
    for key in local.names():
        digest = local.sha256(key)
        if bucket.recorded_sha256(key) == digest:
            done.already += 1
            continue
        bucket.put_checked(key, local.path(key), digest)
        if bucket.sha256(key) != digest:  # read back what the server stored
            raise click.ClickException(f"{area}/{key}: the bucket's copy differs; run again")
        done.copied += 1
        done.bytes += local.size(key)
    return done


@media.command("copy-to-bucket")
def copy_to_bucket_command() -> None:
    """Copy local media and private files into ACADEMY_S3_BUCKET, checking checksums."""
    if not uses_bucket():
        raise click.UsageError("Set ACADEMY_STORAGE=s3 and the ACADEMY_S3_* settings first.")
    for area in (MEDIA, PRIVATE):
        done = copy_to_bucket(area)
        click.echo(
            f"{area}: {done.copied} files copied ({done.bytes:,} bytes), "
            f"{done.already} already in the bucket; checksums verified."
        )
