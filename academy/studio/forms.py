"""Forms of the studio: a new course, course metadata, modules and the module editor."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice as Choice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from academy.courses.source import SLUG_RE
from academy.forms import AcademyForm

MAX_REVISION = 1_000_000_000  # well inside the database's integer, even after +1
MAX_SOURCE = 200_000  # characters of one module's Markdown
KIND_CHOICES = [
    Choice("lesson", _l("Lekce")),
    Choice("webinar", _l("Webinář")),
    Choice("quiz", _l("Kvíz")),
]


class NewCourseForm(AcademyForm):
    title = StringField(
        _l("Název kurzu"), validators=[DataRequired(_l("Vyplňte název kurzu.")), Length(max=200)]
    )
    slug = StringField(
        _l("Adresa kurzu"),
        validators=[
            Optional(),
            Length(max=100),
            Regexp(
                SLUG_RE,
                message=_l("Jen malá písmena bez diakritiky, číslice a pomlčky, např. muj-kurz."),
            ),
        ],
    )


class CourseForm(AcademyForm):
    title = StringField(
        _l("Název"), validators=[DataRequired(_l("Vyplňte název kurzu.")), Length(max=200)]
    )
    subtitle = StringField(_l("Podtitul"), validators=[Optional(), Length(max=300)])
    summary = TextAreaField(
        _l("Shrnutí do katalogu"), validators=[Length(max=2000)], render_kw={"rows": 3}
    )
    language = SelectField(
        _l("Jazyk kurzu"), choices=[Choice("cs", "čeština"), Choice("en", "English")]
    )
    level = SelectField(
        _l("Úroveň"),
        choices=[
            Choice("beginner", _l("začátečníci")),
            Choice("intermediate", _l("pokročilí")),
            Choice("advanced", _l("experti")),
        ],
    )
    hours = DecimalField(
        _l("Odhad délky (hodiny)"),
        places=1,
        validators=[
            Optional(),
            NumberRange(min=0.1, max=9999, message=_l("Zadejte kladné číslo.")),
        ],
    )
    tags = StringField(_l("Štítky (oddělené čárkou)"), validators=[Length(max=500)])
    published = BooleanField(_l("Kurz je zveřejněný v katalogu"))
    overview = TextAreaField(
        _l("Přehled kurzu (Markdown)"), validators=[Length(max=MAX_SOURCE)], render_kw={"rows": 8}
    )

    def tag_list(self) -> list[str]:
        return [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]


class NewModuleForm(AcademyForm):
    title = StringField(
        _l("Název modulu"),
        validators=[DataRequired(_l("Vyplňte název modulu.")), Length(max=200)],
        id="module-title",  # the course form on the same page has its own "title"
    )
    kind = SelectField(_l("Druh"), choices=KIND_CHOICES)


class MoveForm(AcademyForm):
    step = IntegerField(validators=[AnyOf([-1, 1], message=_l("Neplatný směr posunu."))])


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: no database keeps them


def storable_text(form, field) -> None:
    """Refuse text the database cannot keep (PostgreSQL rejects NUL; UTF-8 has no lone surrogates)."""
    if field.data and _UNSTORABLE.search(field.data):
        raise ValidationError(
            _("Text obsahuje neplatný znak (například nulový bajt); odstraňte ho.")
        )


class EditorForm(AcademyForm):
    source = TextAreaField(
        _l("Zdrojový text modulu (Markdown)"),
        validators=[
            storable_text,
            Length(
                max=MAX_SOURCE,
                message=_l("Text je příliš dlouhý (nejvýše %(max)d znaků).", max=MAX_SOURCE),
            ),
        ],
    )
    revision = IntegerField(
        widget=HiddenInput(),
        validators=[NumberRange(min=0, max=MAX_REVISION, message=_l("Neplatná verze konceptu."))],
    )
    base = HiddenField(validators=[Length(max=64)])
    save = SubmitField(_l("Uložit koncept"))
    publish = SubmitField(_l("Zveřejnit"))


class ModuleAddressForm(AcademyForm):
    """A new module's address (its file name after NN-), editable until its first publish."""

    address = StringField(
        _l("Adresa modulu"),
        validators=[
            DataRequired(_l("Vyplňte adresu modulu.")),
            Length(max=100),
            Regexp(
                SLUG_RE,
                message=_l("Jen malá písmena bez diakritiky, číslice a pomlčky, např. muj-kurz."),
            ),
        ],
    )


class CourseAddressForm(AcademyForm):
    """The course's address (/courses/<address>), editable until learners can know it."""

    address = StringField(
        _l("Adresa kurzu"),
        validators=[
            DataRequired(_l("Vyplňte adresu kurzu.")),
            Length(max=100, message=_l("Adresa může mít nejvýše %(max)d znaků.", max=100)),
            Regexp(
                SLUG_RE,
                message=_l("Jen malá písmena bez diakritiky, číslice a pomlčky, např. muj-kurz."),
            ),
        ],
        id="course-address",
    )
