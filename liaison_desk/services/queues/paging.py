"""Loading a queue: open queues whole, soonest due first; the resolved queue a page at a
time, newest first or sorted by a column in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal_column,
    select,
    true,
    tuple_,
)
from sqlalchemy.orm import Session

from ...db.models import (
    Inquiry,
    Mco,
    User,
)
from ...domain import Priority
from ..context import Actor
from ..permissions import visibility_filter
from .definitions import QUEUE_BY_KEY, QueueKey, _dt, queue_condition
from .rows import _ROW_COLUMNS, Lookups, QueueRow, _open_milestones, _provider_mcos, _row_from
from .search import QueueFilter, filter_condition

RESOLVED_PAGE = 200


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    # Resolved queue: where the next page starts, None when there is no more. Newest
    # resolved first: a keyset (resolved_at, id); sorted by a column: the row offset.
    next_after: tuple[datetime | None, int] | None = None
    next_offset: int | None = None


# What the resolved queue can be sorted by in the database (the whole queue, not the pages
# on screen): a column of the table, as an SQL expression.
RESOLVED_SORTS = (
    "reference",
    "track",
    "priority",
    "subject",
    "mco",
    "status",
    "assignee",
    "received",
    "next_due",
    "resolved",
)


def _sort_expression(name: str) -> Any:
    if name == "reference":
        return Inquiry.reference
    if name == "track":
        return Inquiry.track
    if name == "priority":
        return case((Inquiry.priority == str(Priority.HIGH), 0), else_=1)
    if name == "subject":
        return func.lower(func.coalesce(Inquiry.provider_name, Inquiry.member_name,
                                        Inquiry.caller_name, ""))  # fmt: skip
    if name == "mco":
        return select(func.lower(Mco.short_name)).where(Mco.id == Inquiry.mco_id).scalar_subquery()
    if name == "status":
        return Inquiry.status
    if name == "assignee":
        return (
            select(func.lower(User.display_name))
            .where(User.id == Inquiry.assignee_id)
            .scalar_subquery()
        )
    if name == "received":
        return Inquiry.received_at
    if name == "next_due":
        return Inquiry.next_due_at
    if name == "resolved":
        return Inquiry.resolved_at
    raise ValueError(f"the resolved queue cannot be sorted by {name!r}")


def _sorted_resolved_page(
    session: Session,
    filt: QueueFilter | None,
    sort: tuple[str, bool],
    offset: int,
    limit: int,
    seen: ColumnElement[bool],
) -> tuple[list[Any], int | None]:
    """One page of the closed inquiries in the order of one column (empty values last),
    then id; paged by offset, since any column may be the key."""
    name, descending = sort
    expr = _sort_expression(name)
    cond: ColumnElement[bool] = and_(Inquiry.closed == true(), seen)
    if filt is not None:
        cond = and_(cond, filter_condition(filt))
    order = expr.desc() if descending else expr.asc()
    tie = Inquiry.id.desc() if descending else Inquiry.id.asc()
    query = (
        select(*_ROW_COLUMNS)
        .where(cond)
        .order_by(case((expr.is_(None), 1), else_=0), order, tie)
        .offset(offset)
        .limit(limit + 1)
    )
    raw = list(session.execute(query).all())
    if len(raw) > limit:
        return raw[:limit], offset + limit
    return raw, None


def load_queue(
    session: Session,
    key: QueueKey,
    *,
    actor: Actor,
    now: datetime,
    filt: QueueFilter | None = None,
    after: tuple[datetime | None, int] | None = None,
    limit: int | None = None,
    lookups: Lookups | None = None,
    sort: tuple[str, bool] | None = None,
    offset: int = 0,
) -> QueuePage:
    """The rows of one queue.

    Open queues come whole (a few thousand rows at most), soonest due first; the client
    sorts and filters them in memory. The resolved queue comes a page at a time, newest
    resolved first, continuing ``after`` the last row of the previous page (keyset paging:
    page 400 costs what page 1 costs); ``filt`` is applied in SQL there. ``sort`` (one of
    :data:`RESOLVED_SORTS`, descending or not) orders the whole resolved queue by a column
    instead, paged by ``offset``.
    """
    lookups = lookups or Lookups.load(session)
    if QUEUE_BY_KEY[key].paged:
        seen, size = visibility_filter(actor), limit or RESOLVED_PAGE
        next_after: tuple[datetime | None, int] | None = None
        next_offset: int | None = None
        if sort is not None:
            raw, next_offset = _sorted_resolved_page(session, filt, sort, offset, size, seen)
        else:
            raw, next_after = _resolved_page(session, filt, after, size, seen)
        extra_mcos = _provider_mcos(session, key, actor, now, raw)
        rows = [_row_from(r, lookups, extra_mcos.get(r[0])) for r in raw]
        return QueuePage(rows=rows, next_after=next_after, next_offset=next_offset)
    stmt = (
        select(*_ROW_COLUMNS)
        .where(queue_condition(key, actor=actor, now=now))
        .order_by(Inquiry.next_due_at.asc().nulls_last(), Inquiry.id)
    )
    if filt is not None:
        stmt = stmt.where(filter_condition(filt))
    if limit is not None:
        stmt = stmt.limit(limit)
    found = session.execute(stmt).all()
    extra_mcos = _provider_mcos(session, key, actor, now, found)
    milestones = _open_milestones(session, key, actor, now, lookups)
    rows = [_row_from(r, lookups, extra_mcos.get(r[0]), milestones.get(r[0], ())) for r in found]
    return QueuePage(rows=rows)


def _resolved_page(
    session: Session,
    filt: QueueFilter | None,
    after: tuple[datetime | None, int] | None,
    limit: int,
    seen: ColumnElement[bool],
) -> tuple[list[Any], tuple[datetime | None, int] | None]:
    """One page of closed inquiries: resolved_at DESC, id DESC, then those without a
    resolution time (old imports), id DESC.

    Keyset paging on (resolved_at, id) with a row-value comparison, which both SQLite and
    PostgreSQL answer as one index range; nulls are kept out of that range and listed after
    it so no backend's NULL ordering is relied on.
    """
    if session.get_bind().dialect.name == "sqlite":
        # Without statistics SQLite answers `closed = 1` from the (closed, next_due_at) index
        # and then sorts 100,000 rows; the unary + keeps it on the resolved_at index, which
        # is already in page order (a page costs a millisecond).
        cond: ColumnElement[bool] = literal_column("+inquiries.closed") == 1
    else:
        cond = Inquiry.closed == true()
    # A CSR sees only the requests they made, resolved ones too.
    cond = and_(cond, seen)
    if filt is not None:
        cond = and_(cond, filter_condition(filt))
    raw: list[Any] = []
    if after is None or after[0] is not None:
        dated = select(*_ROW_COLUMNS).where(cond, Inquiry.resolved_at.is_not(None))
        if after is not None:
            dated = dated.where(tuple_(Inquiry.resolved_at, Inquiry.id) < after)
        dated = dated.order_by(Inquiry.resolved_at.desc(), Inquiry.id.desc()).limit(limit + 1)
        raw = list(session.execute(dated).all())
        if len(raw) > limit:
            last = raw[limit - 1]
            return raw[:limit], (_dt(last[18]), last[0])
    undated = select(*_ROW_COLUMNS).where(cond, Inquiry.resolved_at.is_(None))
    if after is not None and after[0] is None:
        undated = undated.where(Inquiry.id < after[1])
    room = limit - len(raw)
    raw += session.execute(undated.order_by(Inquiry.id.desc()).limit(room + 1)).all()
    if len(raw) > limit:
        return raw[:limit], (None, raw[limit - 1][0])
    return raw, None
