"""Taking in an e-mail inquiry (issue 14; seeds 000 and 004): from a dropped ``.eml``/``.msg``
or typed in, received through one of the admin's channels. The message itself is kept with
the inquiry as a file; its clocks are the e-mail standards in force (received after 17:00, on
a weekend or a holiday counts from the next business day, as for every clock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ..domain import Priority, Status, Track
from ..email_files import IncomingEmail, read_email
from ..errors import ValidationError
from ..text_clean import clean_fields
from ..validation import normalize_email, normalize_npi, normalize_phone, normalize_state_id
from . import attachments, choices, email_replies
from .context import ServiceContext
from .intake import (
    IntakeResult,
    _check_assignee,
    _new_inquiry,
    _received,
    _required,
    _start,
    _try,
    chosen_mcos,
)
from .permissions import Action, can, require


@dataclass
class EmailIntake:
    channel: str
    sender_name: str
    description: str
    email: str | None = None
    phone: str | None = None
    subject: str | None = None
    # Who wrote: a member (or someone for one) or a provider's office.
    from_provider: bool = False
    member_name: str | None = None
    member_state_id: str | None = None
    npi: str | None = None
    provider_name: str | None = None
    mco_ids: list[int] = field(default_factory=list)
    priority: Priority = Priority.ESCALATED
    received_at: datetime | None = None
    assignee_id: int | None = None
    category: str | None = None
    sub_category: str | None = None


@dataclass(frozen=True)
class EmailDraft:
    """What a dropped message fills in the form (the person checks and saves)."""

    channel: str
    sender_name: str
    email: str
    subject: str
    received_at: datetime
    description: str
    notes: list[str]
    path: Path


def draft_from_file(session: Session, ctx: ServiceContext, path: Path) -> EmailDraft:
    """Read a dropped message for the form. A time in the future (a sender's wrong clock)
    or none at all becomes now, and the draft says so."""
    mail: IncomingEmail = read_email(
        path, max_bytes=attachments.max_mb(session) * 1024 * 1024,
        local_zone=ctx.calendar.timezone,
    )  # fmt: skip
    notes: list[str] = []
    now = ctx.clock.now()
    received = mail.received_at
    if received is None:
        notes.append("The message does not say when it arrived: the received time is now.")
        received = now
    elif received > now:
        notes.append("The message is dated in the future (the sender's clock?): the received "
                     "time is now.")  # fmt: skip
        received = now
    address = ""
    if mail.sender_address:
        try:
            address = normalize_email(mail.sender_address)
        except ValidationError:
            notes.append(f"The sender's address “{mail.sender_address}” is not a valid one.")
            address = mail.sender_address
    if mail.body_cut:
        notes.append("The message is long: the description holds its beginning; the whole "
                     "message is kept with the inquiry.")  # fmt: skip
    offered = choices.lists(session).channels
    return EmailDraft(
        channel=offered[0] if offered else "",
        sender_name=mail.sender_name or (address.partition("@")[0] if address else ""),
        email=address,
        subject=mail.subject,
        received_at=received,
        description=mail.body or mail.subject,
        notes=notes,
        path=path,
    )


def create_email_inquiry(
    session: Session, ctx: ServiceContext, data: EmailIntake, message: Path | None = None
) -> IntakeResult:
    """Save an e-mail inquiry, and keep ``message`` (the dropped file) with it."""
    require(ctx.actor, Action.LOG_EMAIL)
    data = clean_fields(data)
    problems: dict[str, str] = {}
    offered = choices.lists(session)
    channel = offered.check_channel(data.channel, problems)
    sender = _required(problems, "sender_name", data.sender_name, "The sender's name")
    email = _try(problems, normalize_email, data.email) if (data.email or "").strip() else None
    phone = _try(problems, normalize_phone, data.phone) if (data.phone or "").strip() else None
    if not (data.email or "").strip() and not (data.phone or "").strip():
        problems["email"] = "Give the sender's e-mail address (or a phone number)."
    state_id = npi = None
    if (data.member_state_id or "").strip():
        state_id = _try(problems, normalize_state_id, data.member_state_id)
    if (data.npi or "").strip():
        npi = _try(problems, normalize_npi, data.npi)
    mcos = chosen_mcos(session, data.mco_ids, problems)
    description = _required(problems, "description", data.description, "What the e-mail asks")
    received_at = _received(ctx, data.received_at, problems)
    assignee_id = _check_assignee(session, ctx, data.assignee_id, Track.EMAIL, problems)
    if data.assignee_id is None and not can(ctx.actor.role, Action.LOG_CONTACT):
        assignee_id = None  # the account manager logs it for a worker to take (seed 004)
    category, sub = offered.check_issue_type(
        str(Track.EMAIL), data.category, data.sub_category, problems
    )
    if problems:
        raise ValidationError(problems)
    provider = data.from_provider
    inquiry = _new_inquiry(
        session,
        ctx,
        Track.EMAIL,
        received_at,
        priority=str(data.priority),
        status=str(Status.OPEN),
        source=email_replies.FROM_PROVIDER if provider else email_replies.FROM_MEMBER,
        channel=channel,
        email=email,
        subject=(data.subject or "").strip()[:300] or None,
        caller_name=sender,
        caller_phone=phone,
        member_name=(data.member_name or "").strip() or None,
        member_state_id=state_id,
        npi=npi,
        provider_name=(data.provider_name or "").strip() or None,
        contact_name=sender if provider else None,
        contact_phone=phone if provider else None,
        mco_id=mcos[0].id if mcos else None,
        description=description,
        assignee_id=assignee_id,
        category=category,
        sub_category=sub,
    )
    inquiry.mcos = mcos
    _start(session, ctx, inquiry, f"E-mail inquiry received through {channel}")
    if message is not None:
        with message.open("rb") as stream:
            attachments.keep(session, ctx, inquiry, message.name, stream)
    return IntakeResult(inquiry, email_replies.acknowledgement(session, ctx, inquiry).body)
