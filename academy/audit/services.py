"""Recording security events: rows join the request's transaction."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from academy.audit.models import SecurityEvent

KINDS = {
    "login": _l("Přihlášení"),
    "login_failed": _l("Neúspěšné přihlášení"),
    "logout": _l("Odhlášení"),
    "signup": _l("Registrace"),
    "sessions_revoked": _l("Odhlášení ze všech zařízení"),
    "password_changed": _l("Změna hesla"),
    "password_reset_requested": _l("Žádost o obnovu hesla"),
    "email_verified": _l("Ověření e-mailu"),
    "role_changed": _l("Změna role"),
    "certificate_revoked": _l("Zrušení certifikátu"),
    "certificate_reissued": _l("Nové vydání certifikátu"),
    "quiz_attempts_reset": _l("Vynulování pokusů v kvízu"),
    "two_factor_enabled": _l("Zapnutí dvoufázového přihlášení"),
    "email_changed": _l("Změna e-mailu"),
    "two_factor_disabled": _l("Vypnutí dvoufázového přihlášení"),
    "studio_media_uploaded": _l("Studio: nahrání souboru"),
    "studio_media_deleted": _l("Studio: smazání souboru"),
    "studio_media_replaced": _l("Studio: nahrazení souboru"),
    "studio_module_renamed": _l("Studio: nová adresa modulu"),
    "studio_course_imported": _l("Studio: import kurzu ze ZIP"),
    "studio_course_exported": _l("Studio: export kurzu do ZIP"),
    "studio_course_created": _l("Studio: nový kurz"),
    "studio_course_updated": _l("Studio: úprava údajů kurzu"),
    "studio_instructors_changed": _l("Studio: změna lektorů kurzu"),
    "studio_instructor_invited": _l("Studio: pozvání lektora"),
    "studio_invitation_revoked": _l("Studio: zrušení pozvánky lektora"),
    "studio_invitation_accepted": _l("Studio: přijetí pozvánky lektora"),
    "studio_course_renamed": _l("Studio: nová adresa kurzu"),
    "studio_module_created": _l("Studio: nový modul"),
    "studio_draft_saved": _l("Studio: úprava konceptu modulu"),
    "studio_module_published": _l("Studio: zveřejnění modulu"),
    "studio_module_archived": _l("Studio: archivace modulu"),
    "studio_modules_reordered": _l("Studio: změna pořadí modulů"),
    "studio_webinar_saved": _l("Studio: uložení živého webináře"),
    "account_invited": _l("Pozvání nového účtu"),
    "invitation_accepted": _l("Přijetí pozvánky"),
    "account_deactivated": _l("Deaktivace účtu"),
    "account_reactivated": _l("Obnovení účtu"),
    "account_deleted": _l("Smazání účtu na žádost držitele"),
    "data_exported": _l("Stažení vlastních údajů"),
    "signing_key_created": _l("Nový klíč pro podpis osvědčení"),
    "assignment_reviewed": _l("Hodnocení odevzdaného úkolu"),
    "company_saved": _l("Firmy: uložení firmy"),
    "company_manager_changed": _l("Firmy: změna manažerů"),
    "company_logo_changed": _l("Firmy: změna loga"),
    "cohort_saved": _l("Firmy: uložení skupiny"),
    "cohort_member_added": _l("Firmy: přidání do skupiny"),
    "cohort_member_removed": _l("Firmy: odebrání ze skupiny"),
    "cohort_invitation_created": _l("Firmy: nový zvací odkaz"),
    "cohort_invitation_revoked": _l("Firmy: zrušení zvacího odkazu"),
}
SECRET_KEYS = ("password", "token", "secret", "code")


def record(
    session: Session,
    kind: str,
    *,
    user_id: int | None = None,
    actor_id: int | None = None,
    email: str = "",
    **details: Any,
) -> SecurityEvent:
    """Add an event to `session`; keys that look like secrets are refused, not stored."""
    if kind not in KINDS:
        raise ValueError(f"unknown security event kind {kind!r}")
    leaked = [k for k in details if any(s in k.lower() for s in SECRET_KEYS)]
    if leaked:
        raise ValueError(f"security events never store secrets: {leaked}")
    ip = (request.remote_addr or "") if has_request_context() else ""
    event = SecurityEvent(
        kind=kind, user_id=user_id, actor_id=actor_id, email=email[:254], ip=ip, details=details
    )
    session.add(event)
    return event


def recent(session: Session, limit: int = 200, kind: str | None = None) -> list[SecurityEvent]:
    stmt = select(SecurityEvent).order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
    if kind:
        stmt = stmt.where(SecurityEvent.kind == kind)
    return list(session.scalars(stmt.limit(limit)))


def for_user(session: Session, user_id: int, limit: int = 50) -> list[SecurityEvent]:
    """The latest events about one account, newest first."""
    stmt = (
        select(SecurityEvent)
        .where(SecurityEvent.user_id == user_id)
        .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
