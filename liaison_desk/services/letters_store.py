"""Letters stored with their inquiry: compose from the inquiry, render, keep the PDF.

The letter engine (:mod:`liaison_desk.letters`) is pure; this module supplies what it needs
from the database (names, address, reference, the callback attempts, the signer) and stores
the result: a ``Letter`` row holding the PDF and a LETTER timeline entry pointing at it. The
entry is what meets the supervisor-callback clock ("letter" in the policy's met_by).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, Letter, TimelineEntry, User
from ..domain import Channel, EntryKind, Party, Role, Status, Track
from ..errors import DomainError, NotFoundError, PermissionDenied, ValidationError
from ..letters import (
    LetterContent,
    Letterhead,
    LetterTemplate,
    compose,
    format_letter_date,
    get_template,
    list_templates,
    load_letterhead,
    render_pdf,
)
from ..validation import format_phone
from . import audit
from .actions import (
    ActionResult,
    ensure_approved,
    ensure_may_work,
    load_checked,
    optional_text,
    result,
    set_status,
    touch,
)
from .callbacks import callback_state
from .callbacks.state import _attempts
from .context import ServiceContext
from .history import add_entry
from .permissions import Action, can_view_inquiry, require

UNABLE_TO_REACH = "unable_to_reach"
ISSUE_OUTCOME = "issue_outcome"


@dataclass(frozen=True)
class LetterDefaults:
    """What the letter dialog starts from."""

    inquiry_id: int
    reference: str
    version: int
    track: str
    template_key: str
    recipient_name: str
    address: str
    """The inquiry's mailing address ("" when it has none: the dialog asks for one)."""
    letter_date: date
    signer_name: str
    signer_title: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def needs_address(self) -> bool:
        return not self.address.strip()


@dataclass(frozen=True)
class LetterResult:
    action: ActionResult
    letter_id: int
    pdf: bytes
    filename: str


def address_lines(address: str | Sequence[str]) -> tuple[str, ...]:
    raw = address.splitlines() if isinstance(address, str) else list(address)
    return tuple(line.strip() for item in raw for line in item.splitlines() if line.strip())


def practice_lines(inquiry: Inquiry, recipient: str, lines: tuple[str, ...]) -> tuple[str, ...]:
    """A letter to a provider's contact is addressed to the practice too: "Dana Whitfield /
    Prairie Family Clinic / street / city" (unless the address already names it)."""
    practice = (inquiry.provider_name or "").strip()
    if not practice or not _about_provider(inquiry):
        return lines
    named = {recipient.strip().casefold(), *(line.casefold() for line in lines)}
    return lines if practice.casefold() in named else (practice, *lines)


def letter_filename(reference: str, letter_date: date, recipient_name: str = "") -> str:
    """``Letter 261123-0007 2026-11-23 OBrien.pdf``: safe on Windows and Linux."""
    last = recipient_name.split()[-1] if recipient_name.split() else ""
    safe = re.sub(r"[^\w\-]+", "", last)
    name = f"Letter {reference} {letter_date.isoformat()}"
    return f"{name} {safe}.pdf" if safe else f"{name}.pdf"


def _recipient(inquiry: Inquiry) -> str:
    """Who the letter answers: the caller for a callback (they asked), else the originator."""
    if inquiry.track == Track.IME_CALLBACK:
        return inquiry.caller_name or inquiry.member_name or inquiry.contact_name or ""
    if inquiry.track == Track.MCO_PROVIDER:
        return inquiry.contact_name or inquiry.provider_name or ""
    return inquiry.member_name or inquiry.caller_name or ""


def letterhead_for(inquiry: Inquiry) -> Letterhead:
    """Provider Services writes about providers: a provider escalation, or a callback about
    a provider (an NPI and no member); Member Services writes the rest."""
    return load_letterhead(provider=_about_provider(inquiry))


def _about_provider(inquiry: Inquiry) -> bool:
    return inquiry.track == Track.MCO_PROVIDER or (
        inquiry.track == Track.IME_CALLBACK and bool(inquiry.npi) and not inquiry.member_name
    )


