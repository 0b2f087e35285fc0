"""Course media: who may fetch a recording, and answering with correct Range handling.

Images and other course files are as visible as their course. Recordings (video,
audio, captions) are for enrolled learners and staff, unless a public webinar
module uses them; a cohort's schedule that locks every module playing or linking to a
recording locks the recording too (`file_access`, the one rule). File names come from the URL but are only ever resolved by
`safe_join`/`send_from_directory` inside the course's own media folder.
"""

from __future__ import annotations

import mimetypes
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Response, current_app, request, send_from_directory
from flask_babel import gettext as _
from sqlalchemy import String, and_, bindparam, cast, exists, or_, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound, RequestedRangeNotSatisfiable
from werkzeug.security import safe_join
from werkzeug.urls import quote

from academy.auth.models import User
from academy.companies import schedule
from academy.companies.schedule import Lock, in_a_cohort_of
from academy.courses.models import Course, Module, ModuleKind
from academy.courses.staff import teaches
from academy.learning.models import Enrollment
from academy.media.addresses import media_base
from academy.media.backends import media_file, refresh_working_copy
from academy.webinars import ranges

RECORDING_SUFFIXES = {".webm", ".mp4", ".m4v", ".ogv", ".ogg", ".mp3", ".m4a", ".opus", ".vtt"}
MAX_AGE = 3600
VERSIONED_MAX_AGE = 365 * 24 * 3600
X_ACCEL_PREFIX = "/_protected_media/"
mimetypes.add_type("text/vtt", ".vtt")
mimetypes.add_type("video/webm", ".webm")


def is_recording(filename: str) -> bool:
    return Path(filename).suffix.lower() in RECORDING_SUFFIXES


def module_files(course: Course, module: Module) -> set[str]:
    """Names, relative to the course's media folder, of the files a webinar module plays."""
    return _played_files(course.slug, module.settings or {})


def _played_files(course_slug: str, settings: dict) -> set[str]:
    urls = [settings.get("video"), settings.get("video_mp4")]
    urls += [c.get("src") for c in settings.get("captions") or []]
    base = media_base(course_slug)
    return {u.removeprefix(base) for u in urls if isinstance(u, str) and u.startswith(base)}


def is_public(module: Module) -> bool:
    return bool((module.settings or {}).get("public")) and not module.is_archived


def is_enrolled(session: Session, user: User | None, course: Course) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        session.scalar(
            select(exists().where(Enrollment.user_id == user.id, Enrollment.course_id == course.id))
        )
    )


_course, _module, _enrollment = Course.__table__, Module.__table__, Enrollment.__table__
# Built once (building costs more than running it cached): the course's live webinar
# modules (id and settings, one row each, or one row of NULLs), whether the course is
# published, its instructors, the learner's enrolment and whether they are in a cohort of
# the course (only then can a schedule lock a recording: others pay no query for it).
_FILE_ACCESS = (
    select(
        _module.c.id,
        _module.c.settings,
        _enrollment.c.id,
        _course.c.instructors,
        _course.c.published,
        in_a_cohort_of(bindparam("user_id"), _course.c.id),
        _course.c.id,
        _course.c.media_revision,
    )
    .select_from(_course)
    .outerjoin(
        _module,
        and_(
            _module.c.course_id == _course.c.id,
            _module.c.kind == ModuleKind.WEBINAR,
            _module.c.archived_at.is_(None),
        ),
    )
    .outerjoin(
        _enrollment,
        and_(
            _enrollment.c.course_id == _course.c.id, _enrollment.c.user_id == bindparam("user_id")
        ),
    )
    .where(_course.c.slug == bindparam("slug"))
)


@dataclass(frozen=True)
class FileAccess:
    """Who may fetch a course file: `public` (anyone, cached publicly), `allowed` (this
    user); `lock`: the cohort schedule's lock that keeps an enrolled learner out of the
    recording (every live webinar module that plays it is locked for them)."""

    public: bool
    allowed: bool
    lock: Lock | None = None


def file_access(
    session: Session, slug: str, filename: str, user: User | None, now: datetime
) -> FileAccess | None:
    """The one access rule of a course's files (/media/<course>/<file>), in one statement
    for a learner in no cohort of the course. Images and other files are as visible as
    their course; a recording is public when a live public webinar module plays it, else
    for the course's staff and its enrolled learners, unless their cohort's schedule
    locks every module that plays it (academy.companies.schedule, asked only for learners
    in a cohort of the course). None: no such course, or a draft `user` does not see.
    The same statement reads the course's media revision, so with S3 this node's working
    copy of the course's files is brought up to it here (refresh_working_copy)."""
    recording = is_recording(filename)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    # only a recording needs the user (loaded here): other files are as public as the course
    user_id = user.id if recording and signed_in else None
    rows = session.connection().execute(_FILE_ACCESS, {"slug": slug, "user_id": user_id}).all()
    if not rows:
        return None
    _id, _settings, enrolment, instructors, published, scheduled, course_id, revision = rows[0]
    # with S3, a file replaced or deleted through another node: this node's copy follows
    refresh_working_copy(course_id, slug, revision)
    staff = teaches(user, instructors) if (recording or not published) else False
    if not published and not staff:
        return None
    if not recording:
        return FileAccess(False, True)
    playing = [
        (module_id, settings)
        for module_id, settings, *_rest in rows
        if module_id is not None and filename in _played_files(slug, settings or {})
    ]
    if any((settings or {}).get("public") for _m, settings in playing):
        return FileAccess(True, True)
    if staff:
        return FileAccess(False, True)
    if enrolment is None:
        return FileAccess(False, False)
    if scheduled:
        using = [module_id for module_id, _s in playing] + _linking(session, slug, filename)
        locks = [_lock(session, user_id, module_id, now) for module_id in using]
        if locks and all(locks):
            return FileAccess(False, False, locks[0])
    return FileAccess(False, True)


