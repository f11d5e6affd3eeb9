"""Actions that only add history (a contact, a note, what the MCO reported, a follow-up):
they cannot lose anybody's change, so they take no expected version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ...domain import (
    Channel,
    EntryKind,
    Party,
    Track,
)
from ...errors import DomainError, ValidationError
from .. import audit
from ..context import ServiceContext
from ..history import add_entry
from ..permissions import (
    Action,
    require,
)
from .editing import which_mco
from .guards import (
    CHANNEL_LABELS,
    MCO_UPDATE_LABELS,
    OUTCOME_MAX,
    ActionResult,
    McoUpdate,
    _start_work,
    contact_outcomes,
    ensure_approved,
    ensure_may_work,
    ensure_mco_track,
    ensure_open,
    load_checked,
    optional_text,
    party_label,
    required_text,
    result,
    summary_and_notes,
    touch,
    when,
)

# ------------------------------------------------------------------------ append-only


def log_contact(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    party: Party,
    channel: Channel,
    outcome: str,
    notes: str | None = None,
    at: datetime | None = None,
) -> ActionResult:
    """A contact with the member/originator, the provider, the MCO or someone else.

    ``outcome`` is one of :func:`contact_outcomes` for the channel: a call's outcome
    (reached, no answer, voicemail, busy, wrong number) or "sent"/"received". A failed call
    is logged but meets no clock.
    """
    require(ctx.actor, Action.LOG_CONTACT)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_may_work(ctx, inquiry)
    ensure_open(inquiry, "log a contact")
    ensure_approved(inquiry, "log a contact")
    party, channel = Party(party), Channel(channel)
    choices = contact_outcomes(channel)
    if outcome not in choices:
        raise ValidationError(
            {"outcome": f"Choose how the {CHANNEL_LABELS[channel].lower()} contact went."}
        )
    moment = when(ctx, inquiry, at)
    changes = _start_work(inquiry)
    touch(ctx, inquiry)
    who = party_label(inquiry.track, party)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.CONTACT,
        f"{CHANNEL_LABELS[channel]} contact with {who}: {choices[outcome].lower()}",
        at=moment,
        party=str(party),
        channel=str(channel),
        outcome=outcome,
        notes=optional_text(notes),
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "contact",
        {"entry_id": entry.id, "party": str(party), "channel": str(channel), **changes},
    )
    return result(session, inquiry, entry, "Contact logged.")


def add_note(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    text: str,
) -> ActionResult:
    """A note in the timeline; allowed on resolved inquiries too (history never closes)."""
    require(ctx.actor, Action.ADD_NOTE)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    body = required_text(text, "text", "Write the note.")
    touch(ctx, inquiry)
    summary, notes = summary_and_notes(body)
    entry = add_entry(session, ctx, inquiry, EntryKind.NOTE, summary, notes=notes)
    audit.record(session, ctx, "inquiry", inquiry.id, "note", {"entry_id": entry.id})
    return result(session, inquiry, entry, "Note added.")


def record_mco_update(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    update: McoUpdate,
    notes: str | None = None,
    contacted: bool | None = None,
    channel: Channel | None = None,
    at: datetime | None = None,
    mco_id: int | None = None,
) -> ActionResult:
    """What the MCO reported. ``contacted`` (default: the update is "contacted" or
    "resolved") is what meets that MCO's "MCO contacts member" clock; ``mco_id`` says which
    MCO spoke when the inquiry went to several (default: the one still awaited)."""
    require(ctx.actor, Action.RECORD_MCO_UPDATE)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_mco_track(inquiry, "record an MCO update")
    ensure_open(inquiry, "record an MCO update")
    update = McoUpdate(update)
    moment = when(ctx, inquiry, at)
    if contacted is None:
        contacted = update in (McoUpdate.CONTACTED, McoUpdate.RESOLVED)
    text = optional_text(notes)
    if update == McoUpdate.WORKING and not text:
        raise ValidationError({"notes": "Write what the MCO said it is working on."})
    mco = which_mco(session, inquiry, mco_id)
    who = mco.short_name if mco is not None else "MCO"
    summary = MCO_UPDATE_LABELS[update].replace("MCO", who, 1)
    if inquiry.track == Track.MCO_PROVIDER:
        summary = summary.replace("the member", "the provider")
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.MCO_UPDATE,
        summary,
        at=moment,
        party=str(Party.MCO),
        channel=str(Channel(channel)) if channel is not None else None,
        outcome=str(update),
        notes=text,
        data={"contacted": bool(contacted), "mco_id": mco.id if mco is not None else None},
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "mco_update",
        {"entry_id": entry.id, "update": str(update), "contacted": bool(contacted)},
    )
    return result(session, inquiry, entry, "MCO update recorded.")


def log_follow_up(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    channel: Channel,
    response: str,
    notes: str | None = None,
    at: datetime | None = None,
    mco_id: int | None = None,
) -> ActionResult:
    """The liaison or MSA/ESR chased the MCO for an update (seed 001, step 4e.i)."""
    require(ctx.actor, Action.LOG_FOLLOW_UP)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_mco_track(inquiry, "follow up with an MCO")
    ensure_open(inquiry, "follow up with the MCO")
    if inquiry.referred_at is None:
        raise DomainError(
            f"{inquiry.reference} has not been referred to an MCO yet; refer it before "
            "following up."
        )
    channel = Channel(channel)
    text = required_text(response, "response", "Say what the MCO answered.", OUTCOME_MAX)
    moment = when(ctx, inquiry, at)
    mco = which_mco(session, inquiry, mco_id)
    who = mco.short_name if mco is not None else "the MCO"
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.FOLLOW_UP,
        f"Followed up with {who} by {CHANNEL_LABELS[channel].lower()}: {text}",
        at=moment,
        party=str(Party.MCO),
        channel=str(channel),
        outcome=text,
        notes=optional_text(notes),
        data={"mco_id": mco.id if mco is not None else None},
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "follow_up", {"entry_id": entry.id})
    return result(session, inquiry, entry, "Follow-up logged.")
