"""Reading and writing live webinars in courses/_webinars/<slug>.md. No Flask, no database.

Times are written as Prague wall-clock time ("2027-03-18 17:00") and read into UTC with
zoneinfo; a time the summer-time change skips or repeats is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from academy.courses.source import (
    MODULE_FILE_RE,
    SLUG_RE,
    Document,
    Problem,
    parse_document,
    relative_name,
)
from academy.courses.wording import N_

PRAGUE = ZoneInfo("Europe/Prague")
FOLDER = "_webinars"
TIME_FORMAT = "%Y-%m-%d %H:%M"
KEYS = (
    "title",
    "speakers",
    "start",
    "end",
    "capacity",
    "meeting",
    "course",
    "recording",
    "recording_access",
    "language",
    "published",
    "cancelled",
)
ACCESS = ("free", "registration")
MAX_CAPACITY = 100_000


@dataclass
class WebinarSource:
    """One webinar file, read and checked: what the importer stores."""

    slug: str
    doc: Document
    title: str = ""
    speakers: list[dict[str, str]] = field(default_factory=list)
    starts_at: datetime | None = None  # UTC
    ends_at: datetime | None = None
    capacity: int = 100
    meeting_url: str = ""
    course: str | None = None
    recording: tuple[str, str] | None = None  # (course slug, module slug)
    recording_access: str = "free"
    language: str = "cs"
    published: bool = True
    cancelled: bool = False

    @property
    def description(self) -> str:
        return self.doc.body


def prague_to_utc(value: Any) -> tuple[datetime | None, str | None]:
    """A Prague wall-clock time as UTC, or the reason (a msgid) it cannot be one."""
    if isinstance(value, datetime):
        local = value.replace(tzinfo=None) if value.tzinfo is None else None
        if local is None:
            return value.astimezone(UTC), None
    else:
        try:
            local = datetime.strptime(str(value).strip(), TIME_FORMAT)
        except ValueError:
            return None, N_(
                "čas pište ve tvaru RRRR-MM-DD HH:MM (pražský čas), např. 2027-03-18 17:00"
            )
    first, second = local.replace(tzinfo=PRAGUE), local.replace(tzinfo=PRAGUE, fold=1)
    if first.astimezone(UTC).astimezone(PRAGUE).replace(tzinfo=None) != local:
        return None, N_("%(value)s v Praze neexistuje (posun na letní čas); zvolte jiný čas")
    if first.utcoffset() != second.utcoffset():
        return None, N_(
            "%(value)s je při změně času nejednoznačný (hodina se opakuje); zvolte jiný čas"
        )
    return first.astimezone(UTC), None


def utc_to_prague_text(value: datetime) -> str:
    return value.astimezone(PRAGUE).strftime(TIME_FORMAT)


def find_webinar_files(path: Path) -> list[Path]:
    """The webinar files under a courses folder, in its _webinars folder, or the file itself."""
    if path.is_file():
        return [path] if path.parent.name == FOLDER and path.suffix == ".md" else []
    folder = path if path.name == FOLDER else path / FOLDER
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def courses_root(file: Path) -> Path:
    """The courses/ folder a webinar file sits in (its _webinars folder's parent)."""
    return file.parent.parent


def read_webinar(file: Path, root: Path) -> tuple[WebinarSource | None, list[Problem]]:
    """Read and check one webinar file; courses it names are looked up beside _webinars/."""
    rel = relative_name(file, root)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [
            Problem(rel, 1, N_("soubor není text v kódování UTF-8; uložte ho jako UTF-8"))
        ]
    doc, problems = parse_document(text, file, rel)
    if doc is None:
        return None, problems
    return check_webinar(doc, file.stem, courses_root(file), rel, problems)


def check_webinar(
    doc: Document, slug: str, courses: Path, rel: str, problems: list[Problem] | None = None
) -> tuple[WebinarSource | None, list[Problem]]:
    problems = list(problems or [])
    meta = doc.meta

    def err(key: str | tuple, template: str, severity: str = "error", **args: Any) -> None:
        line = doc.line_at(*key) if isinstance(key, tuple) else doc.line_of(key)
        problems.append(Problem(rel, line, template, severity, args))

    source = WebinarSource(slug=slug, doc=doc)
    if not SLUG_RE.match(slug):
        err(
            "title",
            N_(
                "název souboru webináře %(slug)s není platný slug (jen malá písmena "
                "bez diakritiky, číslice a pomlčky)"
            ),
            slug=repr(slug),
        )
    for key in meta:
        if key not in KEYS:
            err(key, N_("neznámý klíč %(key)s v hlavičce webináře"), "warning", key=repr(key))
    source.title = str(meta.get("title") or "").strip()
    if not source.title:
        err("title", N_("chybí název webináře (title)"))
    _speakers(source, meta, err)
    for key in ("start", "end"):
        if meta.get(key) in (None, ""):
            err(key, N_("chybí %(key)s: začátek a konec webináře v pražském čase"), key=key)
            continue
        when, reason = prague_to_utc(meta[key])
        if reason:
            err(key, reason, value=str(meta[key]))
        setattr(source, "starts_at" if key == "start" else "ends_at", when)
    if source.starts_at and source.ends_at and source.ends_at <= source.starts_at:
        err("end", N_("konec webináře musí být po jeho začátku"))
    capacity = meta.get("capacity", 100)
    if (
        not isinstance(capacity, int)
        or isinstance(capacity, bool)
        or not 1 <= capacity <= MAX_CAPACITY
    ):
        err("capacity", N_("capacity musí být celé číslo od 1 do %(max)s"), max=MAX_CAPACITY)
    else:
        source.capacity = capacity
    meeting = str(meta.get("meeting") or "").strip()
    if meeting and not meeting.startswith("https://"):
        err("meeting", N_("odkaz na schůzku (meeting) musí začínat https://"))
    source.meeting_url = meeting
    _course_links(source, meta, courses, err)
    access = meta.get("recording_access", "free")
    if access not in ACCESS:
        err("recording_access", N_("recording_access musí být free nebo registration"))
    else:
        source.recording_access = access
    language = meta.get("language", "cs")
    if language not in ("cs", "en"):
        err("language", N_("language musí být cs nebo en"))
    else:
        source.language = language
    for key in ("published", "cancelled"):
        if key in meta and not isinstance(meta[key], bool):
            err(key, N_("%(key)s musí být true nebo false"), key=key)
    source.published = meta.get("published", True) is not False
    source.cancelled = meta.get("cancelled", False) is True
    if not doc.body.strip():
        err("title", N_("webinář nemá popis: napište pod hlavičku, o čem bude"), "warning")
    failed = any(p.severity == "error" for p in problems)
    return (None if failed else source), problems


def _speakers(source: WebinarSource, meta: dict, err) -> None:  # type: ignore[no-untyped-def]
    speakers = meta.get("speakers")
    if not isinstance(speakers, list) or not speakers:
        err("speakers", N_("uveďte aspoň jednoho řečníka (speakers: - name: …)"))
        return
    for index, speaker in enumerate(speakers):
        if isinstance(speaker, str) and speaker.strip():
            source.speakers.append({"name": speaker.strip(), "role": ""})
        elif isinstance(speaker, dict) and str(speaker.get("name") or "").strip():
            role = str(speaker.get("role") or "").strip()
            source.speakers.append({"name": str(speaker["name"]).strip(), "role": role})
        else:
            err(("speakers", index), N_("řečník potřebuje jméno (name)"))


def _course_links(source: WebinarSource, meta: dict, courses: Path, err) -> None:  # type: ignore[no-untyped-def]
    course = meta.get("course")
    if course is not None:
        if not isinstance(course, str) or not (courses / course / "course.md").is_file():
            err(
                "course",
                N_("kurz %(course)s, na který webinář navazuje, ve složce kurzů není"),
                course=repr(course),
            )
        else:
            source.course = course
    recording = meta.get("recording")
    if recording is None:
        return
    parts = str(recording).split("/")
    if len(parts) != 2 or not _is_webinar_module(courses / parts[0], parts[1]):
        err(
            "recording",
            N_(
                "záznam %(recording)s musí být webinářový modul kurzu, ve tvaru "
                "slug-kurzu/slug-modulu"
            ),
            recording=repr(recording),
        )
        return
    source.recording = (parts[0], parts[1])


def _is_webinar_module(folder: Path, module_slug: str) -> bool:
    for file in folder.glob("*.md"):
        match = MODULE_FILE_RE.match(file.name)
        if match and match.group(2) == module_slug:
            try:
                head = file.read_text(encoding="utf-8-sig").split("\n---", 1)[0]
                return (yaml.safe_load(head.strip("-\n")) or {}).get("kind") == "webinar"
            except (UnicodeDecodeError, yaml.YAMLError, AttributeError):
                return False
    return False


def check_folder(path: Path) -> tuple[list[WebinarSource], list[Problem]]:
    """Every webinar under `path` (a courses folder, its _webinars, or one file)."""
    sources, problems = [], []
    for file in find_webinar_files(path):
        source, found = read_webinar(file, courses_root(file))
        problems += found
        if source is not None:
            sources.append(source)
    return sources, problems


def to_markdown(data: dict[str, Any], description: str) -> str:
    """The webinar file for `data` (the keys of KEYS, times as UTC datetimes or as the
    Prague text a person typed, which the checker then judges)."""
    meta: dict[str, Any] = {"title": data["title"], "speakers": []}
    for speaker in data["speakers"]:
        item = {"name": speaker["name"]}
        if speaker.get("role"):
            item["role"] = speaker["role"]
        meta["speakers"].append(item)
    for key in ("start", "end"):  # UTC datetimes, or Prague wall-clock text as typed
        value = data[key]
        meta[key] = utc_to_prague_text(value) if isinstance(value, datetime) else value
    meta["capacity"] = data["capacity"]
    for key in ("meeting", "course", "recording"):
        if data.get(key):
            meta[key] = data[key]
    if data.get("recording_access", "free") != "free":
        meta["recording_access"] = data["recording_access"]
    if data.get("language", "cs") != "cs":
        meta["language"] = data["language"]
    if data.get("published") is False:
        meta["published"] = False
    if data.get("cancelled"):
        meta["cancelled"] = True
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n\n{description.strip()}\n"
