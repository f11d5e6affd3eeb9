"""The export's Consideration sheet (seed 003): one enrollment consideration case a row, in
the order its steps happen, with each step's result and when it was taken."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..considerations import ConsiderationKind
from ..domain import EntryKind
from ..redaction import REDACTED
from ..validation import format_phone
from .export_book import _Writer
from .export_rows import _assigned, _first, _status_label

SHEET = "Consideration"
HEADERS = (
    "Reference", "Date Received", "Kind", "For Cause Reason", "Participants", "State IDs",
    "Requested", "Supervisor Requested", "Phone", "Status", "QC Result", "Date Vetted",
    "State Monitor Result", "Reason Not Processed", "Date Processed", "Outreach Attempts",
    "Outcome", "Date Closed", "Assigned To", "Notes", "Next Due", "Overdue",
)  # fmt: skip
_WORDS = {"true": "True case", "false": "False case", "processed": "Processed",
          "not_processed": "Not processed"}  # fmt: skip


def _kind(value: str | None) -> str | None:
    try:
        return ConsiderationKind(value or "").label
    except ValueError:
        return value


def consideration_row(
    w: _Writer, inq: Any, ents: Sequence[Any], users: dict[int, str]
) -> list[Any]:
    r = w.redact
    people = list(inq.participants or [])
    names = "; ".join(str(p.get("name") or "") for p in people) or None
    ids = "; ".join(str(p.get("state_id") or "") for p in people if p.get("state_id")) or None
    vetted = _first(ents, lambda e: e.kind == EntryKind.VETTING)
    monitor = _first(ents, lambda e: e.kind == EntryKind.MONITOR_RESULT)
    received = w.local(inq.received_at)
    return [
        inq.reference,
        received.date() if received is not None else None,
        _kind(inq.consideration_kind),
        inq.for_cause_reason,
        REDACTED if r and names else names,
        REDACTED if r and ids else ids,
        inq.requested_change,
        "Yes" if inq.supervisor_requested else "No",
        REDACTED if r and inq.caller_phone else format_phone(inq.caller_phone) or None,
        _status_label(inq.status),
        _WORDS.get(inq.qc_result or "", inq.qc_result),
        w.local(vetted.at) if vetted is not None else None,
        _WORDS.get(inq.monitor_result or "", inq.monitor_result),
        inq.monitor_reason,
        w.local(monitor.at) if monitor is not None else None,
        inq.outreach_attempts or 0,
        inq.outcome,
        w.local(inq.resolved_at) if inq.closed else None,
        _assigned(inq, ents, users),
        REDACTED if r and inq.description else inq.description,
    ]
