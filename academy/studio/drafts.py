"""A module's draft: open it, save it without losing anyone's work, preview, diff, publish.

Every save names the revision it was based on and is one compare-and-set UPDATE
(`WHERE revision = :base`); a save that lost the race gets `Conflict` with the text that
won, so both people's text reaches the screen. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from academy.audit.services import record
from academy.auth.models import User
from academy.courses.exporter import module_file_name
from academy.courses.importer import ImportReport, build_content, import_module
from academy.courses.models import Course, Module, ModuleVersion
from academy.courses.rendering import render_markdown
from academy.db import utcnow
from academy.learning import summary
from academy.media.addresses import media_base
from academy.studio import media_files
from academy.studio.models import ModuleDraft
from academy.studio.sources import CheckedModule, check_module_text, diff_lines, normalize
from academy.webinars import search


class Conflict(Exception):  # noqa: N818 (a state the user resolves, not a failure)
    """Someone saved or published since the text was opened; `theirs` is what is stored now."""

    def __init__(self, theirs: str, revision: int, base_hash: str, by: str, at: datetime | None):
        super().__init__("the draft changed since it was opened")
        self.theirs, self.revision, self.base_hash, self.by, self.at = (
            theirs,
            revision,
            base_hash,
            by,
            at,
        )


class NothingToPublish(Exception):  # noqa: N818
    """The module has no draft: what learners see is already the latest text."""


@dataclass
class Editing:
    """What the editor opens: the draft if there is one, else the published source."""

    source: str
    revision: int  # 0: no draft yet
    base_hash: str  # the published content the text started from
    published: str  # the published source ("" for a module never published)
    draft: ModuleDraft | None


@dataclass
class Preview:
    checked: CheckedModule
    body_html: str
    questions: list[dict[str, Any]]


def published_source(session: Session, module: Module) -> str:
    if not module.content_hash:
        return ""
    found = session.scalar(
        select(ModuleVersion.source).where(
            ModuleVersion.module_id == module.id, ModuleVersion.content_hash == module.content_hash
        )
    )
    return found or ""


def _draft(session: Session, module: Module) -> ModuleDraft | None:
    return session.scalar(
        select(ModuleDraft)
        .where(ModuleDraft.module_id == module.id)
        .execution_options(populate_existing=True)
    )


def editing(session: Session, module: Module) -> Editing:
    draft = _draft(session, module)
    published = published_source(session, module)
    if draft is not None:
        return Editing(draft.source, draft.revision, draft.base_hash, published, draft)
    return Editing(published, 0, module.content_hash, published, None)


def _conflict(session: Session, module: Module) -> Conflict:
    """What is stored now, read afresh (another transaction may have changed it)."""
    session.refresh(module)
    draft = _draft(session, module)
    if draft is None:
        return Conflict(published_source(session, module), 0, module.content_hash, "", None)
    by = session.get(User, draft.updated_by) if draft.updated_by else None
    return Conflict(
        draft.source, draft.revision, draft.base_hash, by.full_name if by else "", draft.updated_at
    )


def save_draft(
    session: Session,
    user: User,
    course: Course,
    module: Module,
    text: str,
    revision: int,
    base_hash: str,
) -> int:
    """Store `text` as the module's draft if nobody saved since `revision`; the new revision.

    Raises Conflict otherwise. Audit: one entry when a person starts writing into a draft
    (a new draft, or one last saved by someone else); their further autosaves are coalesced.
    """
    text, now = normalize(text), utcnow()
    if revision <= 0:
        if module.content_hash != base_hash:  # published since the text was opened
            raise _conflict(session, module)
        try:
            with session.begin_nested():
                first = next_draft_revision(session, module)
                session.add(
                    ModuleDraft(
                        module_id=module.id,
                        source=text,
                        base_hash=base_hash,
                        revision=first,
                        updated_by=user.id,
                        updated_at=now,
                    )
                )
        except IntegrityError:  # a parallel first save created the draft
            raise _conflict(session, module) from None
        _audit_save(session, user, course, module, first)
        return first
    previous_author = session.scalar(
        select(ModuleDraft.updated_by).where(ModuleDraft.module_id == module.id)
    )
    result = session.execute(
        update(ModuleDraft)
        .where(ModuleDraft.module_id == module.id, ModuleDraft.revision == revision)
        .values(source=text, revision=revision + 1, updated_by=user.id, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _conflict(session, module)
    if previous_author != user.id:
        _audit_save(session, user, course, module, revision + 1)
    return revision + 1


def next_draft_revision(session: Session, module: Module) -> int:
    """The first revision of a new draft: one above any this module has had, so a tab still
    holding a draft that was published (and deleted) can never match the new one."""
    session.execute(
        update(Module)
        .where(Module.id == module.id)
        .values(last_draft_revision=Module.last_draft_revision + 1)
        .execution_options(synchronize_session=False)
    )
    return session.scalar(select(Module.last_draft_revision).where(Module.id == module.id))


def _audit_save(session: Session, user: User, course: Course, module: Module, revision: int):
    record(
        session,
        "studio_draft_saved",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        module=module.slug,
        revision=revision,
    )


def check(course: Course, module: Module, text: str) -> CheckedModule:
    """`courses check` for this module's text, inside its course (media, other modules)."""
    media = [f.name for f in media_files.files(course)]
    others = [module_file_name(m) for m in course.modules if m.id != module.id]
    return check_module_text(
        normalize(text), course.slug, module.slug, module.position, media, others, _maps(course)
    )


