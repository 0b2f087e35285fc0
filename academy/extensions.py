"""Extension objects, created unbound and bound to the app in create_app."""

from flask_alembic import Alembic
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

from academy.db import Model

db = SQLAlchemy()
alembic = Alembic(metadatas=Model.metadata)
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(get_remote_address)
