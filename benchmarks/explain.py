"""Every deadline explained (issue 15): one clock explained — read from the database and put
in words — on the 100,000-inquiry benchmark database, for 300 clocks drawn at random (open,
met, late, cancelled; every standard). Target: under 20 ms a clock (95th percentile)."""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

from _common import ensure_repo_on_path, figure, result
from startup import ensure_database

# This folder's calendar.py would shadow the standard library's (which sqlalchemy's imports
# reach): off the path once its own modules are in.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ensure_repo_on_path()

from sqlalchemy import select  # noqa: E402

from liaison_desk.clock import SystemClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.db.models import Milestone  # noqa: E402
from liaison_desk.db.schema import upgrade  # noqa: E402
from liaison_desk.services.calendar_config import load_calendar  # noqa: E402
from liaison_desk.services.context import SYSTEM_ACTOR, ServiceContext  # noqa: E402
from liaison_desk.services.explain import explain_one  # noqa: E402

TARGET_MS = 20.0
CLOCKS = 300


def main() -> None:
    db = Database(f"sqlite:///{ensure_database()}")
    upgrade(db)  # a database made by an earlier version gets the newer columns
    with db.read_session() as s:
        ctx = ServiceContext(actor=SYSTEM_ACTOR, clock=SystemClock(), calendar=load_calendar(s))
        ids = list(s.scalars(select(Milestone.id)))
    picked = random.Random(15).sample(ids, min(CLOCKS, len(ids)))
    times: list[float] = []
    words = 0
    for n, milestone_id in enumerate([picked[0], *picked]):
        started = time.perf_counter()
        with db.read_session() as s:
            text = explain_one(s, ctx, milestone_id).text
        took = (time.perf_counter() - started) * 1000
        if n:  # the first warms the calendar's years and the imports
            times.append(took)
            words += len(text.split())
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    figure("clocks in the database", len(ids))
    figure("clocks explained", len(times))
    figure("median, one clock (read + words)", statistics.median(times), "ms")
    figure("95th percentile", p95, "ms")
    figure("slowest", times[-1], "ms")
    figure("words per explanation (mean)", words / len(times))
    result("explain_ms_p95", f"{p95:.1f}", f"<{TARGET_MS:g}ms", p95 < TARGET_MS)


if __name__ == "__main__":
    main()
