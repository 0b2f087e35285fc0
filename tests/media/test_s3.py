"""Media and private files in a real S3 server (SeaweedFS): presigned links that expire and
refuse tampering, the copy command, and backups of the bucket."""

from __future__ import annotations

import html as html_lib
import io
import re
import shutil
import tarfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import delete

from academy.extensions import db
from academy.learning.models import Enrollment
from academy.media.backends import BACKUPS, MEDIA, PRIVATE, storage
from academy.media.private import delete_private, open_private, private_exists, save_private
from tests.conftest import csrf_token
from tests.studio.samples import COURSE, MEDIA_PAGE, png, sign_in, upload
from tests.webinars.conftest import MODULE

SOURCES = "/webinars/demo-kurz/webinar/sources"


def fetch(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as error:
        return error.code, b"", dict(error.headers)


def presigned_video(client, s3_server) -> str:
    page = client.get(MODULE).get_data(as_text=True)
    found = re.search(r'<source src="([^"]+)"', page)
    assert found
    link = html_lib.unescape(found.group(1))
    assert link.startswith(f"{s3_server.endpoint}/")  # the browser fetches from the bucket
    return link


def test_import_puts_the_course_media_into_the_bucket(s3_app, s3_course):
    with s3_app.app_context():
        keys = set(storage(MEDIA).names("demo-kurz/"))
    assert {"demo-kurz/webinar.webm", "demo-kurz/webinar.cs.vtt"} <= keys


def test_a_presigned_link_plays_a_range_from_the_bucket(client, s3_learner, s3_server):
    status, body, headers = fetch(presigned_video(client, s3_server), {"Range": "bytes=0-9"})
    assert (status, len(body)) == (206, 10)
    assert headers["Content-Type"] == "video/webm"
    assert headers["Cache-Control"] == "private, max-age=900"


def test_pages_may_play_from_the_bucket_and_captions_stay_with_the_app(
    client, s3_learner, s3_server
):
    page = client.get(MODULE)
    assert f"media-src 'self' {s3_server.endpoint}" in page.headers["Content-Security-Policy"]
    assert '<track kind="captions" src="/media/demo-kurz/webinar.cs.vtt"' in page.text
    assert client.get("/media/demo-kurz/webinar.cs.vtt").status_code == 200  # enrolled


def test_a_tampered_or_unsigned_bucket_link_is_refused(client, s3_learner, s3_server):
    link = presigned_video(client, s3_server)
    assert fetch(link.replace("webinar.webm", "webinar.cs.vtt"))[0] == 403
    assert fetch(link.split("?")[0])[0] == 403
    later = re.sub(r"X-Amz-Expires=\d+", "X-Amz-Expires=86400", link)
    assert fetch(later)[0] == 403


def test_an_expired_bucket_link_is_refused(s3_app, client, s3_learner, s3_server):
    s3_app.config["MEDIA_LINK_MINUTES"] = 1 / 60  # one second
    link = presigned_video(client, s3_server)
    time.sleep(2.2)  # the server's clock decides; no assertion on time itself
    assert fetch(link)[0] == 403


def test_a_revoked_enrolment_gets_no_new_bucket_links(s3_app, client, s3_learner):
    assert client.get(SOURCES).status_code == 200
    with s3_app.app_context():
        db.session.execute(delete(Enrollment))
        db.session.commit()
    assert client.get(SOURCES).status_code == 403


def test_a_node_without_the_file_serves_it_from_the_bucket(s3_app, client, s3_course):
    """A node whose working copy lacks a file (it was imported elsewhere) fetches it."""
    shutil.rmtree(Path(s3_app.config["MEDIA_DIR"]))
    response = client.get("/media/demo-kurz/obrazek.svg")
    assert response.status_code == 200
    assert response.data == (s3_course / "media" / "obrazek.svg").read_bytes()


def test_private_files_go_to_the_bucket(s3_app):
    with s3_app.app_context():
        save_private("assignments/1/zprava.pdf", io.BytesIO(b"%PDF-1.7 report"))
        assert "assignments/1/zprava.pdf" in set(storage(PRIVATE).names())
        with open_private("assignments/1/zprava.pdf") as stream:
            assert stream.read() == b"%PDF-1.7 report"
        delete_private("assignments/1/zprava.pdf")
        assert private_exists("assignments/1/zprava.pdf") is False


def test_copy_to_bucket_verifies_and_can_run_again(app, imported, s3_server, s3_bucket, runner):
    """Local media copied into a new bucket with checksums; a second run copies nothing."""
    with app.app_context():
        save_private("resources/1/tabulka.csv", io.BytesIO(b"a;b\n1;2\n"))
    app.config.update(s3_server.settings(s3_bucket))
    app.extensions.pop("academy_storage", None)
    first = runner.invoke(args=["media", "copy-to-bucket"])
    assert first.exit_code == 0, first.output
    local = sorted(p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file())
    assert f"media: {len(local)} files copied" in first.output
    assert "private: 1 files copied" in first.output
    with app.app_context():
        bucket = storage(MEDIA)
        for path in local:
            key = path.relative_to(app.config["MEDIA_DIR"]).as_posix()
            assert bucket.sha256(key) == bucket.recorded_sha256(key)
    again = runner.invoke(args=["media", "copy-to-bucket"])
    assert f"media: 0 files copied (0 bytes), {len(local)} already in the bucket" in again.output


def test_backup_holds_the_buckets_media_and_private_files(s3_app, s3_course, runner, tmp_path):
    with s3_app.app_context():
        save_private("assignments/7/ukol.docx", io.BytesIO(b"PK docx"))
    shutil.rmtree(Path(s3_app.config["MEDIA_DIR"]))  # this node's working copy is gone
    dest = tmp_path / "zaloha.tar"
    with s3_app.app_context():  # flask-alembic's `db` group needs one
        result = runner.invoke(args=["db", "backup", str(dest)])
    assert result.exit_code == 0, result.output
    with tarfile.open(dest) as archive:
        names = set(archive.getnames())
        assert archive.extractfile("private/assignments/7/ukol.docx").read() == b"PK docx"
    assert {"media/demo-kurz/webinar.webm", "media/demo-kurz/webinar.cs.vtt"} <= names
    with s3_app.app_context():
        assert list(storage(BACKUPS).names()) == ["zaloha.tar"]  # a copy off the node


def test_a_file_deleted_in_the_studio_leaves_the_bucket_too(s3_app, client, auth, imported):
    """Otherwise another node (or this one after losing its working copy) would fetch it back."""
    sign_in(auth)
    name = upload(client, png(), "navic.png").get_json()["name"]
    with s3_app.app_context():
        assert f"{COURSE}/{name}" in set(storage(MEDIA).names(f"{COURSE}/"))
    response = client.post(
        f"{MEDIA_PAGE}/{name}/delete", data={"csrf_token": csrf_token(client, MEDIA_PAGE)}
    )
    assert response.status_code == 302
    with s3_app.app_context():
        assert f"{COURSE}/{name}" not in set(storage(MEDIA).names(f"{COURSE}/"))
    assert client.get(f"/media/{COURSE}/{name}").status_code == 404
