"""Forms of the studio's media page and course import page."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from academy.forms import AcademyForm


class MediaUploadForm(AcademyForm):
    file = FileField(_l("Soubor"), validators=[FileRequired(_l("Vyberte soubor k nahrání."))])


class CourseZipForm(AcademyForm):
    archive = FileField(
        _l("Archiv kurzu (.zip)"), validators=[FileRequired(_l("Vyberte soubor .zip s kurzem."))]
    )
