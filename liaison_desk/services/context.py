"""What every service call needs besides its session: who acts, when, and on what calendar.

``Session`` is re-exported for the client, which passes the session a ``Database`` opened
to the services without reading or writing through it itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session as Session

from ..calendar import BusinessCalendar
from ..clock import Clock, SystemClock
from ..domain import Role


@dataclass(frozen=True)
class Actor:
    login: str
    role: Role
    user_id: int | None = None
    display_name: str = ""

    @property
    def name(self) -> str:
        return self.display_name or self.login


SYSTEM_ACTOR = Actor(login="system", role=Role.ADMIN, display_name="Liaison Desk")


@dataclass(frozen=True)
class ServiceContext:
    actor: Actor = SYSTEM_ACTOR
    clock: Clock = field(default_factory=SystemClock)
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
