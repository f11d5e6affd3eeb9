"""Memory of an import stays bounded (issue 11.6): peak resident memory of a child process that
imports a generated 50,000-row legacy log into a fresh SQLite database, and of one given a
1,000,000-row log, which is refused at the row limit (300,000 rows of a sheet) without
reading further. The generator is the Excel benchmark's.

Target: each under 2 GB peak (the row limit bounds it), the 1,000,000-row file refused in one
sentence. A sheet that states its size (<dimension>, as Excel writes it) is refused before a
row is read; this generated one (openpyxl write-only) states none, the worst case.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO_ROOT, figure, result

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from liaison_desk.db.engine import Database
from liaison_desk.db.schema import upgrade
from liaison_desk.errors import InputRefused
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.services.context import ServiceContext
from liaison_desk.clock import ManualClock
from liaison_desk.calendar import BusinessCalendar
from datetime import datetime
from zoneinfo import ZoneInfo
db = Database(f"sqlite:///{sys.argv[2]}")
upgrade(db)
now = datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("America/Chicago"))
ctx = ServiceContext(clock=ManualClock(now), calendar=BusinessCalendar())
started = time.perf_counter()
outcome = ""
try:
    with db.read_session() as s:
        plan = plan_import(s, ctx, sys.argv[1])
    with db.session() as s:
        outcome = write_plan(s, ctx, plan).summary()
except InputRefused as exc:
    outcome = "refused: " + str(exc)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"outcome": outcome, "peak": peak, "seconds": time.perf_counter() - started}))
"""


def measure(workbook: Path, folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(workbook), str(folder / f"{workbook.stem}.sqlite3"),
         str(REPO_ROOT)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from excel import make_legacy_workbook

    limit = 2 * (1 << 30)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in (50_000, 1_000_000):
            path = folder / f"log-{rows}.xlsx"
            make_legacy_workbook(path, rows)
            got = measure(path, folder)
            peak = int(got["peak"])  # type: ignore[call-overload]
            print(f"{rows:,} rows ({path.stat().st_size / 2**20:.1f} MB): {got['outcome']}")
            figure("  peak resident memory", peak / 2**20, "MB")
            figure("  time", float(got["seconds"]), "s")  # type: ignore[arg-type]
            ok = ok and peak < limit
            if rows == 1_000_000:
                ok = ok and str(got["outcome"]).startswith("refused:")
            last = peak
    result("import_peak_mb_1m", f"{last / 2**20:.0f}", "<2048 and refused", ok)


if __name__ == "__main__":
    main()
