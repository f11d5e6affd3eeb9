"""Creating and migrating the schema: Alembic is the only way tables are made."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from .engine import Database

log = logging.getLogger("liaison_desk.db.schema")

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database) -> list[str]:
    """Bring the schema to the newest revision, make sure reference data is there and, on
    PostgreSQL, put the server's roles and grants in place. Returns notes for the person
    (what could not be done with this login)."""
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    from ..services.calendar_defaults import apply_shipped_holidays
    from ..services.reference_data import ensure_reference_data

    with db.session() as session:
        ensure_reference_data(session)
        notes = apply_shipped_holidays(session)
    if not db.is_postgres:
        return notes
    return notes + apply_server_roles(db)


def apply_server_roles(db: Database) -> list[str]:
    from sqlalchemy.exc import DBAPIError

    from . import server_roles

    try:
        with db.engine.begin() as conn:
            applied = server_roles.apply(conn)
    except DBAPIError as exc:
        # Not the tables' owner (a colleague's login ran the upgrade): the schema is fine,
        # only the grants wait for the owner.
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "refused"
        log.warning("server roles not applied: %s", first)
        return [
            f"The server's grants were not brought up to date ({first}); run "
            "`liaison-desk db upgrade` with the login that owns the tables."
        ]
    for name in applied.created:
        log.info("created group role %s", name)
    return applied.notes
