"""Exporting the log for managers: the legacy sheets and headers (so their pivot tables keep
working) with a Reference column first and the next due time, plus a ``Milestones`` sheet
and a ``Contacts`` sheet with every timeline entry.

Streams: inquiries, timeline entries and milestones are read as three ordered cursors and
merged by inquiry id, and rows go straight to disk (XlsxWriter's constant-memory mode), so
memory stays flat for 100,000 inquiries. The file is written next to the target and renamed
at the end: a failed or cancelled export leaves no half-written workbook behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Mco, inquiry_mcos
from ..domain import Channel, EntryKind, MilestoneKind, Party, Track
from ..errors import Cancelled, InputRefused
from ..redaction import REDACTED, Redactor
from ..services.actions import outcome_label
from ..services.context import ServiceContext
from ..services.permissions import visibility_filter
from ..services.users import user_names
from .export_book import _discard, _Writer
from .export_consideration import HEADERS as CONSIDERATION_HEADERS
from .export_consideration import SHEET as CONSIDERATION_SHEET
from .export_consideration import consideration_row
from .export_query import _ENT, _ENT_COLS, _INQ, _MS, _MS_COLS, _filtered, _Merge
from .export_rows import (
    _callback_row,
    _email_row,
    _mco_row,
    _priority_label,
    _redactor,
    _scrub,
    _state,
    mco_names,
)
from .headers import LEGACY_HEADERS, SheetKind
from .reader import CONTACT_HEADERS, CONTACTS_SHEET, MILESTONES_SHEET
from .safe import replacing

STATUSES = ("open", "resolved", "all")
MILESTONE_HEADERS = (
    "Reference", "Track", "Priority", "Milestone", "MCO", "Due", "Met At", "State"
)  # fmt: skip
_KEEP = Redactor()  # redaction off: nothing is passed through it
_CHUNK = 1000

EXTRA_HEADERS: dict[SheetKind, tuple[str, ...]] = {
    SheetKind.MEMBER: ("Mailing Address", "Next Due", "Overdue"),
    SheetKind.PROVIDER: ("Mailing Address", "Next Due", "Overdue"),
    SheetKind.CALLBACK: (
        "Received From",
        "Provider Name",
        "Priority",
        "Status",
        "Assigned To",
        "Resolution",
        "Mailing Address",
        "Next Due",
        "Overdue",
    ),
}
# Issue 14: after every column the old log had, so pivots on them keep working.
WORK_HEADERS = ("Channel", "E-mail", "Category", "Sub-category", "Outcome")
EMAIL_SHEET = "E-mail"
# Seed 004's "Member Services E-mail Report", then what the app adds.
EMAIL_HEADERS = (
    "Reference", "Date Received", "Time Received", "From", "Subject", "Channel",
    "Assigned To", "Date Responded", "Date Completed", "Status", "E-mail", "Phone",
    "Member Name", "State ID", "Provider Name", "NPI", "Description", "Category",
    "Sub-category", "Outcome", "Resolution", "Written By", "MCO(s)", "Next Due", "Overdue",
)  # fmt: skip


KIND_LABELS = {k.value: k.label for k in EntryKind}
# The Contacts sheet says "phone", "member", "no_answer" in words, as the timeline does.
_WITH = {p.value: p.label for p in Party}
_CHANNEL = {c.value: c.label for c in Channel}

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class ExportCancelled(Cancelled):
    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


@dataclass
class ExportResult:
    path: Path
    inquiries: int
    by_sheet: dict[str, int]
    milestones: int
    contacts: int

    def summary(self) -> str:
        parts = ", ".join(f"{n:,} {name}" for name, n in self.by_sheet.items())
        return (
            f"Exported {self.inquiries:,} inquiries ({parts}), {self.milestones:,} milestones "
            f"and {self.contacts:,} timeline entries to {self.path}"
        )


def export_workbook(
    session: Session,
    ctx: ServiceContext,
    path: str | Path,
    *,
    status: str = "all",
    redact: bool = False,
    inquiry_ids: Sequence[int] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ExportResult:
    if status not in STATUSES:
        raise InputRefused(f"--status must be one of open, resolved, all (got “{status}”).")
    target = Path(path)
    with replacing(target, ".export-") as tmp:
        result = _export(session, ctx, tmp, status, redact, inquiry_ids, progress, cancel)
    result.path = target
    return result


_MCO_CLOCKS = (MilestoneKind.MCO_CONTACT.value, MilestoneKind.FOLLOW_UP_MCO.value)


def _waits_on(m: Any, inq: Any, mcos: dict[int, str]) -> str | None:
    """The MCO a clock waits on: its own (one clock per MCO referred), else, for the MCO's
    clocks of an inquiry referred to one MCO, the inquiry's."""
    if m.mco_id is not None:
        return mcos.get(m.mco_id)
    if m.kind in _MCO_CLOCKS and inq.mco_id is not None:
        return mcos.get(inq.mco_id)
    return None


