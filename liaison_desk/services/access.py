"""Who opened which inquiry: recorded as people work (batched by the client, insert-only)
and listed for a member when the question "who looked at my file?" is asked (HIPAA's
accounting of access). Managers and admins may list it.

On PostgreSQL the server sets who and when (:mod:`liaison_desk.db.server_rules`); a view is
recorded only of an inquiry the person may see (row-level security, as everywhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, InquiryView, User
from ..errors import ValidationError
from ..text_clean import clean
from ..text_fold import fold_text
from ..validation import normalize_state_id
from .alerts.inbox import mark_inquiries_read
from .context import ServiceContext
from .permissions import Action, require


def record_views(
    session: Session, ctx: ServiceContext, seen: Sequence[tuple[int, datetime]]
) -> int:
    """Store the openings the client gathered: (inquiry id, when). Returns how many. The
    person's inbox notices about those inquiries are read now."""
    if not seen:
        return 0
    # Core, not the ORM: no RETURNING, which a worker's login (insert only) may not read.
    session.execute(
        insert(cast(Table, InquiryView.__table__)),
        [{"inquiry_id": i, "user_id": ctx.actor.user_id, "at": at} for i, at in seen],
    )
    mark_inquiries_read(session, ctx, [i for i, _ in seen])
    return len(seen)


@dataclass(frozen=True)
class Access:
    at: datetime
    who: str
    reference: str
    about: str


def accesses_for_member(
    session: Session, ctx: ServiceContext, member: str, *, limit: int = 5000
) -> list[Access]:
    """Every recorded opening of the inquiries about ``member`` (a state ID or a name),
    newest first."""
    require(ctx.actor, Action.VIEW_ACCESS_LOG)
    text = clean(member).strip()
    if not text:
        raise ValidationError({"member": "Give the member's state ID or name."})
    try:
        condition = Inquiry.member_state_id == normalize_state_id(text)
    except ValidationError:
        folded = fold_text(text)
        condition = func.ld_fold(Inquiry.member_name).like(f"%{folded}%")
    rows = session.execute(
        select(
            InquiryView.at, User.display_name, User.login, Inquiry.reference, Inquiry.member_name
        )
        .join(Inquiry, Inquiry.id == InquiryView.inquiry_id)
        .outerjoin(User, User.id == InquiryView.user_id)
        .where(condition)
        .order_by(InquiryView.at.desc())
        .limit(limit)
    )
    return [
        Access(at, display or login or "(unknown)", ref, name or "")
        for at, display, login, ref, name in rows
    ]
