"""``liaison-desk import FILE.xlsx [--dry-run] [--rejects OUT.xlsx]`` and
``liaison-desk export OUT.xlsx [--status open|resolved|all] [--redact]``.

Import prints one line per problem (``Member row 14, column "State ID": …``), then the
counts. Exit status: 0 when it wrote (even with rejected rows, which are listed and, with
``--rejects``, saved) or when a dry run checked the file; 1 when the file was refused as a
whole or no row could be imported (nothing written); 2 for usage errors (argparse).
"""

from __future__ import annotations

import getpass
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from ..clock import Clock, SystemClock
from ..db.engine import Database
from ..db.models import User
from ..db.schema import current_revision
from ..errors import InputRefused
from ..excel.exporter import export_workbook
from ..excel.importer import NOTE, ImportPlan, plan_import, write_plan
from ..excel.reader import open_workbook
from ..excel.rejects import write_rejects
from ..services.calendar_config import load_calendar
from ..services.context import SYSTEM_ACTOR, Actor, ServiceContext
from ..services.users import actor_for

EXIT_OK = 0
EXIT_REFUSED = 1
# The same (sheet, column, message) note is printed this many times, then counted.
_NOTE_REPEAT = 3


def _context(db: Database, clock: Clock | None) -> ServiceContext:
    if db.is_postgres:
        from ..db.server_roles import is_owner
        from ..services.users import workstation_actor

        with db.session() as session:
            if not is_owner(session.connection()):
                # A team member's own login: the role the server gives it.
                member = workstation_actor(session, "")
                return ServiceContext(
                    actor=member, clock=clock or SystemClock(), calendar=load_calendar(session)
                )
    with db.read_session() as session:
        calendar = load_calendar(session)
        actor: Actor = SYSTEM_ACTOR
        try:
            login = getpass.getuser()
        except Exception:  # no login name on this system (a service account)
            login = ""
        user = session.scalars(select(User).where(User.login == login)).first()
        if user is not None:
            actor = actor_for(user)
    return ServiceContext(actor=actor, clock=clock or SystemClock(), calendar=calendar)


def _require_schema(db: Database) -> None:
    if current_revision(db) is None:
        raise InputRefused(
            f"{db.describe()} has no Liaison Desk data yet; run `liaison-desk db upgrade` first."
        )


def print_problems(plan: ImportPlan, out: Callable[[str], None]) -> None:
    repeats: Counter[tuple[str, str | None, str]] = Counter()
    for p in plan.problems:
        if p.severity == NOTE:
            key = (p.sheet, p.column, p.message)
            repeats[key] += 1
            if repeats[key] > _NOTE_REPEAT:
                continue
        out(p.line())
    for (sheet, column, message), n in repeats.items():
        if n > _NOTE_REPEAT:
            col = f', column "{column}"' if column else ""
            out(f"{sheet}{col}: {message} — and {n - _NOTE_REPEAT} more rows like this")


def run_import(
    db: Database,
    file: str,
    *,
    dry_run: bool = False,
    rejects: str | None = None,
    clock: Clock | None = None,
) -> int:
    _require_schema(db)
    ctx = _context(db, clock)
    with open_workbook(file) as book, db.read_session() as session:
        # Planned without the write lock, so other workstations keep saving meanwhile;
        # write_plan checks again, inside its transaction, what was imported since.
        plan = plan_import(session, ctx, book)
    result = None
    if not dry_run and plan.to_add:
        with db.session() as session:
            result = write_plan(session, ctx, plan)

    print_problems(plan, print)
    if rejects:
        path = write_rejects(rejects, plan.rejected)
        print(f"Rejected rows saved to {path} (fix them there and import that file).")
    if dry_run:
        print(plan.summary())
        print("Dry run: nothing was written.")
        return EXIT_OK
    if result is not None:
        print(result.summary())
        return EXIT_OK
    print(plan.summary().replace("to add", "added"))
    if plan.rejected and not plan.already:
        print(
            f"Nothing was imported from {Path(file).name}: every row was rejected.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return EXIT_OK


def run_export(
    db: Database,
    file: str,
    *,
    status: str = "all",
    redact: bool = False,
    clock: Clock | None = None,
) -> int:
    _require_schema(db)
    ctx = _context(db, clock)
    with db.read_session() as session:
        result = export_workbook(session, ctx, file, status=status, redact=redact)
    print(result.summary())
    return EXIT_OK
