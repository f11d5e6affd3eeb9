"""Who is told: the person an item is with, else its queue's people; for a breach also the
Unit Leads; and, for anyone away today, the person covering for them.

:class:`Recipients` reads the team once (who is active in which role, who is away today and
who covers), so a sweep that announces a thousand crossings asks the database twice, not
several times per crossing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Absence, User
from ...domain import Role, Track
from ..context import ServiceContext

# Whose unassigned items are whose (the queues of SPEC §4): escalations are the liaisons',
# supervisor callbacks the Unit Leads' and MSA/ESRs'.
QUEUE_ROLES: dict[str, tuple[Role, ...]] = {
    Track.MCO_MEMBER: (Role.LIAISON,),
    Track.MCO_PROVIDER: (Role.LIAISON,),
    Track.IME_CALLBACK: (Role.UNIT_LEAD, Role.MSA_ESR),
}


@dataclass(frozen=True)
class Recipients:
    roles: dict[int, str]  # active people → their role
    away: dict[int, int]  # away today → who covers

    @classmethod
    def load(cls, session: Session, ctx: ServiceContext) -> Recipients:
        day: date = ctx.clock.now().astimezone(ctx.calendar.timezone).date()
        roles = dict(session.execute(select(User.id, User.role).where(User.active.is_(True))).all())
        away = session.execute(
            select(Absence.user_id, Absence.cover_id)
            .where(Absence.first_day <= day, Absence.last_day >= day, Absence.ended_at.is_(None))
            .order_by(Absence.id)
        )
        return cls(roles, {user: cover for user, cover in away})

    def is_active(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.roles

    def with_role(self, *roles: Role) -> list[int]:
        wanted = {str(r) for r in roles}
        return sorted(u for u, role in self.roles.items() if role in wanted)

    def unit_leads(self) -> list[int]:
        return self.with_role(Role.UNIT_LEAD)

    def queue(self, track: str) -> list[int]:
        return self.with_role(*QUEUE_ROLES.get(track, ()))

    def with_cover(self, people: Iterable[int]) -> list[tuple[int, int | None]]:
        """``(recipient, for_user)`` for each person: themselves (``for_user`` None), or
        their cover when they are away (following a cover who is away too, without going
        round); each recipient once."""
        out: list[tuple[int, int | None]] = []
        seen: set[int] = set()
        for person in people:
            target, hops = person, 0
            while target in self.away and hops < 5:
                target, hops = self.away[target], hops + 1
            if target == person or not self.is_active(target):
                target = person
            if target in seen:
                continue
            seen.add(target)
            out.append((target, None if target == person else person))
        return out
