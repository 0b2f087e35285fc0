"""What the player template shows: sources, tracks, chapters, transcript, resume point."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.orm import Session

from academy.courses.models import Course, Module
from academy.media.addresses import media_base
from academy.media.backends import media_file, uses_bucket
from academy.media.links import recording_url
from academy.webinars import services
from academy.webinars.intervals import SPEEDS
from academy.webinars.media import is_enrolled, is_public
from academy.webinars.probe import duration_of
from academy.webinars.transcript import Cue, load_cues

VIDEO_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".m4v": "video/mp4"}


@dataclass
class Player:
    course: Course
    module: Module
    external: str | None  # an https:// video: embedded (YouTube, Vimeo) or linked
    external_embed: str | None = None
    sources: list[tuple[str, str]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)
    chapters: list[dict[str, Any]] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    duration: float | None = None
    progress_url: str | None = None
    sources_url: str | None = None  # fresh signed URLs when the current ones expire
    resume: float | None = None
    speed: float = 1.0
    percent: int = 0
    speeds: tuple[float, ...] = SPEEDS


def embed_url(url: str) -> str | None:
    """The privacy-friendly player address of a YouTube or Vimeo video, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        video_id = parse_qs(parts.query).get("v", [""])[0] or parts.path.rsplit("/", 1)[-1]
    elif host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host in ("vimeo.com", "player.vimeo.com"):
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return f"https://player.vimeo.com/video/{last}" if last.isdigit() else None
    if video_id and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def local_file(course: Course, url: str | None) -> Path | None:
    """The file in MEDIA_DIR a /media/<course>/ URL names; None for external videos."""
    return _local_file(course.slug, url)


def _local_file(course_slug: str, url: str | None) -> Path | None:
    base = media_base(course_slug)
    if not url or not url.startswith(base):
        return None
    return media_file(course_slug, url.removeprefix(base))  # from the bucket if need be


def playable_url(course: Course, url: str, public: bool, captions: bool = False) -> str:
    """The address the browser fetches a recording from: a signed, expiring one, except
    for a public recording shown to someone signed out with local storage, and captions
    with S3 (a <track> from another origin would need CORS): the app's /media/ route,
    which checks access on every request."""
    base = media_base(course.slug)
    if not url.startswith(base):
        return url
    if captions and uses_bucket():
        return url
    if public and not current_user.is_authenticated and not uses_bucket():
        return url
    return recording_url(course.slug, url.removeprefix(base))


def recording_duration(course: Course, module: Module) -> float | None:
    """Seconds, from the front matter's `duration` or else the video file's headers."""
    return settings_duration(course.slug, module.settings or {})


def settings_duration(course_slug: str, settings: dict[str, Any]) -> float | None:
    """recording_duration from a module's settings, for callers that read no Module."""
    if settings.get("duration"):
        return float(settings["duration"])
    path = _local_file(course_slug, settings.get("video"))
    return duration_of(path) if path is not None else None


def build_player(session: Session, course: Course, module: Module) -> Player:
    settings = module.settings or {}
    video = settings.get("video") or ""
    player = Player(course, module, external=video if video.startswith("https://") else None)
    if player.external:
        player.external_embed = embed_url(player.external)
        return player
    public = is_public(module)
    for url in (settings.get("video"), settings.get("video_mp4")):
        if url:
            kind = VIDEO_TYPES.get(Path(url).suffix.lower(), "")
            player.sources.append((playable_url(course, url, public), kind))
    language = str(get_locale() or "cs")[:2]
    for track in settings.get("captions") or []:
        path = local_file(course, track["src"])
        cues = load_cues(path) if path is not None else []
        src = playable_url(course, track["src"], public, captions=True)
        player.tracks.append({**track, "src": src, "default": track["lang"] == language})
        if cues and (not player.cues or track["lang"] == language):
            player.cues = cues
    player.chapters = list(settings.get("chapters") or [])
    player.duration = recording_duration(course, module)
    player.sources_url = url_for("webinars.sources", slug=course.slug, module_slug=module.slug)
    user = current_user
    if not is_enrolled(session, user, course):
        return player
    player.progress_url = url_for("webinars.heartbeat", slug=course.slug, module_slug=module.slug)
    row = services.find_progress(session, user, module)
    player.resume = services.resume_position(row)
    player.percent = row.percent if row is not None else 0
    player.speed = (
        (row.speed if row and row.speed else None) or services.preferred_speed(session, user) or 1.0
    )
    return player