def _signer(
    session: Session, ctx: ServiceContext, letterhead: Letterhead | None = None
) -> tuple[str, str]:
    user = session.get(User, ctx.actor.user_id) if ctx.actor.user_id is not None else None
    name = (user.display_name if user is not None else "") or ctx.actor.name
    if user is not None and user.title:
        return name, user.title
    try:
        role = Role(user.role if user is not None else ctx.actor.role)
    except ValueError:
        role = Role(ctx.actor.role)
    unit = (letterhead or load_letterhead()).unit
    return name, f"{role.label}, {unit}" if unit else role.label


def _local_day(ctx: ServiceContext, moment: datetime) -> str:
    return format_letter_date(moment.astimezone(ctx.calendar.timezone).date())


def inquiry_fields(ctx: ServiceContext, inquiry: Inquiry) -> dict[str, str]:
    """The template fields that come from the inquiry (all but ``answer``)."""
    fields: dict[str, str] = {
        "member_name": inquiry.member_name or "",
        "provider_name": inquiry.provider_name or "",
        "received_date": _local_day(ctx, inquiry.received_at),
    }
    attempts = _attempts(list(inquiry.timeline), names=False)
    number = attempts[-1].number_dialled if attempts else (inquiry.caller_phone or "")
    fields["phone_called"] = format_phone(number) if number else ""
    if attempts:
        fields["first_call_date"] = _local_day(ctx, attempts[0].at)
    if len(attempts) > 1:
        fields["second_call_date"] = _local_day(ctx, attempts[1].at)
    return fields


def letter_defaults(session: Session, ctx: ServiceContext, inquiry_id: int) -> LetterDefaults:
    require(ctx.actor, Action.WRITE_LETTER)
    inquiry = load_checked(session, ctx, inquiry_id, None)
    template_key = ISSUE_OUTCOME
    if inquiry.track == Track.IME_CALLBACK:
        state = callback_state(session, ctx, inquiry_id)
        if not state.reached:
            template_key = UNABLE_TO_REACH
    available = {t.key for t in list_templates()}
    if template_key not in available and available:
        template_key = sorted(available)[0]
    signer_name, signer_title = _signer(session, ctx, letterhead_for(inquiry))
    return LetterDefaults(
        inquiry_id=inquiry.id,
        reference=inquiry.reference,
        version=inquiry.version,
        track=inquiry.track,
        template_key=template_key,
        recipient_name=_recipient(inquiry),
        address=inquiry.mailing_address or "",
        letter_date=ctx.clock.now().astimezone(ctx.calendar.timezone).date(),
        signer_name=signer_name,
        signer_title=signer_title,
        fields=inquiry_fields(ctx, inquiry),
    )


def compose_for_inquiry(
    session: Session,
    ctx: ServiceContext,
    inquiry: Inquiry,
    template: LetterTemplate,
    answer: str,
    recipient_name: str,
    address: str | Sequence[str],
    letter_date: date,
) -> LetterContent:
    head = letterhead_for(inquiry)
    signer_name, signer_title = _signer(session, ctx, head)
    fields = inquiry_fields(ctx, inquiry)
    fields["answer"] = answer.strip()
    lines = address_lines(address)
    fields["mailing_address"] = ", ".join(lines)
    return compose(
        template,
        fields,
        letter_date=letter_date,
        recipient_name=recipient_name,
        address_lines=practice_lines(inquiry, recipient_name, lines),
        reference=inquiry.reference,
        signer_name=signer_name,
        signer_title=signer_title,
        letterhead=head,
    )


def preview_letter(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    template_key: str,
    answer: str,
    recipient_name: str,
    address: str | Sequence[str],
    letter_date: date,
) -> tuple[LetterContent, bytes]:
    """The letter as it would be saved, without saving anything."""
    require(ctx.actor, Action.WRITE_LETTER)
    inquiry = load_checked(session, ctx, inquiry_id, None)
    content = compose_for_inquiry(
        session, ctx, inquiry, get_template(template_key), answer, recipient_name, address,
        letter_date,
    )  # fmt: skip
    return content, render_pdf(content, letterhead_for(inquiry))


def _check(answer: str, recipient_name: str, lines: tuple[str, ...]) -> None:
    problems: dict[str, str] = {}
    if not answer.strip():
        problems["answer"] = "Write the answer to the caller's question."
    if not recipient_name.strip():
        problems["recipient_name"] = "Give the name of the person the letter goes to."
    if len(lines) < 2:
        problems["address"] = (
            "Give the mailing address: the street on the first line, then city, state and ZIP."
        )
    if problems:
        raise ValidationError(problems)


