"""``explain REFERENCE``: every clock of one inquiry explained in plain text (issue 15) — the
same words as the detail pane's "Why this deadline?"."""

from __future__ import annotations

from ..clock import Clock, SystemClock
from ..db.engine import Database
from ..db.schema import current_revision
from ..errors import NotFoundError
from ..services.calendar_config import load_calendar
from ..services.context import SYSTEM_ACTOR, ServiceContext
from ..services.explain import explain
from .report import EXIT_OK, EXIT_REFUSED, _fail, _no_schema


def run_explain(db: Database, reference: str, *, clock: Clock | None = None) -> int:
    if current_revision(db) is None:
        return _no_schema(db)
    with db.read_session() as session:
        ctx = ServiceContext(actor=SYSTEM_ACTOR, clock=clock or SystemClock(),
                             calendar=load_calendar(session))  # fmt: skip
        try:
            found = explain(session, ctx, reference)
        except NotFoundError as exc:
            return _fail(str(exc), EXIT_REFUSED)
    if not found:
        print(f"{reference.strip()} has no response-time clocks.")
    print("\n\n".join(e.text for e in found))
    return EXIT_OK
