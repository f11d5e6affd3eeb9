"""IT's presets: one machine-wide file IT fills once for every workstation (issue 16).

    Linux    /etc/liaison-desk/config.toml
    Windows  %ProgramData%\\Liaison Desk\\config.toml
    macOS    /Library/Application Support/Liaison Desk/config.toml
    (``LIAISON_DESK_CONFIG`` names another file: tests, or an unusual install)

::

    [database]
    host = "db.agency.local"
    port = 5432
    name = "liaison"
    sslmode = "verify-full"                     # disable, prefer, require, verify-ca, verify-full
    sslrootcert = "/etc/liaison-desk/agency-ca.pem"
    people_may_change = false                   # the sign-in dialog shows them, locked

    [mail]                                      # the watch service's e-mail
    smtp = "smtp://smtp.agency.local:587"
    sender = "liaison-desk@agency.example.gov"
    people_may_change = false                   # the admin's mail settings do not apply

    [lock]
    idle_minutes = 10
    people_may_change = false                   # the admin's idle time does not apply here

Each section is optional. Where ``people_may_change`` is true (the default), a person's own
setting — or the admin's, for the mail and the lock — wins when there is one, and IT's value
is the default. A file that cannot be read, or a value of the wrong kind, is reported (the
log, ``--self-test``) and that value is left out: it never stops the app.
"""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("liaison_desk.presets")

PATH_ENV = "LIAISON_DESK_CONFIG"
_SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def machine_config_path() -> Path:
    named = os.environ.get(PATH_ENV)
    if named:
        return Path(named)
    if sys.platform == "win32":
        return (
            Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Liaison Desk" / "config.toml"
        )
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Liaison Desk/config.toml")
    return Path("/etc/liaison-desk/config.toml")


@dataclass(frozen=True)
class DatabasePreset:
    host: str = ""
    port: int = 5432
    name: str = "liaison"
    sslmode: str = "prefer"
    sslrootcert: str = ""
    people_may_change: bool = True


@dataclass(frozen=True)
class MailPreset:
    smtp: str = ""
    sender: str = ""
    people_may_change: bool = True


@dataclass(frozen=True)
class LockPreset:
    idle_minutes: int = 15
    people_may_change: bool = True


@dataclass(frozen=True)
class Presets:
    path: Path
    found: bool = False  # the file exists
    database: DatabasePreset | None = None
    mail: MailPreset | None = None
    lock: LockPreset | None = None
    problems: tuple[str, ...] = field(default=())

    def database_address(self) -> str:
        """IT's team database as an address without a user or password ("" if none)."""
        from .db.signin import ServerProfile

        d = self.database
        if d is None or not d.host:
            return ""
        return ServerProfile(host=d.host, port=d.port, database=d.name, sslmode=d.sslmode,
                             sslrootcert=d.sslrootcert).url()  # fmt: skip

    def locked_database_fields(self) -> frozenset[str]:
        if self.database is None or self.database.people_may_change:
            return frozenset()
        return frozenset({"host", "port", "database", "sslmode", "sslrootcert"})

    def choose_database(self, own: str | None) -> str | None:
        """The address a person's own setting ``own`` gives way to, or keeps."""
        preset = self.database_address()
        if preset and self.locked_database_fields():
            return preset
        return own or preset or None

    def choose_mail(self, admins: tuple[str, str]) -> tuple[str, str]:
        """(smtp, sender) for the watch service: IT's when locked, else the admin's, else IT's."""
        m = self.mail
        if m is None:
            return admins
        if not m.people_may_change:
            return m.smtp, m.sender
        return admins[0] or m.smtp, admins[1] or m.sender

    def choose_lock_minutes(self, admins: int | None) -> int | None:
        lock = self.lock
        if lock is None:
            return admins
        if not lock.people_may_change or admins is None:
            return lock.idle_minutes
        return admins


