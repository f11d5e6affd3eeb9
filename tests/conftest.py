"""Shared fixtures: fresh databases on SQLite and (when configured) PostgreSQL, a moved clock.

PostgreSQL tests run whenever LIAISON_DESK_TEST_DATABASE_URL is set, against a database
this run creates (and drops afterwards); an unreachable server fails them loudly.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Base, User
from liaison_desk.db.schema import upgrade
from liaison_desk.domain import Role
from liaison_desk.services.context import Actor, ServiceContext

CHICAGO = ZoneInfo("America/Chicago")
PG_ENV = "LIAISON_DESK_TEST_DATABASE_URL"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never touch the person's real data folder from a test.
    monkeypatch.setenv("LIAISON_DESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("LIAISON_DESK_DATABASE_URL", raising=False)
    # Nor the machine's own IT presets: a test that wants some writes its own file.
    monkeypatch.setenv("LIAISON_DESK_CONFIG", str(tmp_path_factory.mktemp("it") / "config.toml"))


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    raw = os.environ.get(PG_ENV)
    if not raw:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests need a server")
    base = make_url(raw).set(drivername="postgresql+psycopg")
    name = f"ld_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # fail loudly: CI asked for PostgreSQL and did not get it
        pytest.fail(
            f"PostgreSQL at {base.render_as_string(hide_password=True)} is unreachable: {exc}"
        )
    url = base.set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db)
    db.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            # Its group roles and logins role are the server's: they go with it.
            from liaison_desk.db.server_roles import prefix_for

            prefix = prefix_for(name)
            for role in conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{prefix}_%"}
            ).scalars():
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def _wipe_postgres(db: Database) -> None:
    from liaison_desk.services.calendar_defaults import apply_shipped_holidays
    from liaison_desk.services.reference_data import ensure_reference_data

    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    with db.session() as session:
        ensure_reference_data(session)
        apply_shipped_holidays(session)


def _history_still_verifies(db: Database, request: pytest.FixtureRequest) -> None:
    """Whatever a test did through the app, the history's chain still verifies (issue 15):
    no code path may write history the chain does not cover. Tests that break it on purpose
    say so with the ``tampers`` mark."""
    if request.node.get_closest_marker("tampers"):
        return
    from sqlalchemy.exc import SQLAlchemyError

    from liaison_desk.errors import DomainError
    from liaison_desk.services.record_chain import verify_chains

    try:
        with db.read_session() as session:
            report = verify_chains(session)
    except (SQLAlchemyError, DomainError, OSError):
        return  # the test took the database away (a deleted file, a dropped server)
    assert report.ok, report.text(CHICAGO)


@pytest.fixture
def sqlite_db(
    _sqlite_template: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Database]:
    path = tmp_path / "test.sqlite3"
    shutil.copy(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    _history_still_verifies(db, request)
    db.dispose()


@pytest.fixture
def pg_db(pg_server_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    db = Database(pg_server_url)
    _wipe_postgres(db)
    yield db
    _history_still_verifies(db, request)
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on the embedded SQLite default and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_db")  # type: ignore[no-any-return]
    return request.getfixturevalue("pg_db")  # type: ignore[no-any-return]


@pytest.fixture
def clock() -> ManualClock:
    """Monday 23 November 2026, 9:00 AM in Des Moines."""
    return ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))


@pytest.fixture
def calendar() -> BusinessCalendar:
    return BusinessCalendar()


@pytest.fixture
def now_ctx(pg_db: Database, calendar: BusinessCalendar) -> ServiceContext:
    """For a PostgreSQL login: the server checks times against its own clock, so work at the
    real now."""
    return ServiceContext(clock=ManualClock(datetime.now(UTC)), calendar=calendar)


def make_user(db: Database, login: str, role: Role, name: str | None = None) -> Actor:
    with db.session() as s:
        user = User(login=login, display_name=name or login.title(), role=str(role))
        s.add(user)
        s.flush()
        return Actor(login=login, role=role, user_id=user.id, display_name=user.display_name)


@pytest.fixture
def liaison(db: Database) -> Actor:
    return make_user(db, "lliaison", Role.LIAISON, "Lee Liaison")


@pytest.fixture
def ctx(liaison: Actor, clock: ManualClock, calendar: BusinessCalendar) -> ServiceContext:
    return ServiceContext(actor=liaison, clock=clock, calendar=calendar)