def create_letter(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    template_key: str,
    answer: str,
    recipient_name: str,
    address: str | Sequence[str],
    letter_date: date,
    *,
    save_address: bool = False,
    allow_missing: bool = False,
) -> LetterResult:
    """Render the letter and store it with the inquiry (a Letter row and a LETTER entry).

    ``save_address`` also keeps the address on the inquiry when it had none. Fields the
    template needs but that have no value are refused unless ``allow_missing``.
    """
    require(ctx.actor, Action.WRITE_LETTER)
    inquiry = load_checked(session, ctx, inquiry_id, None)
    ensure_may_work(ctx, inquiry)
    ensure_approved(inquiry, "write a letter")
    lines = address_lines(address)
    _check(answer, recipient_name, lines)
    template = get_template(template_key)
    content = compose_for_inquiry(
        session, ctx, inquiry, template, answer, recipient_name, lines, letter_date
    )
    if content.missing and not allow_missing:
        names = ", ".join(n.replace("_", " ") for n in content.missing)
        raise ValidationError(
            {"template": f"The letter has no value for: {names}. Fill them in or choose "
             "another letter."}
        )  # fmt: skip
    pdf = render_pdf(content, letterhead_for(inquiry))
    # add_entry does not append to a loaded inquiry.timeline: let it load afresh later.
    session.expire(inquiry, ["timeline"])
    now = ctx.clock.now()
    letter = Letter(
        inquiry_id=inquiry.id,
        template_key=template.key,
        created_at=now,
        created_by_id=ctx.actor.user_id,
        recipient_name=content.recipient_name,
        mailing_address="\n".join(lines),
        subject=content.subject[:300],
        body=content.body,
        pdf=pdf,
    )
    session.add(letter)
    session.flush()

    changes: dict[str, object] = {"letter_id": letter.id, "template": template.key}
    if save_address and not (inquiry.mailing_address or "").strip():
        inquiry.mailing_address = "\n".join(lines)
        changes["mailing_address"] = [None, inquiry.mailing_address]
    if inquiry.status == Status.OPEN:
        changes.update(set_status(inquiry, Status.IN_PROGRESS))
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.LETTER,
        f"Letter sent to {content.recipient_name}: {template.title}",
        party=str(Party.PROVIDER if inquiry.track == Track.MCO_PROVIDER else Party.MEMBER),
        channel=str(Channel.LETTER),
        outcome="sent",
        notes=optional_text(answer),
        data={"template": template.key, "letter_date": letter_date.isoformat()},
        letter_id=letter.id,
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "letter", changes)
    filename = letter_filename(inquiry.reference, letter_date, content.recipient_name)
    return LetterResult(
        action=result(session, inquiry, entry, f"Letter saved with {inquiry.reference}."),
        letter_id=letter.id,
        pdf=pdf,
        filename=filename,
    )


def get_letter(session: Session, letter_id: int, ctx: ServiceContext | None = None) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFoundError("That letter is no longer stored.")
    if ctx is not None:
        require(ctx.actor, Action.VIEW_LETTER)
        if not can_view_inquiry(ctx.actor, letter.inquiry.created_by_id, letter.inquiry.track):
            raise PermissionDenied("You can only open letters of the callbacks you requested.")
    return letter


def get_letter_pdf(session: Session, letter_id: int, ctx: ServiceContext | None = None) -> bytes:
    """The stored PDF exactly as it was saved (reopened from the timeline)."""
    letter = get_letter(session, letter_id, ctx)
    if not letter.pdf:
        raise DomainError("The letter's PDF is empty.")
    return bytes(letter.pdf)


def stored_letter_filename(session: Session, letter_id: int) -> str:
    """The file name a stored letter is saved under (its letter date, not the UTC day)."""
    letter = get_letter(session, letter_id)
    entry = session.scalars(
        select(TimelineEntry).where(TimelineEntry.letter_id == letter.id).limit(1)
    ).first()
    try:
        day = date.fromisoformat(str((entry.data or {}).get("letter_date"))) if entry else None
    except ValueError:
        day = None
    return letter_filename(
        letter.inquiry.reference, day or letter.created_at.date(), letter.recipient_name
    )
