"""Course images in modern formats: WebP and AVIF copies made at import, offered in
<picture> and as the poster, and cached for a year under a versioned address."""

from __future__ import annotations

import html as html_lib
import io
import re
import shutil
from pathlib import Path

from PIL import Image

from academy.courses.importer import import_path
from academy.extensions import db
from tests.conftest import FIXTURES


def _course_with_png_cover(app, tmp_path: Path) -> Path:
    source = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", source)
    Image.new("RGB", (120, 63), (15, 76, 92)).save(source / "demo-kurz" / "media" / "obal.png")
    course_md = source / "demo-kurz" / "course.md"
    course_md.write_text(
        course_md.read_text("utf-8").replace("media/obrazek.svg", "media/obal.png"), "utf-8"
    )
    with app.app_context():
        report = import_path(db.session, source, Path(app.config["MEDIA_DIR"]), publish=True)
        assert report.ok, report.problems
        db.session.commit()
    return Path(app.config["MEDIA_DIR"]) / "demo-kurz"


def test_import_writes_webp_and_avif_copies_of_images(app, tmp_path):
    folder = _course_with_png_cover(app, tmp_path)
    with Image.open(folder / "obal.png.webp") as webp, Image.open(folder / "obal.png.avif") as avif:
        assert (webp.format, webp.size, avif.format, avif.size) == (
            "WEBP",
            (120, 63),
            "AVIF",
            (120, 63),
        )


def test_the_catalog_offers_modern_formats_cached_for_a_year(app, client, tmp_path):
    _course_with_png_cover(app, tmp_path)
    page = client.get("/").get_data(as_text=True)  # the catalog
    found = re.search(
        r'<picture><source srcset="([^"]+)" type="image/avif">'
        r'<source srcset="([^"]+)" type="image/webp"><img class="course-cover" '
        r'src="([^"]+)"',
        page,
    )
    assert found, "the cover is a <picture> with AVIF and WebP"
    avif, webp, png = (html_lib.unescape(u) for u in found.groups())
    assert avif.startswith("/media/demo-kurz/obal.png.avif?v=")
    response = client.get(webp)
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.format == "WEBP"
    unversioned = client.get("/media/demo-kurz/obal.png")
    assert unversioned.headers["Cache-Control"] == "public, max-age=3600"
    assert client.get(png).status_code == 200


def test_exports_and_the_studio_list_leave_the_copies_out(app, tmp_path):
    from academy.courses.exporter import export_course
    from academy.media.storage import LocalStorage
    from academy.studio.uploads import list_media

    folder = _course_with_png_cover(app, tmp_path)
    listing = [(p.name, p.stat().st_size) for p in folder.iterdir()]
    assert "obal.png.webp" in [name for name, _size in listing]
    assert "obal.png.webp" not in [f.name for f in list_media(listing)]
    with app.app_context():
        export_course(db.session, "demo-kurz", tmp_path / "export", LocalStorage(folder.parent))
    exported = sorted(p.name for p in (tmp_path / "export" / "demo-kurz" / "media").iterdir())
    assert exported == ["obal.png", "obrazek.svg", "webinar.cs.vtt", "webinar.webm"]
