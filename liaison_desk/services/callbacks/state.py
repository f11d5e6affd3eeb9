"""Where a callback stands: its attempts and letters this round, and what may happen next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ...db.models import Inquiry, TimelineEntry
from ...domain import CallOutcome, EntryKind, Status, Track
from ...errors import DomainError
from ..actions import (
    ActionResult,
    load_checked,
)
from ..context import ServiceContext

PHONE_ATTEMPTS = 2
"""Seed 001 step 8: "Unit Lead/MSA will make two attempts by telephone"."""

APPROVED = "approved"
SENT_BACK = "sent_back"
RESUBMITTED = "resubmitted"


@dataclass(frozen=True)
class Attempt:
    entry_id: int
    number: int
    """1 for the first attempt since the request was approved (or last reopened)."""
    at: datetime
    number_dialled: str
    outcome: CallOutcome
    notes: str | None
    insist_reason: str | None
    by: str

    @property
    def reached(self) -> bool:
        return self.outcome == CallOutcome.REACHED


@dataclass(frozen=True)
class SentLetter:
    entry_id: int
    letter_id: int
    at: datetime
    summary: str


@dataclass(frozen=True)
class CallbackState:
    """Everything the callback panel shows."""

    inquiry_id: int
    reference: str
    version: int
    status: str
    closed: bool
    approved: bool
    caller_name: str | None
    caller_phone: str | None
    question: str
    attempts: tuple[Attempt, ...]
    letters: tuple[SentLetter, ...]
    completed_at: datetime | None

    @property
    def reached(self) -> bool:
        return any(a.reached for a in self.attempts)

    @property
    def next_attempt(self) -> int:
        return len(self.attempts) + 1

    @property
    def needs_insist_reason(self) -> bool:
        """Another phone attempt goes beyond the procedure and needs a reason."""
        return len(self.attempts) >= PHONE_ATTEMPTS

    @property
    def letter_proposed(self) -> bool:
        return _proposes_letter(self.attempts, self.letters)

    @property
    def can_complete(self) -> bool:
        return self.approved and not self.closed and (self.reached or bool(self.letters))


@dataclass(frozen=True)
class AttemptResult:
    action: ActionResult
    attempt: int
    outcome: CallOutcome
    letter_proposed: bool


def _current_round(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """Entries since the last reopening (the whole history when never reopened)."""
    start = 0
    for index, entry in enumerate(entries):
        if entry.kind == EntryKind.REOPEN:
            start = index + 1
    return list(entries[start:])


def _attempts(entries: Sequence[TimelineEntry], *, names: bool = True) -> tuple[Attempt, ...]:
    found: list[Attempt] = []
    for entry in _current_round(entries):
        if entry.kind != EntryKind.CALLBACK_ATTEMPT:
            continue
        data = entry.data or {}
        try:
            outcome = CallOutcome(entry.outcome or "")
        except ValueError:
            outcome = CallOutcome.NO_ANSWER
        found.append(
            Attempt(
                entry_id=entry.id,
                number=len(found) + 1,
                at=entry.at,
                number_dialled=str(data.get("number") or ""),
                outcome=outcome,
                notes=entry.notes,
                insist_reason=data.get("insist_reason"),
                by=entry.user.display_name if names and entry.user is not None else "",
            )
        )
    return tuple(found)


def _letters(entries: Sequence[TimelineEntry]) -> tuple[SentLetter, ...]:
    return tuple(
        SentLetter(entry.id, entry.letter_id, entry.at, entry.summary)
        for entry in _current_round(entries)
        if entry.kind == EntryKind.LETTER and entry.letter_id is not None
    )


def _proposes_letter(attempts: Sequence[Attempt], letters: Sequence[SentLetter]) -> bool:
    return len(attempts) >= PHONE_ATTEMPTS and not any(a.reached for a in attempts) and not letters


def letter_proposed(inquiry: Inquiry) -> bool:
    """Both telephone attempts failed and no letter has gone out yet: propose one."""
    if inquiry.track != Track.IME_CALLBACK or inquiry.closed:
        return False
    entries = list(inquiry.timeline)
    return _proposes_letter(_attempts(entries, names=False), _letters(entries))


def callback_state(session: Session, ctx: ServiceContext, inquiry_id: int) -> CallbackState:
    inquiry = load_checked(session, ctx, inquiry_id, None)
    entries = list(inquiry.timeline)
    return CallbackState(
        inquiry_id=inquiry.id,
        reference=inquiry.reference,
        version=inquiry.version,
        status=inquiry.status,
        closed=inquiry.closed,
        approved=inquiry.status not in (Status.PENDING_APPROVAL, Status.SENT_BACK),
        caller_name=inquiry.caller_name or inquiry.contact_name,
        caller_phone=inquiry.caller_phone or inquiry.contact_phone,
        question=inquiry.description,
        attempts=_attempts(entries),
        letters=_letters(entries),
        completed_at=inquiry.callback_completed_at,
    )


def _ensure_callback(inquiry: Inquiry) -> None:
    if inquiry.track != Track.IME_CALLBACK:
        raise DomainError(f"{inquiry.reference} is not a supervisor callback.")
