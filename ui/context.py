"""What every window and dialog of the client is handed: the database, who is working,
the clock and the business calendar."""

from __future__ import annotations

from dataclasses import dataclass, field

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import Clock, SystemClock
from liaison_desk.db.engine import Database
from liaison_desk.services.context import Actor, ServiceContext


@dataclass
class AppContext:
    db: Database
    actor: Actor
    clock: Clock = field(default_factory=SystemClock)
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)

    def service_context(self) -> ServiceContext:
        return ServiceContext(actor=self.actor, clock=self.clock, calendar=self.calendar)
