"""Admin filters: GET forms, no CSRF (they change nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SearchField,
    SelectField,
)
from wtforms.fields.choices import SelectChoice as Choice
from wtforms.validators import Length, NumberRange, Optional

from academy.admin.learners import COMPLETED, IN_PROGRESS, NOT_STARTED, SILENT, SILENT_DAYS
from academy.forms import AcademyForm


class ReportScopeForm(AcademyForm):
    """A report narrowed to a company or one of its cohorts, chosen in one select (cohorts
    grouped by company, each company also as a whole); the choices are filled per request
    with what the member of staff sees (academy.admin.access.report_scope)."""

    class Meta:
        csrf = False  # a GET form: it changes nothing

    # checked by access.report_scope (an unknown id is 404, anything else ignored) and
    # rendered by admin/_macros.html: at 2,000 cohorts the widget's options cost 60 ms
    scope = SelectField(_l("Firma nebo skupina"), choices=[], default="", validate_choice=False)


class LearnerFilterForm(ReportScopeForm):
    """Filters read from the query string; invalid values fall back to the defaults."""

    course = SelectField(_l("Kurz"), choices=[], default="")
    days = IntegerField(
        _l("Bez aktivity alespoň (dní)"),
        default=SILENT_DAYS,
        validators=[Optional(), NumberRange(1, 730)],
    )
    q = SearchField(_l("Hledat jméno nebo e-mail"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Stav"),
        choices=[
            Choice("", _l("Všechny stavy")),
            Choice(NOT_STARTED, _l("Bez hotového modulu")),
            Choice(IN_PROGRESS, _l("Rozpracováno")),
            Choice(COMPLETED, _l("Dokončeno")),
            Choice(SILENT, _l("Tiší (bez aktivity)")),
        ],
        default="",
    )
    sort = SelectField(
        _l("Řadit podle"),
        choices=[
            Choice("activity", _l("Poslední aktivity")),
            Choice("name", _l("Jména")),
            Choice("progress", _l("Postupu")),
            Choice("enrolled", _l("Data zápisu")),
        ],
        default="activity",
    )
