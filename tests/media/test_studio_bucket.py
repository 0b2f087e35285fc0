"""The studio and the course export read course media through the media storage: with S3 a
node whose media folder is empty (a second node, a cleared disk) lists and exports the
course's files from the bucket."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from academy.media.backends import MEDIA, storage
from academy.media.images import is_modern_copy
from tests.conftest import csrf_token
from tests.studio.samples import COURSE, MEDIA_JSON, MEDIA_PAGE, image, png, sign_in, upload
from tests.studio.test_media_replace import replace


def _course_media(course_folder: Path) -> dict[str, bytes]:
    """The fixture course's own media files (what the studio lists and the zip holds)."""
    media = course_folder / "media"
    return {
        p.relative_to(media).as_posix(): p.read_bytes()
        for p in media.rglob("*")
        if p.is_file() and not is_modern_copy(p.name)
    }


class S3Calls:
    """The S3 operations the app's media client makes while it is registered."""

    def __init__(self, app) -> None:
        with app.app_context():
            self.events = storage(MEDIA).client.meta.events
        self.names: list[str] = []

    def _seen(self, model, **_kwargs) -> None:
        self.names.append(model.name)

    def __enter__(self) -> S3Calls:
        self.events.register("before-call.s3", self._seen)
        return self

    def __exit__(self, *_exc) -> None:
        self.events.unregister("before-call.s3", self._seen)


def test_a_node_without_local_media_lists_the_course_files_from_the_bucket(
    s3_app, s3_course, client, auth
):
    expected = _course_media(s3_course)
    shutil.rmtree(Path(s3_app.config["MEDIA_DIR"]))  # a second node: nothing on its disk
    sign_in(auth)

    with S3Calls(s3_app) as calls:
        listed = client.get(MEDIA_JSON)
    assert listed.status_code == 200
    assert {f["name"]: f["size"] for f in listed.get_json()["files"]} == {
        name: len(data) for name, data in expected.items()
    }
    assert calls.names == ["ListObjectsV2"]  # one listing with sizes, no HEAD per file

    page = client.get(MEDIA_PAGE)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert all(name in text for name in expected)
    assert not Path(s3_app.config["MEDIA_DIR"], COURSE).exists()  # listed, not fetched


def test_the_course_zip_holds_the_buckets_media_byte_for_byte(s3_app, s3_course, client, auth):
    expected = _course_media(s3_course)
    shutil.rmtree(Path(s3_app.config["MEDIA_DIR"]))
    sign_in(auth)

    response = client.get(f"/studio/courses/{COURSE}/export.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        prefix = f"{COURSE}/media/"
        exported = {
            info.filename.removeprefix(prefix): archive.read(info)
            for info in archive.infolist()
            if info.filename.startswith(prefix)
        }
    assert exported == expected


def test_an_upload_is_listed_once_the_local_folder_is_gone(s3_app, s3_course, client, auth):
    sign_in(auth)
    name = upload(client, png(), "plakat.png").get_json()["name"]
    shutil.rmtree(Path(s3_app.config["MEDIA_DIR"]))

    files = {f["name"]: f["size"] for f in client.get(MEDIA_JSON).get_json()["files"]}
    assert files[name] == len(png())


def test_local_and_bucket_list_the_same_names_and_sizes(s3_app, s3_course, tmp_path):
    from academy.media.storage import LocalStorage

    with s3_app.app_context():
        bucket = list(storage(MEDIA).listing(f"{COURSE}/"))
    local = list(LocalStorage(Path(s3_app.config["MEDIA_DIR"])).listing(f"{COURSE}/"))
    assert sorted(bucket) == sorted(local)
    assert (
        dict(bucket)[f"{COURSE}/webinar.webm"]
        == (s3_course / "media" / "webinar.webm").stat().st_size
    )


def test_refreshing_search_on_a_node_without_the_captions_keeps_the_transcript(s3_app, s3_course):
    from sqlalchemy import func, select

    from academy.extensions import db
    from academy.webinars import search
    from academy.webinars.models import SearchEntry

    cues = select(func.count()).select_from(SearchEntry).where(SearchEntry.start.is_not(None))
    with s3_app.app_context():
        indexed = db.session.scalar(cues)
    assert indexed > 0  # the import indexed the captions' cues
    shutil.rmtree(Path(s3_app.config["MEDIA_DIR"]))  # e.g. the studio publishes on node B
    with s3_app.app_context():
        rebuilt = search.refresh_index(db.session, Path(s3_app.config["MEDIA_DIR"]))
        assert db.session.scalar(cues) == indexed
    assert rebuilt is False  # the captions' content is the same: no node rebuilds again


def test_a_replacement_goes_into_the_bucket(s3_app, s3_course, auth, client):
    sign_in(auth)
    name = upload(client, png(), "mapa.png").get_json()["name"]
    bigger = image("PNG", (32, 32))
    assert replace(client, name, bigger, "mapa.png").status_code == 302
    with s3_app.app_context(), storage(MEDIA).open(f"{COURSE}/{name}") as stream:
        assert stream.read() == bigger


def test_a_course_s_new_address_moves_its_files_in_the_bucket(s3_app, auth, client):
    from tests.studio.test_course_address import NEW, new_course, rename

    new_course(auth)
    uploaded = client.post(
        f"{NEW}/media",
        data={"file": (io.BytesIO(png()), "mapa.png")},
        headers={"Accept": "application/json", "X-CSRFToken": csrf_token(client, NEW)},
        content_type="multipart/form-data",
    )
    name = uploaded.get_json()["name"]
    assert rename(client, NEW, "mapy-cest").status_code == 302
    with s3_app.app_context():
        assert list(storage(MEDIA).names("mapy-cest/")) == [f"mapy-cest/{name}"]
        assert list(storage(MEDIA).names("mapovani-zakaznickych-cest/")) == []


def test_an_upload_never_takes_a_name_another_node_put_in_the_bucket(
    s3_app, s3_course, auth, client, monkeypatch
):
    from academy.studio import uploads

    with s3_app.app_context():  # node B stored mapa-00000001.png; this node's disk lacks it
        storage(MEDIA).put_stream(f"{COURSE}/mapa-00000001.png", io.BytesIO(b"node B"))
    drawn, real = iter(["00000001", "00000002"]), uploads.secrets.token_hex
    monkeypatch.setattr(  # the 4-byte part of a media name; other tokens stay random
        uploads.secrets, "token_hex", lambda n=None: next(drawn) if n == 4 else real(n)
    )
    sign_in(auth)
    assert upload(client, png(), "mapa.png").get_json()["name"] == "mapa-00000002.png"
    with s3_app.app_context(), storage(MEDIA).open(f"{COURSE}/mapa-00000001.png") as stream:
        assert stream.read() == b"node B"  # node B's file is untouched
