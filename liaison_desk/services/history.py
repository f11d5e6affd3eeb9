"""The one way the actions write history: an entry in the timeline, then the clocks' reaction
to it (a contact meets "contact originator", a referral starts the MCO clock), so no caller
can forget the second. Composed here so that neither the timeline writer nor the clocks
import each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..db.models import Inquiry, TimelineEntry
from ..domain import EntryKind
from .clocks import apply_entry
from .context import ServiceContext
from .timeline import write_entry


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
    entry = write_entry(
        session, ctx, inquiry, kind, summary, at=at, party=party, channel=channel,
        outcome=outcome, notes=notes, data=data, letter_id=letter_id,
    )  # fmt: skip
    if react:
        apply_entry(session, ctx, inquiry, entry)
    return entry
