"""Exporting the log for managers: the legacy sheets and headers (so their pivot tables keep
working) with a Reference column first and the next due time, plus a ``Milestones`` sheet
and a ``Contacts`` sheet with every timeline entry.

Streams: inquiries, timeline entries and milestones are read as three ordered cursors and
merged by inquiry id, and rows go straight into a write-only workbook, so memory stays flat
for 100,000 inquiries. The file is written next to the target and renamed at the end: a
failed or cancelled export leaves no half-written workbook behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, Table, func, select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, Mco, Milestone, TimelineEntry, inquiry_mcos
from ..domain import CallOutcome, Channel, EntryKind, Party, Priority, Status, Track
from ..errors import Cancelled, InputRefused
from ..milestones import (
    CLOSED_BREACHED,
    CLOSED_CANCELLED,
    CLOSED_SUPERSEDED,
    MilestoneState,
)
from ..redaction import REDACTED, Redactor
from ..services.actions import outcome_label
from ..services.context import ServiceContext
from ..services.users import user_names
from ..validation import format_phone
from .headers import LEGACY_HEADERS, SheetKind
from .reader import CONTACT_HEADERS, CONTACTS_SHEET, MILESTONES_SHEET
from .safe import FORMULA_STARTS, clean_text, replacing, text_cell
from .updates import format_update

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

_WIDTHS = {
    "Reference": 13,
    "Date Received": 12,
    "Time Received": 11,
    "Issue Description": 50,
    "Question": 50,
    "Updates": 60,
    "Notes": 50,
    "Resolution": 40,
    "Summary": 60,
    "Mailing Address": 30,
    "Status": 13,
    "Priority": 10,
    "State ID": 10,
    "NPI": 12,
    "Overdue": 9,
    "Kind": 14,
    "With": 10,
    "Channel": 13,
    "Outcome": 18,
    "Track": 18,
    "Milestone": 24,
    "State": 16,
    "Attempt 1": 30,
    "Attempt 2": 30,
}

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


_INQ = cast(Table, Inquiry.__table__)
_ENT = cast(Table, TimelineEntry.__table__)
_MS = cast(Table, Milestone.__table__)

_INQ_COLS = (
    "id",
    "reference",
    "track",
    "priority",
    "status",
    "closed",
    "received_at",
    "source",
    "description",
    "assignee_id",
    "created_by_id",
    "mco_id",
    "mco_department",
    "member_name",
    "member_state_id",
    "caller_name",
    "caller_phone",
    "mailing_address",
    "npi",
    "provider_name",
    "contact_name",
    "contact_phone",
    "referred_at",
    "resolution",
    "resolved_at",
    "callback_completed_at",
    "next_due_at",
)
_ENT_COLS = (
    "inquiry_id",
    "at",
    "kind",
    "party",
    "channel",
    "outcome",
    "summary",
    "notes",
    "user_id",
    "data",
)
_MS_COLS = (
    "inquiry_id", "kind", "label", "due_at", "warn_at", "met_at", "closed_reason", "mco_id"
)  # fmt: skip


def _filtered(status: str, inquiry_ids: Sequence[int] | None) -> Select[Any]:
    q = select(*(_INQ.c[c] for c in _INQ_COLS))
    if status == "open":
        q = q.where(_INQ.c.closed.is_(False))
    elif status == "resolved":
        q = q.where(_INQ.c.closed.is_(True))
    if inquiry_ids is not None:
        q = q.where(_INQ.c.id.in_(list(inquiry_ids)))
    return q


def _groups(rows: Iterator[Any]) -> Iterator[tuple[int, list[Any]]]:
    """Consecutive rows with the same first column (inquiry id), as (id, rows)."""
    current: int | None = None
    bucket: list[Any] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, bucket
            current, bucket = row[0], []
        bucket.append(row)
    if current is not None:
        yield current, bucket


class _Merge:
    """Hands out each inquiry's rows from a stream ordered by inquiry id."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._it = _groups(rows)
        self._next: tuple[int, list[Any]] | None = next(self._it, None)

    def take(self, inquiry_id: int) -> list[Any]:
        while self._next is not None and self._next[0] < inquiry_id:
            self._next = next(self._it, None)
        if self._next is not None and self._next[0] == inquiry_id:
            rows = self._next[1]
            self._next = next(self._it, None)
            return rows
        return []


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


