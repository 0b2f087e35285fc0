"""A learner's journey map: opening it (empty or from the course's example), saving it with
compare-and-set, versions, the share link, and handing it in for review through the
assignments' services. Services take a Session, flush, and never commit.
"""

from __future__ import annotations

import copy
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from academy.assignments import services as work
from academy.assignments.models import EDITABLE, SubmissionVersion, WorkSubmission
from academy.assignments.services import Rules
from academy.auth.models import User
from academy.courses.models import Module
from academy.courses.wording import N_
from academy.db import insert_or_read_back
from academy.journeys import history
from academy.journeys.content import as_text, missing
from academy.journeys.format import MAX_SUMMARY
from academy.journeys.models import JourneyMap, JourneyMapVersion
from academy.journeys.schema import MapRefused, clean_map, empty_map

KIND = "journey_map"
MAX_VERSIONS = 50


class MapConflict(MapRefused):
    """The map changed since the page was loaded (another tab, a restore)."""


CHANGED_MEANWHILE = N_(
    "Mapu mezitím změnilo jiné okno nebo jiné zařízení. Vaše změny "
    "jsme neuložili, aby nepřepsaly ty novější: zkopírujte si je, "
    "načtěte stránku a vložte je znovu."
)


def find_map(session: Session, user: User, module: Module) -> JourneyMap | None:
    return session.scalar(
        select(JourneyMap).where(JourneyMap.user_id == user.id, JourneyMap.module_id == module.id)
    )


def own_map(
    session: Session, user: User, module: Module, *, from_example: bool = False, now: datetime
) -> JourneyMap:
    """The learner's map of this module, created (empty, or a copy of the course's example)
    when new; two parallel first requests keep one."""
    found = find_map(session, user, module)
    if found is not None:
        return found
    example = (module.settings or {}).get("example")
    data = copy.deepcopy(example["map"]) if from_example and example else empty_map()
    row = JourneyMap(
        user_id=user.id,
        module_id=module.id,
        course_id=module.course_id,
        data=data,
        revision=1,
        created_at=now,
        updated_at=now,
    )
    return insert_or_read_back(session, row, lambda: find_map(session, user, module))[0]


def submission_of(session: Session, journey_map: JourneyMap) -> WorkSubmission | None:
    return session.scalar(
        select(WorkSubmission).where(
            WorkSubmission.user_id == journey_map.user_id,
            WorkSubmission.module_id == journey_map.module_id,
            WorkSubmission.kind == KIND,
        )
    )


def editable(submission: WorkSubmission | None) -> bool:
    """The map is locked while handed in and after acceptance; a return opens it again."""
    return submission is None or submission.state in EDITABLE


def save(
    session: Session,
    journey_map: JourneyMap,
    raw: Any,
    revision: int,
    now: datetime,
    *,
    locked: bool = False,
    change: str = history.EDIT,
) -> int:
    """Store `raw` as the map if `revision` is still the map's; the new revision. A map that
    really changes keeps its previous state as an undo step named `change`.

    MapRefused when the map breaks a limit, MapConflict when it changed meanwhile (nothing is
    stored: the caller keeps the learner's text and says what happened)."""
    _refuse_if_locked(locked)
    data = clean_map(raw)
    before = journey_map.data
    _store(session, journey_map, data, revision, now)
    if data != before:
        history.record(session, journey_map, before, change, now)
    return journey_map.revision


def _refuse_if_locked(locked: bool) -> None:
    if locked:
        raise MapConflict(
            N_(
                "Mapa je odevzdaná k hodnocení; upravovat ji lze, až ji lektor "
                "vrátí. Vaše poslední změny nebyly uloženy."
            )
        )


