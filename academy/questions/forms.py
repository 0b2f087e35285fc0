"""Forms of questions: asking, answering, and the buttons that change a question."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from academy.forms import AcademyForm
from academy.questions.services import MAX_BODY


class QuestionForm(AcademyForm):
    body = TextAreaField(
        _l("Váš dotaz lektorovi"),
        validators=[
            DataRequired(_l("Napište prosím, s čím potřebujete pomoct.")),
            Length(max=MAX_BODY, message=_l("Dotaz může mít nejvýše %(max)d znaků.")),
        ],
    )
    attachment = FileField(_l("Snímek obrazovky (nepovinné)"))
    offer = IntegerField(validators=[Optional()], widget=HiddenField.widget)
    once = HiddenField()  # the form's request key: sent twice, it makes one question


class ReplyForm(AcademyForm):
    body = TextAreaField(
        _l("Odpověď"),
        validators=[
            DataRequired(_l("Napište prosím odpověď.")),
            Length(max=MAX_BODY, message=_l("Odpověď může mít nejvýše %(max)d znaků.")),
        ],
    )
