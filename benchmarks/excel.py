"""Excel import and export against the bare libraries (SPEC §9, issue 17).

Import: a generated 50,000-row legacy workbook (three sheets, messy but valid rows: title
rows, header spellings, dates as dates, text and serial numbers, times as text and day
fractions, NPIs and phones stored as numbers, priorities and MCO names in many spellings,
multi-line Updates) imported into a fresh SQLite database, against openpyxl's read-only
iteration (values_only) and python-calamine's own read of every sheet of the same file.
Targets: at most 0.5x openpyxl, at most 5x calamine, under 20 s.

Export: 100,000 demo inquiries exported, against openpyxl's write-only writing of the same
cells and XlsxWriter's constant-memory writing of them with US date formats (read back from
the export beforehand, so only the writing is timed). Targets: 0.7x and 1.4x.

Each side runs three times (the import) or twice (the export), interleaved with the others;
the least disturbed run counts. Ratios are of CPU time (see ``Best``), and both clocks are
printed.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from _common import ensure_repo_on_path, figure

# This folder holds a benchmark named calendar.py, which would shadow the standard library's
# calendar module (that openpyxl and strptime import) for a script run from here.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ensure_repo_on_path()

from openpyxl import Workbook, load_workbook  # noqa: E402

from liaison_desk.calendar import BusinessCalendar  # noqa: E402
from liaison_desk.clock import ManualClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.db.schema import upgrade  # noqa: E402
from liaison_desk.excel.exporter import export_workbook  # noqa: E402
from liaison_desk.excel.headers import LEGACY_HEADERS, SheetKind  # noqa: E402
from liaison_desk.excel.importer import plan_import, write_plan  # noqa: E402
from liaison_desk.services.context import ServiceContext  # noqa: E402

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO)
IMPORT_ROWS = 50_000
EXPORT_INQUIRIES = 100_000

# The legacy layout, with the Member sheet in the spellings real logs use.
MEMBER_HEADERS = [
    {
        "Date Received": "Date Rec'd",
        "Time Received": "Time Rec'd",
        "Received From": "Rec'd From",
        "State ID": "Member State ID",
        "Caller Phone": "Phone #",
        "MCO Department": "MCO Dept",
    }.get(h, h)
    for h in LEGACY_HEADERS[SheetKind.MEMBER]
]
PROVIDER_HEADERS = list(LEGACY_HEADERS[SheetKind.PROVIDER])
CALLBACK_HEADERS = list(LEGACY_HEADERS[SheetKind.CALLBACK])

FIRST = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo", "Kim", "Lu", "Mo"]
LAST = ["Smith", "Lee", "Nguyen", "Olson", "Garcia", "Miller", "Johnson", "Brown", "Davis"]
SOURCES = ["CSR", "Call Center", "Ombudsman", "Legislator", "Policy Staff", "Other State Agency"]
PSOURCES = ["Provider", "Provider Association", "CSR", "Ombudsman"]
MCOS = ["Amerigroup", "Wellpoint", "ITC", "Iowa Total Care", "Molina", "MHI", "AGP"]
PRIORITIES = ["HIGH", "High", "Urgent", "H", "1", "Esc.", "Escalated", "esc", "2", "Normal"]
ISSUES = [
    "Denied claim",
    "Needs a ride to dialysis",
    "Prior auth delayed",
    "Billing error",
    "Cannot reach case manager",
    "Pharmacy refused refill",
    "Wheelchair repair",
]


def _npi(rng: random.Random) -> str:
    from liaison_desk.validation import npi_check_digit

    nine = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return nine + str(npi_check_digit(nine))


def _date_cell(rng: random.Random, d: datetime) -> object:
    pick = rng.random()
    if pick < 0.6:
        return d.replace(hour=0, minute=0)
    if pick < 0.8:
        return f"{d.month}/{d.day}/{d.year}"
    if pick < 0.9:
        return f"{d:%Y-%m-%d}"
    return (d.replace(hour=0, minute=0) - datetime(1899, 12, 30)).days


def _time_cell(rng: random.Random, d: datetime) -> object:
    pick = rng.random()
    if pick < 0.5:
        return f"{d:%I:%M %p}"
    if pick < 0.8:
        return (d.hour * 60 + d.minute) / 1440
    return f"{d:%H%M}"


def make_legacy_workbook(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    counts = {"Member": rows // 2, "Provider": rows * 3 // 10}
    counts["Supervisor Callbacks"] = rows - counts["Member"] - counts["Provider"]
    start = datetime(2024, 12, 2, 8, 0)
    n = 0
    for sheet, headers in (
        ("Member", MEMBER_HEADERS),
        ("Provider", PROVIDER_HEADERS),
        ("Supervisor Callbacks", CALLBACK_HEADERS),
    ):
        ws = wb.create_sheet(sheet)
        ws.append([f"MCO Inquiry Log — {sheet}"])
        ws.append(["Updated weekly; do not sort"])
        ws.append([])
        ws.append(headers)
        for _ in range(counts[sheet]):
            n += 1
            received = start + timedelta(days=rng.randrange(0, 650), minutes=rng.randrange(0, 540))
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"515{rng.randrange(200, 999)}{rng.randrange(0, 9999):04d}"
            issue = f"{rng.choice(ISSUES)} #{n}"
            resolved = rng.random() < 0.8
            contacted = received + timedelta(days=rng.randrange(0, 2))
            sent = received + timedelta(days=rng.randrange(1, 3))
            mco_back = sent + timedelta(days=rng.randrange(0, 3))
            done = mco_back + timedelta(days=rng.randrange(0, 5))
            updates = (
                f"{contacted:%m/%d/%y} - called member, info gathered\n"
                f"{sent:%m/%d}: sent to MCO\nwaiting on MCO"
                if rng.random() < 0.5
                else None
            )
            if sheet == "Supervisor Callbacks":
                ws.append(
                    [
                        received,
                        rng.choice(["Pat", "Sam", "Chris"]),
                        name,
                        name,
                        f"{rng.randrange(1000000, 9999999)}{rng.choice('ABCDEFG')}",
                        None,
                        int(phone) if rng.random() < 0.3 else phone,
                        issue,
                        f"{contacted:%m/%d} 10:15 AM VM",
                        f"{sent:%m/%d/%Y} no answer",
                        done if resolved else None,
                        done if resolved else None,
                        updates,
                    ]
                )
                continue
            provider = sheet == "Provider"
            npi = _npi(rng)
            ws.append(
                [
                    _date_cell(rng, received),
                    _time_cell(rng, received),
                    rng.choice(PSOURCES if provider else SOURCES),
                    f"{rng.choice(LAST)} Clinic" if provider else name,
                    (float(npi) if rng.random() < 0.5 else npi)
                    if provider
                    else f"{rng.randrange(1000000, 9999999)}{rng.choice('ABCDEFG')}",
                    name,
                    float(phone)
                    if rng.random() < 0.3
                    else f"({phone[:3]}) {phone[3:6]}-{phone[6:]}",
                    "ITC / Molina" if provider and rng.random() < 0.2 else rng.choice(MCOS),
                    rng.choice(PRIORITIES),
                    issue,
                    rng.choice(["Lee", "Kim", "Pat"]),
                    _date_cell(rng, contacted),
                    "Member Services",
                    _date_cell(rng, sent),
                    _date_cell(rng, mco_back),
                    updates,
                    "Resolved with MCO" if resolved else None,
                    _date_cell(rng, done) if resolved else None,
                    "Closed" if resolved else "Pending MCO",
                ]
            )
    wb.save(path)


def bare_read(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    wb.close()
    return cells


def bare_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).iter_rows():
            cells += len(row)
    wb.close()
    return cells


def ctx_for() -> ServiceContext:
    return ServiceContext(clock=ManualClock(NOW), calendar=BusinessCalendar())


class Best:
    """The least disturbed of several runs, by wall-clock and by CPU time separately.

    This machine is a VM with noisy neighbours: the same openpyxl write of 7.5 million cells
    took 65 s in one run and 85 s in the next. The ratios compare CPU time (both sides are
    single-threaded and do the same kind of work), runs of the two sides interleaved; the
    absolute target (import under 20 s) is wall-clock.
    """

    def __init__(self) -> None:
        self.wall = float("inf")
        self.cpu = float("inf")

    def time(self, fn: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        self.wall = min(self.wall, time.perf_counter() - wall)
        self.cpu = min(self.cpu, time.process_time() - cpu)
        return out


def run_import(path: Path, folder: Path, tag: str, best: Best, split: dict[str, float]) -> str:
    """One import; ``split`` keeps the CPU time of its plan and of its write (the database's
    part: inserts, their triggers, the commit) for the least disturbed run."""
    db = Database(f"sqlite:///{folder / f'import-{tag}.sqlite3'}")
    upgrade(db)
    ctx = ctx_for()
    parts: dict[str, float] = {}

    def work() -> str:
        started = time.process_time()
        with db.read_session() as session:
            plan = plan_import(session, ctx, path)
        parts["plan"] = time.process_time() - started
        with db.session() as session:
            summary = write_plan(session, ctx, plan).summary()
        parts["write"] = time.process_time() - started - parts["plan"]
        return summary

    before = best.cpu
    summary = str(best.time(work))
    if best.cpu < before:
        split.update(parts)
    db.dispose()
    return summary


def read_cells(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    wb = load_workbook(path, read_only=True)
    out = [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
    wb.close()
    return out


def bare_write(sheets: list[tuple[str, list[tuple[object, ...]]]], path: Path) -> None:
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)


def bare_xlsxwriter(sheets: list[tuple[str, list[tuple[object, ...]]]], path: Path) -> None:
    """XlsxWriter in constant-memory mode writing the same cells, each date with its US
    format (the floor for our export, which also picks formats, marks and tables)."""
    import datetime as dt

    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    moment = wb.add_format({"num_format": "m/d/yyyy h:mm AM/PM"})
    day = wb.add_format({"num_format": "m/d/yyyy"})
    clock = wb.add_format({"num_format": "h:mm AM/PM"})
    for title, rows in sheets:
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, dt.datetime):
                    ws.write_datetime(r, c, v, day if v.time() == dt.time() else moment)
                elif isinstance(v, dt.time):
                    ws.write_datetime(r, c, v, clock)
                else:
                    ws.write(r, c, v)
    wb.close()


def main() -> int:
    global IMPORT_ROWS, EXPORT_INQUIRIES
    if len(sys.argv) > 2:  # quick runs: benchmarks/excel.py ROWS INQUIRIES
        IMPORT_ROWS, EXPORT_INQUIRIES = int(sys.argv[1]), int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        legacy = folder / "MCO_Mem_Prv_Tracking_Log.xlsx"
        started = time.perf_counter()
        make_legacy_workbook(legacy, IMPORT_ROWS)
        print(
            f"Import: {IMPORT_ROWS:,} legacy rows ({time.perf_counter() - started:.1f} s to "
            f"generate, {legacy.stat().st_size / 1e6:.1f} MB)"
        )
        bare, fast, ours = Best(), Best(), Best()
        split: dict[str, float] = {}
        summary = ""
        for tag in ("a", "b", "c"):  # the import is quick: three rounds, the least disturbed counts
            bare.time(lambda: bare_read(legacy))
            fast.time(lambda: bare_calamine(legacy))
            summary = run_import(legacy, folder, tag, ours, split)
        import_ratio = ours.cpu / bare.cpu
        calamine_ratio = ours.cpu / fast.cpu
        imported = ours.wall
        figure("openpyxl read-only iteration (values_only)", bare.wall, "s")
        figure("  CPU", bare.cpu, "s")
        figure("python-calamine read of every sheet", fast.wall, "s")
        figure("  CPU", fast.cpu, "s")
        figure("liaison-desk import (plan + write, SQLite)", ours.wall, "s")
        figure("  CPU", ours.cpu, "s")
        figure("  of it the plan (read, check), CPU", split["plan"], "s")
        figure("  of it the write (SQLite, triggers), CPU", split["write"], "s")
        figure("ratio to openpyxl (CPU)", import_ratio, "x")
        figure("ratio to openpyxl (wall-clock)", ours.wall / bare.wall, "x")
        figure("ratio to calamine (CPU)", calamine_ratio, "x")
        print(f"  {summary}")
        if EXPORT_INQUIRIES == 0:  # an import-only run: benchmarks/excel.py ROWS 0
            ok = import_ratio <= 0.5 and calamine_ratio <= 5 and imported < 20.0
            print(
                f"RESULT excel_import_ratio={import_ratio:.2f} "
                f"excel_import_calamine_ratio={calamine_ratio:.2f} import_seconds={imported:.1f} "
                f"target=import<=0.5x_openpyxl,<=5x_calamine,<20s {'ok' if ok else 'MISS'}"
            )
            return 0

        print(f"Export: {EXPORT_INQUIRIES:,} inquiries")
        db = Database(f"sqlite:///{folder / 'export.sqlite3'}")
        upgrade(db)
        from liaison_desk.demo import fill_demo

        started = time.perf_counter()
        fill_demo(db, EXPORT_INQUIRIES, 2026, ManualClock(NOW))
        print(f"  demo data: {time.perf_counter() - started:.1f} s")
        ctx = ctx_for()
        out = folder / "export.xlsx"

        def do_export() -> None:
            with db.read_session() as session:
                export_workbook(session, ctx, out, status="all")

        mine, theirs, xw = Best(), Best(), Best()
        bare_out = folder / "bare.xlsx"
        mine.time(do_export)
        cells = read_cells(out)
        n_cells = sum(len(r) for _, rows in cells for r in rows)
        for _ in range(2):
            theirs.time(lambda: bare_write(cells, bare_out))
            xw.time(lambda: bare_xlsxwriter(cells, bare_out))
            mine.time(do_export)
        export_ratio = mine.cpu / theirs.cpu
        xw_ratio = mine.cpu / xw.cpu
        figure("cells written", n_cells)
        figure("openpyxl write-only writing of the same cells", theirs.wall, "s")
        figure("  CPU", theirs.cpu, "s")
        figure("XlsxWriter constant-memory, same cells, US dates", xw.wall, "s")
        figure("  CPU", xw.cpu, "s")
        figure("liaison-desk export (query + write)", mine.wall, "s")
        figure("  CPU", mine.cpu, "s")
        figure("ratio to openpyxl (CPU)", export_ratio, "x")
        figure("ratio to openpyxl (wall-clock)", mine.wall / theirs.wall, "x")
        figure("ratio to bare XlsxWriter (CPU)", xw_ratio, "x")
        # The two targets agree only where bare XlsxWriter takes half of openpyxl's time.
        figure("bare XlsxWriter to openpyxl (CPU)", xw.cpu / theirs.cpu, "x")
        db.dispose()

    # Issue 17's targets: the import at most 0.5x openpyxl's reading and 5x calamine's, under
    # 20 s; the export at most 0.7x openpyxl's writing and 1.4x bare XlsxWriter's.
    ok = (
        import_ratio <= 0.5
        and calamine_ratio <= 5
        and imported < 20.0
        and export_ratio <= 0.7
        and xw_ratio <= 1.4
    )
    print(
        f"RESULT excel_import_ratio={import_ratio:.2f} "
        f"excel_import_calamine_ratio={calamine_ratio:.2f} excel_export_ratio={export_ratio:.2f} "
        f"excel_export_xlsxwriter_ratio={xw_ratio:.2f} import_seconds={imported:.1f} "
        f"target=import<=0.5x_openpyxl,<=5x_calamine,<20s;export<=0.7x_openpyxl,"
        f"<=1.4x_xlsxwriter {'ok' if ok else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
