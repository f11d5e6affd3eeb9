"""Appending to an inquiry's timeline, the one way history is written.

Every entry goes through :func:`add_entry`, which lets the clocks react (a contact meets
"contact originator", a referral starts the MCO clock) so no caller can forget to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..db.models import Inquiry, TimelineEntry
from ..domain import EntryKind
from ..text_clean import clean, clean_or_none
from .context import ServiceContext


def add_entry(
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
    react: bool = True,
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
    if react:
        from .clocks import apply_entry

        apply_entry(session, ctx, inquiry, entry)
    return entry
