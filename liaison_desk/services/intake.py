"""Taking in new inquiries: member and provider escalations, CSR callback requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, Mco, Source
from ..domain import EntryKind, Priority, Status, Track
from ..errors import ValidationError
from ..text_clean import clean_fields
from ..validation import normalize_npi, normalize_phone, normalize_state_id
from . import audit, choices
from .alerts import handoffs
from .context import ServiceContext
from .history import add_entry
from .permissions import Action, can, require
from .references import next_reference

# Used only when the letterhead file cannot be read.
MEMBER_SERVICES_PHONE = "1-800-338-8366"


@dataclass
class MemberIntake:
    source: str
    member_name: str
    caller_name: str
    caller_phone: str
    enrolled_in_mco: bool
    priority: Priority
    description: str
    member_state_id: str | None = None
    mco_id: int | None = None
    mailing_address: str | None = None
    received_at: datetime | None = None
    assignee_id: int | None = None
    category: str | None = None
    sub_category: str | None = None


@dataclass
class ProviderIntake:
    source: str
    npi: str
    provider_name: str
    contact_name: str
    contact_phone: str
    mco_ids: list[int]
    priority: Priority
    description: str
    mailing_address: str | None = None
    received_at: datetime | None = None
    assignee_id: int | None = None
    category: str | None = None
    sub_category: str | None = None


@dataclass
class CallbackRequest:
    """What a CSR takes down for a supervisor callback (seed 001, step 3)."""

    caller_name: str
    caller_phone: str
    question: str
    member_name: str | None = None
    member_state_id: str | None = None
    npi: str | None = None
    provider_name: str | None = None
    mailing_address: str | None = None
    source: str = "CSR"
    received_at: datetime | None = None
    category: str | None = None
    sub_category: str | None = None


@dataclass
class IntakeResult:
    inquiry: Inquiry
    acknowledgement: str
    notices: list[str] = field(default_factory=list)


def _required(problems: dict[str, str], name: str, value: str | None, label: str) -> str:
    text = (value or "").strip()
    if not text:
        problems[name] = f"{label} is required."
    return text


def _check_source(session: Session, source: str, problems: dict[str, str]) -> str:
    text = source.strip()
    if not text:
        problems["source"] = "Choose where the inquiry was received from."
        return text
    known = session.scalars(select(Source).where(Source.name == text)).first()
    if known is None:
        problems["source"] = f"“{text}” is not one of the sources on the list."
    return text


def _check_mco(session: Session, mco_id: int | None, problems: dict[str, str]) -> Mco | None:
    if mco_id is None:
        problems["mco"] = "Choose the member's MCO."
        return None
    mco = session.get(Mco, mco_id)
    if mco is None:
        problems["mco"] = "That MCO is no longer on the list."
    return mco


def chosen_mcos(session: Session, ids: list[int], problems: dict[str, str]) -> list[Mco]:
    """The MCOs of ``ids``, each once, in the order chosen."""
    found: list[Mco] = []
    for mco_id in ids:
        mco = session.get(Mco, mco_id)
        if mco is None:
            problems["mco"] = "One of the chosen MCOs is no longer on the list."
        elif mco not in found:
            found.append(mco)
    return found


def _try(problems: dict[str, str], fn: object, value: object) -> str | None:
    try:
        result = fn(value)  # type: ignore[operator]
    except ValidationError as exc:
        problems.update(exc.problems)
        return None
    assert isinstance(result, str)
    return result


def _check_assignee(
    session: Session, ctx: ServiceContext, assignee_id: int | None, track: Track,
    problems: dict[str, str],
) -> int | None:  # fmt: skip
    """Who works it: the person taking it in, or someone they send it to (seed 001: an
    MSA/ESR) who is on the team and works this kind of inquiry."""
    if assignee_id is None or assignee_id == ctx.actor.user_id:
        return ctx.actor.user_id
    from .actions.editing import assignable_users

    if assignee_id not in {u.id for u in assignable_users(session, str(track))}:
        problems["assignee"] = "Send it to someone on the team who works these inquiries."
    return assignee_id


def _received(ctx: ServiceContext, when: datetime | None, problems: dict[str, str]) -> datetime:
    now = ctx.clock.now()
    if when is None:
        return now
    if when.tzinfo is None:
        when = when.replace(tzinfo=ctx.calendar.timezone)
    if when > now:
        problems["received_at"] = "The received time cannot be in the future."
    return when


def _office_phone(inquiry: Inquiry) -> str:
    """The number of the unit that answers: Provider Services for a provider, Member Services
    otherwise — the letterhead's, so the acknowledgement and the letters quote the same."""
    from ..letters import LetterError
    from .letters_store import letterhead_for

    try:
        return letterhead_for(inquiry).phone or MEMBER_SERVICES_PHONE
    except LetterError:
        return MEMBER_SERVICES_PHONE  # a broken letterhead file must not stop an intake


