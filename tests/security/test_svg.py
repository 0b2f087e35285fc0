"""SVG images get in only when inert, by every path, and are served sandboxed (issue 16.7).

The checker parses XML and resolves namespaces, so the same script in another spelling
(a prefix bound to the SVG namespace, a link in the XLink namespace, a style sheet) is
refused as well; what is served from /media runs nothing even if it slipped through.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from academy.courses.models import Course
from academy.courses.svg import svg_problem
from academy.extensions import db
from tests.conftest import FIXTURES
from tests.studio.samples import COURSE, course_zip, import_zip, sign_in, upload, zip_of

NS = 'xmlns="http://www.w3.org/2000/svg"'
HOSTILE = {
    "prefixed-script": f'<svg {NS} xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
    "handler": f'<svg {NS}><rect width="5" height="5" onload="alert(1)"/></svg>',
    "prefixed-handler": '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:rect OnLoad="x"/></s:svg>',
    "xlink": f'<svg {NS} xmlns:x="http://www.w3.org/1999/xlink"><use x:href="https://evil.example/a.svg#a"/></svg>',
    "html-in-foreign": f'<svg {NS}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
    "html-namespace-script": f'<svg {NS}><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
    "style-element": f"<svg {NS}><style>@import url(https://evil.example/x.css);</style></svg>",
    "external-url": f'<svg {NS}><rect style="fill:url(https://evil.example/p)"/></svg>',
    "entity": f'<!DOCTYPE svg [<!ENTITY x "y">]><svg {NS}><text>&x;</text></svg>',
    "stylesheet-pi": f'<?xml-stylesheet type="text/xsl" href="data:,x"?><svg {NS}/>',
    "no-namespace": "<svg><script>alert(1)</script></svg>",
    "not-xml": "<svg " + NS + "><rect>",
}
INERT = (
    f'<?xml version="1.0" encoding="UTF-8"?><svg {NS} viewBox="0 0 10 10" role="img" '
    'aria-labelledby="t"><title id="t">Šťastná cesta</title><defs><linearGradient id="g">'
    '<stop offset="0" stop-color="#fff"/></linearGradient></defs>'
    '<rect width="10" height="10" fill="url(#g)"/><text x="1" y="5">Jiří</text></svg>'
)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_spelling_of_active_svg_is_refused(name):
    assert svg_problem(HOSTILE[name].encode()) is not None


def test_shapes_text_and_local_gradients_pass():
    assert svg_problem(INERT.encode()) is None


def test_course_svgs_in_the_repository_are_inert():
    found = sorted((FIXTURES.parent.parent / "courses").rglob("*.svg"))
    assert len(found) >= 6  # the covers and diagrams of the three courses
    for path in found:
        assert svg_problem(path.read_bytes()) is None, path


def test_a_course_zip_with_a_prefixed_script_is_refused_naming_the_file(
    app, auth, client, imported
):
    sign_in(auth)
    entries = course_zip(imported)
    entries[f"{COURSE}/media/obrazek.svg"] = HOSTILE["prefixed-script"].encode()
    response = import_zip(client, zip_of(entries))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{COURSE}/media/obrazek.svg" in page
    assert "obrázek SVG obsahuje nepovolený prvek &lt;script&gt;" in page
    served = Path(app.config["MEDIA_DIR"]) / COURSE / "obrazek.svg"
    assert b"script" not in served.read_bytes()  # still the imported, inert file


def test_courses_import_refuses_a_hostile_svg_and_changes_nothing(app, runner, tmp_path):
    folder = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", folder)
    (folder / COURSE / "media" / "obrazek.svg").write_text(HOSTILE["xlink"], encoding="utf-8")
    with app.app_context():
        result = runner.invoke(args=["courses", "import", str(folder)])
        assert db.session.scalar(select(Course.id)) is None
    assert result.exit_code == 1
    assert f"{COURSE}/media/obrazek.svg: error: obrázek SVG obsahuje nepovolený prvek <use>" in (
        result.output
    )


def test_the_studio_upload_refuses_svg(app, auth, client, imported):
    sign_in(auth)
    response = upload(client, HOSTILE["prefixed-script"].encode(), "logo.svg")
    assert response.status_code == 400
    assert "Soubory SVG, HTML a skripty nahrát nelze" in response.get_json()["error"]


def test_media_are_served_sandboxed(app, client, imported):
    response = client.get(f"/media/{COURSE}/obrazek.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    policy = response.headers["Content-Security-Policy"]
    assert "sandbox" in [part.strip() for part in policy.split(";")]
    assert "default-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
