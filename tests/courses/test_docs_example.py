"""The worked example in docs/course-format.md is a valid course, and round-trips."""

from __future__ import annotations

import re
from pathlib import Path

from academy.courses.checker import check_path

DOC = Path(__file__).parents[2] / "docs" / "course-format.md"
FILE_BLOCK = re.compile(r"^`courses/(zaklady-cx/[^`]+)`[^\n]*:\n\n```\w*\n(.*?)\n```$", re.M | re.S)


def write_example(root: Path) -> Path:
    section = DOC.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    files = FILE_BLOCK.findall(section.split("\n## Commands", 1)[0])
    assert [name for name, _ in files] == [
        "zaklady-cx/course.md",
        "zaklady-cx/01-co-merit.md",
        "zaklady-cx/02-kviz.md",
        "zaklady-cx/media/cesta.svg",
    ]
    for name, text in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n", encoding="utf-8")
    return root


def test_the_documented_example_passes_check_clean(tmp_path):
    courses, problems = check_path(write_example(tmp_path))
    assert problems == []
    assert [m.slug for m in courses[0].modules] == ["co-merit", "kviz"]


def test_the_documented_example_imports_and_exports_unchanged(runner, tmp_path):
    source = write_example(tmp_path / "courses")
    result = runner.invoke(args=["courses", "import", str(source), "--publish"])
    assert "Imported 1 course: 2 modules new" in result.output, result.output
    runner.invoke(args=["courses", "export", "zaklady-cx", str(tmp_path / "out")])
    for name in ("course.md", "01-co-merit.md", "02-kviz.md", "media/cesta.svg"):
        exported = (tmp_path / "out" / "zaklady-cx" / name).read_bytes()
        assert exported == (source / "zaklady-cx" / name).read_bytes()
    result = runner.invoke(args=["courses", "export-gift", "zaklady-cx"])
    assert result.output.count("::[markdown]") == 5
