"""E-mails about questions, written into the outbox in the caller's transaction."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from academy.auth.models import User
from academy.courses.models import Course, Module
from academy.courses.staff import instructor_emails
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
    outbox.enqueue(
        session,
        key=f"question-answered:{reply.id}",
        kind="question_answered",
        to=user.email,
        letter=letter,
        language=language,
        user_id=user.id,
        course_id=course.id,
    )


def inbox_url(course: Course) -> str:
    return f"{current_app.config['BASE_URL']}/teach/{course.slug}/questions"


def question_asked(
    session: Session, question: LearnerQuestion, course: Course, module: Module, learner: User
) -> None:
    """'A learner asks in your course': to each instructor the course lists (by e-mail) who
    has an active account; the question's words stay in the academy (the inbox link)."""
    emails = instructor_emails(course.instructors or [])
    if not emails:
        return
    teachers = session.scalars(
        select(User).where(func.lower(User.email).in_(emails), User.deactivated_at.is_(None))
    )
    for teacher in teachers:
        language = letters.language_of(teacher.language)
        with letters.in_language(language):
            subject = _("Nový dotaz v kurzu %(title)s", title=course.title)
            text = _(
                "Dobrý den, %(name)s,\n\n"
                "%(learner)s se ptá u modulu %(module)s. Dotaz a jeho souvislosti najdete "
                "v dotazech kurzu:\n%(url)s\n\n"
                "CX akademie",
                name=teacher.full_name,
                learner=learner.full_name,
                module=module.title,
                url=inbox_url(course),
            )
            letter = letters.write(language, subject, text)
        outbox.enqueue(
            session,
            key=f"question-asked:{question.id}:{teacher.id}",
            kind="question_asked",
            to=teacher.email,
            letter=letter,
            language=language,
            user_id=teacher.id,
            course_id=course.id,
        )