def _linking(session: Session, slug: str, filename: str) -> list[int]:
    """The other modules whose text links to the recording (a lesson's "watch the
    recording" link, a quiz question's clip): asked only for a learner in a cohort, whose
    schedule may lock them, so the file follows their release like a webinar's video."""
    url = media_base(slug) + filename
    return list(
        session.scalars(
            select(Module.id)
            .join(Course, Course.id == Module.course_id)
            .where(
                Course.slug == slug,
                Module.kind != ModuleKind.WEBINAR,
                Module.archived_at.is_(None),
                or_(
                    Module.body_html.contains(url, autoescape=True),
                    cast(Module.settings, String).contains(url, autoescape=True),
                ),
            )
        )
    )


def _lock(session: Session, user_id: int | None, module_id: int, now: datetime) -> Lock | None:
    module = session.get(Module, module_id)
    if module is None or user_id is None:
        return None
    return schedule.for_module(session, user_id, module, now=now).lock


def serve(course_slug: str, filename: str, private: bool) -> Response:
    """The file with 200/206/416/304 as RFC 9110 says, or a hand-over to nginx."""
    folder = Path(current_app.config["MEDIA_DIR"]) / course_slug
    found = safe_join(str(folder), filename)
    if found is None:
        raise NotFound()
    if not Path(found).is_file() and media_file(course_slug, filename) is None:
        raise NotFound()  # on no node's disk and not in the bucket either
    path = Path(found)
    if current_app.config.get("MEDIA_X_ACCEL"):
        response = Response(status=200)
        response.headers["X-Accel-Redirect"] = quote(f"{X_ACCEL_PREFIX}{course_slug}/{filename}")
        response.headers["Content-Type"] = _content_type(path)
    else:
        try:
            asked = ranges.parse_ranges(request.headers.get("Range"))
            if asked is None:  # none, or malformed: ignored, as RFC 9110 says
                request.environ.pop("HTTP_RANGE", None)
            if asked is not None and len(asked.ranges) > 1:
                response = _several_ranges(path)
            else:
                response = send_from_directory(folder, filename, max_age=MAX_AGE)
        except RequestedRangeNotSatisfiable:
            # answered here: the site's error pages would drop Content-Range
            message = _("Požadovaný rozsah bajtů leží mimo soubor.")
            response = Response(message + "\n", status=416, mimetype="text/plain")
            response.headers["Content-Range"] = f"bytes */{path.stat().st_size}"
    if "X-Accel-Redirect" not in response.headers:
        response.headers["Accept-Ranges"] = "bytes"
    response.cache_control.public = not private
    response.cache_control.private = private or None
    response.cache_control.max_age = MAX_AGE
    if not private and request.args.get("v") and response.status_code in (200, 206):
        # a versioned address (academy.media.images) never changes content: a year
        response.cache_control.max_age = VERSIONED_MAX_AGE
        response.cache_control.immutable = True
    if private:
        response.vary.add("Cookie")
    return response


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def _several_ranges(path: Path) -> Response:
    """Several ranges: see academy.webinars.ranges for the documented answer."""
    size = path.stat().st_size
    planned = (
        None
        if request.headers.get("If-Range")
        else ranges.plan_ranges(request.headers.get("Range"), size)
    )
    if planned is None:  # ignore Range: the whole file
        folder, name = path.parent, path.name
        request.environ.pop("HTTP_RANGE", None)
        return send_from_directory(folder, name, max_age=MAX_AGE)
    if not planned:
        raise RequestedRangeNotSatisfiable(length=size)
    content_type = _content_type(path)
    if len(planned) == 1:
        start, stop = planned[0]
        response = Response(
            ranges.stream_range(path, start, stop), status=206, content_type=content_type
        )
        response.content_length = stop - start
        response.headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
        return response
    boundary = secrets.token_hex(12)
    length, body = ranges.multipart_body(path, planned, size, content_type, boundary)
    response = Response(body, status=206, content_type=f"multipart/byteranges; boundary={boundary}")
    response.content_length = length
    return response
