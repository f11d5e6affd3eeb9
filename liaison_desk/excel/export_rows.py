"""One inquiry as a row of the legacy sheets: its status and clocks in words, who worked it,
the MCO columns, the updates, a callback's attempts, with personal data hidden on request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from ..domain import CallOutcome, EntryKind, Party, Priority, Status, Track
from ..milestones import (
    CLOSED_BREACHED,
    CLOSED_CANCELLED,
    CLOSED_SUPERSEDED,
    MilestoneState,
)
from ..policies import WRITTEN_REPLY, entry_meets
from ..redaction import REDACTED, Redactor
from ..validation import format_phone
from .export_book import _Writer
from .updates import format_update


def _priority_label(value: str) -> str:
    try:
        return Priority(value).label
    except ValueError:
        return value


def _status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


def _state(m: Any, now: datetime) -> str:
    reason = m.closed_reason
    if reason in (CLOSED_CANCELLED, CLOSED_SUPERSEDED):
        return MilestoneState.CANCELLED.label
    if m.met_at is not None:
        return (
            MilestoneState.MET_ON_TIME if m.met_at <= m.due_at else MilestoneState.MET_LATE
        ).label
    if reason == CLOSED_BREACHED:
        return "Not met"
    if now > m.due_at:
        return MilestoneState.OVERDUE.label
    if m.warn_at is not None and now >= m.warn_at:
        return MilestoneState.PAST_WARN.label
    return MilestoneState.ON_TRACK.label


def _redactor(inq: Any) -> Redactor:
    """What this inquiry knows about its people, for redacting its free text."""
    return Redactor(
        (inq.member_name, inq.caller_name, inq.contact_name),
        inq.mailing_address,
        (inq.member_state_id,),
    )


def _scrub(text: str | None, names: Redactor) -> str | None:
    return names(text)


def _assigned(inq: Any, ents: Sequence[Any], users: dict[int, str]) -> str | None:
    """The assignee's name; for an imported row whose "Assigned To" named nobody who uses
    the app, that name as the log had it (so the managers' pivot by assignee still adds up,
    and a re-import keeps it)."""
    if inq.assignee_id is not None:
        return users.get(inq.assignee_id)
    for e in ents:
        if e.kind == EntryKind.IMPORTED and e.data:
            name = e.data.get("assigned_to")
            if isinstance(name, str) and name:
                return name
    return None


def _first(ents: Sequence[Any], test: Callable[[Any], bool]) -> Any | None:
    for e in ents:
        if test(e):
            return e
    return None


def _is_contact(originators: tuple[str, ...]) -> Callable[[Any], bool]:
    failed = {o.value for o in CallOutcome if o is not CallOutcome.REACHED}

    def test(e: Any) -> bool:
        return (
            e.kind == EntryKind.CONTACT
            and e.party in originators
            and (e.outcome or "").casefold() not in failed
        )

    return test


def _mco_contacted(e: Any) -> bool:
    return e.kind == EntryKind.MCO_UPDATE and (
        (e.outcome or "") in ("contacted", "resolved") or bool((e.data or {}).get("contacted"))
    )


_NOT_UPDATES = frozenset(
    {EntryKind.IMPORTED, EntryKind.CREATED, EntryKind.MILESTONE, EntryKind.RESOLUTION}
)


def _updates(w: _Writer, ents: Sequence[Any], used: set[int], names: Redactor) -> str | None:
    lines = []
    for e in ents:
        if e.kind in _NOT_UPDATES or id(e) in used:
            continue
        text = e.summary or ""
        if e.notes and e.notes != text:
            text = f"{text}: {e.notes}" if text else e.notes
        if w.redact:
            text = _scrub(text, names) or ""
        local = w.local(e.at)
        assert local is not None
        lines.append(format_update(local, text))
    return "\n".join(lines) or None


def mco_names(mcos: dict[int, str], inq: Any, linked: list[int] | None) -> str | None:
    """The inquiry's MCOs by name, "; " between them (a provider's may be several)."""
    ids = linked or ([inq.mco_id] if inq.mco_id else [])
    return "; ".join(mcos[i] for i in ids if i in mcos) or None


def _mco_row(
    w: _Writer,
    inq: Any,
    ents: Sequence[Any],
    mcos: dict[int, str],
    linked: list[int] | None,
    users: dict[int, str],
    names: Redactor,
) -> list[Any]:
    provider = inq.track == Track.MCO_PROVIDER
    originators = (Party.PROVIDER.value, Party.MEMBER.value) if provider else (Party.MEMBER.value,)
    contact = _first(ents, _is_contact(originators))
    referral = _first(ents, lambda e: e.kind == EntryKind.REFERRAL)
    mco_update = _first(ents, _mco_contacted)
    used = {id(x) for x in (contact, referral, mco_update) if x is not None}
    received = w.local(inq.received_at)
    assert received is not None
    if provider:
        mco_text = mco_names(mcos, inq, linked)
    else:
        mco_text = (
            mcos.get(inq.mco_id)
            if inq.mco_id
            else ("Not enrolled" if inq.track == Track.IME_CALLBACK else None)
        )
    r = w.redact
    description = _scrub(inq.description, names) if r else inq.description
    if provider:
        who = [
            inq.provider_name,
            inq.npi,
            REDACTED if r and inq.contact_name else inq.contact_name,
            REDACTED if r and inq.contact_phone else format_phone(inq.contact_phone) or None,
        ]
    else:
        who = [
            REDACTED if r and inq.member_name else inq.member_name,
            REDACTED if r and inq.member_state_id else inq.member_state_id,
            REDACTED if r and inq.caller_name else inq.caller_name,
            REDACTED if r and inq.caller_phone else format_phone(inq.caller_phone) or None,
        ]
    return [
        inq.reference,
        received.date(),
        received.time(),
        inq.source,
        *who,
        mco_text,
        _priority_label(inq.priority),
        description,
        _assigned(inq, ents, users),
        w.local(contact.at) if contact is not None else None,
        inq.mco_department,
        w.local(inq.referred_at) or (w.local(referral.at) if referral is not None else None),
        w.local(mco_update.at) if mco_update is not None else None,
        _updates(w, ents, used, names),
        (_scrub(inq.resolution, names) if r else inq.resolution),
        w.local(inq.resolved_at),
        _status_label(inq.status),
        REDACTED if r and inq.mailing_address else inq.mailing_address,
    ]


def _attempt_text(w: _Writer, e: Any | None) -> str | None:
    if e is None:
        return None
    local = w.local(e.at)
    assert local is not None
    outcome = (e.outcome or "outcome not recorded").replace("_", " ")
    return f"{local:%m/%d/%Y %I:%M %p} - {outcome}"


def _callback_row(
    w: _Writer,
    inq: Any,
    ents: Sequence[Any],
    users: dict[int, str],
    names: Redactor,
) -> list[Any]:
    attempts = [e for e in ents if e.kind == EntryKind.CALLBACK_ATTEMPT]
    letter = _first(ents, lambda e: e.kind == EntryKind.LETTER)
    used = {id(x) for x in (*attempts[:2], letter) if x is not None}
    csr = None
    imported = _first(ents, lambda e: e.kind == EntryKind.IMPORTED)
    if imported is not None and (imported.data or {}).get("csr"):
        csr = imported.data["csr"]
    elif inq.created_by_id is not None:
        csr = users.get(inq.created_by_id)
    r = w.redact
    complete = inq.callback_completed_at or (inq.resolved_at if inq.closed else None)
    return [
        inq.reference,
        w.local(inq.received_at),
        csr,
        REDACTED if r and inq.caller_name else inq.caller_name,
        REDACTED if r and inq.member_name else inq.member_name,
        REDACTED if r and inq.member_state_id else inq.member_state_id,
        inq.npi,
        REDACTED if r and inq.caller_phone else format_phone(inq.caller_phone) or None,
        _scrub(inq.description, names) if r else inq.description,
        _attempt_text(w, attempts[0] if attempts else None),
        _attempt_text(w, attempts[1] if len(attempts) > 1 else None),
        w.local(letter.at) if letter is not None else None,
        w.local(complete),
        _updates(w, ents, used, names),
        inq.source,
        inq.provider_name,
        _priority_label(inq.priority),
        _status_label(inq.status),
        _assigned(inq, ents, users),
        _scrub(inq.resolution, names) if r else inq.resolution,
        REDACTED if r and inq.mailing_address else inq.mailing_address,
    ]


def _email_row(
    w: _Writer, inq: Any, ents: Sequence[Any], users: dict[int, str], names: Redactor
) -> list[Any]:
    """A row of the E-mail sheet: seed 004's report (Date Received, From, Subject, Assigned
    To, Date Responded, Date Completed, Status), then the app's own columns. Responded is the
    first e-mailed reply (an acknowledgement is not a response, seed 000 VII.1.b)."""
    r = w.redact
    replied = _first(ents, lambda e: entry_meets(WRITTEN_REPLY, e))
    received = w.local(inq.received_at)
    sender = inq.caller_name
    return [
        inq.reference,
        received.date() if received is not None else None,
        received.time() if received is not None else None,
        REDACTED if r and sender else sender,
        _scrub(inq.subject, names) if r else inq.subject,
        inq.channel,
        _assigned(inq, ents, users),
        w.local(replied.at) if replied is not None else None,
        w.local(inq.resolved_at) if inq.closed else None,
        _status_label(inq.status),
        REDACTED if r and inq.email else inq.email,
        REDACTED if r and inq.caller_phone else format_phone(inq.caller_phone) or None,
        REDACTED if r and inq.member_name else inq.member_name,
        REDACTED if r and inq.member_state_id else inq.member_state_id,
        inq.provider_name,
        inq.npi,
        _scrub(inq.description, names) if r else inq.description,
        inq.category,
        inq.sub_category,
        inq.outcome,
        _scrub(inq.resolution, names) if r else inq.resolution,
        inq.source,
    ]
