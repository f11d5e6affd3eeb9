"""Each person's inbox: announcing to them (once per event, however many workstations try)
and what they see of it — unread first, a count for the queue list, marking read.

A callback request stays unread for every Unit Lead until one of them acts on it (approves
or sends it back): the request is then handled, for all of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, select, update
from sqlalchemy.orm import Session

from ...db.inserts import insert_new
from ...db.models import Inquiry, Notice, User
from ...domain import NoticeKind, Status, subject_of
from ..context import Actor, ServiceContext
from .people import Recipients


@dataclass(frozen=True)
class InboxItem:
    id: int
    kind: NoticeKind
    at: datetime
    inquiry_id: int
    reference: str
    summary: str
    # Who the item is about: shown in the app, never mailed.
    subject: str
    by: str
    for_whom: str
    unread: bool


def announce(
    session: Session,
    ctx: ServiceContext,
    *,
    kind: NoticeKind,
    inquiry_id: int,
    people: Iterable[int],
    event_key: str,
    summary: str,
    at: datetime | None = None,
    milestone_id: int | None = None,
    recipients: Recipients | None = None,
) -> int:
    """Put a notice in each person's inbox (their cover's, while they are away); a person
    already told of ``event_key`` is not told again. Returns how many were added."""
    when = at or ctx.clock.now()
    team = recipients or Recipients.load(session, ctx)
    rows = [
        {
            "user_id": user_id,
            "for_user_id": for_user,
            "inquiry_id": inquiry_id,
            "milestone_id": milestone_id,
            "kind": str(kind),
            "event_key": event_key,
            "at": when,
            "created_at": ctx.clock.now(),
            "by_user_id": None if kind in (NoticeKind.WARN, NoticeKind.DUE) else ctx.actor.user_id,
            "summary": summary,
        }
        for user_id, for_user in team.with_cover(people)
        if user_id != ctx.actor.user_id or kind in (NoticeKind.WARN, NoticeKind.DUE)
    ]
    return sum(insert_new(session, Notice, row) for row in rows)


def _handled() -> ColumnElement[bool]:
    """A callback request is handled once it is no longer waiting for approval."""
    return and_(
        Notice.kind == str(NoticeKind.CALLBACK_REQUEST),
        Inquiry.status != str(Status.PENDING_APPROVAL),
    )


def _unread() -> ColumnElement[bool]:
    return and_(Notice.read_at.is_(None), ~_handled())


def _mine(actor: Actor) -> Select[Any]:
    return select(Notice.id).where(
        Notice.user_id == actor.user_id if actor.user_id is not None else false()
    )


def unread_count(session: Session, actor: Actor) -> int:
    if actor.user_id is None:
        return 0
    stmt = (
        select(func.count())
        .select_from(Notice)
        .join(Inquiry, Inquiry.id == Notice.inquiry_id)
        .where(Notice.user_id == actor.user_id, _unread())
    )
    return int(session.scalar(stmt) or 0)


def inbox(
    session: Session, actor: Actor, *, unread_only: bool = False, limit: int = 200
) -> list[InboxItem]:
    """The person's notices, unread first, newest first within each."""
    if actor.user_id is None:
        return []
    by_user = User.__table__.alias("by_user")
    for_user = User.__table__.alias("for_user")
    unread = _unread()
    stmt = (
        select(
            Notice.id,
            Notice.kind,
            Notice.at,
            Notice.inquiry_id,
            Inquiry.reference,
            Notice.summary,
            Inquiry.provider_name,
            Inquiry.member_name,
            Inquiry.caller_name,
            by_user.c.display_name,
            for_user.c.display_name,
            unread.label("unread"),
        )
        .join(Inquiry, Inquiry.id == Notice.inquiry_id)
        .outerjoin(by_user, by_user.c.id == Notice.by_user_id)
        .outerjoin(for_user, for_user.c.id == Notice.for_user_id)
        .where(Notice.user_id == actor.user_id)
        .order_by(unread.desc(), Notice.at.desc(), Notice.id.desc())
        .limit(limit)
    )
    if unread_only:
        stmt = stmt.where(unread)
    return [
        InboxItem(
            id=r[0],
            kind=NoticeKind(r[1]),
            at=r[2],
            inquiry_id=r[3],
            reference=r[4],
            summary=r[5],
            subject=subject_of(r[6], r[7], r[8]),
            by=r[9] or "",
            for_whom=r[10] or "",
            unread=bool(r[11]),
        )
        for r in session.execute(stmt)
    ]


def mark_read(session: Session, ctx: ServiceContext, ids: Sequence[int] | None = None) -> int:
    """Mark the person's notices read (``ids``, or all of them); returns how many changed."""
    if ctx.actor.user_id is None:
        return 0
    stmt = update(Notice).where(Notice.user_id == ctx.actor.user_id, Notice.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notice.id.in_(list(ids)))
    result = session.execute(
        stmt.values(read_at=ctx.clock.now()).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def mark_inquiries_read(session: Session, ctx: ServiceContext, inquiry_ids: Sequence[int]) -> int:
    """Opening an item reads what the inbox said about it."""
    if ctx.actor.user_id is None or not inquiry_ids:
        return 0
    ids: list[int] = list(
        session.scalars(
            _mine(ctx.actor).where(
                Notice.inquiry_id.in_(list(inquiry_ids)), Notice.read_at.is_(None)
            )
        )
    )
    return mark_read(session, ctx, ids) if ids else 0


__all__ = [
    "InboxItem",
    "announce",
    "inbox",
    "mark_inquiries_read",
    "mark_read",
    "unread_count",
]
