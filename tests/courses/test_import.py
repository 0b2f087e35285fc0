"""Importing courses/: idempotent, keyed by slugs, all or nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from academy.courses.importer import import_path
from academy.courses.models import Course, Module, ModuleVersion
from academy.extensions import db
from academy.learning.models import ModuleProgress


def _import(app, path: Path):
    with app.app_context():
        report = import_path(db.session, path, Path(app.config["MEDIA_DIR"]))
        if report.ok:
            db.session.commit()
        else:
            db.session.rollback()
        return report


def test_import_stores_rendered_html_and_copies_media(app, imported):
    with app.app_context():
        course = db.session.scalar(select(Course))
        assert course.title == "Ukázkový kurz – Šťastné cesty"
        assert course.instructors == [{"name": "Jiří Šťastný", "email": "jiri@example.cz"}]
        module = db.session.scalar(select(Module).where(Module.slug == "uvod"))
        assert '<div class="admonition tip">' in module.body_html
        quiz = db.session.scalar(select(Module).where(Module.slug == "kviz"))
        assert "SPRAVNA-ODPOVED-TAJNA" not in quiz.body_html
        assert quiz.settings["questions"][0]["kind"] == "single"
    assert (Path(app.config["MEDIA_DIR"]) / "demo-kurz" / "obrazek.svg").is_file()


def test_reimport_is_idempotent(app, imported):
    report = _import(app, imported.parent)
    assert (report.created, report.updated, report.archived) == (0, 0, 0)
    assert report.unchanged == 4
    with app.app_context():
        assert db.session.scalar(select(func.count(ModuleVersion.id))) == 4


def test_edited_module_keeps_progress_and_adds_a_version(app, auth, client, imported):
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/uvod/done")
    lesson = imported / "01-uvod.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nNový odstavec.\n", encoding="utf-8")
    report = _import(app, imported.parent)
    assert report.updated == 1
    html = client.get("/courses/demo-kurz/uvod").get_data(as_text=True)
    assert "Nový odstavec." in html
    assert "Tento modul máte hotový." in html
    with app.app_context():
        assert db.session.scalar(select(func.count(ModuleVersion.id))) == 5
        assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1


def test_removed_module_is_archived_not_deleted(app, auth, client, imported):
    auth.create()
    auth.login()
    auth.post("/courses/demo-kurz/enrol")
    auth.post("/courses/demo-kurz/bonus/done")
    (imported / "03-bonus.md").unlink()
    report = _import(app, imported.parent)
    assert report.archived == 1
    with app.app_context():
        bonus = db.session.scalar(select(Module).where(Module.slug == "bonus"))
        assert bonus.archived_at is not None
    # still there for the learner who took it, marked as archived
    assert "Bonus navíc" in client.get("/courses/demo-kurz").get_data(as_text=True)
    auth.logout()
    auth.create(email="novy@example.cz")
    auth.login(email="novy@example.cz")
    auth.post("/courses/demo-kurz/enrol")
    assert "Bonus navíc" not in client.get("/courses/demo-kurz").get_data(as_text=True)


def test_import_with_errors_changes_nothing(app, imported):
    lesson = imported / "02-persony.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nNOVÝ TEXT\n", encoding="utf-8")
    (imported / "05-rozbite.md").write_text("---\ntitle: [neuzavřeno\n---\n", encoding="utf-8")
    report = _import(app, imported.parent)
    assert not report.ok
    assert any(p.path == "demo-kurz/05-rozbite.md" and p.line == 2 for p in report.problems)
    with app.app_context():
        persony = db.session.scalar(select(Module).where(Module.slug == "persony"))
        assert "NOVÝ TEXT" not in persony.body_html


def test_cli_import_reports_and_fails_on_errors(runner, imported):
    result = runner.invoke(args=["courses", "import", str(imported.parent)])
    assert result.exit_code == 0, result.output
    assert "4 unchanged" in result.output
    (imported / "06-x.md").write_text("---\ntitle: X\nkind: podcast\n---\nText\n", encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(imported.parent)])
    assert result.exit_code == 1
    assert "demo-kurz/06-x.md:3: error: neznámý druh modulu (kind) 'podcast'" in result.output
    assert "nothing changed" in result.output


def test_text_match_in_front_matter_makes_text_answers_keep_diacritics(app, imported):
    from academy.quizzes.grading import question_score

    quiz = imported / "04-kviz.md"
    source = quiz.read_text(encoding="utf-8")
    quiz.write_text(source.replace("show_answers:", "text_match: diacritics\nshow_answers:"))
    assert _import(app, imported.parent).ok
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "kviz"))
        (text_question,) = [q for q in module.settings["questions"] if q["kind"] == "text"]
        choice = next(q for q in module.settings["questions"] if q["kind"] == "single")
    assert text_question["diacritics_sensitive"] is True
    assert "case_sensitive" not in text_question and "diacritics_sensitive" not in choice
    assert question_score(text_question, "stdc") == 1  # case still ignored
    assert question_score(text_question, "see-think-do-čare") == 0
