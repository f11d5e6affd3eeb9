"""What the client reads to offer the actions: the inquiry in brief, the actions that fit it
for the person, the MCOs and departments to refer to, and what a change would do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Inquiry, Mco
from ...domain import (
    Priority,
    Status,
    Track,
    has_priority,
)
from ...policies import compute_times
from .. import clocks
from ..context import Actor, ServiceContext
from ..permissions import (
    Action,
    allowed_actions,
    can,
    can_view_inquiry,
)
from .guards import load_checked

# ------------------------------------------------------------------------- read models
# What the client's dialogs and buttons need, read in one short session off the GUI thread.


@dataclass(frozen=True)
class InquiryBrief:
    id: int
    reference: str
    version: int
    track: str
    priority: str
    status: str
    closed: bool
    subject_name: str
    description: str
    member_name: str | None
    member_state_id: str | None
    caller_name: str | None
    caller_phone: str | None
    provider_name: str | None
    npi: str | None
    contact_name: str | None
    contact_phone: str | None
    mailing_address: str | None
    assignee_id: int | None
    assignee_name: str | None
    mco_id: int | None
    mco_name: str | None
    mco_short_name: str | None
    mco_department: str | None
    mco_contact: str | None
    referred_at: datetime | None
    decision: str | None
    created_by_id: int | None
    created_by_name: str | None
    received_at: datetime
    letters: tuple[tuple[int, str], ...] = ()
    """Stored letters, oldest first: (letter id, "Nov 24 · to Mary O'Brien")."""
    referred_mcos: tuple[tuple[int, str, bool], ...] = ()
    """The MCOs with a referral clock: (id, short name, still awaited), awaited first."""
    source: str = ""
    mco_ids: tuple[int, ...] = ()
    """The MCO(s) in question as taken in (a provider issue may name several)."""

    @property
    def is_callback(self) -> bool:
        return self.track == Track.IME_CALLBACK

    @property
    def originator_name(self) -> str:
        """Whom "contact the originator" means: the caller, or the provider's contact."""
        if self.track == Track.MCO_PROVIDER:
            return self.contact_name or self.provider_name or ""
        return self.caller_name or self.member_name or ""

    @property
    def phone(self) -> str | None:
        """The number to call back (E.164)."""
        if self.track == Track.MCO_PROVIDER:
            return self.contact_phone or self.caller_phone
        return self.caller_phone or self.contact_phone


def brief(session: Session, ctx: ServiceContext, inquiry_id: int) -> InquiryBrief:
    inquiry = load_checked(session, ctx, inquiry_id, None)
    mco = inquiry.mco
    letters = []
    for letter in inquiry.letters:
        day = letter.created_at.astimezone(ctx.calendar.timezone)
        letters.append((letter.id, f"{day:%b} {day.day}, {day.year} · to {letter.recipient_name}"))
    return InquiryBrief(
        id=inquiry.id,
        reference=inquiry.reference,
        version=inquiry.version,
        track=inquiry.track,
        priority=inquiry.priority,
        status=inquiry.status,
        closed=inquiry.closed,
        subject_name=inquiry.subject_name,
        description=inquiry.description,
        member_name=inquiry.member_name,
        member_state_id=inquiry.member_state_id,
        caller_name=inquiry.caller_name,
        caller_phone=inquiry.caller_phone,
        provider_name=inquiry.provider_name,
        npi=inquiry.npi,
        contact_name=inquiry.contact_name,
        contact_phone=inquiry.contact_phone,
        mailing_address=inquiry.mailing_address,
        assignee_id=inquiry.assignee_id,
        assignee_name=inquiry.assignee.display_name if inquiry.assignee else None,
        mco_id=inquiry.mco_id,
        mco_name=mco.name if mco else None,
        mco_short_name=mco.short_name if mco else None,
        mco_department=inquiry.mco_department,
        mco_contact=inquiry.mco_contact,
        referred_at=inquiry.referred_at,
        decision=inquiry.decision,
        created_by_id=inquiry.created_by_id,
        created_by_name=inquiry.created_by.display_name if inquiry.created_by else None,
        received_at=inquiry.received_at,
        letters=tuple(letters),
        referred_mcos=_referred_mcos(inquiry),
        source=inquiry.source,
        mco_ids=tuple(m.id for m in inquiry.mcos),
    )


def _referred_mcos(inquiry: Inquiry) -> tuple[tuple[int, str, bool], ...]:
    found: dict[int, tuple[str, bool]] = {}
    for m in inquiry.milestones:
        if m.mco is None:
            continue
        awaited = m.met_at is None and m.closed_reason is None
        name, before = found.get(m.mco.id, (m.mco.short_name or m.mco.name, False))
        found[m.mco.id] = (name, before or awaited)
    return tuple(sorted(((i, n, a) for i, (n, a) in found.items()), key=lambda x: (not x[2], x[1])))


_CONSIDERATION_STEPS: dict[str, Action] = {
    Status.QC_VETTING: Action.VET_CONSIDERATION,
    Status.STATE_MONITOR: Action.RECORD_MONITOR_RESULT,
    Status.OUTREACH: Action.RECORD_OUTREACH,
}


