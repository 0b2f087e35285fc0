"""Two academy processes against one database and one S3 server: what a learner or an
instructor does on one node is there on the other (no shared disk)."""

from __future__ import annotations

import html as html_lib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest
import requests

from academy.auth.models import Role
from tests.conftest import PASSWORD, TOTP_SECRET, Auth
from tests.studio.samples import MEDIA_PAGE, image, png

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_nodes(s3_app, s3_course, tmp_path):
    """Node A and node B: separate processes and media folders, one database and bucket."""
    config = s3_app.config
    shared = {
        "ACADEMY_ENV": "testing",
        "ACADEMY_DATABASE_URL": config["DATABASE_URL"],
        "ACADEMY_SECRET_KEY": config["SECRET_KEY"],
        "ACADEMY_RATELIMIT_ENABLED": "false",
        "ACADEMY_MAIL_URL": "outbox",
        "ACADEMY_COURSES_DIR": config["COURSES_DIR"],
        **{
            f"ACADEMY_{k}": str(config[k])
            for k in (
                "STORAGE",
                "S3_ENDPOINT_URL",
                "S3_BUCKET",
                "S3_ACCESS_KEY_ID",
                "S3_SECRET_ACCESS_KEY",
            )
        },
    }
    nodes, processes = [], []
    for name in ("a", "b"):
        port = _free_port()
        env = {
            **os.environ,
            **shared,
            "ACADEMY_MEDIA_DIR": str(tmp_path / f"node-{name}"),
            "ACADEMY_INSTANCE_PATH": str(tmp_path / f"instance-{name}"),
        }
        log = (tmp_path / f"node-{name}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.media.node", str(port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
        )
        nodes.append(f"http://127.0.0.1:{port}")
    try:
        for node, process in zip(nodes, processes, strict=True):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    if requests.get(f"{node}/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    time.sleep(0.2)
            assert process.poll() is None, (tmp_path / "node-a.log").read_text()[-2000:]
        yield nodes
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def _token(session: requests.Session, url: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(url).text)
    assert found, url
    return found.group(1)


def sign_in(session: requests.Session, node: str, email: str) -> None:
    session.post(
        f"{node}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": _token(session, f"{node}/login")},
    )
    code = pyotp.TOTP(TOTP_SECRET).now()
    answer = session.post(
        f"{node}/login/two-factor",
        data={"code": code, "csrf_token": _token(session, f"{node}/login/two-factor")},
    )
    assert answer.url.endswith("/studio") or "/login" not in answer.url, answer.url


def test_a_file_uploaded_through_one_node_is_served_by_the_other(s3_app, client, two_nodes):
    node_a, node_b = two_nodes
    Auth(s3_app, client).create(email="jiri@example.cz", name="Jiří", role=Role.INSTRUCTOR)
    session = requests.Session()
    sign_in(session, node_a, "jiri@example.cz")
    token = _token(session, f"{node_a}{MEDIA_PAGE}")
    uploaded = session.post(
        f"{node_a}{MEDIA_PAGE}",
        files={"file": ("plakat.png", png())},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert uploaded.status_code == 201, uploaded.text
    name = uploaded.json()["name"]

    served = session.get(f"{node_b}/media/demo-kurz/{name}")  # B never saw the upload
    assert (served.status_code, served.content) == (200, png())

    session.post(
        f"{node_b}/courses/demo-kurz/enrol", data={"csrf_token": _token(session, f"{node_b}/")}
    )
    page = session.get(f"{node_b}/courses/demo-kurz/webinar").text
    link = html_lib.unescape(re.search(r'<source src="([^"]+)"', page).group(1))
    video = requests.get(link, headers={"Range": "bytes=0-9"})
    assert (video.status_code, len(video.content)) == (206, 10)


def test_a_file_uploaded_through_one_node_is_listed_by_the_other(s3_app, client, two_nodes):
    node_a, node_b = two_nodes
    Auth(s3_app, client).create(email="jiri@example.cz", name="Jiří", role=Role.INSTRUCTOR)
    session = requests.Session()
    sign_in(session, node_a, "jiri@example.cz")
    uploaded = session.post(
        f"{node_a}{MEDIA_PAGE}",
        files={"file": ("plakat.png", png())},
        headers={
            "X-CSRFToken": _token(session, f"{node_a}{MEDIA_PAGE}"),
            "Accept": "application/json",
        },
    )
    assert uploaded.status_code == 201, uploaded.text
    name = uploaded.json()["name"]

    listed = session.get(f"{node_b}{MEDIA_PAGE}.json")  # B's media folder never held it
    assert listed.status_code == 200
    assert {f["name"]: f["size"] for f in listed.json()["files"]}[name] == len(png())


def _upload(session: requests.Session, node: str, content: bytes) -> str:
    uploaded = session.post(
        f"{node}{MEDIA_PAGE}",
        files={"file": ("plakat.png", content)},
        headers={
            "X-CSRFToken": _token(session, f"{node}{MEDIA_PAGE}"),
            "Accept": "application/json",
        },
    )
    assert uploaded.status_code == 201, uploaded.text
    return uploaded.json()["name"]


def _instructor_uploads_through(node: str, app, client) -> tuple[requests.Session, str]:
    """An instructor signed in on `node` who has uploaded a PNG there; their session and
    the file's name."""
    Auth(app, client).create(email="jiri@example.cz", name="Jiří", role=Role.INSTRUCTOR)
    session = requests.Session()
    sign_in(session, node, "jiri@example.cz")
    return session, _upload(session, node, png())


def test_a_file_replaced_through_one_node_is_served_new_by_the_other(s3_app, client, two_nodes):
    node_a, node_b = two_nodes
    session, name = _instructor_uploads_through(node_a, s3_app, client)
    assert session.get(f"{node_b}/media/demo-kurz/{name}").content == png()  # B keeps a copy

    replace = f"{node_a}{MEDIA_PAGE}/{name}/replace"
    answer = session.post(
        replace,
        data={"csrf_token": _token(session, replace)},
        files={"file": ("novy.png", image("PNG", (16, 16)))},
    )
    assert answer.status_code == 200 and "nahrazený" in answer.text, answer.text[:500]

    served = session.get(f"{node_b}/media/demo-kurz/{name}")
    assert (served.status_code, served.content) == (200, image("PNG", (16, 16)))


def test_a_file_deleted_through_one_node_is_gone_from_the_other(s3_app, client, two_nodes):
    node_a, node_b = two_nodes
    session, name = _instructor_uploads_through(node_a, s3_app, client)
    assert session.get(f"{node_b}/media/demo-kurz/{name}").status_code == 200  # B keeps a copy

    delete = f"{node_a}{MEDIA_PAGE}/{name}/delete"
    session.post(delete, data={"csrf_token": _token(session, f"{node_a}{MEDIA_PAGE}")})

    assert session.get(f"{node_b}/media/demo-kurz/{name}").status_code == 404
