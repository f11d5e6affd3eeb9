"""Search across every inquiry (Ctrl+Shift+F), on 100,000 inquiries, SQLite and PostgreSQL.

SPEC §11 / issue 13: a name or phone search over all inquiries, open and resolved, answers in
under 150 ms on PostgreSQL and on SQLite. Each search is the service the window calls
(``services.queues.search``, its 50 best rows ready to show), on the 100,000-inquiry demo
database of benchmarks/startup.py (SQLite) and on the same amount of demo data in a
PostgreSQL database made for the run and dropped after (``LIAISON_DESK_BENCH_DATABASE_URL``,
else ``LIAISON_DESK_TEST_DATABASE_URL``, else postgres@127.0.0.1). The figure is the slowest
of the searches (each the best of 5 runs), the same kinds a liaison types: a surname, an
accented first name typed without its accent, phone digits, a state ID, a reference, a word
of a description.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from _common import best_of, ensure_repo_on_path, figure, result
from sharing import postgres_database
from startup import ensure_database

ensure_repo_on_path()

from sqlalchemy import select  # noqa: E402

from liaison_desk.clock import ManualClock, SystemClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.db.models import Inquiry  # noqa: E402
from liaison_desk.db.schema import upgrade  # noqa: E402
from liaison_desk.demo import fill_demo  # noqa: E402
from liaison_desk.domain import Role  # noqa: E402
from liaison_desk.services.context import Actor  # noqa: E402
from liaison_desk.services.queues import search  # noqa: E402

TARGET_MS = 150.0
COUNT = 100_000
ACTOR = Actor("bench", Role.MANAGER)


def queries(db: Database) -> list[tuple[str, str]]:
    """Searches built from the data itself, so each finds something."""
    with db.read_session() as s:
        phone = s.scalar(select(Inquiry.caller_phone).where(Inquiry.caller_phone.is_not(None)))
        state_id = s.scalar(
            select(Inquiry.member_state_id).where(Inquiry.member_state_id.is_not(None))
        )
        reference = s.scalar(select(Inquiry.reference).order_by(Inquiry.id.desc()))
    digits = "".join(ch for ch in phone or "" if ch.isdigit())[-7:]
    return [
        ("surname", "becker"),
        ("accented name without its accent", "maria"),
        ("two words", "maria larsen"),
        ("phone digits", f"{digits[:3]}-{digits[3:]}"),
        ("state ID", state_id or "1234567A"),
        ("reference", reference or "261123-0001"),
        ("a word of a description", "pharmacy"),
    ]


def measure(label: str, db: Database) -> float:
    print(f"{label}:")
    worst = 0.0
    times = []
    for what, text in queries(db):
        with db.read_session() as s:
            found = len(search(s, text, actor=ACTOR))

            def run(s: object = s, text: str = text) -> None:
                search(s, text, actor=ACTOR)  # type: ignore[arg-type]

            ms = best_of(run, 5) * 1000
        times.append(ms)
        worst = max(worst, ms)
        figure(f"{what} “{text}” ({found} shown)", ms, "ms")
    figure("median", statistics.median(times), "ms")
    return worst


def main() -> int:
    path = ensure_database(count=COUNT)
    lite = Database(f"sqlite:///{path}")
    upgrade(lite)  # builds the search document of an older benchmark database once
    worst_lite = measure(f"SQLite, {path}", lite)
    lite.dispose()
    with postgres_database() as url:
        pg = Database(url)
        upgrade(pg)
        started = time.perf_counter()
        fill_demo(pg, COUNT, 2026, ManualClock(SystemClock().now()), open_count=2_000)
        took = time.perf_counter() - started
        print(f"  PostgreSQL demo data: {COUNT:,} inquiries ({took:.0f} s)")
        with pg.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        worst_pg = measure("PostgreSQL", pg)
        pg.dispose()
    worst = max(worst_lite, worst_pg)
    figure("slowest search, SQLite", worst_lite, "ms")
    figure("slowest search, PostgreSQL", worst_pg, "ms")
    result("search_slowest_ms", f"{worst:.1f}", f"<{TARGET_MS:.0f}", worst < TARGET_MS)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
