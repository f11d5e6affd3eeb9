"""E-mail inquiries through the services, on SQLite and PostgreSQL (issue 14): a dropped
message read into the form, saved with its file; seed 000's clocks on by default, met only by
an e-mailed reply; seed 004's set chosen instead; the acknowledgement and replies, sent through
a real SMTP server or copied, logged, with nothing personal in the subject."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Attachment, Inquiry
from liaison_desk.domain import Channel, Party, Role
from liaison_desk.email_files import EmailFileError, read_email
from liaison_desk.errors import DomainError, PermissionDenied, ValidationError
from liaison_desk.services import email_intake, email_replies, policy_admin
from liaison_desk.services.actions import log_contact, resolve
from liaison_desk.services.actions.editing import assign
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import as_role, email_inquiry, entries, load, run
from tests.conftest import CHICAGO
from tests.database.test_watch import Inbox, smtp  # noqa: F401 — the SMTP server fixture

OUTLOOK = Path(__file__).parent.parent / "data" / "outlook"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


def clocks(db: Database, inquiry_id: int) -> dict[str, Any]:
    inquiry = load(db, inquiry_id)
    return {m.policy_snapshot["key"]: m for m in inquiry.milestones}


def eml(
    tmp_path: Path,
    *,
    sent: str = "Mon, 23 Nov 2026 17:30:00 -0600",
    html: bool = False,
    name: str = "ride.eml",
    body: str = "My ride to dialysis did not come.",
) -> Path:
    msg = EmailMessage()
    msg["From"] = "Pat Kowalski <Pat.Kowalski@Example.ORG>"
    msg["To"] = "IMEMemberServices@example.gov"
    msg["Subject"] = "Ride did not come — Medicaid ID 1234567A"
    msg["Date"] = sent
    if html:
        msg.set_content(f"<html><body><p>{body}</p><p>Thank&nbsp;you</p></body></html>",
                        subtype="html")  # fmt: skip
    else:
        msg.set_content(body)
    path = tmp_path / name
    path.write_bytes(bytes(msg))
    return path


# ------------------------------------------------------------------ reading the file


def test_an_eml_after_five_fills_the_form_and_counts_from_the_next_business_day(
    db: Database, ctx: ServiceContext, clock: Any, tmp_path: Path
) -> None:
    clock.set(at(24, 9))
    path = eml(tmp_path)
    draft = run(db, email_intake.draft_from_file, ctx, path)
    assert (draft.sender_name, draft.email) == ("Pat Kowalski", "Pat.Kowalski@example.org")
    assert draft.subject == "Ride did not come — Medicaid ID 1234567A"
    assert draft.received_at == at(23, 17, 30)
    assert draft.description == "My ride to dialysis did not come."
    assert draft.channel == "Member Services mailbox"
    data = email_intake.EmailIntake(
        channel=draft.channel, sender_name=draft.sender_name, email=draft.email,
        subject=draft.subject, description=draft.description, received_at=draft.received_at,
    )  # fmt: skip
    inquiry_id = run(db, email_intake.create_email_inquiry, ctx, data, path).inquiry.id
    got = clocks(db, inquiry_id)
    # Received Monday 17:30: counted from Tuesday (seed 004), so one business day after it is
    # Wednesday's close; two skip Thanksgiving and the Friday after it.
    assert got["email.first_response"].due_at == at(25, 17)
    assert got["email.resolution_2"].due_at == at(30, 17)
    assert got["email.resolution_15"].due_at == at(17, 17, month=12)
    with db.read_session() as s:
        files = list(s.query(Attachment).filter_by(inquiry_id=inquiry_id))
        assert [(f.name, f.content_type) for f in files] == [("ride.eml", "message/rfc822")]
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        assert (inquiry.track, inquiry.channel, inquiry.caller_phone) == ("email", draft.channel,
                                                                          None)  # fmt: skip


def test_html_only_mail_and_a_missing_or_future_date(
    db: Database, ctx: ServiceContext, clock: Any, tmp_path: Path
) -> None:
    clock.set(at(24, 9))
    html = eml(tmp_path, html=True, sent="not a date")
    draft = run(db, email_intake.draft_from_file, ctx, html)
    assert draft.description == "My ride to dialysis did not come.\n\nThank you"
    assert draft.received_at == at(24, 9) and "does not say when" in draft.notes[0]
    future = eml(tmp_path, sent="Fri, 01 Jan 2027 09:00:00 -0600", name="f.eml")
    draft = run(db, email_intake.draft_from_file, ctx, future)
    assert draft.received_at == at(24, 9) and "future" in draft.notes[0]


def test_real_outlook_messages_are_read(calendar: Any) -> None:
    """Two .msg files written by Outlook (tests/data/outlook/README.md says where from)."""
    mail = read_email(OUTLOOK / "delivery-failure.msg", max_bytes=25 << 20,
                      local_zone=CHICAGO)  # fmt: skip
    assert (mail.sender_name, mail.sender_address) == ("Mail Delivery Subsystem",
                                                       "mailer-daemon@tjdpf.org.cn")  # fmt: skip
    assert mail.subject == "投递状态通知 (Failure Notice)"
    assert mail.received_at is not None and mail.received_at.year == 2017
    assert "Delivery Status Notification" in mail.body
    draft = read_email(OUTLOOK / "no-sender.msg", max_bytes=25 << 20, local_zone=CHICAGO)
    assert (draft.sender_address, draft.subject, draft.body) == (None, "outer subject",
                                                                 "Outer body")  # fmt: skip


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.eml", "is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "broken.msg", "could not be read"),
        (b"%PDF-1.7 not mail", "letter.msg", "not an Outlook message"),
        (b"just some words\n", "note.eml", "not an e-mail message"),
    ],
)
def test_a_file_that_is_not_a_message_is_refused_in_words(
    tmp_path: Path, content: bytes, name: str, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(EmailFileError, match=words):
        read_email(path, max_bytes=1 << 20, local_zone=CHICAGO)


def test_too_large_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = eml(tmp_path, body="x" * 3000)
    with pytest.raises(EmailFileError, match="larger than"):
        read_email(path, max_bytes=1024, local_zone=CHICAGO)


def test_a_long_body_is_cut_for_the_form_and_kept_whole_in_the_file(tmp_path: Path) -> None:
    path = eml(tmp_path, body="word " * 10_000)
    mail = read_email(path, max_bytes=1 << 20, local_zone=CHICAGO)
    assert mail.body_cut and len(mail.body) == 20_000


# ------------------------------------------------------------------ the form's rules


def test_phone_optional_with_an_address_and_the_address_checked(
    db: Database, ctx: ServiceContext
) -> None:
    email_inquiry(db, ctx)  # no phone: fine
    with pytest.raises(ValidationError) as caught:
        email_inquiry(db, ctx, email="pat@@example")
    assert "email" in caught.value.problems
    with pytest.raises(ValidationError) as caught:
        email_inquiry(db, ctx, email="")
    assert caught.value.problems["email"].startswith("Give the sender's e-mail address")
    inquiry_id = email_inquiry(db, ctx, email="", phone="515-555-0142")
    assert load(db, inquiry_id).caller_phone == "+15155550142"
    fax = email_intake.EmailIntake(channel="Fax", sender_name="P", email="p@example.org",
                                   description="d")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        run(db, email_intake.create_email_inquiry, ctx, fax)
    assert "not one of the channels" in caught.value.problems["channel"]


# ------------------------------------------------------------------ the clocks


def test_first_response_is_met_only_by_an_emailed_reply(
    db: Database, ctx: ServiceContext, clock: Any
) -> None:
    inquiry_id = email_inquiry(db, ctx)
    clock.set(at(23, 10))
    run(db, log_contact, ctx, inquiry_id, None, party=Party.MEMBER, channel=Channel.PHONE,
        outcome="reached")  # fmt: skip
    run(db, email_replies.log_email, ctx, inquiry_id, None, what="acknowledgement",
        body="We received it.", sent_from_app=False)  # fmt: skip
    run(db, log_contact, ctx, inquiry_id, None, party=Party.MEMBER, channel=Channel.EMAIL,
        outcome="received")  # fmt: skip
    assert clocks(db, inquiry_id)["email.first_response"].met_at is None
    clock.set(at(23, 11))
    run(db, email_replies.log_email, ctx, inquiry_id, None, what="reply",
        body="Your ride is rebooked for Thursday.", sent_from_app=False)  # fmt: skip
    first = clocks(db, inquiry_id)["email.first_response"]
    assert (first.met_at, first.closed_reason) == (at(23, 11), "met")
    clock.set(at(24, 9))
    run(db, resolve, ctx, inquiry_id, None, resolution="Ride rebooked.")
    got = clocks(db, inquiry_id)
    assert got["email.resolution_2"].closed_reason == "met"
    assert got["email.resolution_15"].met_at == at(24, 9)


def test_the_admin_chooses_seed_004s_standards(
    db: Database, ctx: ServiceContext, clock: Any
) -> None:
    admin = as_role(db, ctx, "admin1", Role.ADMIN, "Ada Admin")
    with db.read_session() as s:
        assert policy_admin.email_set_in_force(s) == "health_plan"
    run(db, policy_admin.choose_email_set, admin, "ime_member_services")
    with db.read_session() as s:
        assert policy_admin.email_set_in_force(s) == "ime_member_services"
    inquiry_id = email_inquiry(db, ctx)
    got = clocks(db, inquiry_id)
    assert set(got) == {"email_ime.respond_5", "email_ime.complete_15"}
    assert got["email_ime.respond_5"].due_at == at(2, 17, month=12)  # Thanksgiving week
    clock.set(at(24, 10))
    run(db, email_replies.log_email, ctx, inquiry_id, None, what="reply",
        body="Interim: we are still researching.", sent_from_app=False)  # fmt: skip
    assert clocks(db, inquiry_id)["email_ime.respond_5"].closed_reason == "met"
    assert clocks(db, inquiry_id)["email_ime.complete_15"].met_at is None
    with pytest.raises(PermissionDenied):
        run(db, policy_admin.choose_email_set, ctx, "health_plan")


# ------------------------------------------------------------------ acknowledgement, replies


def test_the_acknowledgement_quotes_reference_and_time_frame(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = email_inquiry(db, ctx)
    inquiry = load(db, inquiry_id)
    with db.read_session() as s:
        out = email_replies.acknowledgement(s, ctx, s.get(Inquiry, inquiry_id))  # type: ignore[arg-type]
    assert inquiry.reference in out.body
    assert "within 15 business days" in out.body and "Wednesday, December 16, 2026" in out.body
    assert out.subject == f"Iowa Medicaid: your inquiry, reference {inquiry.reference}"
    admin = as_role(db, ctx, "admin1", Role.ADMIN, "Ada Admin")
    with pytest.raises(ValidationError, match="reference"):
        run(db, email_replies.set_template, admin, "Thanks, {name}!")
    with pytest.raises(ValidationError):
        run(db, email_replies.set_template, admin, "Thanks. {reference")
    run(db, email_replies.set_template, admin, "Got it: {reference}, done by {expected}.")
    with db.read_session() as s:
        out = email_replies.acknowledgement(s, ctx, s.get(Inquiry, inquiry_id))  # type: ignore[arg-type]
    assert out.body == f"Got it: {inquiry.reference}, done by Wednesday, December 16, 2026."


def test_sent_through_the_mail_server_and_logged_with_no_personal_subject(
    db: Database,
    ctx: ServiceContext,
    smtp: tuple[Inbox, int],  # noqa: F811
) -> None:
    inbox, port = smtp
    inquiry_id = email_inquiry(db, ctx)
    reference = load(db, inquiry_id).reference
    env = {"LIAISON_DESK_SMTP": f"smtp://desk:s3cret@127.0.0.1:{port}",
           "LIAISON_DESK_MAIL_FROM": "memberservices@example.gov"}  # fmt: skip
    run(db, email_replies.send, ctx, inquiry_id, None, what="reply",
        body="Your ride is rebooked.", env=env)  # fmt: skip
    (sent,) = inbox.messages
    assert sent["To"] == "pat@example.org" and "Auto-Submitted" not in sent
    assert sent["Subject"] == f"Iowa Medicaid: your inquiry, reference {reference}"
    for word in ("Pat", "Kowalski", "ride", "1234567A"):
        assert word not in sent["Subject"]
    (entry,) = [e for e in entries(db, inquiry_id) if e.channel == "email"]
    assert (entry.party, entry.outcome, entry.data["sent_from_app"]) == ("member", "sent", True)
    assert clocks(db, inquiry_id)["email.first_response"].closed_reason == "met"


def test_a_mail_server_that_is_down_logs_nothing(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = email_inquiry(db, ctx)
    env = {"LIAISON_DESK_SMTP": "smtp://127.0.0.1:9", "LIAISON_DESK_MAIL_FROM": "a@example.gov"}
    with pytest.raises(DomainError, match="not sent"):
        run(db, email_replies.send, ctx, inquiry_id, None, what="reply", body="Hi", env=env)
    with pytest.raises(DomainError, match="No mail server"):
        run(db, email_replies.send, ctx, inquiry_id, None, what="reply", body="Hi", env={})
    assert not [e for e in entries(db, inquiry_id) if e.channel == "email"]


# ------------------------------------------------------------------ the people of seed 004


def test_the_account_manager_logs_and_assigns_and_analysts_read_reports(
    db: Database, ctx: ServiceContext
) -> None:
    manager = as_role(db, ctx, "acctmgr", Role.MANAGER, "Alex Account-Manager")
    inquiry_id = email_inquiry(db, manager)
    inquiry = load(db, inquiry_id)
    assert inquiry.assignee_id is None and inquiry.created_by_id == manager.actor.user_id
    run(db, assign, manager, inquiry_id, inquiry.version, assignee_id=ctx.actor.user_id)
    assert load(db, inquiry_id).assignee_id == ctx.actor.user_id
    from tests.action_helpers import member_inquiry

    other = member_inquiry(db, ctx)
    with pytest.raises(PermissionDenied):
        run(db, assign, manager, other, None, assignee_id=ctx.actor.user_id)
    with pytest.raises(PermissionDenied):
        run(db, resolve, manager, inquiry_id, None, resolution="done")
    from liaison_desk.services.permissions import Action, can

    assert can(Role.MSA_ESR, Action.VIEW_REPORTS) and not can(Role.MSA_ESR, Action.ADMINISTER)
    assert not can(Role.CSR, Action.LOG_EMAIL)


def test_the_message_header_is_read_like_the_mail_program(tmp_path: Path) -> None:
    """Encoded words in the subject and sender (RFC 2047) come out as people wrote them."""
    raw = (b"From: =?utf-8?q?Jos=C3=A9_Pe=C3=B1a?= <jose@example.org>\r\n"
           b"Subject: =?utf-8?b?wr9DdcOhbmRvIGxsZWdhIG1pIHRhcmpldGE/?=\r\n"
           b"Date: Tue, 24 Nov 2026 10:00:00 -0600\r\n\r\nHola\r\n")  # fmt: skip
    path = tmp_path / "es.eml"
    path.write_bytes(raw)
    mail = read_email(path, max_bytes=1 << 20, local_zone=CHICAGO)
    assert (mail.sender_name, mail.subject) == ("José Peña", "¿Cuándo llega mi tarjeta?")
    assert email.message_from_bytes(raw, policy=email.policy.default)["From"]


def test_nothing_is_sent_that_could_not_be_logged(
    db: Database,
    ctx: ServiceContext,
    smtp: tuple[Inbox, int],  # noqa: F811
) -> None:
    """A resolved inquiry refuses the reply before the mail server is asked, so no e-mail
    leaves without its timeline entry."""
    inbox, port = smtp
    inquiry_id = email_inquiry(db, ctx)
    run(db, resolve, ctx, inquiry_id, None, resolution="Answered by phone.")
    env = {"LIAISON_DESK_SMTP": f"smtp://desk:s3cret@127.0.0.1:{port}",
           "LIAISON_DESK_MAIL_FROM": "memberservices@example.gov"}  # fmt: skip
    with pytest.raises(DomainError, match="reopen"):
        run(db, email_replies.send, ctx, inquiry_id, None, what="reply", body="Hi", env=env)
    assert inbox.messages == []