class _Writer:
    def __init__(self, ctx: ServiceContext, redact: bool) -> None:
        self.tz = ctx.calendar.timezone
        self.now = ctx.clock.now()
        self.redact = redact
        self.wb = Workbook(write_only=True)
        self.sheets: dict[str, Any] = {}
        self.bold = Font(bold=True)
        self.overdue_fill = PatternFill("solid", start_color="FFF4CCCC", end_color="FFF4CCCC")
        self.wrap = Alignment(vertical="top")
        self._offsets: dict[int, timedelta] = {}

    def sheet(self, title: str, headers: Sequence[str]) -> Any:
        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(
                h, 24 if "Date" in h or "Met" in h or "Due" in h else 18
            )
        header_cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=h)
            c.font = self.bold
            header_cells.append(c)
        ws.append(header_cells)
        self.sheets[title] = ws
        return ws

    def local(self, dt: datetime | None) -> datetime | None:
        """An aware UTC instant as the office's wall-clock time, to the second."""
        if dt is None:
            return None
        if dt.tzinfo is not UTC:
            return dt.astimezone(self.tz).replace(tzinfo=None, microsecond=0)
        # A zone's offset only changes on the hour (UTC), so one lookup per hour is exact;
        # a million timestamps then cost an addition each instead of a zone conversion.
        key = dt.toordinal() * 24 + dt.hour
        offset = self._offsets.get(key)
        if offset is None:
            offset = self._offsets[key] = dt.astimezone(self.tz).utcoffset() or timedelta(0)
        wall = datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)  # noqa: DTZ001
        return wall + offset

    def row(self, ws: Any, values: list[Any], mark: bool = False) -> None:
        out: list[Any] = values
        for i, v in enumerate(values):
            if v.__class__ is str and (not v.isprintable() or v.startswith(FORMULA_STARTS)):
                out[i] = text_cell(ws, v) if v.startswith(FORMULA_STARTS) else clean_text(v)
        if mark:
            marked = []
            for v in out:
                c = v if isinstance(v, Cell) else WriteOnlyCell(ws, value=v)
                c.fill = self.overdue_fill
                marked.append(c)
            out = marked
        ws.append(out)


def _discard(w: _Writer) -> None:
    """Close and delete the temporary files of a workbook that will not be saved."""
    for ws in w.sheets.values():
        with contextlib.suppress(Exception):
            ws.close()
        out = getattr(getattr(ws, "_writer", None), "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.remove(out)


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
    w = _Writer(ctx, redact)
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
    headers = {k: ("Reference", *LEGACY_HEADERS[k], *EXTRA_HEADERS[k]) for k in kinds}
    ws_by_track = {k.track.value: w.sheet(k.label, headers[k]) for k in kinds}
    width = {k.track.value: len(headers[k]) for k in kinds}
    ws_ms = w.sheet(MILESTONES_SHEET, MILESTONE_HEADERS)
    ws_ct = w.sheet(CONTACTS_SHEET, CONTACT_HEADERS)

    mcos = {r.id: r.name for r in session.execute(select(Mco.id, Mco.name))}
    users = user_names(session)
    base = _filtered(status, inquiry_ids)
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
        counts = {k.label: 0 for k in kinds}
        labels = {k.track.value: k.label for k in kinds}
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
            if track == Track.IME_CALLBACK:
                values = _callback_row(w, inq, ents, users, names)
            else:
                values = _mco_row(w, inq, ents, mcos, links.get(inq.id), users, names)
            values.append(w.local(inq.next_due_at))
            values.append("Yes" if overdue else None)
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
                        mcos.get(m.mco_id) if m.mco_id is not None else None,
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
        for k in kinds:
            last = get_column_letter(width[k.track.value])
            ws_by_track[k.track.value].auto_filter.ref = f"A1:{last}{counts[k.label] + 1}"
        ws_ms.auto_filter.ref = f"A1:{get_column_letter(len(MILESTONE_HEADERS))}{n_ms + 1}"
        ws_ct.auto_filter.ref = f"A1:{get_column_letter(len(CONTACT_HEADERS))}{n_ct + 1}"
        if cancel is not None and cancel():
            raise ExportCancelled()
        w.wb.save(path)
        if progress is not None:
            progress(total, total)
        return ExportResult(path, done, counts, n_ms, n_ct)
    finally:
        for result in (inquiries, ent_rows, ms_rows):
            result.close()


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
        ids = linked or ([inq.mco_id] if inq.mco_id else [])
        mco_text = "; ".join(mcos[i] for i in ids if i in mcos) or None
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
