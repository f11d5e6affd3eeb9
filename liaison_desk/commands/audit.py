"""``audit verify``: the history's chain checked end to end (issue 15). Exit 0 when every
chain verifies, 1 naming the inquiry's reference and the entry of the first broken link."""

from __future__ import annotations

from ..db.engine import Database
from ..db.schema import current_revision
from ..services.calendar_config import load_calendar
from ..services.record_chain import verify_chains
from .report import EXIT_OK, EXIT_REFUSED, _no_schema


def run_verify(db: Database) -> int:
    if current_revision(db) is None:
        return _no_schema(db)
    with db.read_session() as session:
        tz = load_calendar(session).timezone
        report = verify_chains(session)
    print(report.text(tz))
    return EXIT_OK if report.ok else EXIT_REFUSED
