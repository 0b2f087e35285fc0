"""Forms of the studio's media page and course import page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class MediaUploadForm(FlaskForm):
    file = FileField(_l("Soubor"), validators=[FileRequired(_l("Vyberte soubor k nahrání."))])


class CourseZipForm(FlaskForm):
    archive = FileField(
        _l("Archiv kurzu (.zip)"), validators=[FileRequired(_l("Vyberte soubor .zip s kurzem."))]
    )
