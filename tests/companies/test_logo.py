"""A company's logo: PNG, JPEG or WebP read from the content, at most 1 MB, stored as a
private file, shown to the company's managers and admins and to nobody else."""

from __future__ import annotations

import io

from PIL import Image

from academy.companies.models import Company
from academy.extensions import db
from tests.companies.conftest import ADMIN, MANAGER, OTHER_MANAGER


def _image(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def _upload(auth, company_id: int, data: bytes, filename: str, **extra):
    fields = {
        "name": "Pojišťovna Ě",
        "ico": "27082440",
        "contact_name": "Eva",
        "contact_email": "",
        "logo_file": (io.BytesIO(data), filename),
        **extra,
    }
    return auth.post(
        f"/admin/companies/{company_id}", data=fields, content_type="multipart/form-data"
    )


def _logo(app, company_id: int) -> str | None:
    with app.app_context():
        return db.session.get(Company, company_id).logo


def test_an_admin_uploads_a_png_logo_and_the_manager_sees_it(app, auth, client, world):
    auth.login(ADMIN)
    assert _upload(auth, world.company_id, _image(), "logo.png").status_code == 302
    key = _logo(app, world.company_id)
    auth.logout()
    auth.login(MANAGER)
    page = client.get(f"/team/{world.company_id}").get_data(as_text=True)
    image = client.get(f"/team/{world.company_id}/logo")
    assert (
        key.endswith(".png"),
        'class="company-logo"' in page,
        image.status_code,
        image.mimetype,
        image.data[:4],
    ) == (True, True, 200, "image/png", b"\x89PNG")


def test_jpeg_and_webp_logos_are_accepted(app, auth, world):
    auth.login(ADMIN)
    answers = [
        _upload(auth, world.company_id, _image("JPEG"), "logo.jpg").status_code,
        _upload(auth, world.company_id, _image("WEBP"), "logo.webp").status_code,
    ]
    assert (answers, _logo(app, world.company_id).endswith(".webp")) == ([302, 302], True)


def test_an_svg_logo_is_refused_in_czech(app, auth, world):
    auth.login(ADMIN)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = _upload(auth, world.company_id, svg, "logo.svg")
    html = response.get_data(as_text=True)
    assert (response.status_code, "PNG, JPEG nebo WebP" in html, _logo(app, world.company_id)) == (
        422,
        True,
        None,
    )


def test_a_gif_logo_is_refused(app, auth, world):
    auth.login(ADMIN)
    response = _upload(auth, world.company_id, _image("GIF"), "logo.gif")
    assert (response.status_code, _logo(app, world.company_id)) == (422, None)


def test_a_png_named_jpg_is_refused_by_its_content(app, auth, world):
    auth.login(ADMIN)
    response = _upload(auth, world.company_id, _image("PNG"), "logo.jpg")
    assert (response.status_code, _logo(app, world.company_id)) == (422, None)


def test_text_dressed_as_a_png_is_refused(app, auth, world):
    auth.login(ADMIN)
    response = _upload(auth, world.company_id, b"hello, I am not an image", "logo.png")
    assert (response.status_code, _logo(app, world.company_id)) == (422, None)


def test_a_logo_over_one_megabyte_is_refused_with_the_limit(app, auth, world):
    auth.login(ADMIN)
    big = _image() + b"\0" * (1024 * 1024)
    response = _upload(auth, world.company_id, big, "logo.png")
    html = response.get_data(as_text=True)
    assert (response.status_code, "1 MB" in html, _logo(app, world.company_id)) == (422, True, None)


def test_a_logo_wider_than_the_limit_is_refused(app, auth, world):
    auth.login(ADMIN)
    response = _upload(auth, world.company_id, _image(size=(4100, 10)), "logo.png")
    assert (response.status_code, _logo(app, world.company_id)) == (422, None)


def test_removing_the_logo_deletes_its_file(app, auth, client, world):
    from academy.media.private import private_exists

    auth.login(ADMIN)
    _upload(auth, world.company_id, _image(), "logo.png")
    key = _logo(app, world.company_id)
    response = _upload(auth, world.company_id, b"", "", remove_logo="y")
    with app.app_context():
        gone = not private_exists(key)
    answers = (
        response.status_code,
        _logo(app, world.company_id),
        gone,
        client.get(f"/team/{world.company_id}/logo").status_code,
    )
    assert answers == (302, None, True, 404)


def test_replacing_the_logo_deletes_the_old_file(app, auth, world):
    from academy.media.private import private_exists

    auth.login(ADMIN)
    _upload(auth, world.company_id, _image(), "logo.png")
    first = _logo(app, world.company_id)
    _upload(auth, world.company_id, _image("JPEG"), "logo.jpg")
    with app.app_context():
        assert (private_exists(first), private_exists(_logo(app, world.company_id))) == (
            False,
            True,
        )


def test_another_companys_manager_does_not_find_the_logo(app, auth, client, world):
    auth.login(ADMIN)
    _upload(auth, world.company_id, _image(), "logo.png")
    auth.logout()
    auth.login(OTHER_MANAGER)
    assert client.get(f"/team/{world.company_id}/logo").status_code == 404


def test_a_learner_does_not_find_the_logo(app, auth, client, world):
    auth.login(ADMIN)
    _upload(auth, world.company_id, _image(), "logo.png")
    auth.logout()
    auth.login("ucastnik0@pojistovna.cz")
    assert client.get(f"/team/{world.company_id}/logo").status_code == 404


def test_the_logo_form_needs_the_csrf_token(app, client, auth, world):
    auth.login(ADMIN)
    response = client.post(
        f"/admin/companies/{world.company_id}",
        data={"name": "X", "logo_file": (io.BytesIO(_image()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert (response.status_code, _logo(app, world.company_id)) == (400, None)
