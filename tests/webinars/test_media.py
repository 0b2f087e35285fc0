"""Serving recordings: who may fetch them, and HTTP Range answered as RFC 9110 says."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from academy.auth.models import Role
from academy.courses.models import Course, Module
from academy.db import utcnow
from academy.extensions import db
from academy.webinars import ranges
from tests.webinars.conftest import CAPTIONS, COURSE, VIDEO, WATCH

MEDIA = Path(__file__).parents[1] / "fixtures" / "courses" / "demo-kurz" / "media"
BYTES = (MEDIA / "webinar.webm").read_bytes()
SIZE = len(BYTES)


@pytest.fixture
def viewer(learner):
    return learner.client


def test_whole_file_says_it_accepts_ranges(viewer):
    response = viewer.get(VIDEO)
    assert response.status_code == 200
    assert response.data == BYTES
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Type"] == "video/webm"


def test_first_bytes(viewer):
    response = viewer.get(VIDEO, headers={"Range": "bytes=0-99"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 0-99/{SIZE}"
    assert response.headers["Content-Length"] == "100"
    assert response.data == BYTES[:100]


def test_middle_bytes(viewer):
    response = viewer.get(VIDEO, headers={"Range": "bytes=1000-1999"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 1000-1999/{SIZE}"
    assert response.data == BYTES[1000:2000]


def test_open_ended_and_suffix_ranges(viewer):
    tail = viewer.get(VIDEO, headers={"Range": f"bytes={SIZE - 10}-"})
    assert tail.status_code == 206 and tail.data == BYTES[-10:]
    suffix = viewer.get(VIDEO, headers={"Range": "bytes=-500"})
    assert suffix.status_code == 206
    assert suffix.headers["Content-Range"] == f"bytes {SIZE - 500}-{SIZE - 1}/{SIZE}"
    assert suffix.data == BYTES[-500:]


def test_range_past_the_end_is_416_with_the_size(viewer):
    response = viewer.get(VIDEO, headers={"Range": f"bytes={SIZE}-{SIZE + 100}"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{SIZE}"


def test_range_running_past_the_end_is_cut_to_the_end(viewer):
    response = viewer.get(VIDEO, headers={"Range": f"bytes={SIZE - 5}-{SIZE + 100}"})
    assert response.status_code == 206 and response.data == BYTES[-5:]


def test_several_ranges_come_as_multipart_byteranges(viewer):
    response = viewer.get(VIDEO, headers={"Range": "bytes=0-9,5000-5009,-4"})
    assert response.status_code == 206
    kind = response.headers["Content-Type"]
    assert kind.startswith("multipart/byteranges; boundary=")
    boundary = kind.split("boundary=")[1]
    parts = response.data.split(f"--{boundary}".encode())[1:-1]
    assert len(parts) == 3 and int(response.headers["Content-Length"]) == len(response.data)
    expected = [(0, 10), (5000, 5010), (SIZE - 4, SIZE)]
    for part, (start, stop) in zip(parts, expected, strict=True):
        head, body = part.split(b"\r\n\r\n", 1)
        assert f"Content-Range: bytes {start}-{stop - 1}/{SIZE}".encode() in head
        assert b"Content-Type: video/webm" in head
        assert body[:-2] == BYTES[start:stop]


def test_overlapping_ranges_get_the_whole_file(viewer):
    """Werkzeug's parser takes ranges in ascending order without overlap; others are
    ignored, as RFC 9110 permits: the whole file comes with 200."""
    response = viewer.get(VIDEO, headers={"Range": "bytes=0-99,50-149"})
    assert response.status_code == 200 and response.data == BYTES


def test_ranges_closer_than_a_part_header_are_coalesced_into_one_part(viewer):
    response = viewer.get(VIDEO, headers={"Range": "bytes=0-99,110-149"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 0-149/{SIZE}"
    assert response.data == BYTES[:150]


def test_too_many_ranges_get_the_whole_file(viewer):
    many = ",".join(f"{i * 1000}-{i * 1000 + 1}" for i in range(ranges.MAX_PARTS + 1))
    response = viewer.get(VIDEO, headers={"Range": f"bytes={many}"})
    assert response.status_code == 200 and response.data == BYTES


def test_plan_ranges_handles_unsatisfiable_and_malformed_headers():
    assert ranges.plan_ranges("bytes=500-600,700-800", 100) == []
    assert ranges.plan_ranges("lines=1-2", 100) is None
    assert ranges.plan_ranges("bytes=0-9,-5", 100) == [(0, 10), (95, 100)]


def test_recordings_are_private_and_revalidated(viewer):
    response = viewer.get(VIDEO)
    assert "private" in response.headers["Cache-Control"]
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert response.headers.get("ETag") and response.headers.get("Last-Modified")
    again = viewer.get(VIDEO, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_x_accel_hands_the_file_to_nginx(app, viewer):
    app.config["MEDIA_X_ACCEL"] = True
    response = viewer.get(VIDEO, headers={"Range": "bytes=0-99"})
    assert response.status_code == 200 and response.data == b""
    assert response.headers["X-Accel-Redirect"] == "/_protected_media/demo-kurz/webinar.webm"
    assert "private" in response.headers["Cache-Control"]


def test_anonymous_visitor_of_a_private_recording_is_sent_to_log_in(client, webinar):
    for url in (VIDEO, CAPTIONS, WATCH):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url


def test_only_the_course_s_own_staff_fetch_a_private_recording_without_enrolling(auth, webinar):
    """An instructor of other courses is no more than a learner here; the course's own
    instructor (jiri@example.cz in its front matter) and admins fetch it."""
    auth.create(email="lektor@example.cz", name="Cizí Lektor", role=Role.INSTRUCTOR)
    auth.login(email="lektor@example.cz")
    assert auth.client.get(VIDEO).status_code == 403
    auth.logout()
    auth.create(role=Role.INSTRUCTOR)
    auth.login()
    assert auth.client.get(VIDEO).status_code == 200
    auth.logout()
    auth.create(email="admin@example.cz", role=Role.ADMIN)
    auth.login(email="admin@example.cz")
    assert auth.client.get(VIDEO).status_code == 200


def test_signed_in_but_not_enrolled_gets_403_for_the_file(auth, webinar):
    auth.create()
    auth.login()
    assert auth.client.get(VIDEO).status_code == 403
    response = auth.client.get(WATCH)
    assert response.status_code == 302 and response.headers["Location"] == COURSE


def test_the_course_s_instructor_watches_its_recording_without_enrolling(auth, webinar):
    auth.create(role=Role.INSTRUCTOR)  # jiri@example.cz, listed in the course
    auth.login()
    assert auth.client.get(VIDEO, headers={"Range": "bytes=0-9"}).status_code == 206
    assert auth.client.get(WATCH).status_code == 200


def test_public_recording_is_open_to_everyone(client, public_webinar):
    response = client.get(VIDEO, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206
    assert "public" in response.headers["Cache-Control"]
    assert client.get(CAPTIONS).status_code == 200
    page = client.get(WATCH)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'src="/media/demo-kurz/webinar.webm"' in html
    assert "Tichý zákazník, který přestane dávat zpětnou vazbu." not in html  # the cue's text
    assert "Nebezpečný je tichý zákazník" in html  # transcript from the captions
    assert "data-progress-url" not in html  # nothing is tracked for visitors


def test_images_stay_as_public_as_their_course(client, webinar):
    assert client.get("/media/demo-kurz/obrazek.svg").status_code == 200


def _change(app, model, **values) -> None:
    with app.app_context():
        for row in db.session.scalars(select(model)):
            for name, value in values.items():
                setattr(row, name, value)
        db.session.commit()


def test_a_draft_courses_files_are_for_its_staff_only(app, auth, viewer):
    _change(app, Course, published=False)
    assert app.test_client().get("/media/demo-kurz/obrazek.svg").status_code == 404
    assert viewer.get("/media/demo-kurz/obrazek.svg").status_code == 404
    assert viewer.get(VIDEO, headers={"Range": "bytes=0-9"}).status_code == 404  # enrolled
    auth.logout()
    auth.create(email="spravce@example.cz", role=Role.ADMIN)
    auth.login(email="spravce@example.cz")
    assert auth.client.get("/media/demo-kurz/obrazek.svg").status_code == 200
    response = auth.client.get(VIDEO, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206 and "private" in response.headers["Cache-Control"]


def test_an_archived_public_recording_is_for_enrolled_learners_again(app, auth, public_webinar):
    _change(app, Module, archived_at=utcnow())
    auth.create()
    auth.login()
    assert auth.client.get(VIDEO).status_code == 403
    auth.logout()
    assert auth.client.get(VIDEO).status_code == 302


def test_paths_outside_the_course_folder_are_not_served(viewer):
    assert viewer.get("/media/demo-kurz/../demo-kurz/webinar.webm").status_code == 404
    assert viewer.get("/media/demo-kurz/..%2F..%2Fsecret.webm").status_code == 404
    assert viewer.get("/media/demo-kurz/neni.webm").status_code == 404


def test_malformed_range_is_ignored(viewer):
    response = viewer.get(VIDEO, headers={"Range": "bytes=abc"})
    assert response.status_code == 200 and response.data == BYTES


def test_a_recordings_access_check_is_one_statement(app, viewer):
    from tests.querycount import count_statements

    viewer.get(VIDEO, headers={"Range": "bytes=0-9"})
    with count_statements(app) as statements:
        assert viewer.get(VIDEO, headers={"Range": "bytes=0-9"}).status_code == 206
    # BEGIN IMMEDIATE, the user, one read of course, webinar modules and enrolment (was 5)
    assert len(statements) <= 3
