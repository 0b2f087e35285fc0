"""How often a person may export maps: a PNG poster of a large map takes about a second of
a worker's CPU and up to 120 MB, so parallel requests for one could hold every worker."""

from __future__ import annotations

from flask_login import current_user

EXPORTS_PER_MINUTE = "20/minute"


def export_key() -> str:
    """Counted per account, wherever the requests come from."""
    return f"map-export:{current_user.get_id()}"
