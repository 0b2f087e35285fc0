"""'Your work was reviewed': the mail a learner gets when work is returned or accepted,
written into the outbox in the reviewer's transaction (academy.notifications)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from academy.assignments.models import SubmissionVersion, WorkSubmission
from academy.auth.models import User
from academy.courses.models import Module
from academy.notifications import letters, outbox


def work_reviewed(
    session: Session,
    learner: User,
    module: Module,
    submission: WorkSubmission,
    version: SubmissionVersion,
) -> None:
    """One mail per reviewed version, in the learner's language, with a link to the work."""
    course = module.course
    language = letters.language_of(learner.language, course.language)
    url = f"{current_app.config['BASE_URL']}/courses/{course.slug}/{module.slug}#prace"
    with letters.in_language(language):
        if version.decision == "accepted":
            subject = _("Úkol „%(title)s“ je přijatý", title=module.title)
            text = _(
                "Dobrý den, %(name)s,\n\n"
                "lektor přijal vaši práci k úkolu „%(title)s“ v kurzu %(course)s.\n\n"
                "Hodnocení a komentář najdete tady:\n%(url)s\n\n"
                "CX akademie",
                name=learner.full_name,
                title=module.title,
                course=course.title,
                url=url,
            )
        else:
            subject = _("Úkol „%(title)s“ se vrací k doplnění", title=module.title)
            text = _(
                "Dobrý den, %(name)s,\n\n"
                "lektor si přečetl vaši práci k úkolu „%(title)s“ v kurzu %(course)s a vrací "
                "vám ji s hodnocením a komentářem k doplnění.\n\n"
                "Komentář a hodnocení podle rubriky najdete tady:\n%(url)s\n\n"
                "CX akademie",
                name=learner.full_name,
                title=module.title,
                course=course.title,
                url=url,
            )
        letter = letters.write(language, subject, text)
    outbox.enqueue(
        session,
        key=f"work-reviewed:{submission.id}:{version.number}",
        kind="work_reviewed",
        to=learner.email,
        letter=letter,
        language=language,
        user_id=learner.id,
        course_id=course.id,
    )