def acknowledgement_text(ctx: ServiceContext, inquiry: Inquiry) -> str:
    """Seed 000's acknowledgement wording, adapted to the agency and quoting the reference."""
    phone = _office_phone(inquiry)
    if inquiry.track == Track.IME_CALLBACK:
        due = ctx.calendar.add_business_days(inquiry.received_at, 2)
        return (
            "Thank you for contacting Iowa Medicaid. A supervisor will call you back within "
            f"2 business days, by {due:%A, %B} {due.day}. If you wish to contact us about this "
            f"matter, please call {phone} and give reference number {inquiry.reference}."
        )
    return (
        "Thank you for contacting Iowa Medicaid. Your inquiry has been received and is "
        "currently being researched. We will contact you with a resolution once the research "
        "has been completed. If you wish to contact us regarding this matter, please call "
        f"{phone} and reference number {inquiry.reference}."
    )


def _new_inquiry(
    session: Session, ctx: ServiceContext, track: Track, received_at: datetime, **fields: object
) -> Inquiry:
    now = ctx.clock.now()
    local_day = received_at.astimezone(ctx.calendar.timezone).date()
    inquiry = Inquiry(
        reference=next_reference(session, local_day),
        track=str(track),
        received_at=received_at,
        created_at=now,
        updated_at=now,
        created_by_id=ctx.actor.user_id,
        closed=False,
        **fields,
    )
    session.add(inquiry)
    session.flush()
    return inquiry


def _start(session: Session, ctx: ServiceContext, inquiry: Inquiry, summary: str) -> None:
    add_entry(session, ctx, inquiry, EntryKind.CREATED, summary, at=inquiry.received_at)
    from .clocks import start_milestones

    start_milestones(session, ctx, inquiry)
    audit.record(session, ctx, "inquiry", inquiry.id, "insert", {"reference": inquiry.reference})
    handoffs.taken_in(session, ctx, inquiry)


def create_member_inquiry(
    session: Session, ctx: ServiceContext, data: MemberIntake
) -> IntakeResult:
    require(ctx.actor, Action.CREATE_INQUIRY)
    data = clean_fields(data)
    problems: dict[str, str] = {}
    source = _check_source(session, data.source, problems)
    track = Track.MCO_MEMBER if data.enrolled_in_mco else Track.IME_CALLBACK
    category, sub = choices.lists(session).check_issue_type(
        str(track), data.category, data.sub_category, problems
    )
    member_name = _required(problems, "member_name", data.member_name, "Member name")
    caller_name = _required(problems, "caller_name", data.caller_name, "Caller name")
    phone = _try(problems, normalize_phone, data.caller_phone)
    state_id = None
    if data.member_state_id and data.member_state_id.strip():
        state_id = _try(problems, normalize_state_id, data.member_state_id)
    mco = _check_mco(session, data.mco_id, problems) if data.enrolled_in_mco else None
    description = _required(problems, "description", data.description, "A description")
    received_at = _received(ctx, data.received_at, problems)
    assignee_id = (
        _check_assignee(session, ctx, data.assignee_id, Track.MCO_MEMBER, problems)
        if data.enrolled_in_mco
        else None
    )
    if problems:
        raise ValidationError(problems)

    notices: list[str] = []
    if data.enrolled_in_mco:
        inquiry = _new_inquiry(
            session,
            ctx,
            Track.MCO_MEMBER,
            received_at,
            priority=str(data.priority),
            status=str(Status.OPEN),
            source=source,
            member_name=member_name,
            member_state_id=state_id,
            caller_name=caller_name,
            caller_phone=phone,
            mailing_address=data.mailing_address or None,
            enrolled_in_mco=True,
            mco_id=mco.id if mco else None,
            description=description,
            assignee_id=assignee_id,
            category=category,
            sub_category=sub,
        )
        if mco is not None:
            inquiry.mcos = [mco]
        _start(session, ctx, inquiry, f"Member inquiry taken in ({data.priority.label} priority)")
    else:
        # Seed 001 step 2b: not enrolled in an MCO → Unit Lead callback, already approved
        # because a liaison (not a CSR) routed it.
        inquiry = _new_inquiry(
            session,
            ctx,
            Track.IME_CALLBACK,
            received_at,
            priority=str(data.priority),
            status=str(Status.OPEN),
            source=source,
            member_name=member_name,
            member_state_id=state_id,
            caller_name=caller_name,
            caller_phone=phone,
            mailing_address=data.mailing_address or None,
            enrolled_in_mco=False,
            description=description,
            approved_at=ctx.clock.now(),
            category=category,
            sub_category=sub,
        )
        _start(
            session,
            ctx,
            inquiry,
            "Member not enrolled in an MCO: sent to the Unit Lead queue for a supervisor callback",
        )
        notices.append(
            "The member is not enrolled in an MCO, so this was sent to the Unit Lead "
            "queue as a supervisor callback."
        )
    return IntakeResult(inquiry, acknowledgement_text(ctx, inquiry), notices)


