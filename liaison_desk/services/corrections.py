"""Correcting what intake recorded: names, IDs, phones, address, MCOs, source, description,
the received time and whether the inquiry is about a member or a provider.

A correction is an *editing* action (it checks the version the person saw). It keeps the
record true rather than pretty: the timeline and the audit get every old and new value, and
when the received time or the kind of inquiry changes the clocks are worked out again
(:func:`~.clocks.replan`) and the timeline says which deadlines were replaced by which.

Decisions where the spec is silent:

- Correcting the received time or the kind needs a reason (it moves deadlines that
  compliance counts); other corrections do not.
- The received time cannot move past the first thing done about the inquiry (a contact
  before receipt would be nonsense), nor into the future.
- A resolved inquiry's wording can be corrected; its received time and kind cannot (reopen
  it first), so a closed record's compliance figures are not rewritten quietly.
- A member inquiry can become a provider one and back; a supervisor callback stays one (its
  approval and calls are a different workflow). The reference number never changes: it was
  quoted to the caller.
- Changing the MCO(s) in question does not move a referral already made: that MCO was
  contacted and its clock stands.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, Mco, Source, TimelineEntry
from ..domain import EntryKind, Status, Track
from ..errors import DomainError, PermissionDenied, ValidationError
from ..milestones import format_when
from ..text_clean import clean_fields
from ..validation import (
    format_phone,
    normalize_email,
    normalize_npi,
    normalize_phone,
    normalize_state_id,
)
from . import audit, choices, clocks
from .actions import ActionResult, ensure_may_work, load_checked, result
from .context import ServiceContext
from .history import add_entry
from .permissions import Action, can, require
from .receipt import check_not_future

LABELS = {
    "track": "About",
    "source": "Received from",
    "member_name": "Member name",
    "member_state_id": "State ID",
    "caller_name": "Caller name",
    "caller_phone": "Caller phone",
    "npi": "NPI",
    "provider_name": "Provider name",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "mcos": "MCO",
    "description": "Description",
    "mailing_address": "Mailing address",
    "received_at": "Received",
    "channel": "Channel",
    "email": "E-mail",
    "subject": "Subject",
    "category": "Category",
    "sub_category": "Sub-category",
}
_PHONES = ("caller_phone", "contact_phone")
_TEXTS = ("member_name", "caller_name", "provider_name", "contact_name", "mailing_address")
# Entries that are not something done about the inquiry (for the received-time limit).
_NOT_WORK = frozenset(
    {EntryKind.CREATED, EntryKind.IMPORTED, EntryKind.MILESTONE, EntryKind.CORRECTION}
)
_SWITCHABLE = (Track.MCO_MEMBER, Track.MCO_PROVIDER)


@dataclass
class DetailsEdit:
    """The corrected values; a field left None stays as it is, "" clears an optional one."""

    track: str | None = None
    source: str | None = None
    member_name: str | None = None
    member_state_id: str | None = None
    caller_name: str | None = None
    caller_phone: str | None = None
    npi: str | None = None
    provider_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    mco_ids: list[int] | None = None
    description: str | None = None
    mailing_address: str | None = None
    received_at: datetime | None = None
    channel: str | None = None
    email: str | None = None
    subject: str | None = None
    category: str | None = None
    sub_category: str | None = None
    reason: str = ""


def _required_for(track: str) -> set[str]:
    if track == Track.MCO_MEMBER:
        return {"source", "member_name", "caller_name", "caller_phone", "description"}
    if track == Track.MCO_PROVIDER:
        return {"source", "npi", "provider_name", "contact_name", "contact_phone", "description"}
    if track == Track.EMAIL:  # the phone is optional where an address is given
        return {"caller_name", "description"}
    return {"caller_name", "caller_phone", "description"}


def _may_correct(ctx: ServiceContext, inquiry: Inquiry) -> None:
    if can(ctx.actor.role, Action.VIEW_ALL):
        ensure_may_work(ctx, inquiry)
    elif inquiry.status not in (Status.PENDING_APPROVAL, Status.SENT_BACK):
        raise PermissionDenied(
            f"{inquiry.reference} has been approved; ask the Unit Lead to correct its details."
        )


def _shown(name: str, value: Any, ctx: ServiceContext) -> str:
    if value in (None, "", []):
        return "(empty)"
    if name in _PHONES:
        return format_phone(value)
    if name == "received_at":
        return format_when(value, ctx.calendar)
    if name == "track":
        return Track(value).label
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


class _Changes:
    """The corrections found so far and the problems with the rest (field → message)."""

    def __init__(self, inquiry: Inquiry) -> None:
        self.inquiry = inquiry
        self.found: dict[str, list[Any]] = {}
        self.problems: dict[str, str] = {}

    def set(self, name: str, new: Any) -> None:
        before = getattr(self.inquiry, name)
        if (before or None) == (new or None):
            return
        self.found[name] = [before, new]
        setattr(self.inquiry, name, new)

    def check(self, name: str, fn: Any, raw: str) -> str | None:
        try:
            value = fn(raw)
        except ValidationError as exc:
            self.problems[name] = next(iter(exc.problems.values()))
            return None
        return str(value)


def _first_work_at(session: Session, inquiry: Inquiry) -> TimelineEntry | None:
    return session.scalars(
        select(TimelineEntry)
        .where(
            TimelineEntry.inquiry_id == inquiry.id,
            TimelineEntry.kind.not_in([str(k) for k in _NOT_WORK]),
        )
        .order_by(TimelineEntry.at, TimelineEntry.id)
        .limit(1)
    ).first()


def _track(inquiry: Inquiry, wanted: str | None, changes: _Changes) -> str:
    if wanted is None or wanted == inquiry.track:
        return inquiry.track
    if inquiry.track not in _SWITCHABLE or wanted not in _SWITCHABLE:
        raise DomainError(
            "A supervisor callback stays a callback. Resolve it and take in a new inquiry."
        )
    changes.set("track", wanted)
    if wanted == Track.MCO_MEMBER:
        inquiry.enrolled_in_mco = True
    return wanted


def _fields(session: Session, data: DetailsEdit, track: str, changes: _Changes) -> None:
    inquiry, problems = changes.inquiry, changes.problems
    required = _required_for(track)
    for name in _TEXTS:
        raw = getattr(data, name)
        if raw is None:
            continue
        text = raw.strip()
        if not text and name in required:
            problems[name] = f"{LABELS[name]} is required."
            continue
        changes.set(name, text or None)
    for name in _PHONES:
        raw = getattr(data, name)
        if raw is None:
            continue
        if not raw.strip():
            if name in required:
                problems[name] = f"{LABELS[name]} is required."
            else:
                changes.set(name, None)
            continue
        phone = changes.check(name, normalize_phone, raw)
        if phone is not None:
            changes.set(name, phone)
    for name, fn in (("member_state_id", normalize_state_id), ("npi", normalize_npi)):
        raw = getattr(data, name)
        if raw is None:
            continue
        if not raw.strip():
            if name in required:
                problems[name] = f"{LABELS[name]} is required."
            else:
                changes.set(name, None)
            continue
        value = changes.check(name, fn, raw)
        if value is not None:
            changes.set(name, value)
    if data.description is not None:
        text = data.description.strip()
        if not text:
            problems["description"] = "A description is required."
        else:
            changes.set("description", text)
    if data.source is not None and track != Track.EMAIL:  # an e-mail's is who wrote
        text = data.source.strip()
        if not text and "source" in required:
            problems["source"] = "Choose where the inquiry was received from."
        elif text and text != inquiry.source:
            if session.scalars(select(Source).where(Source.name == text)).first() is None:
                problems["source"] = f"“{text}” is not one of the sources on the list."
            else:
                changes.set("source", text)
    # What the track itself needs, though the person did not touch it.
    for name in required:
        if name not in problems and not (getattr(inquiry, name, None) or "").strip():
            problems[name] = f"{LABELS[name]} is required."
    if track == Track.IME_CALLBACK and not any(
        getattr(inquiry, n) for n in ("member_name", "member_state_id", "npi", "provider_name")
    ):
        problems["member_name"] = "Give the member's name or ID, or the provider's NPI or name."


def _written(session: Session, data: DetailsEdit, track: str, changes: _Changes) -> None:
    """The e-mail's channel, address and subject; the issue category of any inquiry."""
    problems = changes.problems
    wants_channel = track == Track.EMAIL and data.channel is not None
    wants_type = data.category is not None or data.sub_category is not None
    offered = choices.lists(session) if wants_channel or wants_type else choices.ChoiceLists()
    if wants_channel:
        channel = offered.check_channel(data.channel, problems)
        if channel is not None and "channel" not in problems:
            changes.set("channel", channel)
    if data.email is not None:
        if data.email.strip():
            address = changes.check("email", normalize_email, data.email)
            if address is not None:
                changes.set("email", address)
        else:
            changes.set("email", None)
    if data.subject is not None:
        changes.set("subject", " ".join(data.subject.split())[:300] or None)
    if track == Track.EMAIL and not (changes.inquiry.email or changes.inquiry.caller_phone):
        problems["email"] = "Give the sender's e-mail address (or a phone number)."
    if wants_type:
        cat, sub = offered.check_issue_type(
            track,
            changes.inquiry.category if data.category is None else data.category,
            data.sub_category, problems,
        )  # fmt: skip
        if not {"category", "sub_category"} & set(problems):
            changes.set("category", cat)
            changes.set("sub_category", sub)


