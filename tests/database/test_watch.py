"""``liaison-desk watch`` against a real SMTP server on 127.0.0.1 (aiosmtpd), with a moved
clock: warn, due and the lead told, the 10:00 daily report, a night with nothing sent, a
restart that sends nothing twice, a mail server that is down (retried, logged, kept)."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from liaison_desk.cli import main
from liaison_desk.db.engine import Database
from liaison_desk.db.models import User
from liaison_desk.domain import Priority, Role
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import member_inquiry
from tests.conftest import CHICAGO, make_user


@dataclass
class Inbox:
    messages: list[Message] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        """The digests sent to ``address`` (not the daily report)."""
        return [m for m in self.digests if m["To"] == address]

    @property
    def digests(self) -> list[Message]:
        return [m for m in self.messages if m["Subject"].startswith("Liaison Desk: ")]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()

    def check(server: object, session: object, envelope: object, mechanism: str,
              data: object) -> AuthResult:  # fmt: skip
        ok = isinstance(data, LoginPassword) and data.password == b"s3cret"
        if ok:
            inbox.logins.append(data.login.decode())  # type: ignore[union-attr]
        return AuthResult(success=ok)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=check,
                            auth_require_tls=False)  # fmt: skip
    controller.start()
    yield inbox, port
    controller.stop()


def at(day: int, hour: int, minute: int = 0) -> str:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO).strftime("%Y-%m-%d %H:%M")


def watch(db: Database, port: int | None, when: str, monkeypatch: pytest.MonkeyPatch) -> int:
    if port is None:
        monkeypatch.setenv("LIAISON_DESK_SMTP", "smtp://desk:s3cret@127.0.0.1:9")
    else:
        monkeypatch.setenv("LIAISON_DESK_SMTP", f"smtp://desk:s3cret@127.0.0.1:{port}")
    monkeypatch.setenv("LIAISON_DESK_MAIL_FROM", "liaison-desk@example.org")
    monkeypatch.setattr("liaison_desk.commands.watch._time.sleep", lambda _s: None)
    return main(["--db", db.url.render_as_string(hide_password=False), "watch", "--as-of", when])


def with_address(db: Database, user_id: int | None, address: str) -> None:
    with db.session() as s:
        user = s.get(User, user_id)
        assert user is not None
        user.email = address


def test_warn_due_and_the_lead_then_a_restart_sends_nothing_twice(
    db: Database, ctx: ServiceContext, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = smtp
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    with_address(db, ctx.actor.user_id, "lee@example.org")
    with_address(db, lead.user_id, "uma@example.org")
    member_inquiry(db, ctx, Priority.ESCALATED)  # due Tue 24 17:00, warns at 12:45
    assert watch(db, port, at(24, 12, 50), monkeypatch) == 0
    (warn,) = box.to("lee@example.org")
    assert warn["Subject"] == "Liaison Desk: 1 item for you"
    body = warn.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "Warning time reached (1):" in body and "Ctrl+G" in body
    assert "O'Brien" not in body and "1234567A" not in body  # minimum necessary
    assert set(box.logins) == {"desk"}
    # The same pass again (a restart): nothing new to say.
    assert watch(db, port, at(24, 12, 51), monkeypatch) == 0
    assert len(box.digests) == 1
    # 17:02: overdue; the liaison and the lead each get one digest.
    assert watch(db, port, at(24, 17, 2), monkeypatch) == 0
    assert "(1 overdue)" in box.to("lee@example.org")[-1]["Subject"]
    (lead_mail,) = box.to("uma@example.org")
    assert "Now overdue (1):" in lead_mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert watch(db, port, at(24, 17, 4), monkeypatch) == 0
    assert len(box.digests) == 3


def test_a_night_and_a_holiday_send_nothing(
    db: Database, ctx: ServiceContext, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = smtp
    with_address(db, ctx.actor.user_id, "lee@example.org")
    member_inquiry(db, ctx, Priority.ESCALATED)
    for when in (at(24, 22), at(26, 10), at(28, 10)):  # night, Thanksgiving, Saturday
        assert watch(db, port, when, monkeypatch) == 0
    assert box.messages == []
    # The next business morning: the breach, once.
    assert watch(db, port, at(25, 8, 1), monkeypatch) == 0
    assert [m["Subject"] for m in box.digests] == ["Liaison Desk: 1 item for you (1 overdue)"]


def test_the_daily_report_goes_at_ten_once(
    db: Database, ctx: ServiceContext, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = smtp
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    manager = make_user(db, "mgr", Role.MANAGER, "Max Manager")
    with_address(db, lead.user_id, "uma@example.org")
    with_address(db, manager.user_id, "max@example.org")
    member_inquiry(db, ctx, Priority.HIGH)
    assert watch(db, port, at(23, 9, 59), monkeypatch) == 0
    assert [m for m in box.messages if "daily report" in m["Subject"]] == []
    assert watch(db, port, at(23, 10, 0), monkeypatch) == 0
    reports = [m for m in box.messages if "daily report" in m["Subject"]]
    assert sorted(m["To"] for m in reports) == ["max@example.org", "uma@example.org"]
    parts = [p for p in reports[0].walk() if p.get_filename()]
    assert parts[0].get_filename() == "daily-report-2026-11-23.xlsx"
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(parts[0].get_payload(decode=True)))  # type: ignore[arg-type]
    cells = [c for row in wb["Assigned"].iter_rows(values_only=True) for c in row]
    assert "Liam O'Brien" not in cells and "(see the app)" in cells
    assert watch(db, port, at(23, 11), monkeypatch) == 0
    assert len([m for m in box.messages if "daily report" in m["Subject"]]) == 2


def test_a_mail_server_that_is_down_loses_nothing(
    db: Database,
    ctx: ServiceContext,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    box, port = smtp
    with_address(db, ctx.actor.user_id, "lee@example.org")
    member_inquiry(db, ctx, Priority.ESCALATED)
    assert watch(db, None, at(24, 12, 50), monkeypatch) == 1  # port 9: nobody listens
    assert "mail not sent (try 3 of 3)" in caplog.text and "s3cret" not in caplog.text
    assert watch(db, port, at(24, 12, 55), monkeypatch) == 0
    assert [m["Subject"] for m in box.digests] == ["Liaison Desk: 1 item for you"]


def test_a_wrong_as_of_is_refused_in_words(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", db.url.render_as_string(hide_password=False), "watch", "--as-of", "tomorrow"])
        == 1
    )
    assert '--as-of needs "YYYY-MM-DD HH:MM"' in capsys.readouterr().err


def _one_pass_without_the_machines_mail_settings(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pass of the watch service on a machine that names no mail server or sender of its
    own (only the password)."""
    monkeypatch.delenv("LIAISON_DESK_SMTP", raising=False)
    monkeypatch.delenv("LIAISON_DESK_MAIL_FROM", raising=False)
    monkeypatch.setenv("LIAISON_DESK_SMTP_PASSWORD", "s3cret")
    url = db.url.render_as_string(hide_password=False)
    assert main(["--db", url, "watch", "--as-of", at(24, 12, 50)]) == 0


