"""Forms of the learner's path: buttons that change state carry a CSRF token."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice as Choice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from academy.forms import AcademyForm

MAX_COMMENT = 2000


class FeedbackForm(AcademyForm):
    rating = RadioField(
        _l("Hodnocení od 1 do 5 hvězdiček"),
        choices=[Choice(str(n), str(n)) for n in range(1, 6)],
        validate_choice=False,  # AnyOf says it in the learner's words
        validators=[
            InputRequired(_l("Vyberte počet hvězdiček od 1 do 5.")),
            AnyOf([str(n) for n in range(1, 6)], _l("Vyberte počet hvězdiček od 1 do 5.")),
        ],
    )
    comment = TextAreaField(
        _l("Co bychom měli zlepšit? (nepovinné)"),
        validators=[
            Optional(),
            Length(max=MAX_COMMENT, message=_l("Komentář může mít nejvýše 2000 znaků.")),
        ],
    )
    next = HiddenField()
    submit = SubmitField(_l("Odeslat hodnocení"))


class SkipForm(AcademyForm):
    next = HiddenField()
    skip = SubmitField(_l("Teď ne"))
