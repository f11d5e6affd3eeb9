"""Work on several inquiries at once (SPEC §11): reassign, change the priority, add a note.

Each inquiry is its own unit of work: it gets its own timeline entry and its own version
check (someone's save in between refuses that one only), and one failure never undoes the
others. The outcome lists what was saved and, in the person's words, what was not and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Inquiry
from ..domain import Priority
from ..errors import ConflictError, DomainError
from .actions import ActionResult, add_note, assign, change_priority
from .context import ServiceContext

log = logging.getLogger(__name__)

Item = tuple[int, int | None]  # inquiry id, the version the person saw (None: as it is now)
Step = Callable[[Session, ServiceContext, int, int | None], ActionResult]


@dataclass
class BulkOutcome:
    saved: list[str] = field(default_factory=list)  # references
    refused: list[tuple[str, str]] = field(default_factory=list)  # reference, why

    def summary(self) -> str:
        done = f"{len(self.saved)} saved" if self.saved else "Nothing saved"
        if not self.refused:
            return f"{done}."
        lines = [f"{done}; {len(self.refused)} could not be saved:"]
        lines += [f"{ref}: {why}" for ref, why in self.refused]
        return "\n".join(lines)


def _reference(db: Database, inquiry_id: int) -> str:
    with db.read_session() as s:
        found = s.get(Inquiry, inquiry_id)
        return found.reference if found is not None else f"#{inquiry_id}"


def run_each(db: Database, ctx: ServiceContext, items: Sequence[Item], step: Step) -> BulkOutcome:
    outcome = BulkOutcome()
    for inquiry_id, version in items:
        try:
            with db.session() as session:
                result = step(session, ctx, inquiry_id, version)
            outcome.saved.append(result.reference)
        except ConflictError:
            why = "someone else saved it in the meantime; look at it again and retry"
            outcome.refused.append((_reference(db, inquiry_id), why))
        except DomainError as exc:
            outcome.refused.append((_reference(db, inquiry_id), str(exc)))
    log.info("bulk: %d saved, %d refused", len(outcome.saved), len(outcome.refused))
    return outcome


def reassign(
    db: Database, ctx: ServiceContext, items: Sequence[Item], assignee_id: int, note: str = ""
) -> BulkOutcome:
    return run_each(
        db, ctx, items,
        lambda s, c, i, v: assign(s, c, i, v, assignee_id=assignee_id, note=note or None),
    )  # fmt: skip


def set_priority(
    db: Database, ctx: ServiceContext, items: Sequence[Item], priority: Priority, reason: str
) -> BulkOutcome:
    return run_each(
        db, ctx, items,
        lambda s, c, i, v: change_priority(s, c, i, v, priority=priority, reason=reason),
    )  # fmt: skip


def note(db: Database, ctx: ServiceContext, items: Sequence[Item], text: str) -> BulkOutcome:
    return run_each(db, ctx, items, lambda s, c, i, v: add_note(s, c, i, v, text=text))
