"""Small real files for upload tests, and helpers to sign in as course staff."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

from academy.auth.models import Role
from tests.conftest import FIXTURES, csrf_token

COURSE = "demo-kurz"
MEDIA_PAGE = f"/studio/courses/{COURSE}/media"
MEDIA_JSON = f"/studio/courses/{COURSE}/media.json"
INSTRUCTOR = "jiri@example.cz"  # listed in the demo course's course.md
OTHER_INSTRUCTOR = "eva@example.cz"


def image(fmt: str, size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (15, 76, 92)).save(out, format=fmt)
    return out.getvalue()


def png() -> bytes:
    return image("PNG")


WEBM = (FIXTURES / "courses" / COURSE / "media" / "webinar.webm").read_bytes()
MP4 = (
    b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    + b"\x00\x00\x00\x08free"
    + b"\x00\x00\x00\x10mdat"
    + bytes(8)
)
VTT = "WEBVTT\n\n00:00.000 --> 00:02.500\nDobrý den, <b>vítejte</b>.\n\n00:02.500 --> 00:05.000\nŠťastnou cestu.\n".encode()
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def sign_in(auth, email: str = INSTRUCTOR, role: Role = Role.INSTRUCTOR) -> None:
    auth.create(email=email, name="Lektor " + email.split("@")[0], role=role)
    auth.login(email=email)


def upload(client, data: bytes, filename: str, *, as_json: bool = True):
    """Post a file as the studio editor does (JSON, token in the header) or as a plain form."""
    token = csrf_token(client, MEDIA_PAGE)
    if as_json:
        return client.post(
            MEDIA_PAGE,
            data={"file": (io.BytesIO(data), filename)},
            headers={"X-CSRFToken": token, "Accept": "application/json"},
            content_type="multipart/form-data",
        )
    return client.post(
        MEDIA_PAGE,
        data={"file": (io.BytesIO(data), filename), "csrf_token": token},
        headers={"Accept": "text/html"},
        content_type="multipart/form-data",
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too), by relative path."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def zip_of(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def course_zip(folder: Path, prefix: str = COURSE) -> dict[str, bytes]:
    """The files of a course folder as zip entries under `prefix/`."""
    return {
        f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def import_zip(client, data: bytes, filename: str = "kurz.zip"):
    token = csrf_token(client, "/studio/import")
    return client.post(
        "/studio/import",
        data={"archive": (io.BytesIO(data), filename), "csrf_token": token},
        content_type="multipart/form-data",
    )
