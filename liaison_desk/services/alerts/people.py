"""Who is told: the person an item is with, else its queue's people; for a breach also the
Unit Leads; and, for anyone away today, the person covering for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Absence, User
from ...domain import Role, Track

# Whose unassigned items are whose (the queues of SPEC §4): escalations are the liaisons',
# supervisor callbacks the Unit Leads' and MSA/ESRs'.
QUEUE_ROLES: dict[str, tuple[Role, ...]] = {
    Track.MCO_MEMBER: (Role.LIAISON,),
    Track.MCO_PROVIDER: (Role.LIAISON,),
    Track.IME_CALLBACK: (Role.UNIT_LEAD, Role.MSA_ESR),
}


def with_role(session: Session, *roles: Role) -> list[int]:
    """Active people of these roles."""
    return list(
        session.scalars(
            select(User.id)
            .where(User.active.is_(True), User.role.in_([str(r) for r in roles]))
            .order_by(User.id)
        )
    )


def unit_leads(session: Session) -> list[int]:
    return with_role(session, Role.UNIT_LEAD)


def queue_people(session: Session, track: str) -> list[int]:
    return with_role(session, *QUEUE_ROLES.get(track, ()))


def is_active(session: Session, user_id: int | None) -> bool:
    if user_id is None:
        return False
    user = session.get(User, user_id)
    return user is not None and user.active


def away_today(session: Session, day: date) -> dict[int, int]:
    """Who is away on ``day`` → who covers for them (an absence not ended early)."""
    rows = session.execute(
        select(Absence.user_id, Absence.cover_id)
        .where(
            Absence.first_day <= day,
            Absence.last_day >= day,
            Absence.ended_at.is_(None),
        )
        .order_by(Absence.id)
    )
    return {user: cover for user, cover in rows}


def with_cover(session: Session, people: Iterable[int], day: date) -> list[tuple[int, int | None]]:
    """``(recipient, for_user)`` for each person: themselves (``for_user`` None), or their
    cover when they are away (following a cover who is away too, without going round)."""
    away = away_today(session, day)
    out: list[tuple[int, int | None]] = []
    seen: set[int] = set()
    for person in people:
        target, hops = person, 0
        while target in away and hops < 5:
            target, hops = away[target], hops + 1
        if target == person or not is_active(session, target):
            target = person
        if target in seen:
            continue
        seen.add(target)
        out.append((target, None if target == person else person))
    return out
