"""One person's whole history (SPEC §11; seed 002: one issue taken to several places "tends
to exacerbate as well as duplicate issues").

:func:`person_inquiries` — every inquiry of a member (by state ID) or a provider (by NPI),
across all queues and years, open first. :func:`others_like` — while intake is typed: the
inquiries that share its state ID, NPI, phone or name, open first, so a duplicate is caught
before it is saved. :func:`link_related` / :func:`related` — two inquiries about the same
issue, linked both ways, each with a timeline note.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlalchemy.orm import Session

from ..db.inserts import insert_new
from ..db.models import Inquiry, InquiryLink
from ..domain import EntryKind
from ..errors import DomainError, ValidationError
from ..text_fold import fold_text
from ..validation import normalize_npi, normalize_phone, normalize_state_id
from .context import Actor, ServiceContext
from .history import add_entry
from .inquiries import get_inquiry
from .permissions import Action, require
from .queues.detail import linked_to
from .queues.rows import QueueRow
from .queues.search import open_first, search

__all__ = ["link_related", "others_like", "person_inquiries", "related"]


def _valid(fn: object, value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return fn(value)  # type: ignore[operator, no-any-return]
    except ValidationError:
        return None


def person_inquiries(
    session: Session,
    actor: Actor,
    *,
    state_id: str | None = None,
    npi: str | None = None,
    limit: int = 1000,
) -> list[QueueRow]:
    """Every inquiry of the member with ``state_id`` or the provider with ``npi``."""
    sid, number = _valid(normalize_state_id, state_id), _valid(normalize_npi, npi)
    if sid is None and number is None:
        raise ValidationError({"person": "Give the member's state ID or the provider's NPI."})
    conds = []
    if sid is not None:
        conds.append(Inquiry.member_state_id == sid)
    if number is not None:
        conds.append(Inquiry.npi == number)
    return open_first(session, actor, or_(*conds), limit=limit)


def others_like(
    session: Session,
    actor: Actor,
    *,
    state_id: str | None = None,
    npi: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    limit: int = 20,
) -> list[QueueRow]:
    """Inquiries that look like the one being typed: the same state ID, NPI or phone, or a
    name containing what was typed (accent-insensitive); open first, then the newest."""
    conds = []
    if (sid := _valid(normalize_state_id, state_id)) is not None:
        conds.append(Inquiry.member_state_id == sid)
    if (number := _valid(normalize_npi, npi)) is not None:
        conds.append(Inquiry.npi == number)
    if (tel := _valid(normalize_phone, phone)) is not None:
        conds.append(or_(Inquiry.caller_phone == tel, Inquiry.contact_phone == tel))
    found = {r.id: r for r in open_first(session, actor, or_(*conds), limit=limit)} if conds else {}
    folded = fold_text(name or "").strip()
    if len(folded) >= 4:  # a short fragment matches half the state
        for row in search(session, folded, actor=actor, limit=limit):
            names = (row.member_name, row.provider_name, row.caller_name)
            if any(folded in fold_text(n or "") for n in names):
                found.setdefault(row.id, row)
    rows = sorted(found.values(), key=lambda r: (r.closed, -r.received_at.timestamp(), -r.id))
    return rows[:limit]


def related(session: Session, actor: Actor, inquiry_id: int) -> list[QueueRow]:
    """The inquiries linked to ``inquiry_id`` (either side)."""
    return open_first(session, actor, Inquiry.id.in_(linked_to(inquiry_id)), limit=200)


def link_related(session: Session, ctx: ServiceContext, inquiry_id: int, other_id: int) -> bool:
    """Link two inquiries as about the same issue; a note in each timeline. False when they
    were linked already."""
    require(ctx.actor, Action.ADD_NOTE)
    if inquiry_id == other_id:
        raise DomainError("An inquiry cannot be related to itself.")
    one, two = get_inquiry(session, inquiry_id), get_inquiry(session, other_id)
    first, second = sorted((one.id, two.id))
    link = {
        "first_id": first,
        "second_id": second,
        "created_at": ctx.clock.now(),
        "created_by_id": ctx.actor.user_id,
    }
    if not insert_new(session, InquiryLink, link):
        return False
    for this, that in ((one, two), (two, one)):
        add_entry(
            session, ctx, this, EntryKind.NOTE, f"Related to {that.reference} (the same issue)",
            data={"related": that.id},
        )  # fmt: skip
    return True
