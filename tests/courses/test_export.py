"""`courses export` and `courses export-gift`: import → export → import changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, update

from academy.courses.importer import import_path
from academy.courses.models import Course, ModuleVersion
from academy.extensions import db


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_round_trip_gives_the_same_files_and_an_unchanged_reimport(app, runner, imported, tmp_path):
    out = tmp_path / "export"
    result = runner.invoke(args=["courses", "export", "demo-kurz", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Exported demo-kurz to {out / 'demo-kurz'}: 4 modules, 3 media files." in result.output
    assert files(out / "demo-kurz") == files(imported)  # byte for byte, media included
    with app.app_context():
        report = import_path(db.session, out, Path(app.config["MEDIA_DIR"]))
        assert report.ok, report.problems
        assert (report.created, report.updated, report.unchanged, report.archived) == (0, 0, 4, 0)
        db.session.commit()
        assert db.session.scalar(select(func.count(ModuleVersion.id))) == 4
        assert db.session.scalar(select(Course.source_hash)) != ""
    again = tmp_path / "again"
    runner.invoke(args=["courses", "export", "demo-kurz", str(again)])
    assert files(again / "demo-kurz") == files(imported)


def test_export_writes_the_current_version_and_leaves_archived_modules_out(
    app, runner, imported, tmp_path
):
    lesson = imported / "01-uvod.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nNový odstavec.\n", encoding="utf-8")
    (imported / "03-bonus.md").unlink()
    assert runner.invoke(args=["courses", "import", str(imported)]).exit_code == 0
    result = runner.invoke(args=["courses", "export", "demo-kurz", str(tmp_path / "out")])
    assert "3 modules (1 archived module left out), 3 media files." in result.output
    assert files(tmp_path / "out" / "demo-kurz") == files(imported)


def test_export_into_a_folder_named_after_the_course(runner, imported, tmp_path):
    dest = tmp_path / "demo-kurz"
    assert runner.invoke(args=["courses", "export", "demo-kurz", str(dest)]).exit_code == 0
    assert (dest / "course.md").is_file()


def test_export_does_not_overwrite_without_replace(runner, imported, tmp_path):
    dest = tmp_path / "demo-kurz"
    dest.mkdir()
    (dest / "99-stary.md").write_text("starý modul", encoding="utf-8")
    (dest / "README.txt").write_text("poznámky", encoding="utf-8")
    result = runner.invoke(args=["courses", "export", "demo-kurz", str(dest)])
    assert result.exit_code == 1
    assert f"error: {dest} is not empty; choose another folder, or add --replace" in result.output
    result = runner.invoke(args=["courses", "export", "demo-kurz", str(dest), "--replace"])
    assert result.exit_code == 0, result.output
    assert not (dest / "99-stary.md").exists()  # a stale module would come back on import
    assert (dest / "README.txt").read_text(encoding="utf-8") == "poznámky"
    assert files(dest) == {**files(imported), "README.txt": "poznámky".encode()}


def test_unknown_course_is_a_clear_error(runner, imported, tmp_path):
    result = runner.invoke(args=["courses", "export", "neni-kurz", str(tmp_path)])
    assert result.exit_code == 1
    assert "error: no course with the slug 'neni-kurz'; imported courses: demo-kurz" in (
        result.output
    )
    result = runner.invoke(args=["courses", "export-gift", "neni-kurz"])
    assert result.exit_code == 1


def test_course_md_is_rebuilt_when_its_source_was_not_kept(app, runner, imported, tmp_path):
    with app.app_context():  # a course imported before course.md was stored
        db.session.execute(update(Course).values(source=None))
        db.session.commit()
    runner.invoke(args=["courses", "export", "demo-kurz", str(tmp_path)])
    rebuilt = (tmp_path / "demo-kurz" / "course.md").read_text(encoding="utf-8")
    assert rebuilt.startswith("---\ntitle: Ukázkový kurz – Šťastné cesty\n")
    assert "cover: media/obrazek.svg\n" in rebuilt and "estimated_hours: 1.5\n" in rebuilt
    with app.app_context():
        before = db.session.scalar(select(Course))
        fields = (before.title, before.instructors, before.certificate_rules, before.cover)
        report = import_path(db.session, tmp_path, Path(app.config["MEDIA_DIR"]))
        assert report.ok and report.unchanged == 4, report.problems
        after = db.session.scalar(select(Course))
        assert (after.title, after.instructors, after.certificate_rules, after.cover) == fields
        assert after.overview_source == "Přehled kurzu s **tučným** textem."
        db.session.rollback()


def test_export_gift_prints_or_writes_the_quiz(runner, imported, tmp_path):
    result = runner.invoke(args=["courses", "export-gift", "demo-kurz"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("// Ukázkový kurz – Šťastné cesty: quiz questions")
    assert "$CATEGORY: $course$/top/Ukázkový kurz – Šťastné cesty/Kvíz\n" in result.output
    assert "\t~%50%SPRAVNA-KONVERZE#Ano, konverze je základní metrika.\n" in result.output
    assert "{#42.5:0.01}" in result.output
    out = tmp_path / "kviz.gift.txt"
    result = runner.invoke(args=["courses", "export-gift", "demo-kurz", "--output", str(out)])
    assert result.output == f"Wrote 4 questions from 1 quiz to {out}.\n"
    assert out.read_text(encoding="utf-8").count("::[markdown]") == 4


def test_export_gift_of_a_course_without_quizzes(runner, imported):
    (imported / "04-kviz.md").unlink()
    assert runner.invoke(args=["courses", "import", str(imported)]).exit_code == 0
    result = runner.invoke(args=["courses", "export-gift", "demo-kurz"])
    assert result.exit_code == 1
    assert "error: course 'demo-kurz' has no quiz questions to export" in result.output
