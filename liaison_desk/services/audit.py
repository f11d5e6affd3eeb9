"""Append-only audit trail: who changed what, when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..db.models import AuditEntry
from .context import ServiceContext


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record(
    session: Session,
    ctx: ServiceContext,
    entity: str,
    entity_id: int | None,
    action: str,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=ctx.clock.now(),
        actor=ctx.actor.login,
        entity=entity,
        entity_id=entity_id,
        action=action,
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
    session.add(entry)
    return entry