def available_actions(actor: Actor, inquiry: InquiryBrief) -> frozenset[Action]:
    """What ``actor`` may do to this inquiry now: their role's actions that fit its state."""
    if not can_view_inquiry(actor, inquiry.created_by_id, inquiry.track):
        return frozenset()
    fitting: set[Action] = {Action.ADD_NOTE, Action.VIEW_AUDIT}
    csr_request = not can(actor.role, Action.VIEW_ALL) and inquiry.status in (
        Status.PENDING_APPROVAL,
        Status.SENT_BACK,
    )
    if not inquiry.is_callback or can(actor.role, Action.RECORD_CALLBACK_ATTEMPT) or csr_request:
        fitting.add(Action.EDIT_DETAILS)
    if inquiry.letters:
        fitting.add(Action.VIEW_LETTER)
    if inquiry.track == Track.CONSIDERATION:
        # Seed 003: each step is its role's; the case is worked through them, not by hand.
        step = _CONSIDERATION_STEPS.get(inquiry.status)
        if step is not None and not inquiry.closed:
            fitting.add(step)
        fitting.discard(Action.EDIT_DETAILS)
        return frozenset(fitting) & allowed_actions(actor.role)
    if inquiry.closed:
        if not inquiry.is_callback or can(actor.role, Action.RECORD_CALLBACK_ATTEMPT):
            fitting |= {Action.REOPEN, Action.WRITE_LETTER}
    elif inquiry.status == Status.PENDING_APPROVAL:
        fitting |= {Action.APPROVE_CALLBACK}
    elif inquiry.status == Status.SENT_BACK:
        fitting |= {Action.RESUBMIT_CALLBACK}
    elif inquiry.is_callback and not can(actor.role, Action.RECORD_CALLBACK_ATTEMPT):
        pass  # callbacks are the Unit Lead's and the MSA's work
    elif inquiry.is_callback:
        fitting |= {
            Action.RECORD_CALLBACK_ATTEMPT,
            Action.WRITE_LETTER,
            Action.COMPLETE_CALLBACK,
            Action.LOG_CONTACT,
            Action.ASSIGN,
            Action.RESOLVE,
        }
    else:
        fitting |= {
            Action.LOG_CONTACT,
            Action.REFER_TO_MCO,
            Action.ASSIGN,
            Action.RECORD_DECISION,
            Action.CHANGE_PRIORITY,
            Action.RESOLVE,
            Action.WRITE_LETTER,
        }
        if inquiry.referred_at is not None:
            fitting |= {Action.RECORD_MCO_UPDATE, Action.LOG_FOLLOW_UP}
        if not has_priority(inquiry.track):
            fitting.discard(Action.CHANGE_PRIORITY)  # an e-mail's standards have none
    return frozenset(fitting) & allowed_actions(actor.role)


@dataclass(frozen=True)
class DepartmentChoice:
    name: str
    contact_name: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class McoChoice:
    id: int
    name: str
    short_name: str
    phone: str | None
    departments: tuple[DepartmentChoice, ...]


def referral_choices(session: Session) -> list[McoChoice]:
    """The current MCOs with their active departments, for the referral dialog."""
    mcos = session.scalars(select(Mco).where(Mco.active.is_(True)).order_by(Mco.name))
    return [
        McoChoice(
            id=m.id,
            name=m.name,
            short_name=m.short_name,
            phone=m.phone,
            departments=tuple(
                DepartmentChoice(d.name, d.contact_name, d.phone, d.email)
                for d in m.departments
                if d.active
            ),
        )
        for m in mcos
    ]


@dataclass(frozen=True)
class Deadline:
    label: str
    due_at: datetime
    description: str


def referral_deadlines(
    session: Session, ctx: ServiceContext, inquiry_id: int, at: datetime | None = None
) -> list[Deadline]:
    """The MCO clocks a referral made ``at`` (default now) would start, for the dialog."""
    inquiry = load_checked(session, ctx, inquiry_id, None)
    start = at or ctx.clock.now()
    found: list[Deadline] = []
    for spec in clocks.enabled_policies(session):
        if spec.starts_on != clocks.STARTS_REFERRAL:
            continue
        if not spec.applies_to(inquiry.track, inquiry.priority):
            continue
        _warn, due = compute_times(ctx.calendar, spec, start)
        found.append(Deadline(spec.label, due, spec.description))
    return found


@dataclass(frozen=True)
class PriorityEffect:
    """One line of the priority dialog's preview."""

    label: str
    due_at: datetime
    replaces_due: datetime | None
    """The due time of the running clock it replaces; None for a clock that is new."""


def priority_effects(
    session: Session, ctx: ServiceContext, inquiry_id: int
) -> dict[str, list[PriorityEffect]]:
    """For each priority, the clocks a change to it would start, each with the running clock
    it replaces (:func:`clocks.priority_plan`, the rule the change itself follows)."""
    inquiry = load_checked(session, ctx, inquiry_id, None)
    out: dict[str, list[PriorityEffect]] = {}
    for priority in Priority:
        if priority == inquiry.priority:
            continue
        _replaced, plan = clocks.priority_plan(session, inquiry, priority)
        effects = []
        for step in plan:
            label = (
                step.spec.label
                if step.mco is None
                else f"{step.spec.label} — {step.mco.short_name}"
            )
            _warn, due = compute_times(ctx.calendar, step.spec, step.start)
            effects.append(
                PriorityEffect(label, due, step.replaces.due_at if step.replaces else None)
            )
        out[str(priority)] = effects
    return out
