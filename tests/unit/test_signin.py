"""Signing in to a team database (issue 16): the address never carries the password, and
each refusal a server can give — asked for a password, a wrong one, no such login or
database, not allowed from here, Kerberos, TLS, nothing answering — is one sentence, tested
against a stand-in server that refuses the way PostgreSQL does."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import keyring
import pytest
from jaraco.classes.properties import classproperty
from keyring.backend import KeyringBackend

from liaison_desk import sealing
from liaison_desk.db import passwords
from liaison_desk.db.engine import Database
from liaison_desk.db.signin import Failure, ServerProfile, SignInFailed, open_checked, sign_in
from tests.fake_postgres import fake_postgres


def _refused(profile: ServerProfile, password: str | None = None) -> SignInFailed:
    with pytest.raises(SignInFailed) as caught:
        sign_in(profile, password)
    return caught.value


def test_the_address_keeps_everything_but_the_password() -> None:
    raw = ("postgresql://maria:s3cret@db.agency.local:6432/liaison?sslmode=verify-full"
           "&sslrootcert=/etc/liaison-desk/ca.pem&target_session_attrs=read-write")  # fmt: skip
    profile, password = ServerProfile.from_url(raw)
    assert password == "s3cret"
    assert (profile.host, profile.port, profile.database, profile.user) == (
        "db.agency.local", 6432, "liaison", "maria")  # fmt: skip
    assert (profile.sslmode, profile.sslrootcert) == ("verify-full", "/etc/liaison-desk/ca.pem")
    stored = profile.url()
    assert "s3cret" not in stored and "target_session_attrs=read-write" in stored
    assert ServerProfile.from_url(stored) == (profile, None)
    assert profile.shown() == "maria@db.agency.local:6432/liaison"
    # A password written in an address reaches the driver, not the engine's address.
    db = Database(raw)
    try:
        assert db.url.password is None and "s3cret" not in db.url.render_as_string(False)
        assert "password=s3cret" in db.conninfo()
    finally:
        db.dispose()


def test_what_must_be_filled_in_before_trying(tmp_path: Path) -> None:
    profile = ServerProfile(host="db", user="maria", sslmode="verify-full")
    assert "CA file" in profile.problems()["sslrootcert"]
    missing = ServerProfile(host="db", user="m", sslmode="verify-ca", sslrootcert="/no/ca.pem")
    assert "There is no file" in missing.problems()["sslrootcert"]
    assert ServerProfile(port=70000).problems()["port"].startswith("A port is")
    assert _refused(profile).failure is Failure.ADDRESS


def test_a_password_is_asked_for_and_a_wrong_one_refused(caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    with fake_postgres("password") as (port, heard):
        profile = ServerProfile(host="127.0.0.1", port=port, user="maria")
        first = _refused(profile)
        assert first.failure is Failure.NEEDS_PASSWORD
        assert str(first) == "The server asks for your password."
        wrong = _refused(profile, "not-it-42")
        assert wrong.failure is Failure.PASSWORD
        assert str(wrong) == "The server did not accept the user name “maria” with that password."
        # The password went to the server (beside the address), and nowhere else.
        assert heard.passwords == ["not-it-42"]
        assert heard.startups[-1]["user"] == "maria"
        assert heard.startups[-1]["database"] == "liaison"
        # A password written in the command line's address counts as given.
        with pytest.raises(SignInFailed) as caught:
            open_checked(f"postgresql://maria:in-the-url@127.0.0.1:{port}/liaison")
        assert caught.value.failure is Failure.PASSWORD and heard.passwords[-1] == "in-the-url"
    assert "not-it-42" not in caplog.text and "in-the-url" not in caplog.text


@pytest.mark.parametrize(
    ("refusal", "failure", "words"),
    [
        ("kerberos", Failure.KERBEROS, "wants a Kerberos (network) sign-in"),
        ("no_database", Failure.DATABASE, "has no database “liaison”"),
        ("no_role", Failure.LOGIN, "The server has no login “maria”."),
        ("hba", Failure.NOT_ALLOWED, "does not let “maria” connect from this computer"),
    ],
)
def test_each_refusal_in_one_sentence(refusal: str, failure: Failure, words: str) -> None:
    with fake_postgres(refusal) as (port, _heard):
        got = _refused(ServerProfile(host="127.0.0.1", port=port, user="maria"))
    assert got.failure is failure and words in str(got)
    assert "\n" not in str(got) and "FATAL" not in str(got)


def test_a_connection_that_must_be_encrypted_and_cannot_be() -> None:
    with fake_postgres("password") as (port, heard):
        got = _refused(ServerProfile(host="127.0.0.1", port=port, user="m", sslmode="require"))
        assert heard.passwords == []  # nothing was sent in the clear
    assert got.failure is Failure.TLS
    assert str(got) == (
        "The server does not offer an encrypted connection, and this one must be encrypted; ask IT."
    )


def test_nothing_answering() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = _refused(ServerProfile(host="127.0.0.1", port=port, user="m"))
    assert down.failure is Failure.SERVER and "Nothing answers at 127.0.0.1:" in str(down)
    unknown = _refused(ServerProfile(host="no-such-host.invalid", user="m"))
    assert unknown.failure is Failure.SERVER
    assert str(unknown).startswith("No server is called “no-such-host.invalid”")


class _Memory(KeyringBackend):
    """A keyring in memory, set by the tests that want one. Not viable on its own (its
    priority cannot be read), so keyring never picks it for the rest of the run."""

    @classproperty
    def priority(cls) -> float:
        raise RuntimeError("only where a test sets it")

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.kept[(service, username)]


def test_the_password_is_remembered_only_in_the_keyring() -> None:
    before = keyring.get_keyring()
    memory = _Memory()
    keyring.set_keyring(memory)
    try:
        profile = ServerProfile(host="db.agency.local", user="maria")
        assert passwords.remembered(profile) is None
        assert passwords.remember(profile, "s3cret")
        assert memory.kept == {("Liaison Desk database", "maria@db.agency.local:5432/liaison"):
                               "s3cret"}  # fmt: skip
        assert passwords.remembered(profile) == "s3cret"
        assert passwords.remembered(profile.as_user("other")) is None
        passwords.forget(profile)
        assert passwords.remembered(profile) is None and memory.kept == {}
        passwords.forget(profile)  # twice is harmless
    finally:
        keyring.set_keyring(before)
        sealing.forget_key_cache()


def test_without_a_keyring_nothing_is_remembered() -> None:
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        profile = ServerProfile(host="db", user="maria")
        assert not passwords.can_remember()
        assert passwords.remember(profile, "s3cret") is False
        assert passwords.remembered(profile) is None
    finally:
        keyring.set_keyring(before)
        sealing.forget_key_cache()


def test_the_command_line_takes_the_password_from_the_environment_or_asks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from liaison_desk.cli import main

    with fake_postgres("password") as (port, heard):
        url = f"postgresql://maria@127.0.0.1:{port}/liaison"
        monkeypatch.setattr("sys.stdin.isatty", lambda: False)
        monkeypatch.delenv("LIAISON_DESK_PASSWORD", raising=False)
        assert main(["--db", url, "audit", "verify"]) == 1
        said = capsys.readouterr().err
        assert said.count("\n") == 1 and "set LIAISON_DESK_PASSWORD" in said

        monkeypatch.setenv("LIAISON_DESK_PASSWORD", "from-the-env")
        assert main(["--db", url, "audit", "verify"]) == 1
        assert heard.passwords == ["from-the-env"]
        assert "did not accept the user name “maria” with that password" in capsys.readouterr().err

        monkeypatch.delenv("LIAISON_DESK_PASSWORD")
        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        asked: list[str] = []
        monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "typed")
        assert main(["--db", url, "audit", "verify"]) == 1
        assert asked == [f"Password for maria@127.0.0.1:{port}/liaison: "]
        assert heard.passwords[-1] == "typed"


def test_a_socket_folder_for_signing_in_on_the_servers_own_machine() -> None:
    profile = ServerProfile(host="/var/run/postgresql", user="maria", database="liaison")
    stored = profile.url()
    assert "host=%2Fvar%2Frun%2Fpostgresql" in stored
    assert ServerProfile.from_url(stored) == (profile, None)