def test_the_admins_mail_settings_serve_when_the_machine_gives_none(
    db: Database, ctx: ServiceContext, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison_desk.errors import ValidationError
    from liaison_desk.services.alerts import mail_settings
    from liaison_desk.services.context import Actor

    box, port = smtp
    admin = ServiceContext(Actor("ada", Role.ADMIN), ctx.clock, ctx.calendar)
    with pytest.raises(ValidationError) as err, db.session() as s:
        mail_settings.save(s, admin, f"smtp://desk:s3cret@127.0.0.1:{port}", "ld@example.org")
    assert "Leave the password out" in err.value.problems["server"]
    with pytest.raises(ValidationError), db.session() as s:
        mail_settings.save(s, admin, "http://nowhere", "ld@example.org")
    with db.session() as s:
        mail_settings.save(s, admin, f"smtp://desk@127.0.0.1:{port}", "ld@example.org")
    with_address(db, ctx.actor.user_id, "lee@example.org")
    member_inquiry(db, ctx, Priority.ESCALATED)
    _one_pass_without_the_machines_mail_settings(db, monkeypatch)
    assert [m["From"] for m in box.digests] == ["ld@example.org"]


def test_its_mail_server_wins_where_it_does_not_let_the_admins_apply(
    db: Database, ctx: ServiceContext, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    from liaison_desk.services.alerts import mail_settings
    from liaison_desk.services.context import Actor

    box, port = smtp
    admin = ServiceContext(Actor("ada", Role.ADMIN), ctx.clock, ctx.calendar)
    with db.session() as s:  # the admin's: a server nobody listens on
        mail_settings.save(s, admin, "smtp://desk@127.0.0.1:9", "admin@example.org")
    config = tmp_path / "config.toml"
    config.write_text(f'[mail]\nsmtp = "smtp://desk@127.0.0.1:{port}"\n'
                      'sender = "it@example.org"\npeople_may_change = false\n')  # fmt: skip
    monkeypatch.setenv("LIAISON_DESK_CONFIG", str(config))
    with_address(db, ctx.actor.user_id, "lee@example.org")
    member_inquiry(db, ctx, Priority.ESCALATED)
    _one_pass_without_the_machines_mail_settings(db, monkeypatch)
    assert [m["From"] for m in box.digests] == ["it@example.org"]
