"""The hand-offs of seed 001, announced to the people they go to (SPEC §11): an item sent to
an MSA/ESR at intake, a member not enrolled in an MCO sent to the Unit Leads (the procedure's
"Member Escalations email inbox"), a CSR's callback request (for every Unit Lead, until one
acts on it), an assignment. The services call these in the same transaction as the action;
the summaries carry reference numbers, never names (they go into e-mail)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...db.models import Inquiry
from ...domain import NoticeKind, Track, label_of
from ..context import ServiceContext
from .inbox import announce
from .people import Recipients


def _what(inquiry: Inquiry) -> str:
    return label_of(Track, inquiry.track)


def _by(ctx: ServiceContext) -> str:
    return ctx.actor.name


def taken_in(session: Session, ctx: ServiceContext, inquiry: Inquiry) -> None:
    """A new item: sent to someone else at intake, a not-enrolled member for the Unit Leads,
    or a CSR's callback request."""
    session.flush()
    if inquiry.track == Track.IME_CALLBACK and inquiry.enrolled_in_mco is False:
        announce(
            session,
            ctx,
            kind=NoticeKind.NOT_ENROLLED,
            inquiry_id=inquiry.id,
            people=Recipients.load(session, ctx).unit_leads(),
            event_key=f"not_enrolled:{inquiry.id}",
            summary=f"{inquiry.reference}: member not enrolled in an MCO — a supervisor "
            f"callback, sent to the Unit Leads by {_by(ctx)}",
        )
    elif inquiry.track == Track.IME_CALLBACK and inquiry.approved_at is None:
        callback_requested(session, ctx, inquiry, f"request:{inquiry.id}")
    if inquiry.assignee_id is not None and inquiry.assignee_id != ctx.actor.user_id:
        announce(
            session,
            ctx,
            kind=NoticeKind.HANDOFF,
            inquiry_id=inquiry.id,
            people=[inquiry.assignee_id],
            event_key=f"handoff:{inquiry.id}",
            summary=f"{inquiry.reference}: {_what(inquiry)} sent to you by {_by(ctx)}",
        )


def callback_requested(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, event_key: str
) -> None:
    """For every Unit Lead; it reads as handled once one of them approves or sends it back."""
    team = Recipients.load(session, ctx)
    announce(
        session,
        ctx,
        kind=NoticeKind.CALLBACK_REQUEST,
        inquiry_id=inquiry.id,
        people=team.unit_leads(),
        recipients=team,
        event_key=event_key,
        summary=f"{inquiry.reference}: supervisor callback requested by {_by(ctx)}, "
        "waiting for approval",
    )


def assigned(session: Session, ctx: ServiceContext, inquiry: Inquiry, entry_id: int) -> None:
    if inquiry.assignee_id is None:
        return
    announce(
        session,
        ctx,
        kind=NoticeKind.ASSIGNED,
        inquiry_id=inquiry.id,
        people=[inquiry.assignee_id],
        event_key=f"assign:{entry_id}",
        summary=f"{inquiry.reference}: {_what(inquiry)} assigned to you by {_by(ctx)}",
    )
