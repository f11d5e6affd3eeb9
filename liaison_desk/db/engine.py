"""Engines for the embedded SQLite default and a shared PostgreSQL, with one code path."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..errors import (
    BadDatabaseUrl,
    ConflictError,
    DatabaseUnavailable,
    DomainError,
    PermissionDenied,
)
from ..paths import default_sqlite_path, private_file
from ..text_fold import sql_fold
from . import chain, files

log = logging.getLogger(__name__)

ENV_VAR = "LIAISON_DESK_DATABASE_URL"
# PostgreSQL's "permission denied" (a grant or a row-level policy said no).
_INSUFFICIENT_PRIVILEGE = "42501"


def resolve_url(explicit: str | None = None, settings_url: str | None = None) -> str:
    """``--db`` wins, then the environment variable, then the settings dialog, then SQLite."""
    for candidate in (explicit, os.environ.get(ENV_VAR), settings_url):
        if candidate:
            return candidate
    return f"sqlite:///{default_sqlite_path()}"


def normalize_url(raw: str) -> URL:
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise BadDatabaseUrl(
            f"“{raw}” is not a database address. Use sqlite:///path/to/file.sqlite3 or "
            "postgresql://user@host:5432/dbname."
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        # psycopg 3 is the driver we ship; people write the plain scheme.
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if url.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise BadDatabaseUrl(f"Unsupported SQLite driver in “{raw}”; use sqlite:///FILE.")
        return url
    raise BadDatabaseUrl(
        f"“{raw}” names a {backend} database; Liaison Desk works with SQLite or PostgreSQL."
    )


def make_engine(
    raw_url: str,
    watch: files.WalWatch | None = None,
    *,
    password: str | None = None,
    **kwargs: Any,
) -> Engine:
    """An engine for the address; a PostgreSQL password travels beside it (``password``, or
    the one written in the address), never in the engine's URL that the app shows or logs."""
    url = normalize_url(raw_url)
    # An error's text carries its statement's values (names, state IDs, phones) into the log
    # and onto the screen unless they are hidden.
    kwargs.setdefault("hide_parameters", True)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, watch, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    # A workstation keeps one connection open (its listener has another); work that runs
    # beside it opens a second for the while and closes it: 50 clients cost the server
    # 100 connections, not 300 (benchmarks/unit_server.py).
    kwargs.setdefault("pool_size", 1)
    kwargs.setdefault("max_overflow", 8)
    args = {
        "connect_timeout": 5,
        "application_name": "liaison-desk",
        **kwargs.pop("connect_args", {}),
    }
    secret = password or url.password
    if secret:
        args["password"] = str(secret)
    return create_engine(url._replace(password=None), connect_args=args, **kwargs)


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite address (None for an in-memory database)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None  # URI filenames: SQLite resolves them; nothing of ours opens them
    return Path(url.database).expanduser().absolute()


