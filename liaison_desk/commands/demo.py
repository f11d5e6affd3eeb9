from __future__ import annotations

import sys
import time

from ..clock import SystemClock
from ..db.engine import Database
from ..db.schema import upgrade
from ..demo import fill_demo
from ..errors import ValidationError


def run_demo(db: Database, count: int, seed: int) -> int:
    if count < 0:
        raise ValidationError({"count": "--count must be zero or more."})
    upgrade(db)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if total >= 10_000:
            print(f"\r{done:,} of {total:,} inquiries…", end="", file=sys.stderr, flush=True)

    fill_demo(db, count, seed, SystemClock(), progress=progress)
    if count >= 10_000:
        print(file=sys.stderr)
    print(
        f"Added {count:,} demo inquiries in {time.perf_counter() - started:.1f} s "
        f"— {db.describe()}."
    )
    return 0
