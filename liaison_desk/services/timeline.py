"""Writing one entry of an inquiry's timeline. This module knows nothing of the clocks:
:func:`liaison_desk.services.history.add_entry` composes the writing with the clocks'
reaction, and is what the actions call; the clocks write their own lines here directly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..db.models import Inquiry, TimelineEntry
from ..domain import EntryKind
from ..text_clean import clean, clean_or_none
from .context import ServiceContext


def write_entry(
    session: Session,
    ctx: ServiceContext,
    inquiry: Inquiry,
    kind: EntryKind,
    summary: str,
    *,
    at: datetime | None = None,
    party: str | None = None,
    channel: str | None = None,
    outcome: str | None = None,
    notes: str | None = None,
    data: dict[str, Any] | None = None,
    letter_id: int | None = None,
) -> TimelineEntry:
    now = ctx.clock.now()
    summary, notes, outcome = clean(summary), clean_or_none(notes), clean_or_none(outcome)
    entry = TimelineEntry(
        inquiry_id=inquiry.id,
        at=at or now,
        recorded_at=now,
        user_id=ctx.actor.user_id,
        kind=str(kind),
        party=party,
        channel=channel,
        outcome=outcome,
        summary=summary,
        notes=notes,
        data=dict(data or {}),
        letter_id=letter_id,
    )
    session.add(entry)
    session.flush()
    return entry
