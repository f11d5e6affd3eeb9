"""Reading one legacy row: its problems, and the small conversions of its values (a summary
of the description, a day, a totals row, an enum from a word, a date inside a note)."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table

from ..db.models import (
    Inquiry,
)
from ..domain import (
    CallOutcome,
    Channel,
    EntryKind,
    Party,
)
from ..errors import ValidationError
from ..services.actions import WRITTEN_OUTCOME_LABELS
from ..services.lookups import fold
from .cells import (
    text_value,
)
from .headers import field_label
from .import_plan import ERROR, NOTE, Problem
from .milestones import EntryDraft
from .reader import SheetLayout

log = logging.getLogger("liaison_desk.excel")


_TOTALS = re.compile(r"^\s*(grand\s+)?(totals?|count|sum|subtotal|average)\b[\s:]*", re.I)
_SUMMARY_MAX = 200


# ------------------------------------------------------------------------------ one row


class _RowProblems:
    def __init__(self, layout: SheetLayout, row: int, headers: dict[str, str]) -> None:
        self.layout = layout
        self.row = row
        self.items: list[Problem] = []
        self._headers = headers

    def column(self, key: str) -> str:
        return self._headers.get(key) or field_label(self.layout.kind, key)

    def error(self, key: str | None, message: str) -> None:
        self.items.append(
            Problem(self.layout.name, self.row, self.column(key) if key else None, message)
        )

    def note(self, key: str | None, message: str) -> None:
        self.items.append(
            Problem(self.layout.name, self.row, self.column(key) if key else None, message, NOTE)
        )

    @property
    def failed(self) -> bool:
        return any(p.severity == ERROR for p in self.items)


# Status words that say no more than "closed"; anything else ("Duplicate", "Withdrawn") is
# kept in the resolution of a row closed without one.
_PLAIN_CLOSED = frozenset(
    fold(w) for w in ("Closed", "Resolved", "Complete", "Completed", "Done", "Finished")
)

# Our Contacts sheet writes the words ("Received", "MCO update"); older exports the codes.
_CONTACT_KINDS = {fold(k.value.replace("_", " ")): k.value for k in EntryKind}
_CONTACT_KINDS.update({fold(k.label): k.value for k in EntryKind})
_WRITTEN_OUTCOMES = {fold(label): code for code, label in WRITTEN_OUTCOME_LABELS.items()}


@dataclass
class _ContactEntry:
    row: int
    entry: EntryDraft
    by: str | None


# Plain strings for the hot loop (an enum member's .value is a descriptor call).
_C_LETTER = Channel.LETTER.value
_C_PHONE = Channel.PHONE.value
_E_CALLBACK_ATTEMPT = EntryKind.CALLBACK_ATTEMPT.value
_E_CONTACT = EntryKind.CONTACT.value
_E_IMPORTED = EntryKind.IMPORTED.value
_E_LETTER = EntryKind.LETTER.value
_E_MCO_UPDATE = EntryKind.MCO_UPDATE.value
_E_NOTE = EntryKind.NOTE.value
_E_REFERRAL = EntryKind.REFERRAL.value
_E_RESOLUTION = EntryKind.RESOLUTION.value
_P_MCO = Party.MCO.value
_P_MEMBER = Party.MEMBER.value


# Text columns with a length limit (PostgreSQL enforces it; SQLite would not).
_LIMITS = tuple(
    (c.name, int(getattr(c.type, "length", 0)))
    for c in cast(Table, Inquiry.__table__).columns
    if getattr(c.type, "length", None)
)
_FIELD_CELLS = {"member_state_id": "state_id", "caller_phone": "caller_phone"}
_EMAIL_CELLS = {"member_state_id": "state_id", "caller_phone": "phone", "caller_name": "sender",
                "contact_name": "sender", "contact_phone": "phone"}  # fmt: skip

_SUBJECT_KEYS = (
    "member_name",
    "state_id",
    "caller_name",
    "caller_phone",
    "provider_name",
    "npi",
    "contact_name",
    "contact_phone",
    "phone",
    "description",
    "sender",
    "email",
    "subject",
)


def _summary(text: str) -> tuple[str, str | None]:
    first = text.splitlines()[0] if text else ""
    if len(first) > _SUMMARY_MAX:
        first = first[: _SUMMARY_MAX - 1] + "…"
    return first, (text if text != first else None)


def _first(exc: ValidationError) -> str:
    msg = next(iter(exc.problems.values()), str(exc))
    return msg[:1].lower() + msg[1:] if msg[:2] != "NP" else msg


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _is_totals(values: Iterable[Any]) -> bool:
    for v in values:
        if isinstance(v, str) and v.strip():
            return bool(_TOTALS.match(v))
    return False


def _enum_value(enum: Any, value: Any) -> str | None:
    """The code for a stored code or for its label ("no_answer", "No answer")."""
    key = fold(text_value(value)).replace(" ", "_")
    if not key:
        return None
    words = fold(text_value(value))
    for member in enum:
        label = getattr(member, "label", None)
        if (
            member.value == key
            or fold(member.value.replace("_", " ")) == words
            or (isinstance(label, str) and fold(label) == words)
        ):
            return str(member.value)
    return None


_OUTCOME_WORDS: tuple[tuple[CallOutcome, tuple[str, ...]], ...] = (
    (
        CallOutcome.WRONG_NUMBER,
        ("wrong number", "wrong #", "disconnected", "not in service", "bad number"),
    ),
    (
        CallOutcome.VOICEMAIL,
        ("voicemail", "voice mail", "vm", "lvm", "left message", "left msg", "lm"),
    ),
    (CallOutcome.NO_ANSWER, ("no answer", "n/a", "na", "no ans", "not available", "rang")),
    (CallOutcome.BUSY, ("busy",)),
    (
        CallOutcome.REACHED,
        ("reached", "spoke", "talked", "answered", "resolved", "complete", "contacted", "success"),
    ),
)


def _call_outcome(text: str) -> CallOutcome | None:
    low = " " + re.sub(r"[^a-z0-9/#]+", " ", text.casefold()) + " "
    for outcome, words in _OUTCOME_WORDS:
        if any(f" {w} " in low for w in words):
            return outcome
    return None


_ANY_DATE = re.compile(
    r"(?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})(?:[/.\-](?P<y>\d{4}|\d{2}))?"
    r"(?:[\s,@]+(?P<t>\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?))?",
    re.IGNORECASE,
)


def _find_date(text: str, received: date, today: date) -> datetime | date | None:
    m = _ANY_DATE.search(text)
    if not m:
        return None
    from .updates import split_updates as _split

    dated, _ = _split(m.group(0) + " -", received, today)
    if not dated:
        return None
    line = dated[0]
    return datetime.combine(line.day, line.at_time) if line.at_time else line.day


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of small objects are made:
    each full collection walks all of them, which made a large import quadratic. Nothing
    built here forms cycles that need collecting."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
