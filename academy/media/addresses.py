"""Where a course's media are served: `/media/<course>/<file>` (academy.media.views).

Rendered course pages, the player and the search index write these addresses; the import
and the export translate a course folder's `media/…` to and from them.
"""

from __future__ import annotations


def media_base(course_slug: str) -> str:
    return f"/media/{course_slug}/"
