"""Signing in to the team's PostgreSQL database (issue 16): where it is, who is signing in,
how the connection is protected, and each way it can fail said in one sentence.

A :class:`ServerProfile` is everything but the password; it is what the settings store, the
address the app shows and logs (``postgresql://user@host:5432/db?sslmode=…``). The password
goes to the driver beside the address (:class:`~liaison_desk.db.engine.Database`), is kept
in memory while the app runs, and is stored only in the operating system's keyring, and only
when the person asks (:mod:`liaison_desk.db.passwords`). Kerberos (GSSAPI) and peer sign-in
need no password: libpq uses them when the server asks for them, so the first attempt is
always made without asking.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..errors import BadDatabaseUrl, DomainError
from .engine import Database, _first_line

DEFAULT_PORT = 5432
DEFAULT_DATABASE = "liaison"

# libpq's TLS modes, in the words of the sign-in dialog (the first is the default).
SSL_MODES: dict[str, str] = {
    "prefer": "Encrypt when the server offers it",
    "require": "Always encrypt",
    "verify-ca": "Always encrypt, and check the server's certificate",
    "verify-full": "Always encrypt, check the certificate and the server's name",
    "disable": "Never encrypt (only on a trusted network)",
}


class Failure(Enum):
    """Why signing in did not work: the dialog words it and decides what to keep."""

    NEEDS_PASSWORD = "needs_password"
    PASSWORD = "password"  # wrong password, or a login the server does not know
    LOGIN = "login"  # the login does not exist (servers that say so)
    DATABASE = "database"
    NOT_ALLOWED = "not_allowed"  # pg_hba.conf has no line for this login from here
    KERBEROS = "kerberos"
    TLS = "tls"
    SERVER = "server"  # nothing answers, unknown host, timeout
    ADDRESS = "address"  # the profile itself is not usable
    MEMBER = "member"  # signed in, but not a person of this Liaison Desk database
    OTHER = "other"


class SignInFailed(DomainError):
    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure


@dataclass(frozen=True)
class ServerProfile:
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = ""
    sslmode: str = "prefer"
    sslrootcert: str = ""  # the CA file that signs the server's certificate
    # Other libpq settings IT wrote in the address (target_session_attrs, options…): kept.
    extra: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_url(cls, raw: str) -> tuple[ServerProfile, str | None]:
        """The profile of a PostgreSQL address, and the password written in it (to use once,
        never to keep)."""
        try:
            url = make_url(raw.strip())
        except ArgumentError:
            raise BadDatabaseUrl(f"“{raw}” is not a database address.") from None
        if url.get_backend_name() not in ("postgresql", "postgres"):
            raise BadDatabaseUrl(f"“{url.render_as_string()}” is not a PostgreSQL address.")
        query = {k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()}
        profile = cls(
            # A socket folder (peer sign-in on the server's own machine) travels as ?host=.
            host=url.host or query.get("host", ""),
            port=url.port or DEFAULT_PORT,
            database=url.database or DEFAULT_DATABASE,
            user=url.username or "",
            sslmode=query.get("sslmode", "prefer"),
            sslrootcert=query.get("sslrootcert", ""),
            extra=tuple(
                sorted(
                    (k, v) for k, v in query.items() if k not in ("sslmode", "sslrootcert", "host")
                )
            ),
        )
        return profile, (str(url.password) if url.password else None)

    def url(self) -> str:
        """The address without a password: what is stored and shown."""
        query: dict[str, str] = dict(self.extra)
        if self.sslmode and self.sslmode != "prefer":
            query["sslmode"] = self.sslmode
        if self.sslrootcert:
            query["sslrootcert"] = self.sslrootcert
        host = self.host or None
        if host is not None and host.startswith("/"):  # a socket folder, not a server's name
            query["host"] = host
            host = None
        url = URL.create(
            "postgresql+psycopg",
            username=self.user or None,
            host=host,
            port=self.port or None,
            database=self.database or None,
            query=query,
        )
        return url.render_as_string(hide_password=True)

    def shown(self) -> str:
        """ "maria@db.agency.local:5432/liaison" — the status bar's and the log's words."""
        who = f"{self.user}@" if self.user else ""
        return f"{who}{self.host or 'this computer'}:{self.port}/{self.database}"

    def as_user(self, user: str) -> ServerProfile:
        return replace(self, user=user.strip())

    def problems(self) -> dict[str, str]:
        """What must be filled in or corrected before trying, by field."""
        found: dict[str, str] = {}
        if not self.database.strip():
            found["database"] = "Type the database's name."
        if not 1 <= self.port <= 65535:
            found["port"] = "A port is a number from 1 to 65535."
        if self.sslmode not in SSL_MODES:
            found["sslmode"] = "Choose how the connection is protected."
        if self.sslmode in ("verify-ca", "verify-full"):
            if not self.sslrootcert:
                found["sslrootcert"] = "Checking the certificate needs the CA file IT gave you."
            elif not Path(self.sslrootcert).expanduser().is_file():
                found["sslrootcert"] = f"There is no file “{self.sslrootcert}”."
        return found


def sign_in(profile: ServerProfile, password: str | None = None) -> Database:
    """A database connected as ``profile.user`` (checked with one round trip), or
    :class:`SignInFailed` saying why not. Nothing is stored."""
    problems = profile.problems()
    if problems:
        raise SignInFailed(Failure.ADDRESS, next(iter(problems.values())))
    return open_checked(profile.url(), password)


def open_checked(raw_url: str, password: str | None = None) -> Database:
    """:func:`sign_in` for an address as given (the command line's ``--db``); a password
    written in it is used and dropped from the address."""
    db = Database(raw_url, password=password or None)
    if not db.is_postgres:
        return db
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        db.dispose()
        profile, written = ServerProfile.from_url(raw_url)
        raise classify(exc, profile, asked_password=bool(password or written)) from None
    return db


def classify(exc: BaseException, profile: ServerProfile, *, asked_password: bool) -> SignInFailed:
    """The driver's refusal as one sentence for the person (and the kind, for the dialog)."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    said = str(orig).lower()
    where = f"{profile.host or 'this computer'}:{profile.port}"
    who = profile.user or "your login"
    if "no password supplied" in said or ("password" in said and "not asked" in said):
        return SignInFailed(Failure.NEEDS_PASSWORD, "The server asks for your password.")
    if state == "28P01" or "password authentication failed" in said:
        if not asked_password:
            return SignInFailed(Failure.NEEDS_PASSWORD, "The server asks for your password.")
        return SignInFailed(
            Failure.PASSWORD,
            f"The server did not accept the user name “{who}” with that password.",
        )
    if "gssapi" in said or "kerberos" in said or "sspi" in said:
        return SignInFailed(
            Failure.KERBEROS,
            "The server wants a Kerberos (network) sign-in that this computer could not make: "
            "sign in to the agency network, or type your password if IT gave you one.",
        )
    if "pg_hba.conf" in said:
        return SignInFailed(
            Failure.NOT_ALLOWED,
            f"The server does not let “{who}” connect from this computer; ask IT to allow it.",
        )
    if 'role "' in said and "does not exist" in said:
        return SignInFailed(Failure.LOGIN, f"The server has no login “{who}”.")
    if state == "3D000" or ('database "' in said and "does not exist" in said):
        return SignInFailed(
            Failure.DATABASE, f"The server at {where} has no database “{profile.database}”."
        )
    if "root certificate file" in said or "could not read root certificate" in said:
        return SignInFailed(Failure.TLS, f"The CA file “{profile.sslrootcert}” cannot be read.")
    if "does not support ssl" in said or "server does not support" in said:
        return SignInFailed(
            Failure.TLS,
            "The server does not offer an encrypted connection, and this one must be "
            "encrypted; ask IT.",
        )
    if "certificate" in said or "ssl" in said or "tls" in said:
        if "does not match host name" in said or "server name" in said:
            detail = f"the server's certificate is not for the name “{profile.host}”"
        else:
            detail = "the server's certificate could not be checked with the CA file given"
        return SignInFailed(Failure.TLS, f"The secure connection failed: {detail}.")
    if any(m in said for m in ("could not translate host", "failed to resolve host",
                                "name or service not known")):  # fmt: skip
        return SignInFailed(
            Failure.SERVER,
            f"No server is called “{profile.host}”: check its name, and the network or VPN.",
        )
    if "timeout" in said or "timed out" in said:
        return SignInFailed(
            Failure.SERVER,
            f"The server at {where} did not answer within 5 seconds: check the network or VPN.",
        )
    if "refused" in said or "could not connect" in said or "no route" in said:
        return SignInFailed(
            Failure.SERVER,
            f"Nothing answers at {where}: the server is down, or the name or port is wrong.",
        )
    return SignInFailed(Failure.OTHER, f"The server refused the sign-in: {_first_line(orig)}")
