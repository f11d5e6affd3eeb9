"""An e-mail log import (issue 14) against bare openpyxl: a 10,000-row "Member Services
E-mail Report" (seed 004's columns, with spellings of other mailbox logs: Date Rec'd, Time
Rec'd, From as "Name <address>", Issue Type, Comments) imported into a fresh SQLite database,
against openpyxl's read-only iteration of the same file, CPU time, best of two. The target is
the legacy log's (SPEC §9): at most 2x. Each e-mail row writes more than a legacy row does
(four clocks — seed 000's first response and three resolution standards — and three timeline
entries, against one or two of each), so it is the harder case of the same target.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from _common import ensure_repo_on_path, figure, result

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ensure_repo_on_path()

from openpyxl import Workbook  # noqa: E402

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO)
ROWS = 10_000


def _report(path: Path) -> None:
    rng = random.Random(4)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("MS E-mail Report SFY2026")
    ws.append(["Member Services E-mail Report SFY2026"])
    ws.append([])
    ws.append(["Date Rec'd", "Time Rec'd", "From", "Subject", "Assigned To", "Date Responded",
               "Date Completed", "Status", "Issue Type", "Comments"])  # fmt: skip
    start = NOW - timedelta(days=360)
    for n in range(ROWS):
        received = start + timedelta(minutes=rng.randint(0, 360 * 24 * 60 - 1))
        received = min(received, NOW - timedelta(days=20))
        done = rng.random() < 0.9
        ws.append([
            received.replace(tzinfo=None, hour=0, minute=0), f"{received:%I:%M %p}",
            f"Member {n} <member.{n}@example.org>", f"Question {n} about my coverage",
            rng.choice(["Lee Liaison", "Rita Lead", ""]),
            (received + timedelta(days=1)).replace(tzinfo=None),
            (received + timedelta(days=4)).replace(tzinfo=None) if done else None,
            "Completed" if done else "Follow-up",
            rng.choice(["Eligibility", "Prior Auth - Denied", "Rides", "Billing", "Dental"]),
            "11/3 called back" if rng.random() < 0.3 else None,
        ])  # fmt: skip
    wb.save(path)


def email_import(folder: Path) -> tuple[float, float, float]:
    # excel.py's helpers, loaded by path: this folder is off sys.path (see the top).
    spec = importlib.util.spec_from_file_location("bench_excel", _HERE / "excel.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    Best, bare_read, run_import = bench.Best, bench.bare_read, bench.run_import

    path = folder / "email-report.xlsx"
    _report(path)
    ours, bare = Best(), Best()
    summary = ""
    for tag in ("a", "b"):
        bare.time(lambda: bare_read(path))
        summary = run_import(path, folder, tag, ours)
    print(f"  {summary}")
    return ours.wall, ours.cpu / bare.cpu, bare.cpu


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ld-bench-email-") as tmp:
        wall, ratio, bare_cpu = email_import(Path(tmp))
    figure(f"import of {ROWS:,} e-mail report rows", wall, "s")
    figure("bare openpyxl read of the same file (CPU)", bare_cpu, "s")
    figure("import ÷ bare read (CPU)", ratio, "x")
    result("email_import_ratio", f"{ratio:.2f}", "<=2", ratio <= 2.0)


if __name__ == "__main__":
    main()
