"""The module header (front matter) as labelled Czech fields with help texts.

The form is a view of the YAML: `headers.values` fills it from the text, `headers.apply`
writes it back. Captions and chapters of a webinar stay in the text (lists of pairs).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice as Choice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, Regexp

from academy.courses.check_quiz import TEXT_MATCH
from academy.forms import AcademyForm
from academy.quizzes.rules import SHOW_ANSWERS
from academy.studio.forms import KIND_CHOICES
from academy.studio.headers import FIELDS, keys_of

TEXT_MATCHES = tuple(TEXT_MATCH)


def _count(label, description, minimum: int, maximum: int = 100_000) -> IntegerField:
    return IntegerField(
        label,
        description=description,
        validators=[
            Optional(),
            NumberRange(
                min=minimum,
                max=maximum,
                message=_l("Zadejte celé číslo od %(min)d do %(max)d."),
            ),
        ],
        render_kw={"inputmode": "numeric"},
    )


class ModuleHeaderForm(AcademyForm):
    """Every key a module's header may have; the template shows those of its kind."""

    class Meta:
        csrf = False  # part of the editor's form (or a JSON call) that carries the token

    title = StringField(
        _l("Název modulu"),
        description=_l("Jak se modul jmenuje v osnově kurzu i na jeho stránce."),
        validators=[DataRequired(_l("Vyplňte název modulu.")), Length(max=200)],
    )
    kind = SelectField(
        _l("Druh modulu"),
        description=_l("Lekce je text, webinář záznam, kvíz otázky s hodnocením."),
        choices=KIND_CHOICES,
    )
    minutes = _count(
        _l("Odhad času (minuty)"), _l("Kolik minut modul účastníkovi zabere."), 1, 10_000
    )
    required = BooleanField(
        _l("Povinný modul"),
        description=_l("Povinné moduly se počítají do dokončení kurzu a certifikátu."),
    )
    practice_minutes = _count(
        _l("Praktická práce (minuty)"),
        _l("Čas na úkol pro vlastní firmu navíc k četbě; nepovinné."),
        0,
        10_000,
    )
    video = StringField(
        _l("Video"),
        description=_l("Soubor ze Souborů kurzu (media/zaznam.mp4) nebo adresa https://…"),
        validators=[Optional(), Length(max=500)],
    )
    video_mp4 = StringField(
        _l("Záložní video MP4"),
        description=_l("Nepovinné: MP4 pro prohlížeče, které neumí WebM."),
        validators=[Optional(), Length(max=500)],
    )
    poster = StringField(
        _l("Úvodní obrázek"),
        description=_l("Nepovinné: obrázek před spuštěním, např. media/plakat.svg."),
        validators=[Optional(), Length(max=500)],
    )
    duration = StringField(
        _l("Délka záznamu"),
        description=_l("Nepovinné: MM:SS nebo počet sekund."),
        validators=[
            Optional(),
            Regexp(r"^(\d+|\d{1,2}:\d{2}(:\d{2})?)$", message=_l("Zadejte délku jako 48:30.")),
        ],
    )
    public = BooleanField(
        _l("Ukázka pro všechny"),
        description=_l("Záznam uvidí i návštěvníci bez přihlášení."),
    )
    pass_mark = _count(
        _l("Hranice úspěchu (%)"), _l("Kolik procent bodů je potřeba ke splnění kvízu."), 0, 100
    )
    max_attempts = _count(_l("Počet pokusů"), _l("0 znamená bez omezení."), 0, 1000)
    cooldown_minutes = _count(
        _l("Pauza mezi pokusy (minuty)"), _l("Nepovinné; 0 bez čekání."), 0, 100_000
    )
    time_limit_minutes = _count(
        _l("Časový limit (minuty)"), _l("Nepovinné; prázdné znamená bez limitu."), 1, 10_000
    )
    shuffle = BooleanField(
        _l("Zamíchat možnosti"), description=_l("Každý pokus má možnosti v jiném pořadí.")
    )
    shuffle_questions = BooleanField(
        _l("Zamíchat otázky"), description=_l("Každý pokus má otázky v jiném pořadí.")
    )
    pick = _count(
        _l("Losovat otázek"),
        _l("Nepovinné: každý pokus vylosuje tolik otázek ze všech otázek kvízu (banka otázek)."),
        1,
        1000,
    )
    show_answers = SelectField(
        _l("Kdy ukázat správné odpovědi"),
        description=_l("Správné odpovědi a vysvětlení se ukážou spolu."),
        validate_choice=False,
        validators=[Optional(), AnyOf(SHOW_ANSWERS, message=_l("Vyberte jednu z možností."))],
        choices=[
            Choice("", _l("po úspěšném pokusu (výchozí)")),
            Choice("after_pass", _l("po úspěšném pokusu")),
            Choice("after_each_attempt", _l("po každém pokusu")),
            Choice("after_last_attempt", _l("po posledním pokusu")),
            Choice("never", _l("nikdy (jen lektor)")),
        ],
    )
    text_match = SelectField(
        _l("Porovnání textových odpovědí"),
        description=_l("Mezery a interpunkce se ignorují vždy."),
        validate_choice=False,
        validators=[Optional(), AnyOf(TEXT_MATCHES, message=_l("Vyberte jednu z možností."))],
        choices=[
            Choice("", _l("volně (výchozí)")),
            Choice("loose", _l("volně: bez ohledu na velikost písmen a diakritiku")),
            Choice("case", _l("záleží na velikosti písmen")),
            Choice("diacritics", _l("záleží na diakritice")),
            Choice("exact", _l("přesně")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        """Only the fields of the chosen kind count: the others are hidden and not written."""
        super().validate(extra_validators)
        shown = set(keys_of(self.kind.data or "lesson"))
        for name, field in self._fields.items():
            if name not in shown:
                field.errors = []
        return not any(self[name].errors for name in shown)

    def shown(self) -> list[Any]:
        """The fields of the module's kind, in the order the file lists them."""
        return [self[key] for key in keys_of(self.kind.data or "lesson")]

    def wanted(self) -> dict[str, Any]:
        """The values to write, keyed like the YAML."""
        return {key: self[key].data for key in FIELDS}