def _store(
    session: Session, journey_map: JourneyMap, data: dict[str, Any], revision: int, now: datetime
) -> None:
    """The compare-and-set: `data` becomes the map only if `revision` is still its own."""
    done = session.execute(
        update(JourneyMap)
        .where(JourneyMap.id == journey_map.id, JourneyMap.revision == revision)
        .values(data=data, revision=revision + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(journey_map)
    if done.rowcount != 1:
        raise MapConflict(CHANGED_MEANWHILE)


def step(
    session: Session,
    journey_map: JourneyMap,
    side: str,
    revision: int,
    now: datetime,
    *,
    locked: bool = False,
) -> str | None:
    """Undo (`side` "undo") or redo ("redo") one step, with the same compare-and-set and lock
    as a save; the change taken back or done again (a CHANGE_NAMES key), None when there is
    nothing on that side. The opposite side gets the state it left."""
    _refuse_if_locked(locked)
    found = history.top(session, journey_map, side)
    if found is None:
        if journey_map.revision != revision:
            raise MapConflict(CHANGED_MEANWHILE)
        return None
    before = journey_map.data
    _store(session, journey_map, found.data, revision, now)
    history.flip(found, before, journey_map.revision, session)
    return found.change


def keep_version(
    session: Session, journey_map: JourneyMap, label: str, now: datetime
) -> JourneyMapVersion:
    """Keep a copy of the map as it is now, numbered; MapRefused past MAX_VERSIONS."""
    count = session.scalar(select(func.count()).where(JourneyMapVersion.map_id == journey_map.id))
    if (count or 0) >= MAX_VERSIONS:
        raise MapRefused(N_("Uložit lze nejvýš %(limit)s verzí mapy."), limit=MAX_VERSIONS)
    number = (
        session.scalar(
            select(func.max(JourneyMapVersion.number)).where(
                JourneyMapVersion.map_id == journey_map.id
            )
        )
        or 0
    ) + 1
    version = JourneyMapVersion(
        map_id=journey_map.id,
        number=number,
        label=label.strip()[:200],
        data=copy.deepcopy(journey_map.data),
        created_at=now,
    )
    session.add(version)
    session.flush()
    return version


def versions(session: Session, journey_map: JourneyMap) -> list[JourneyMapVersion]:
    return list(
        session.scalars(
            select(JourneyMapVersion)
            .where(JourneyMapVersion.map_id == journey_map.id)
            .order_by(JourneyMapVersion.number.desc())
        )
    )


def restore(
    session: Session,
    journey_map: JourneyMap,
    version_id: int,
    revision: int,
    now: datetime,
    *,
    locked: bool = False,
) -> bool:
    """Make a kept version the map again (the current one is kept first); False if the
    version is not this map's."""
    version = session.get(JourneyMapVersion, version_id)
    if version is None or version.map_id != journey_map.id:
        return False
    if journey_map.revision == revision and not locked:
        keep_version(session, journey_map, "", now)
    save(session, journey_map, version.data, revision, now, locked=locked, change="restore")
    return True


def share(session: Session, journey_map: JourneyMap) -> str:
    """A new read-only link's token (an earlier link stops working)."""
    journey_map.share_token = secrets.token_urlsafe(32)
    session.flush()
    return journey_map.share_token


def revoke_share(session: Session, journey_map: JourneyMap) -> None:
    journey_map.share_token = None
    session.flush()


def find_shared(session: Session, token: str) -> JourneyMap | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(select(JourneyMap).where(JourneyMap.share_token == token))


def hand_in(
    session: Session,
    user: User,
    module: Module,
    journey_map: JourneyMap,
    revision: int,
    now: datetime,
) -> SubmissionVersion:
    """Hand the map in as a version of the module's work submission (the assignments' review
    queue). MapRefused when the map is not complete enough (MapConflict: changed
    meanwhile), WorkRefused (already translated) when the work cannot be handed in now; the version keeps the map as `payload["map"]`."""
    if journey_map.revision != revision:
        raise MapConflict(N_("Mapu mezitím změnilo jiné okno. Načtěte stránku a odevzdejte znovu."))
    gaps = missing(journey_map.data, module.settings or {})
    if gaps:
        raise MapRefused(gaps[0][0], **gaps[0][1])
    submission = work.own_submission(session, user, module, KIND)
    work.save_draft(session, submission, as_text(journey_map.data)[:MAX_SUMMARY], now)
    version = work.hand_in(
        session, submission, Rules(module.settings or {}), submission.revision, now
    )
    version.payload = {"map": copy.deepcopy(journey_map.data), "map_revision": revision}
    session.flush()
    return version


def erase_maps(session: Session, user: User) -> int:
    """Account deletion: the learner's maps go with their versions, undo history and share
    links (a map is all the learner's own words; the hand-ins' copies are erased by the
    assignments)."""
    ids = select(JourneyMap.id).where(JourneyMap.user_id == user.id)
    session.execute(delete(JourneyMapVersion).where(JourneyMapVersion.map_id.in_(ids)))
    history.erase(session, ids)
    done = session.execute(delete(JourneyMap).where(JourneyMap.user_id == user.id))
    return done.rowcount
