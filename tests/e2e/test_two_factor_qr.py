"""The two-factor QR code is drawn by a real browser and scans to the otpauth address.

Issue 17: the SVG lacked xmlns, so Chromium drew an empty image and staff had to type the
32-character key. Here Chromium loads the set-up page at phone and desktop width, the image
must have a natural size, and its screenshot must decode (zxing-cpp) to the otpauth URI
with the key printed beside it.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from tests.conftest import PASSWORD
from tests.e2e.conftest import VIEWPORTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_qr_code_is_drawn_and_scans_to_the_otpauth_address(
    auth, live_server, chromium, screenshots, width
):
    auth.create(email="jiri@example.cz")
    context = chromium.new_context(base_url=live_server, viewport=VIEWPORTS[width])
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("input[name=email]", "jiri@example.cz")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.goto("/account/two-factor")
        image = page.locator("img.qr")
        image.wait_for()
        page.wait_for_function("() => document.querySelector('img.qr').complete")
        natural = page.evaluate(
            "(() => { const i = document.querySelector('img.qr');"
            " return [i.naturalWidth, i.naturalHeight]; })()"
        )
        assert natural[0] > 100 and natural[0] == natural[1]
        page.screenshot(path=str(screenshots / f"two-factor-qr-{width}.png"), full_page=True)
        png = image.screenshot()
        secret = page.locator("code.secret").inner_text().strip()
    finally:
        context.close()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [code.format.name for code in found] == ["QRCode"]
    uri = found[0].text
    assert uri.startswith("otpauth://totp/")
    assert parse_qs(urlsplit(uri).query)["secret"] == [secret]