def _maps(course: Course) -> dict[str, str]:
    """The example maps the course's modules hold (`maps/x.yaml` → text): a journey-map
    module edited in the studio may keep its example, or use another module's."""
    found = {}
    for module in course.modules:
        example = (module.settings or {}).get("example")
        if module.archived_at is None and isinstance(example, dict) and example.get("file"):
            found[str(example["file"])] = str(example.get("source") or "")
    return found


def preview(course: Course, module: Module, text: str) -> Preview:
    """The text rendered as learners would get it, with the checker's problems."""
    checked = check(course, module, text)
    if checked.source is None:
        return Preview(checked, "", [])
    base = media_base(course.slug)
    try:
        body_html, settings = build_content(checked.source, base, course.language)
    except (KeyError, TypeError, ValueError, AttributeError):  # front matter with errors
        body_html, settings = render_markdown(checked.source.doc.body, base, course.language), {}
    return Preview(checked, body_html, list(settings.get("questions") or []))


def diff(session: Session, module: Module, draft_text: str) -> list:
    return diff_lines(published_source(session, module), normalize(draft_text))


def publish(
    session: Session, user: User, course: Course, module: Module, revision: int, media_dir: Path
) -> CheckedModule:
    """Publish the draft saved as `revision`: check, render, new version, delete the draft.

    Returns the check; with errors nothing changes (the draft stays). Raises Conflict when
    the draft moved on since `revision`, NothingToPublish when there is no draft.
    """
    draft = _draft(session, module)
    if draft is None and revision <= 0:
        raise NothingToPublish
    if draft is None or draft.revision != revision:
        raise _conflict(session, module)
    checked = check(course, module, draft.source)
    if checked.errors or checked.source is None:
        return checked
    gone = session.execute(
        delete(ModuleDraft)
        .where(ModuleDraft.module_id == module.id, ModuleDraft.revision == revision)
        .execution_options(synchronize_session=False)
    )
    if gone.rowcount != 1:  # type: ignore[attr-defined]
        raise _conflict(session, module)
    session.execute(  # the next draft continues above this one's revision
        update(Module)
        .where(Module.id == module.id, Module.last_draft_revision < revision)
        .values(last_draft_revision=revision)
        .execution_options(synchronize_session=False)
    )
    session.expunge(draft)
    counted_before = summary.counted_modules(session, [course.id])
    import_module(session, course, module, checked.source, media_base(course.slug), ImportReport())
    listed = (course.certificate_rules or {}).get("required_modules", "all")
    module.required = checked.source.required and (listed == "all" or module.slug in listed)
    session.flush()
    if summary.counted_modules(session, [course.id]) != counted_before:
        summary.rebuild(session, [course.id])
    search.refresh_index(session, media_dir)
    record(
        session,
        "studio_module_published",
        user_id=user.id,
        actor_id=user.id,
        email=user.email,
        course=course.slug,
        module=module.slug,
        content_hash=module.content_hash,
        revision=revision,
    )
    return checked
