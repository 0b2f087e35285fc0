"""Quiz forms. The answer sheet is built per attempt: one field per question shown."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from academy.forms import AcademyForm
from academy.quizzes.grading import MAX_NUMBER_LENGTH, Answer, NotANumber, parse_number
from academy.quizzes.sheet import ShownQuestion

MAX_TEXT_LENGTH = 200


class ResetForm(AcademyForm):
    reason = TextAreaField(
        _l("Důvod vynulování"),
        validators=[
            DataRequired(_l("Napište důvod; uloží se do záznamu o vynulování.")),
            Length(min=5, max=500, message=_l("Důvod má mít 5 až 500 znaků.")),
        ],
    )
    submit = SubmitField(_l("Vynulovat pokusy"))


class AnswerSheetForm(AcademyForm):
    """The answers to one attempt; the question fields are added by `answer_sheet_form`."""

    save = SubmitField(_l("Uložit rozpracované"))
    submit = SubmitField(_l("Odevzdat kvíz"))
    # the second step when questions are blank (and the timer's own submit): no more asking
    submit_anyway = SubmitField(_l("Přesto odevzdat"))


def _option_key(value: Any) -> str | None:
    """Option keys are strings; nothing chosen stays None (WTForms would make it "None")."""
    return None if value is None or value == "" else str(value)


def _offered_options(form: AcademyForm, field: Field) -> None:
    offered = {choice.value for choice in field.choices}
    chosen = field.data if isinstance(field.data, list) else [field.data]
    if any(value not in offered for value in chosen if value is not None):
        raise ValidationError(_l("Vyberte odpověď z nabízených možností."))


def _a_number(form: AcademyForm, field: Field) -> None:
    try:
        parse_number(field.data or "")
    except NotANumber:
        raise ValidationError(_l("Zadejte číslo, například 12 nebo 12,5.")) from None


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def field_name(question_key: str) -> str:
    return f"q_{question_key}"


def _answer_field(question: ShownQuestion) -> Field:
    choices = [SelectChoice(o.key, o.text) for o in question.options]
    if question.kind == "single":
        return RadioField(
            choices=choices,
            coerce=_option_key,
            validate_choice=False,
            validators=[_offered_options],
        )
    if question.kind == "multiple":
        return _Checkboxes(
            choices=choices,
            coerce=_option_key,
            validate_choice=False,
            validators=[_offered_options],
        )
    if question.kind == "number":
        too_long = _l("Číslo může mít nejvýše %(max)d znaků.")
        return StringField(
            validators=[Length(max=MAX_NUMBER_LENGTH, message=too_long), _a_number],
            render_kw={"inputmode": "decimal", "autocomplete": "off"},
        )
    too_long = _l("Odpověď může mít nejvýše %(max)d znaků.")
    return StringField(
        validators=[Length(max=MAX_TEXT_LENGTH, message=too_long)],
        render_kw={"autocomplete": "off", "maxlength": MAX_TEXT_LENGTH},
    )


def answer_sheet_form(
    questions: list[ShownQuestion], answers: dict[str, Answer] | None = None, **kwargs: Any
) -> AnswerSheetForm:
    """The form of one attempt, filled with its saved answers."""
    fields = {field_name(q.key): _answer_field(q) for q in questions}
    form_class = type("AttemptAnswerSheetForm", (AnswerSheetForm,), fields)
    data = {field_name(key): value for key, value in (answers or {}).items()}
    return form_class(data=data, **kwargs)


def answers_from(form: AnswerSheetForm, questions: list[ShownQuestion]) -> dict[str, Answer]:
    """The answers in a validated form; fields with errors are left out."""
    answers: dict[str, Answer] = {}
    for question in questions:
        field = form[field_name(question.key)]
        if field.errors:
            continue
        if question.kind == "multiple":
            answers[question.key] = [v for v in field.data or [] if v is not None]
        elif question.kind == "single":
            answers[question.key] = field.data
        else:
            answers[question.key] = field.data or ""
    return answers
