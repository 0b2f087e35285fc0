"""The visual quiz builder's JSON calls: read a quiz module's text into questions, and write
the builder's questions back into the text. Nothing is saved here: the editor's autosave
saves the text the builder wrote, like any other change."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _

from academy.studio import quiz_builder
from academy.studio.editor_views import _form_error, _json_form, bp
from academy.studio.views import course_module, editable_course, staff_only


@bp.post("/courses/<slug>/modules/<module_slug>/quiz.json")
@staff_only
def quiz_questions(slug: str, module_slug: str):
    """{source} → the quiz's questions; {source, quiz} → the text with the quiz rewritten."""
    course = editable_course(slug)
    course_module(course, module_slug)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400)
    form = _json_form()
    if not form.source.validate(form):
        return {"error": _form_error(form)}, 400
    text = form.source.data or ""
    if "quiz" in payload:
        try:
            return {"source": quiz_builder.write(text, payload["quiz"])}
        except quiz_builder.BuilderError as exc:
            return {"error": exc.message, "question": exc.question}, 400
    read = quiz_builder.read(text)
    if read is None:
        return {"error": _("Hlavičku v textu nejde přečíst; opravte ji podle kontroly.")}, 400
    return {"intro": read.intro, "questions": read.questions, "problems": read.problems}
