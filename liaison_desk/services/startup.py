"""Opening a workstation on a database: the schema brought up to date, demo data in an empty
database when asked, who is working, and the business calendar in force. The desktop app
calls :func:`open_workstation` once before its window opens."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..calendar import BusinessCalendar
from ..db.engine import Database
from .context import Actor

log = logging.getLogger("liaison_desk.startup")


def open_workstation(
    db: Database, login: str, *, demo: bool = False
) -> tuple[Actor, BusinessCalendar]:
    if db.is_postgres:
        from .users import refuse_strangers

        with db.read_session() as s:
            refuse_strangers(s)
    upgrade_if_needed(db)
    if demo:
        fill_demo_if_empty(db, login)
    return workstation_login_actor(db, login), business_calendar(db)


def upgrade_if_needed(db: Database) -> None:
    """Bring the schema to the newest migration (only when it is not already there)."""
    from ..db.engine import translate_errors

    with translate_errors():
        if _schema_is_current(db):
            return
        from ..db.schema import needs_upgrade, upgrade

        if needs_upgrade(db):
            log.info("upgrading the database schema")
            upgrade(db)


_REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]+)?=\s*(.+)$""", re.MULTILINE)


def _schema_is_current(db: Database) -> bool:
    """Whether the database is at the newest migration, without importing Alembic (a fifth
    of the start-up time). Anything unusual — a missing table, a branch, no migration files
    (a frozen build) — answers False and the full Alembic check runs."""
    import liaison_desk

    folder = Path(liaison_desk.__file__).resolve().parent / "migrations" / "versions"
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            return False
        revisions.add(rev.group(1))
        downs.update(re.findall(r"""["']([^"']+)["']""", down.group(1)))
    heads = revisions - downs
    if len(heads) != 1:
        return False
    try:
        with db.engine.connect() as conn:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars()
            found = list(current)
    except Exception:  # no table yet, or no connection: the full check says which
        return False
    return found == [heads.pop()]


def fill_demo_if_empty(db: Database, login: str) -> None:
    from ..clock import SystemClock
    from ..demo import has_inquiries

    with db.read_session() as s:
        if has_inquiries(s):
            return
    from ..demo import fill_demo

    log.info("filling an empty database with demo data")
    fill_demo(db, count=400, seed=2026, clock=SystemClock(), assign_to=login)


def workstation_login_actor(db: Database, login: str) -> Actor:
    """Who is working: on PostgreSQL the server's login and role; on SQLite the workstation
    user, registered on first use."""
    from .users import current_actor, known_actor

    if db.is_postgres:
        # The database login and the role the server gives it (services.users).
        from .users import workstation_actor

        with db.session() as s:
            return workstation_actor(s, login)
    with db.read_session() as s:  # the usual case writes nothing (and takes no write lock)
        known = known_actor(s, login)
        if known is not None:
            return known
    with db.session() as s:
        return current_actor(s, login)


def business_calendar(db: Database) -> BusinessCalendar:
    from .calendar_config import load_calendar

    with db.read_session() as s:
        return load_calendar(s)
