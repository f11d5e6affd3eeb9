"""IT's machine-wide presets (issue 16): the file read, each value checked for its kind, and a
person's own setting (or the admin's) winning only where IT lets it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from liaison_desk.presets import load_presets, machine_config_path

FULL = """
[database]
host = "db.agency.local"
port = 6432
name = "liaison"
sslmode = "verify-full"
sslrootcert = "/etc/liaison-desk/agency-ca.pem"
people_may_change = false

[mail]
smtp = "smtp://relay.agency.local:587"
sender = "liaison-desk@agency.example.gov"
people_may_change = false

[lock]
idle_minutes = 10
people_may_change = false
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_where_it_lives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIAISON_DESK_CONFIG")
    monkeypatch.setattr(sys, "platform", "linux")
    assert machine_config_path() == Path("/etc/liaison-desk/config.toml")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "D:\\\\PD")
    assert machine_config_path() == Path("D:\\\\PD") / "Liaison Desk" / "config.toml"
    monkeypatch.setenv("LIAISON_DESK_CONFIG", "/srv/ld.toml")
    assert machine_config_path() == Path("/srv/ld.toml")


def test_none_at_all_changes_nothing(tmp_path: Path) -> None:
    presets = load_presets(tmp_path / "absent.toml")
    assert not presets.found and presets.problems == ()
    assert presets.choose_database("postgresql://me@mine/db") == "postgresql://me@mine/db"
    assert presets.choose_database(None) is None
    assert presets.choose_mail(("smtp://a", "x@y")) == ("smtp://a", "x@y")
    assert presets.choose_lock_minutes(30) == 30 and presets.choose_lock_minutes(None) is None


def test_what_it_locks_wins_over_a_persons_own_setting(tmp_path: Path) -> None:
    presets = load_presets(_file(tmp_path, FULL))
    assert presets.found and presets.problems == ()
    itsays = ("postgresql+psycopg://db.agency.local:6432/liaison?sslmode=verify-full"
              "&sslrootcert=%2Fetc%2Fliaison-desk%2Fagency-ca.pem")  # fmt: skip
    assert presets.database_address() == itsays
    assert presets.choose_database("postgresql://me@elsewhere/x") == itsays
    assert presets.locked_database_fields() >= {"host", "port", "sslmode", "sslrootcert"}
    assert presets.choose_mail(("smtp://admins.example:25", "admin@x")) == (
        "smtp://relay.agency.local:587", "liaison-desk@agency.example.gov")  # fmt: skip
    assert presets.choose_lock_minutes(60) == 10


def test_what_it_allows_is_only_a_default(tmp_path: Path) -> None:
    presets = load_presets(_file(tmp_path, FULL.replace("people_may_change = false",
                                                        "people_may_change = true")))  # fmt: skip
    assert presets.choose_database("postgresql://me@mine/db") == "postgresql://me@mine/db"
    assert presets.choose_database(None) == presets.database_address()
    assert presets.locked_database_fields() == frozenset()
    assert presets.choose_mail(("smtp://admins.example:25", "")) == (
        "smtp://admins.example:25", "liaison-desk@agency.example.gov")  # fmt: skip
    assert presets.choose_lock_minutes(60) == 60 and presets.choose_lock_minutes(None) == 10


def test_wrong_values_are_named_and_left_out(tmp_path: Path) -> None:
    text = """
[database]
host = "db"
port = "5432"
sslmode = "sometimes"
colour = "blue"
[mail]
smtp = "smtp://relay:secret@relay.agency.local"
[lock]
idle_minutes = 0
people_may_change = "no"
[printer]
name = "x"
"""
    presets = load_presets(_file(tmp_path, text))
    said = "\n".join(presets.problems)
    assert "[database] port should be a whole number" in said
    assert "sslmode “sometimes” is not one of" in said
    assert "[database] colour is not a setting" in said
    assert "[mail] smtp must not hold a password" in said
    assert "[lock] idle_minutes is between 1 and 240" in said
    assert "[lock] people_may_change should be true or false" in said
    assert "“printer” is not a section" in said
    assert presets.database is not None
    assert (presets.database.port, presets.database.sslmode) == (5432, "prefer")
    assert presets.mail is not None and presets.mail.smtp == ""  # the password stays out
    assert presets.lock is not None and presets.lock.idle_minutes == 15


def test_a_file_that_is_not_settings(tmp_path: Path) -> None:
    broken = load_presets(_file(tmp_path, "[database\nhost = "))
    assert broken.found and broken.database is None
    assert "is not a valid settings file" in broken.problems[0]
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "is not a valid settings file" in load_presets(binary).problems[0]