def load_presets(path: Path | None = None) -> Presets:
    where = path or machine_config_path()
    try:
        raw = where.read_bytes()
    except FileNotFoundError:
        return Presets(where)
    except OSError as exc:
        return Presets(where, True, problems=(f"{where} cannot be read: {exc.strerror}.",))
    if len(raw) > 1_000_000:
        return Presets(where, True, problems=(f"{where} is far too large to be settings.",))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Presets(where, True, problems=(f"{where} is not a valid settings file: {exc}.",))
    problems: list[str] = []
    reader = _Reader(where, problems)
    known = {"database", "mail", "lock"}
    for name in sorted(set(data) - known):
        problems.append(f"{where}: “{name}” is not a section Liaison Desk knows; left out.")
    database = reader.database(data.get("database"))
    mail = reader.mail(data.get("mail"))
    lock = reader.lock(data.get("lock"))
    for problem in problems:
        log.warning("presets: %s", problem)
    return Presets(where, True, database, mail, lock, tuple(problems))


class _Reader:
    """Each value checked for its kind; a wrong one is named and left out."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems

    def _section(self, raw: Any, name: str, keys: set[str]) -> dict[str, Any] | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problems.append(f"{self.path}: [{name}] should be a section; left out.")
            return None
        for key in sorted(set(raw) - keys):
            self.problems.append(f"{self.path}: [{name}] {key} is not a setting; left out.")
        return raw

    def _get(self, section: dict[str, Any], name: str, key: str, kind: type, default: Any) -> Any:
        value = section.get(key, default)
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            self.problems.append(
                f"{self.path}: [{name}] {key} should be {_KIND_WORDS[kind]}; left out."
            )
            return default
        return value

    def database(self, raw: Any) -> DatabasePreset | None:
        keys = {"host", "port", "name", "sslmode", "sslrootcert", "people_may_change"}
        s = self._section(raw, "database", keys)
        if s is None:
            return None
        d = DatabasePreset()
        port = self._get(s, "database", "port", int, d.port)
        if not 1 <= port <= 65535:
            self.problems.append(f"{self.path}: [database] port {port} is not a port; left out.")
            port = d.port
        sslmode = self._get(s, "database", "sslmode", str, d.sslmode)
        if sslmode not in _SSL_MODES:
            self.problems.append(
                f"{self.path}: [database] sslmode “{sslmode}” is not one of "
                f"{', '.join(_SSL_MODES)}; left out."
            )
            sslmode = d.sslmode
        return DatabasePreset(
            host=self._get(s, "database", "host", str, d.host).strip(),
            port=port,
            name=self._get(s, "database", "name", str, d.name).strip() or d.name,
            sslmode=sslmode,
            sslrootcert=self._get(s, "database", "sslrootcert", str, d.sslrootcert).strip(),
            people_may_change=self._get(s, "database", "people_may_change", bool, True),
        )

    def mail(self, raw: Any) -> MailPreset | None:
        s = self._section(raw, "mail", {"smtp", "sender", "people_may_change"})
        if s is None:
            return None
        smtp = self._get(s, "mail", "smtp", str, "").strip()
        if smtp and urlsplit(smtp).password:
            # A password in a machine-wide file every account can read: refused.
            self.problems.append(
                f"{self.path}: [mail] smtp must not hold a password (the watch service's "
                "machine gives it, LIAISON_DESK_SMTP_PASSWORD); left out."
            )
            smtp = ""
        return MailPreset(
            smtp=smtp,
            sender=self._get(s, "mail", "sender", str, "").strip(),
            people_may_change=self._get(s, "mail", "people_may_change", bool, True),
        )

    def lock(self, raw: Any) -> LockPreset | None:
        s = self._section(raw, "lock", {"idle_minutes", "people_may_change"})
        if s is None:
            return None
        minutes = self._get(s, "lock", "idle_minutes", int, LockPreset.idle_minutes)
        if not 1 <= minutes <= 240:
            self.problems.append(
                f"{self.path}: [lock] idle_minutes is between 1 and 240; left out."
            )
            minutes = LockPreset.idle_minutes
        return LockPreset(minutes, self._get(s, "lock", "people_may_change", bool, True))


_KIND_WORDS = {str: "text in quotes", int: "a whole number", bool: "true or false"}