def create_provider_inquiry(
    session: Session, ctx: ServiceContext, data: ProviderIntake
) -> IntakeResult:
    require(ctx.actor, Action.CREATE_INQUIRY)
    data = clean_fields(data)
    problems: dict[str, str] = {}
    source = _check_source(session, data.source, problems)
    category, sub = choices.lists(session).check_issue_type(
        str(Track.MCO_PROVIDER), data.category, data.sub_category, problems
    )
    npi = _try(problems, normalize_npi, data.npi)
    provider_name = _required(problems, "provider_name", data.provider_name, "Provider name")
    contact_name = _required(problems, "contact_name", data.contact_name, "Contact name")
    phone = _try(problems, normalize_phone, data.contact_phone)
    if not data.mco_ids:
        problems["mco"] = "Choose at least one MCO in question."
    mcos = chosen_mcos(session, data.mco_ids, problems)
    description = _required(problems, "description", data.description, "A description")
    received_at = _received(ctx, data.received_at, problems)
    assignee_id = _check_assignee(session, ctx, data.assignee_id, Track.MCO_PROVIDER, problems)
    if problems:
        raise ValidationError(problems)
    inquiry = _new_inquiry(
        session,
        ctx,
        Track.MCO_PROVIDER,
        received_at,
        priority=str(data.priority),
        status=str(Status.OPEN),
        source=source,
        npi=npi,
        provider_name=provider_name,
        contact_name=contact_name,
        contact_phone=phone,
        mailing_address=data.mailing_address or None,
        mco_id=mcos[0].id,
        description=description,
        assignee_id=assignee_id,
        category=category,
        sub_category=sub,
    )
    inquiry.mcos = mcos
    _start(session, ctx, inquiry, f"Provider inquiry taken in ({data.priority.label} priority)")
    return IntakeResult(inquiry, acknowledgement_text(ctx, inquiry))


def create_callback_request(
    session: Session, ctx: ServiceContext, data: CallbackRequest
) -> IntakeResult:
    if not can(ctx.actor.role, Action.CREATE_INQUIRY):  # whoever takes in escalations may ask
        require(ctx.actor, Action.CREATE_CALLBACK_REQUEST)
    data = clean_fields(data)
    problems: dict[str, str] = {}
    category, sub = choices.lists(session).check_issue_type(
        str(Track.IME_CALLBACK), data.category, data.sub_category, problems
    )
    caller_name = _required(problems, "caller_name", data.caller_name, "Caller name")
    phone = _try(problems, normalize_phone, data.caller_phone)
    question = _required(problems, "question", data.question, "The caller's question")
    state_id = npi = None
    if data.member_state_id and data.member_state_id.strip():
        state_id = _try(problems, normalize_state_id, data.member_state_id)
    if data.npi and data.npi.strip():
        npi = _try(problems, normalize_npi, data.npi)
    if not any(
        (data.member_name or "").strip() or (data.provider_name or "").strip() or x
        for x in (state_id, npi)
    ):
        problems["member_name"] = "Give the member's name or ID, or the provider's NPI or name."
    received_at = _received(ctx, data.received_at, problems)
    if problems:
        raise ValidationError(problems)
    inquiry = _new_inquiry(
        session,
        ctx,
        Track.IME_CALLBACK,
        received_at,
        priority=str(Priority.ESCALATED),
        status=str(Status.PENDING_APPROVAL),
        source=data.source or "CSR",
        caller_name=caller_name,
        caller_phone=phone,
        member_name=(data.member_name or "").strip() or None,
        member_state_id=state_id,
        npi=npi,
        provider_name=(data.provider_name or "").strip() or None,
        mailing_address=data.mailing_address or None,
        description=question,
        category=category,
        sub_category=sub,
    )
    _start(
        session,
        ctx,
        inquiry,
        "Supervisor callback requested by the CSR; awaiting Unit Lead approval",
    )
    return IntakeResult(inquiry, acknowledgement_text(ctx, inquiry))
