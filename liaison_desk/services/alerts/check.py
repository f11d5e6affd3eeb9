"""What an open app asks every minute: sweep the clocks (it may be the first to see a
crossing), then how many notices are unread, which arrived since it last asked, and who is
away (the line at the top of the queue list). After a colleague's save it asks the same
without the sweep, in a read transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ...errors import PermissionDenied
from ..absences import AwayStatus, away_status
from ..context import ServiceContext
from .inbox import InboxItem, inbox, unread_count
from .sweep import sweep_clocks

LIMIT = 200


@dataclass(frozen=True)
class CheckIn:
    unread: int
    # Unread notices newer than the one asked about, oldest first (for the tray).
    new: list[InboxItem]
    last_id: int
    away: AwayStatus


def check_in(
    session: Session, ctx: ServiceContext, after_id: int | None, *, sweep: bool = True
) -> CheckIn:
    """``after_id`` None: the first check of a session — nothing counts as new (the tray
    does not replay yesterday's notices at start; the inbox holds them)."""
    if sweep:
        try:
            with session.begin_nested():
                sweep_clocks(session, ctx)
        except (PermissionDenied, DBAPIError):
            pass  # a login that may not announce (a CSR's narrow view): the others will
    items = inbox(session, ctx.actor, unread_only=True, limit=LIMIT)
    last = max((i.id for i in items), default=after_id or 0)
    if after_id is None:
        new: list[InboxItem] = []
    else:
        new = sorted((i for i in items if i.id > after_id), key=lambda i: i.id)
    # The count is the list's length, unless the list was cut at its limit.
    unread = len(items) if len(items) < LIMIT else unread_count(session, ctx.actor)
    return CheckIn(unread, new, max(last, after_id or 0), away_status(session, ctx))