def _mcos(session: Session, data: DetailsEdit, track: str, changes: _Changes) -> None:
    inquiry = changes.inquiry
    if track == Track.IME_CALLBACK or (track == Track.EMAIL and not data.mco_ids):
        return
    wanted = data.mco_ids
    if wanted is None:
        wanted = [m.id for m in inquiry.mcos] or ([inquiry.mco_id] if inquiry.mco_id else [])
    chosen: list[Mco] = []
    for mco_id in wanted:
        mco = session.get(Mco, mco_id)
        if mco is None:
            changes.problems["mco"] = "One of the chosen MCOs is no longer on the list."
        elif mco not in chosen:
            chosen.append(mco)
    if not chosen:
        changes.problems["mco"] = "Choose the MCO in question."
        return
    if track == Track.MCO_MEMBER and len(chosen) > 1:
        changes.problems["mco"] = "A member is enrolled in one MCO: choose one."
        return
    before = sorted(m.name for m in inquiry.mcos)
    after = sorted(m.name for m in chosen)
    if before != after:
        changes.found["mcos"] = [before, after]
        inquiry.mcos = chosen
        if inquiry.mco_id not in {m.id for m in chosen}:
            inquiry.mco_id = chosen[0].id


def _received(session: Session, ctx: ServiceContext, data: DetailsEdit, changes: _Changes) -> None:
    if data.received_at is None:
        return
    inquiry = changes.inquiry
    try:
        when = check_not_future(ctx.calendar, ctx.clock.now(), data.received_at)
    except ValidationError as exc:
        changes.problems.update(exc.problems)
        return
    if when == inquiry.received_at:
        return
    first = _first_work_at(session, inquiry)
    if first is not None and when > first.at:
        changes.problems["received_at"] = (
            "The received time cannot be after the first thing done about it: "
            f"{first.summary[:80]} ({format_when(first.at, ctx.calendar)})."
        )
        return
    changes.set("received_at", when)


