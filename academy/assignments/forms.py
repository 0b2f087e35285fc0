"""The learner's work form and the reviewer's rubric form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from academy.forms import AcademyForm

MAX_FEEDBACK = 10_000


class WorkForm(AcademyForm):
    """The draft: text, a file to add, and what to do. The text is kept whatever the button."""

    text = TextAreaField(_l("Váš text"))
    upload = FileField(_l("Přidat soubor"))
    revision = HiddenField(validators=[InputRequired()])
    save = SubmitField(_l("Uložit koncept"))
    attach = SubmitField(_l("Nahrát soubor"))
    submit = SubmitField(_l("Odevzdat k hodnocení"))


class TakeForm(AcademyForm):
    revision = IntegerField(validators=[InputRequired()])
    take = SubmitField(_l("Převzít k hodnocení"))


class ReviewForm(AcademyForm):
    """Scores for each rubric criterion (added by `review_form`), feedback and the decision."""

    revision = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    feedback = TextAreaField(
        _l("Komentář pro účastníka"),
        validators=[
            Optional(),
            Length(max=MAX_FEEDBACK, message=_l("Komentář může mít nejvýš 10 000 znaků.")),
        ],
    )
    give_back = SubmitField(_l("Vrátit k opravě"))
    accept = SubmitField(_l("Přijmout"))


def review_form(rubric: list[dict[str, Any]], **kwargs: Any) -> ReviewForm:
    """A ReviewForm with one radio group per criterion, named score_<key>."""

    class Form(ReviewForm):
        pass

    for criterion in rubric:
        choices = [
            SelectChoice(
                str(lv["points"]),
                f"{lv['points']} b." + (f" – {lv['label']}" if lv["label"] else ""),
            )
            for lv in criterion["levels"]
        ]
        setattr(
            Form,
            f"score_{criterion['key']}",
            RadioField(criterion["criterion"], choices=choices, validators=[Optional()]),
        )
    return Form(**kwargs)


def scores_from(form: ReviewForm, rubric: list[dict[str, Any]]) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for criterion in rubric:
        value = form[f"score_{criterion['key']}"].data
        found[criterion["key"]] = int(value) if value not in (None, "", "None") else None
    return found
