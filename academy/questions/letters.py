"""E-mails about questions, written into the outbox in the caller's transaction."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course, Module
from academy.notifications import letters, outbox
from academy.questions.models import LearnerQuestion, QuestionReply


def module_url(course: Course, module: Module) -> str:
    return f"{current_app.config['BASE_URL']}/courses/{course.slug}/{module.slug}#questions"


def question_answered(session: Session, question: LearnerQuestion, reply: QuestionReply) -> None:
    """'Your question has an answer': the answer and a link to the thread on the module."""
    user = session.get(User, question.user_id)
    course = session.get(Course, question.course_id)
    module = session.get(Module, question.module_id)
    if user is None or course is None or module is None:
        return
    language = letters.language_of(user.language, course.language)
    with letters.in_language(language):
        subject = _("Odpověď na váš dotaz v kurzu %(title)s", title=course.title)
        text = _(
            "Dobrý den, %(name)s,\n\n"
            "%(teacher)s odpověděl(a) na váš dotaz k modulu %(module)s:\n\n"
            "%(answer)s\n\n"
            "Celé vlákno najdete u modulu:\n%(url)s\n\n"
            "CX akademie",
            name=user.full_name,
            teacher=reply.author_name,
            module=module.title,
            answer=reply.body,
            url=module_url(course, module),
        )
        letter = letters.write(language, subject, text)
    outbox.enqueue(session, key=f"question-answered:{reply.id}", kind="question_answered",
                   to=user.email, letter=letter, language=language, user_id=user.id,
                   course_id=course.id)  # fmt: skip