def edit_details(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    data: DetailsEdit,
) -> ActionResult:
    """Correct the intake details; see the module docstring for the rules."""
    require(ctx.actor, Action.EDIT_DETAILS)
    data = clean_fields(data)
    mine = {k: v for k, v in asdict(data).items() if v is not None and k != "reason"}
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, mine)
    _may_correct(ctx, inquiry)
    changes = _Changes(inquiry)
    track = _track(inquiry, data.track, changes)
    _received(session, ctx, data, changes)
    moves_clocks = "received_at" in changes.found or "track" in changes.found
    if moves_clocks and inquiry.closed:
        raise DomainError(
            f"{inquiry.reference} is resolved: reopen it before you correct its received time "
            "or kind, so its deadlines can be worked out again."
        )
    _fields(session, data, track, changes)
    _written(session, data, track, changes)
    _mcos(session, data, track, changes)
    reason = (data.reason or "").strip()
    if moves_clocks and not reason:
        changes.problems["reason"] = "Say why it was wrong: the deadlines will move."
    if changes.problems:
        raise ValidationError(changes.problems)
    if not changes.found:
        raise DomainError("Nothing to save: no detail was changed.")

    order = list(LABELS)  # the form's order, not the order they were checked in
    found = dict(sorted(changes.found.items(), key=lambda item: order.index(item[0])))
    names = [LABELS[n] for n in found]
    lines = [
        f"{LABELS[n]}: {_shown(n, old, ctx)} → {_shown(n, new, ctx)}"
        for n, (old, new) in found.items()
    ]
    if reason:
        lines.append(f"Why: {reason}")
    data_out: dict[str, Any] = {"changes": audit_values(found), "reason": reason or None}
    if moves_clocks:
        replaced, started = clocks.replan(
            session, ctx, inquiry, received_changed="received_at" in changes.found
        )
        clock_lines, clock_data = clocks.describe_replan(ctx, replaced, started)
        if clock_lines:
            what = "received time" if "received_at" in changes.found else "kind of inquiry"
            lines.append(f"The deadlines were worked out again from the corrected {what}:")
            lines += clock_lines
        data_out.update(clock_data)
    inquiry.updated_at = ctx.clock.now()
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.CORRECTION,
        "Details corrected: " + ", ".join(names),
        notes="\n".join(lines),
        data=data_out,
        react=False,
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "correct", data_out["changes"])
    return result(session, inquiry, entry, f"{inquiry.reference}: {', '.join(names)} corrected.")


def audit_values(found: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        name: [v.isoformat() if isinstance(v, datetime) else v for v in pair]
        for name, pair in found.items()
    }
