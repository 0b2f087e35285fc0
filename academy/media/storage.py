"""Where media and private files live: local folders (the default) or an S3-compatible bucket.

Keys are relative, `/`-separated names ("<course>/<file>" for media). Each node keeps a
working copy of media in MEDIA_DIR (imports and uploads write there first, probing and
captions read there); with S3 the bucket is the shared truth: every write is pushed to it,
a file missing locally is fetched from it, and learners' browsers download from it through
short-lived presigned URLs, so a second node never needs the first one's disk.
"""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

CHUNK = 1024 * 1024


class Storage(Protocol):
    """What the academy asks of a place that holds files."""

    def put(self, key: str, source: Path) -> None: ...
    def put_stream(self, key: str, stream: IO[bytes]) -> None: ...
    def open(self, key: str) -> IO[bytes]: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def names(self, prefix: str = "") -> Iterator[str]: ...
    def listing(self, prefix: str = "") -> Iterator[tuple[str, int]]: ...
    def sha256(self, key: str) -> str: ...
    def size(self, key: str) -> int: ...
    def presigned(self, key: str, seconds: int, cache_seconds: int) -> str | None: ...


def file_sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while block := stream.read(CHUNK):
        digest.update(block)
    return digest.hexdigest()


class LocalStorage:
    """Files under one folder; `private=True` creates them 0600 in 0700 folders."""

    def __init__(self, root: Path, private: bool = False) -> None:
        self.root, self.private = Path(root), private

    def path(self, key: str) -> Path:
        parts = [p for p in key.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root.joinpath(*parts)

    def _folder(self, path: Path) -> None:
        if self.private:
            from academy.private_files import private_dir

            for parent in reversed([p for p in path.parents if self.root in (p, *p.parents)]):
                private_dir(parent)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)

    def put(self, key: str, source: Path) -> None:
        with open(source, "rb") as stream:
            self.put_stream(key, stream)

    def put_stream(self, key: str, stream: IO[bytes]) -> None:
        import os
        import tempfile

        path = self.path(key)
        self._folder(path)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:  # mkstemp files are 0600 already
                shutil.copyfileobj(stream, out, CHUNK)
            if not self.private:
                os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> IO[bytes]:
        return self.path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def names(self, prefix: str = "") -> Iterator[str]:
        return (key for key, _size in self.listing(prefix))

    def listing(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        """(key, size in bytes) of every file under `prefix`, sorted by key, hidden ones left out."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and key.startswith(prefix) and not _hidden(key):
                yield key, path.stat().st_size

    def sha256(self, key: str) -> str:
        with self.open(key) as stream:
            return file_sha256(stream)

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def presigned(self, key: str, seconds: int, cache_seconds: int) -> str | None:
        return None  # local files are signed by academy.media.links for nginx


def _hidden(key: str) -> bool:
    return any(part.startswith(".") for part in key.split("/"))


class S3Storage:
    """Objects under `prefix` in one bucket of an S3-compatible server (boto3)."""

    def __init__(self, client, bucket: str, prefix: str, public_client=None) -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/") + "/"
        self.public_client = public_client or client  # signs URLs for browsers' host name

    def _key(self, key: str) -> str:
        if not key or any(p in ("", ".", "..") for p in key.split("/")):
            raise ValueError(f"not a storage key: {key!r}")
        return self.prefix + key

    def put(self, key: str, source: Path) -> None:
        with open(source, "rb") as stream:
            self.put_stream(key, stream)

    def put_stream(self, key: str, stream: IO[bytes]) -> None:
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        self.client.upload_fileobj(
            stream, self.bucket, self._key(key), ExtraArgs={"ContentType": kind}
        )

    def open(self, key: str) -> IO[bytes]:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(key) from None

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def names(self, prefix: str = "") -> Iterator[str]:
        return (key for key, _size in self.listing(prefix))

    def listing(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        """(key, size in bytes) of every object under `prefix`, sorted by key, hidden ones
        left out: list_objects_v2 pages carry the sizes, so no request per object."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"].removeprefix(self.prefix)
                if not _hidden(key):
                    yield key, item["Size"]

    def sha256(self, key: str) -> str:
        with self.open(key) as stream:
            return file_sha256(stream)

    def size(self, key: str) -> int:
        return self.client.head_object(Bucket=self.bucket, Key=self._key(key))["ContentLength"]

    def recorded_sha256(self, key: str) -> str | None:
        """The checksum stored with the object when it was copied in (None: not recorded)."""
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return None
        return head.get("Metadata", {}).get("sha256")

    def put_checked(self, key: str, source: Path, sha256: str) -> None:
        """Upload `source` recording its checksum, so a re-run can skip it."""
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        extra = {"ContentType": kind, "Metadata": {"sha256": sha256}}
        self.client.upload_file(str(source), self.bucket, self._key(key), ExtraArgs=extra)

    def presigned(self, key: str, seconds: int, cache_seconds: int) -> str | None:
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        params = {
            "Bucket": self.bucket,
            "Key": self._key(key),
            "ResponseContentType": kind,
            "ResponseCacheControl": f"private, max-age={cache_seconds}",
        }
        return self.public_client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=seconds
        )


def copy_to(source: Storage, target: Storage, key: str) -> None:
    with source.open(key) as stream:
        target.put_stream(key, stream)
