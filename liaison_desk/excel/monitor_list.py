"""The State Monitors' list (seed 003): the true consideration cases QC forwards for MMIS
processing, as a workbook with two columns for the Monitors to fill in (Processed, Reason
Not Processed); and that workbook returned, read back into each case's result."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..considerations import ConsiderationKind
from ..db.models import Inquiry, Milestone, TimelineEntry
from ..domain import MilestoneKind, Status, Track
from ..errors import DomainError, InputRefused
from ..services import considerations
from ..services.context import ServiceContext
from ..services.permissions import Action, require, visibility_filter
from .cells import CellError, is_blank, parse_reference, text_value
from .export_book import _Writer
from .headers import fold_header
from .reader import _refused, open_book
from .safe import replacing

SHEET = "State Monitors"
HEADERS = (
    "Reference", "Date Received", "Date Vetted", "Due", "Kind", "For Cause Reason",
    "Participants", "State IDs", "Requested", "Processed", "Reason Not Processed",
)  # fmt: skip
_YES = frozenset({"yes", "y", "x", "processed", "done", "true", "1", "corrected"})
_NO = frozenset({"no", "n", "not processed", "notprocessed", "false", "0", "unable"})


def export_monitor_list(session: Session, ctx: ServiceContext, path: str | Path) -> int:
    """Write the cases waiting for the State Monitors; returns how many."""
    require(ctx.actor, Action.EXPORT)
    cases = list(
        session.scalars(
            select(Inquiry)
            .where(
                Inquiry.track == str(Track.CONSIDERATION),
                Inquiry.status == str(Status.STATE_MONITOR),
                Inquiry.closed.is_(False),
                visibility_filter(ctx.actor),
            )
            .order_by(Inquiry.next_due_at, Inquiry.id)
        )
    )
    dues = {
        m.inquiry_id: m.due_at
        for m in session.scalars(
            select(Milestone).where(
                Milestone.inquiry_id.in_([c.id for c in cases]),
                Milestone.kind == str(MilestoneKind.MONITOR_PROCESSING),
            )
        )
    }
    # When each was vetted, in one query (not each case's whole timeline).
    vetted_at: dict[int, Any] = {}
    for inquiry_id, at in session.execute(
        select(TimelineEntry.inquiry_id, TimelineEntry.at)
        .where(TimelineEntry.inquiry_id.in_([c.id for c in cases]),
               TimelineEntry.kind == "vetting")
        .order_by(TimelineEntry.at)
    ):  # fmt: skip
        vetted_at.setdefault(inquiry_id, at)
    target = Path(path)
    with replacing(target, ".monitors-") as tmp:
        w = _Writer(ctx, redact=False, path=tmp)
        ws = w.sheet(SHEET, HEADERS)
        for case in cases:
            vetted = vetted_at.get(case.id)
            people = list(case.participants or [])
            try:
                kind = ConsiderationKind(case.consideration_kind or "").label
            except ValueError:
                kind = case.consideration_kind or ""
            received = w.local(case.received_at)
            w.row(ws, [
                case.reference, received.date() if received else None, w.local(vetted),
                w.local(dues.get(case.id)), kind, case.for_cause_reason,
                "; ".join(str(p.get("name") or "") for p in people),
                "; ".join(str(p.get("state_id") or "") for p in people if p.get("state_id")),
                case.requested_change, None, None,
            ])  # fmt: skip
        w.close()
    return len(cases)


@dataclass
class MonitorResults:
    processed: list[str] = field(default_factory=list)
    not_processed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # no result written yet
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.processed)} processed",
            f"{len(self.not_processed)} not processed",
            f"{len(self.left)} without a result yet",
        ]
        if self.problems:
            parts.append(f"{len(self.problems)} not recorded (see below)")
        return ", ".join(parts)


def _answer(value: Any) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = " ".join(text_value(value).casefold().split()).strip(".")
    if word in _YES:
        return True
    if word in _NO or word.replace(" ", "") in _NO:
        return False
    raise CellError(f"“{text_value(value)}” is not Yes or No")


def record_monitor_results(
    session: Session, ctx: ServiceContext, path: str | Path
) -> MonitorResults:
    """Record each case's result from the list the State Monitors return. A row is checked
    as the dialog would check it (a case not waiting for them, a "No" without a reason): it
    is named in the problems and the other rows are still recorded."""
    require(ctx.actor, Action.RECORD_MONITOR_RESULT)
    rows = _rows(path)
    out = MonitorResults()
    for number, cells in rows:
        try:
            reference = parse_reference(cells.get("Reference"))
            answer = _answer(cells.get("Processed"))
        except CellError as exc:
            out.problems.append(f"Row {number}: {exc}.")
            continue
        if reference is None:
            continue
        if answer is None:
            out.left.append(reference)
            continue
        inquiry_id = session.scalar(select(Inquiry.id).where(Inquiry.reference == reference))
        if inquiry_id is None:
            out.problems.append(f"Row {number}: {reference} is not a case here.")
            continue
        reason = text_value(cells.get("Reason Not Processed")) or None
        try:
            with session.begin_nested():
                considerations.record_monitor_result(
                    session, ctx, inquiry_id, None, processed=answer, reason=reason
                )
        except DomainError as exc:
            out.problems.append(f"Row {number} ({reference}): {exc}")
            continue
        (out.processed if answer else out.not_processed).append(reference)
    return out


def suggested_name(ctx: ServiceContext) -> str:
    """The file name the save dialog offers."""
    local: datetime = ctx.clock.now().astimezone(ctx.calendar.timezone)
    return f"State Monitors {local:%Y-%m-%d}.xlsx"


_MAX_ROWS = 20_000


def _rows(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """The list's rows by header (Reference, Processed, Reason Not Processed), from the sheet
    of that name or the first with a Reference column; the file checked and read as an
    import's is (so a list the Monitors saved as .xls or .ods reads too)."""
    p = Path(path)
    kind, book = open_book(p)
    try:
        names = sorted((name for name, _state in book.sheets), key=lambda name: name != SHEET)
        for name in names:
            found = _read_sheet(book.rows(name))
            if found is not None:
                return found
    except InputRefused:
        raise
    except Exception as exc:
        raise _refused(p, kind, exc) from None
    finally:
        book.close()
    raise InputRefused(
        f"“{p.name}” is not the State Monitors' list: no sheet has a Reference and a "
        "Processed column."
    )


def _read_sheet(
    rows: Iterator[tuple[int, list[Any], bool]],
) -> list[tuple[int, dict[str, Any]]] | None:
    columns: dict[str, int] | None = None
    out: list[tuple[int, dict[str, Any]]] = []
    for number, row, _hidden in rows:
        if number > _MAX_ROWS:
            raise InputRefused(f"The list has more than {_MAX_ROWS:,} rows; it is not ours.")
        if columns is None:
            names = {fold_header(v): i for i, v in enumerate(row) if v is not None}
            if "reference" in names and "processed" in names:
                columns = {h: names[fold_header(h)] for h in HEADERS if fold_header(h) in names}
            elif number > 20:
                return None
            continue
        cells = {h: row[i] for h, i in columns.items() if i < len(row)}
        if all(is_blank(v) for v in cells.values()):
            continue
        out.append((number, cells))
    return out if columns is not None else None


__all__ = [
    "HEADERS",
    "SHEET",
    "MonitorResults",
    "export_monitor_list",
    "record_monitor_results",
    "suggested_name",
]
