"""``liaison-desk --self-test [--db URL]`` (issue 16): what IT runs after an install, and
support on a phone call. Each check prints one line, ``ok`` or ``FAIL`` with the reason;
the exit status is 0 only when every check passed.

The work itself — a member inquiry taken in, a contact logged, a letter written as a PDF, the
log exported and imported again — is done on temporary databases that are deleted after, so
the person's own data is never touched. With ``--db`` the real database is also checked,
reading only: signing in, its schema, the person's role, its calendar, and its history's
chain. The client adds its own check (the main window, opened offscreen) through ``extra``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from .calendar import BusinessCalendar
from .clock import ManualClock
from .db.engine import Database
from .domain import Channel, Party, Priority, Role
from .services.context import Actor, ServiceContext

Check = tuple[str, Callable[[], str]]  # the check's name, and what it found (raises if not)
# A Wednesday before Thanksgiving, 4:30 PM: the calendar's hardest week, fixed so the
# self-test gives the same answer every day of the year.
_WEDNESDAY = datetime(2026, 11, 25, 16, 30, tzinfo=ZoneInfo("America/Chicago"))


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name} — {self.detail}"


def run_checks(checks: Sequence[Check], out: TextIO | None = None) -> list[Outcome]:
    """Every check, in order, each line printed as it ends; one failing stops none."""
    outcomes = []
    for name, check in checks:
        started = time.perf_counter()
        try:
            outcome = Outcome(name, True, check(), time.perf_counter() - started)
        except Exception as exc:  # the reason, in one line: the check failed, not the test
            outcome = Outcome(name, False, _reason(exc), time.perf_counter() - started)
        if out is not None:
            print(outcome.line(), file=out, flush=True)
        outcomes.append(outcome)
    if out is not None:
        passed = sum(o.ok for o in outcomes)
        print(f"{passed} of {len(outcomes)} checks passed.", file=out, flush=True)
    return outcomes


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    return first or type(exc).__name__


class Workbench:
    """The temporary databases and folder the work checks use; deleted by :func:`bench`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.clock = ManualClock(_WEDNESDAY)
        self.db = Database(f"sqlite:///{folder / 'self-test.sqlite3'}")
        self.ctx = ServiceContext(clock=self.clock, calendar=BusinessCalendar())
        self.inquiry_id: int | None = None
        self.exported: Path | None = None
        self.exported_count = 0

    def close(self) -> None:
        self.db.dispose()


@contextmanager
def bench() -> Iterator[Workbench]:
    folder = Path(tempfile.mkdtemp(prefix="liaison-desk-self-test-"))
    work = Workbench(folder)
    try:
        yield work
    finally:
        work.close()
        shutil.rmtree(folder, ignore_errors=True)


def work_checks(work: Workbench) -> list[Check]:
    return [
        ("Database", lambda: _database(work)),
        ("Calendar", _calendar),
        ("Fonts", _fonts),
        ("Member inquiry", lambda: _intake(work)),
        ("Contact", lambda: _contact(work)),
        ("Letter", lambda: _letter(work)),
        ("Excel export", lambda: _export(work)),
        ("Excel import", lambda: _reimport(work)),
    ]


def _database(work: Workbench) -> str:
    from .db.schema import current_revision, upgrade
    from .services.users import current_actor

    upgrade(work.db)
    with work.db.session() as s:
        actor = current_actor(s, "self-test")
    work.ctx = ServiceContext(
        actor=Actor(actor.login, Role.ADMIN, actor.user_id, "Self Test"),
        clock=work.clock,
        calendar=work.ctx.calendar,
    )
    return (
        f"a new embedded database, its schema made by the migrations ({current_revision(work.db)})"
    )


def _calendar() -> str:
    cal = BusinessCalendar()
    closed = [d for d in (date(2026, 11, 26), date(2026, 11, 27)) if not cal.is_business_day(d)]
    if len(closed) != 2:
        raise RuntimeError("Thanksgiving or the day after is counted as a working day")
    due = cal.add_business_hours(_WEDNESDAY, 4).astimezone(cal.timezone)
    if (due.month, due.day, due.hour, due.minute) != (11, 30, 11, 30):
        raise RuntimeError(f"4 business hours from Wed 11/25 4:30 PM came to {due:%m/%d %H:%M}")
    return (
        f"{cal.holiday_name(date(2026, 11, 26))} and the day after are closed; 4 business "
        "hours from Wed 11/25 4:30 PM end Mon 11/30 11:30 AM"
    )


def _fonts() -> str:
    from reportlab.pdfbase import pdfmetrics

    from .letters.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    for name in (FONT, FONT_BOLD):
        if pdfmetrics.stringWidth("Nguyễn", name, 10) <= 0:
            raise RuntimeError(f"the font {name} draws nothing")
    return "the letter fonts load and draw Vietnamese names"


def _intake(work: Workbench) -> str:
    from sqlalchemy import select

    from .db.models import Mco
    from .services import intake

    with work.db.read_session() as s:
        mco = s.scalars(select(Mco.id).order_by(Mco.id)).first()
    if mco is None:
        raise RuntimeError("the new database has no MCOs")
    data = intake.MemberIntake(
        source="CSR", member_name="Test Member", caller_name="Test Caller",
        caller_phone="515-555-0100", enrolled_in_mco=True, priority=Priority.HIGH,
        description="Self-test inquiry.", member_state_id="0000000A", mco_id=mco,
        mailing_address="1 Test Street\nDes Moines, IA 50309",
    )  # fmt: skip
    with work.db.session() as s:
        created = intake.create_member_inquiry(s, work.ctx, data)
        work.inquiry_id = created.inquiry.id
        reference = created.inquiry.reference
        clocks = len(created.inquiry.milestones)
    return f"{reference} taken in, {_count(clocks, 'clock')} running"


