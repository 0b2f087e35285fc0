"""The company logo through the private-files helpers lands in the bucket with
ACADEMY_STORAGE=s3, and the manager's page serves it from there."""

from __future__ import annotations

import os

from academy.media.private import private_exists
from tests.companies.conftest import ADMIN, MANAGER
from tests.companies.test_logo import _image, _logo, _upload
from tests.media.conftest import s3_app, s3_bucket, s3_server  # noqa: F401 (fixtures)


def test_a_logo_is_stored_in_the_bucket_and_served_from_it(s3_app, auth, client, world):  # noqa: F811
    auth.login(ADMIN)
    assert _upload(auth, world.company_id, _image(), "logo.png").status_code == 302
    key = _logo(s3_app, world.company_id)
    with s3_app.app_context():
        stored = private_exists(key)
        local = os.path.join(s3_app.instance_path, "private", key)
    auth.logout()
    auth.login(MANAGER)
    image = client.get(f"/team/{world.company_id}/logo")
    assert (stored, os.path.exists(local), image.status_code, image.data[:4]) == (
        True,
        False,
        200,
        b"\x89PNG",
    )
