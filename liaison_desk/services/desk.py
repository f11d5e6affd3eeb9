"""What the main window shows at one moment, read in one transaction: every queue's count,
the rows of the chosen queue, the selected inquiry and (once) the filter
choices. The window asks for it on every refresh; the CLI and tests can ask too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..db.engine import Database
from .choices import filter_categories
from .clocks import raise_follow_ups_where_allowed
from .context import ServiceContext
from .queues import (
    InquiryDetail,
    QueueCounts,
    QueueFilter,
    QueueKey,
    QueuePage,
    active_mcos,
    count_queues,
    distinct_assignees,
    inquiry_detail,
    load_queue,
)

# MCOs, assignees, issue categories.
Choices = tuple[list[tuple[int, str]], list[tuple[int, str]], list[str]]


@dataclass(frozen=True)
class DeskView:
    key: QueueKey
    counts: QueueCounts
    page: QueuePage
    detail: InquiryDetail | None
    detail_id: int | None
    choices: Choices | None
    now: datetime


def desk_view(
    db: Database,
    ctx: ServiceContext,
    key: QueueKey,
    *,
    filt: QueueFilter | None = None,
    limit: int | None = None,
    sort: tuple[str, bool] | None = None,
    detail_id: int | None = None,
    with_choices: bool = False,
    follow_ups: bool = False,
) -> DeskView:
    """The desk now. ``follow_ups`` first gives missed MCO contacts their follow-up clocks
    (a write, where the login may write); the rest is one read transaction."""
    if follow_ups:
        raise_follow_ups_where_allowed(db, ctx)
    now = ctx.clock.now()
    # Builds this year's business days (holidays library) here, off the GUI thread, not in
    # the first paint of the countdowns.
    ctx.calendar.business_hours_between(now, now + timedelta(days=7))
    with db.read_session() as s:
        counts = count_queues(s, actor=ctx.actor, now=now)
        page = load_queue(s, key, actor=ctx.actor, now=now, filt=filt, limit=limit, sort=sort)
        detail = inquiry_detail(s, detail_id) if detail_id is not None else None
        choices = (
            (active_mcos(s), distinct_assignees(s), filter_categories(s)) if with_choices else None
        )
    return DeskView(key, counts, page, detail, detail_id, choices, now)