def _contact(work: Workbench) -> str:
    from .db.models import Inquiry
    from .services import actions

    if work.inquiry_id is None:
        raise RuntimeError("no inquiry to log a contact on (the intake failed)")
    work.clock.advance(timedelta(minutes=20))
    with work.db.session() as s:
        actions.log_contact(s, work.ctx, work.inquiry_id, None, party=Party.MEMBER,
                            channel=Channel.PHONE, outcome="reached")  # fmt: skip
    with work.db.read_session() as s:
        inquiry = s.get(Inquiry, work.inquiry_id)
        met = [m.label for m in inquiry.milestones if m.met_at is not None] if inquiry else []
    if not met:
        raise RuntimeError("the contact met no clock")
    return f"logged; “{met[0]}” met on time"


def _letter(work: Workbench) -> str:
    from .services import letters_store

    if work.inquiry_id is None:
        raise RuntimeError("no inquiry to write to (the intake failed)")
    with work.db.session() as s:
        result = letters_store.create_letter(
            s, work.ctx, work.inquiry_id, letters_store.ISSUE_OUTCOME,
            "Your pharmacy will fill the prescription.", "Test Member",
            "1 Test Street\nDes Moines, IA 50309", _WEDNESDAY.date(),
        )  # fmt: skip
    if not result.pdf.startswith(b"%PDF-") or len(result.pdf) < 2000:
        raise RuntimeError("the letter is not a PDF")
    (work.folder / result.filename).write_bytes(result.pdf)
    return f"a {len(result.pdf) // 1024} KB PDF"


def _export(work: Workbench) -> str:
    from .excel.exporter import export_workbook

    path = work.folder / "export.xlsx"
    with work.db.read_session() as s:
        result = export_workbook(s, work.ctx, path)
    work.exported, work.exported_count = path, result.inquiries
    entries = _count(result.contacts, "timeline entry", "timeline entries")
    inquiries = _count(result.inquiries, "inquiry", "inquiries")
    return f"{inquiries}, {_count(result.milestones, 'clock')} and {entries} written to a workbook"


def _reimport(work: Workbench) -> str:
    from .db.schema import upgrade
    from .excel.import_write import write_plan
    from .excel.importer import plan_import
    from .services.users import current_actor

    if work.exported is None:
        raise RuntimeError("nothing was exported to import")
    other = Database(f"sqlite:///{work.folder / 'import-test.sqlite3'}")
    try:
        upgrade(other)
        with other.session() as s:  # the importer is a person of the new database
            importer = ServiceContext(current_actor(s, "self-test"), work.clock, work.ctx.calendar)
        with other.read_session() as s:
            plan = plan_import(s, importer, work.exported)
        with other.session() as s:
            added = write_plan(s, importer, plan).added
    finally:
        other.dispose()
    if added != work.exported_count:
        raise RuntimeError(f"{added} of the {work.exported_count} exported inquiries came back")
    return f"the workbook read back into a new database: {_count(added, 'inquiry', 'inquiries')}"


# -- the real database, read only ---------------------------------------------------------


def database_checks(url: str, opened: list[Database]) -> list[Check]:
    """Checks of the database at ``url`` that write nothing; the signed-in database is kept
    in ``opened`` for the checks after it (and to be disposed)."""

    def sign_in() -> str:
        from .cli import open_database

        opened.append(open_database(url))
        return f"connected to {opened[0].describe()}"

    def need() -> Database:
        if not opened:
            raise RuntimeError("not signed in (see above)")
        return opened[0]

    return [
        ("Sign-in", sign_in),
        ("Schema", lambda: _schema(need())),
        ("Your role", lambda: _role(need())),
        ("Team calendar", lambda: _team_calendar(need())),
        ("History chain", lambda: _chain(need())),
    ]


def _schema(db: Database) -> str:
    from .db.schema import current_revision, needs_upgrade

    revision = current_revision(db)
    if revision is None:
        raise RuntimeError("it has no Liaison Desk data yet: run `liaison-desk db upgrade`")
    if needs_upgrade(db):
        raise RuntimeError(
            f"it is at {revision}, older than this app: run `liaison-desk db upgrade`"
        )
    return f"up to date ({revision})"


def _role(db: Database) -> str:
    import getpass

    from sqlalchemy import func, select

    from .db import server_roles
    from .services.users import known_actor, refuse_strangers

    with db.read_session() as s:
        if db.is_postgres:
            refuse_strangers(s)
            conn = s.connection()
            login = str(conn.execute(select(func.session_user())).scalar_one())
            if server_roles.is_owner(conn):
                return f"{login}, the database's owner"
            role = server_roles.server_role(conn)
            return f"{login}: {role.label if role else 'no role'}"
        login = getpass.getuser()
        actor = known_actor(s, login)
    if actor is None:
        return f"{login} has not used this database yet (added at first start)"
    return f"{actor.login}: {actor.role.label}"


def _team_calendar(db: Database) -> str:
    from .services.calendar_config import load_calendar

    with db.read_session() as s:
        cal = load_calendar(s)
    year = datetime.now(cal.timezone).year
    days = (date(year, 1, 1) + timedelta(days=n) for n in range(365))
    closed = sum(1 for d in days if d.weekday() < 5 and cal.holiday_name(d))
    if closed == 0:
        raise RuntimeError(f"no holiday is kept in {year}")
    return f"{cal.timezone.key}, {closed} weekday holidays in {year}"


def _chain(db: Database) -> str:
    from .services.record_chain import verify_chains

    with db.read_session() as s:
        report = verify_chains(s)
    if not report.ok:
        raise RuntimeError(report.text(ZoneInfo("America/Chicago")).splitlines()[0])
    return f"{report.entries:,} entries verify"