def _export(
    session: Session,
    ctx: ServiceContext,
    path: Path,
    status: str,
    redact: bool,
    inquiry_ids: Sequence[int] | None,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> ExportResult:
    w = _Writer(ctx, redact, path)
    try:
        return _write_all(session, ctx, w, path, status, inquiry_ids, progress, cancel)
    except BaseException:
        _discard(w)
        raise


def _write_all(
    session: Session,
    ctx: ServiceContext,
    w: _Writer,
    path: Path,
    status: str,
    inquiry_ids: Sequence[int] | None,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> ExportResult:
    redact = w.redact
    kinds = (SheetKind.MEMBER, SheetKind.PROVIDER, SheetKind.CALLBACK)
    headers = {
        k: ("Reference", *LEGACY_HEADERS[k], *EXTRA_HEADERS[k], *WORK_HEADERS) for k in kinds
    }
    ws_by_track = {k.track.value: w.sheet(k.label, headers[k]) for k in kinds}
    width = {k.track.value: len(headers[k]) for k in kinds}
    ws_by_track[Track.EMAIL] = w.sheet(EMAIL_SHEET, EMAIL_HEADERS)
    width[Track.EMAIL] = len(EMAIL_HEADERS)
    ws_by_track[Track.CONSIDERATION] = w.sheet(CONSIDERATION_SHEET, CONSIDERATION_HEADERS)
    width[Track.CONSIDERATION] = len(CONSIDERATION_HEADERS)
    ws_ms = w.sheet(MILESTONES_SHEET, MILESTONE_HEADERS)
    ws_ct = w.sheet(CONTACTS_SHEET, CONTACT_HEADERS)

    mcos = {r.id: r.name for r in session.execute(select(Mco.id, Mco.name))}
    users = user_names(session)
    # What the person may see, also on SQLite (on PostgreSQL the server's row policies say
    # the same): a QC reviewer's export holds the consideration cases only.
    base = _filtered(status, inquiry_ids).where(visibility_filter(ctx.actor))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    links: dict[int, list[int]] = {}
    for inquiry_id, mco_id in session.execute(
        select(inquiry_mcos.c.inquiry_id, inquiry_mcos.c.mco_id).order_by(
            inquiry_mcos.c.inquiry_id, inquiry_mcos.c.mco_id
        )
    ):
        links.setdefault(inquiry_id, []).append(mco_id)

    stream = {"yield_per": 2000}
    inquiries = session.execute(base.order_by(_INQ.c.id).execution_options(**stream))
    ent_rows = session.execute(
        select(*(_ENT.c[c] for c in _ENT_COLS))
        .order_by(_ENT.c.inquiry_id, _ENT.c.at, _ENT.c.id)
        .execution_options(**stream)
    )
    ms_rows = session.execute(
        select(*(_MS.c[c] for c in _MS_COLS))
        .order_by(_MS.c.inquiry_id, _MS.c.due_at, _MS.c.id)
        .execution_options(**stream)
    )
    entries, milestones = _Merge(iter(ent_rows)), _Merge(iter(ms_rows))
    # A filtered export stops reading the history streams early: their server-side
    # cursors are closed when it ends, not left to the garbage collector.
    try:
        counts = {k.label: 0 for k in kinds} | {EMAIL_SHEET: 0, CONSIDERATION_SHEET: 0}
        labels = {k.track.value: k.label for k in kinds} | {
            str(Track.EMAIL): EMAIL_SHEET,
            str(Track.CONSIDERATION): CONSIDERATION_SHEET,
        }
        n_ms = n_ct = done = 0
        for inq in inquiries:
            done += 1
            if done % _CHUNK == 0:
                if cancel is not None and cancel():
                    raise ExportCancelled()
                if progress is not None:
                    progress(done, total)
            ents = entries.take(inq.id)
            mss = milestones.take(inq.id)
            track = inq.track
            ws = ws_by_track.get(track)
            if ws is None:
                continue
            names = _redactor(inq) if redact else _KEEP
            overdue = not inq.closed and inq.next_due_at is not None and inq.next_due_at < w.now
            if track == Track.CONSIDERATION:
                values = consideration_row(w, inq, ents, users)
            elif track == Track.EMAIL:
                values = _email_row(w, inq, ents, users, names)
                values.append(mco_names(mcos, inq, links.get(inq.id)))
            elif track == Track.IME_CALLBACK:
                values = _callback_row(w, inq, ents, users, names)
            else:
                values = _mco_row(w, inq, ents, mcos, links.get(inq.id), users, names)
            values.append(w.local(inq.next_due_at))
            values.append("Yes" if overdue else None)
            if track not in (Track.EMAIL, Track.CONSIDERATION):
                email = REDACTED if redact and inq.email else inq.email
                values += [inq.channel, email, inq.category, inq.sub_category, inq.outcome]
            assert len(values) == width[track]
            w.row(ws, values, mark=overdue)
            counts[labels[track]] += 1
            ref = inq.reference
            track_label = Track(track).label
            priority = _priority_label(inq.priority)
            for m in mss:
                w.row(
                    ws_ms,
                    [
                        ref,
                        track_label,
                        priority,
                        m.label,
                        _waits_on(m, inq, mcos),
                        w.local(m.due_at),
                        w.local(m.met_at),
                        _state(m, w.now),
                    ],
                )
                n_ms += 1
            for e in ents:
                summary, notes = e.summary, e.notes
                if redact:
                    summary, notes = _scrub(summary, names), _scrub(notes, names)
                w.row(
                    ws_ct,
                    [
                        ref,
                        w.local(e.at),
                        KIND_LABELS.get(e.kind, e.kind),
                        _WITH.get(e.party, e.party) if e.party else None,
                        _CHANNEL.get(e.channel, e.channel) if e.channel else None,
                        outcome_label(e.outcome) or None,
                        summary,
                        notes,
                        users.get(e.user_id) if e.user_id is not None else None,
                    ],
                )
                n_ct += 1
        if cancel is not None and cancel():
            raise ExportCancelled()
        w.close()
        if progress is not None:
            progress(total, total)
        return ExportResult(path, done, counts, n_ms, n_ct)
    finally:
        for result in (inquiries, ent_rows, ms_rows):
            result.close()