def _sqlite_engine(url: URL, watch: files.WalWatch | None, **kwargs: Any) -> Engine:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so we can BEGIN IMMEDIATE: a deferred
        # transaction that reads and then writes can deadlock against another writer, and
        # busy_timeout cannot resolve that. Readers are not blocked under WAL.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Statement journals and sorts in memory: faster for writes that fire triggers (every
        # inquiry and history entry), and no temporary file holds anyone's details.
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()
        if path is not None:
            # Before the WAL exists: SQLite gives the WAL and its index the file's own mode.
            private_file(path)
        # The search's folding of names ("María" → "maria"), as PostgreSQL's ld_fold.
        dbapi_connection.create_function("ld_fold", 1, sql_fold, deterministic=True)
        # The history's chain (db/chain.py), as PostgreSQL's sha256 in its trigger.
        dbapi_connection.create_function("ld_chain_digest", 2, chain.digest, deterministic=True)
        if watch is not None:
            watch.opened()

    if watch is not None:

        @event.listens_for(engine, "close")
        def _on_close(_dbapi_connection: Any, _record: Any) -> None:
            watch.closed()

        @event.listens_for(engine, "close_detached")
        def _on_close_detached(_dbapi_connection: Any) -> None:
            watch.closed()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def libpq_conninfo(url: URL, password: str | None, application_name: str) -> str:
    from psycopg.conninfo import make_conninfo

    base = (
        url._replace(password=None)
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    extra: dict[str, Any] = {"connect_timeout": 5, "application_name": application_name}
    if password:
        extra["password"] = password
    return make_conninfo(base, **extra)


def describe(engine: Engine) -> str:
    """How the status bar names the database."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    host = url.host or "local socket"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL {url.database} on {host}{port}"


class Database:
    """An engine and its session factory; the one object the CLI and client pass around."""

    def __init__(self, raw_url: str, *, password: str | None = None, **engine_kwargs: Any) -> None:
        given = normalize_url(raw_url)
        self.file = sqlite_file(given)
        self._watch = files.WalWatch(self.file) if self.file is not None else None
        # Kept in memory for the connections the engine does not make (the change listener,
        # the unlock check); never in self.url.
        self._password = password or (str(given.password) if given.password else None)
        self.engine = make_engine(raw_url, self._watch, password=self._password, **engine_kwargs)
        self.url = self.engine.url
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._reopen_listeners: list[Callable[[str], None]] = []
        if self.file is not None:
            files.protect(self.file)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    def describe(self) -> str:
        return describe(self.engine)

    def conninfo(self, application_name: str = "liaison-desk", password: str | None = None) -> str:
        """The libpq address of this PostgreSQL database for a connection of psycopg's own,
        with the TLS settings and the password (``password`` instead of the signed-in one)."""
        return libpq_conninfo(self.url, password or self._password, application_name)

    def on_reopened(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """``listener(message)`` is called (on any thread) when the database had to be
        reopened because another program changed its files; returns how to stop."""
        self._reopen_listeners.append(listener)

        def stop() -> None:
            if listener in self._reopen_listeners:
                self._reopen_listeners.remove(listener)

        return stop

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        self._check_files()
        with (
            translate_errors(),
            self._reopen_on_io_error(),
            self.sessions() as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only; on SQLite it takes no write lock."""
        self._check_files()
        with translate_errors(), self._reopen_on_io_error(), self.sessions() as session:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "DEFERRED"})
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.file is not None and self._watch is not None:
            self._watch.forget()
            files.release(self.file)
            self._watch = None

    # -- the second line of defence of db/files.py -------------------------------------

    def _check_files(self) -> None:
        """Before any work: if another program replaced the WAL under our connections,
        close them all (their commits were checkpointed into the file by that program
        before it removed the WAL) and start on fresh ones instead of writing into a
        deleted file."""
        if self._watch is not None and self._watch.replaced():
            self._reopen(
                "Another program changed the database files while Liaison Desk had them "
                "open. Liaison Desk reopened the database; nothing saved was lost."
            )

    @contextmanager
    def _reopen_on_io_error(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if not self.is_sqlite or not _is_file_problem(exc):
                raise
            message = (
                "The database file could not be read or written (it may have been changed "
                "by another program). Liaison Desk reopened it; what you typed is kept — "
                "save again."
            )
            self._reopen(message)
            raise DatabaseUnavailable(message) from exc

    def _reopen(self, message: str) -> None:
        log.warning("reopening the SQLite database: %s", message)
        self.engine.dispose()
        if self._watch is not None:
            self._watch.forget()
        for listener in list(self._reopen_listeners):
            try:
                listener(message)
            except Exception:  # a closed window must not stop the others hearing it
                log.exception("a listener of the database reopening failed")


@contextmanager
def translate_errors() -> Iterator[None]:
    """Database driver errors become domain errors the person can read."""
    try:
        yield
    except DomainError:
        raise
    except StaleDataError as exc:
        raise ConflictError("This record", expected_version=0, current_version=0) from exc
    except DataError as exc:
        raise DomainError(
            "The database refused a value that cannot be stored "
            f"({_first_line(exc.orig)}). Nothing was saved; check what was typed."
        ) from exc
    except IntegrityError as exc:
        raise DomainError(
            "The database refused the change because it conflicts with data already stored "
            f"({_first_line(exc.orig)})."
        ) from exc
    except OperationalError as exc:
        if _is_connection_problem(exc):
            raise DatabaseUnavailable(
                f"The database cannot be reached right now ({_first_line(exc.orig)})."
            ) from exc
        raise DomainError(f"The database reported a problem: {_first_line(exc.orig)}") from exc
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            raise PermissionDenied(
                "The database does not let your login do this "
                f"({_first_line(exc.orig)}). Ask an admin if your role should allow it."
            ) from exc
        if exc.connection_invalidated:
            raise DatabaseUnavailable(
                "The connection to the database was lost. Your work is kept; try again."
            ) from exc
        raise


def _first_line(obj: object) -> str:
    text = str(obj).strip()
    return text.splitlines()[0] if text else type(obj).__name__


def _is_file_problem(exc: DBAPIError) -> bool:
    """SQLite's SQLITE_IOERR and SQLITE_CORRUPT, which a replaced WAL produces."""
    text = str(exc.orig).lower()
    return "disk i/o error" in text or "malformed" in text


def _is_connection_problem(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    markers = (
        "connection",
        "could not connect",
        "server closed",
        "timeout",
        "unable to open database",
        "terminating",
        "no route",
        "refused",
    )
    return exc.connection_invalidated or any(m in text for m in markers)
