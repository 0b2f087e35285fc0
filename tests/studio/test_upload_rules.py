"""The pure upload and archive rules, without an app: names, captions, limits in config."""

from __future__ import annotations

import io
import zipfile

import pytest

from academy import create_app
from academy.config import ConfigError
from academy.courses.svg import svg_problem
from academy.studio.archives import Limits, unpack
from academy.studio.uploads import markdown_for, safe_stem, vtt_problem


@pytest.mark.parametrize(
    ("filename", "stem"),
    [
        ("Mapa cesty zákazníka.png", "mapa-cesty-zakaznika"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\eva\\Desktop\\foto.JPG", "foto"),
        ("\x00\x1f\x7f.png", "soubor"),
        ("", "soubor"),
        ("archiv.tar.gz", "archiv-tar"),
    ],
)
def test_safe_stem_keeps_only_a_slug_of_the_name(filename, stem):
    assert safe_stem(filename) == stem


def test_markdown_is_an_image_for_pictures_and_a_link_for_the_rest():
    assert (
        markdown_for("mapa-cesty-0a1b2c3d.png", "image")
        == "![mapa cesty](media/mapa-cesty-0a1b2c3d.png)"
    )
    assert markdown_for("zaznam-0a1b2c3d.webm", "video") == "[zaznam](media/zaznam-0a1b2c3d.webm)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nAhoj\n", None),
        (
            "\ufeffWEBVTT - s hlavičkou\r\n\r\nNOTE poznámka\r\n\r\n1\r\n00:00.000 --> 00:01.000 align:start\r\n<v Eva>Ahoj</v>\r\n",
            None,
        ),
        ("WEBVT\n\n00:00.000 --> 00:01.000\nAhoj\n", "první řádek musí začínat slovem WEBVTT"),
        ("WEBVTT\n\n00:02.000 --> 00:01.000\nAhoj\n", "řádek 3: titulek končí dřív, než začne"),
        (
            "WEBVTT\n\njen text\nbez časování\n",
            "řádek 3: chybí časování titulku (00:00.000 --> 00:01.000)",
        ),
        ("WEBVTT\n", "soubor neobsahuje žádný titulek"),
        (
            "WEBVTT\n\n00:00.000 --> 00:01.000\n<img src=x onerror=alert(1)>\n",
            "řádek 4: značka <img> v titulcích není dovolena",
        ),
    ],
)
def test_captions_are_parsed_and_problems_have_their_line(text, problem):
    assert vtt_problem(text.encode()) == problem


def test_captions_must_be_utf8():
    assert vtt_problem("WEBVTT\n\n00:00.000 --> 00:01.000\nžluťoučký\n".encode("cp1250")) == (
        "soubor není v kódování UTF-8"
    )


@pytest.mark.parametrize(
    ("svg", "inert"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>', True),
        (b"<svg><script>alert(1)</script></svg>", False),
        (b'<svg><rect onload="alert(1)"/></svg>', False),
        (b'<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', False),
        (b'<svg><foreignObject><iframe src="/"></iframe></foreignObject></svg>', False),
        (b'<svg><use xlink:href="http://evil.example/x.svg#a"/></svg>', False),
        (b"<html><svg></svg></html>", False),
    ],
)
def test_only_inert_svg_passes_in_a_course_zip(svg, inert):
    assert (svg_problem(svg) is None) is inert


def test_unpack_writes_nothing_outside_its_folder(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("kurz/course.md", "---\ntitle: X\n---\n")
        archive.writestr("../venku.txt", "x")
    dest = tmp_path / "dest"
    dest.mkdir()
    from academy.studio.archives import ArchiveRefused

    with pytest.raises(ArchiveRefused):
        unpack(
            io.BytesIO(data.getvalue()), dest, Limits(entries=10, unpacked_bytes=10_000, ratio=100)
        )
    assert list(tmp_path.rglob("*.txt")) == []
    assert list(dest.iterdir()) == []  # refused before the first file was written


@pytest.mark.parametrize(
    "key",
    [
        "MEDIA_MAX_BYTES",
        "IMPORT_MAX_BYTES",
        "IMPORT_MAX_UNPACKED_BYTES",
        "IMPORT_MAX_ENTRIES",
        "IMPORT_MAX_RATIO",
    ],
)
@pytest.mark.parametrize("value", [0, -5, "100MB", True])
def test_bad_upload_limits_stop_the_app_with_a_clear_message(key, value):
    with pytest.raises(ConfigError, match=f"ACADEMY_{key}=.* must be a whole number above 0"):
        create_app({"ENV": "testing", "SECRET_KEY": "x", key: value})


def test_upload_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ACADEMY_MEDIA_MAX_BYTES", "5242880")
    assert (
        create_app({"ENV": "testing", "SECRET_KEY": "x"}).config["MEDIA_MAX_BYTES"]
        == 5 * 1024 * 1024
    )
