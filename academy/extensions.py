"""Extension objects, created unbound and bound to the app in create_app."""

from __future__ import annotations

from flask_alembic import Alembic
from flask_babel import Babel, gettext
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

from academy.db import Model, migrations_without_foreign_keys
from academy.negotiation import wants_json


class AcademyAlembic(Alembic):
    """Alembic with SQLite's foreign keys off while migrating.

    Batch mode rebuilds a SQLite table by copying it and dropping the old one; with
    foreign keys on, that DROP would cascade and delete every row that refers to it.
    """

    def run_migrations(self, fn, **kwargs):  # type: ignore[no-untyped-def]
        with migrations_without_foreign_keys(self.migration_contexts.values()):
            super().run_migrations(fn, **kwargs)


class AcademyLoginManager(LoginManager):
    """Flask-Login's, except that a script's JSON request made without a sign-in (it
    expired while a quiz or a draft was open) gets 401 with a message the page can show,
    not a redirect to the sign-in page that fetch() would follow."""

    def unauthorized(self):  # type: ignore[no-untyped-def]
        if not wants_json():
            return super().unauthorized()
        message = gettext(
            "Nejste přihlášeni, nebo přihlášení vypršelo. Přihlaste se znovu "
            "v nové záložce; co máte na této stránce, zůstává."
        )
        return {"error": "signed_out", "message": message}, 401


db = SQLAlchemy()
alembic = AcademyAlembic(metadatas=Model.metadata)
babel = Babel()
csrf = CSRFProtect()
compress = Compress()
login_manager = AcademyLoginManager()
limiter = Limiter(get_remote_address)
