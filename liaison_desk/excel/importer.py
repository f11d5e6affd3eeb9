"""Importing the legacy MCO Inquiry Log: plan (the dry run), then write in one transaction.

:func:`plan_import` reads every log sheet, checks each row with the intake's rules, and
returns an :class:`ImportPlan`: the inquiries to add (with their timelines and milestones
worked out), the rows already imported, and the rejected rows with their reasons. Nothing is
written. :func:`write_plan` writes the plan's inquiries in bulk inside the caller's
transaction; :func:`import_workbook` does both for the command line.

Idempotency: every imported inquiry carries ``import_key``, a fingerprint of what identifies
the row (sheet kind, when received, who it is about, the description) and not of where it
sits, so a later version of the same log with rows inserted or sorted differently matches.
A row that carries one of our reference numbers (a re-imported export) is keyed by it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, cast

from sqlalchemy import JSON, Table, select, text
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from ..db.base import UTCDateTime
from ..db.models import (
    Inquiry,
    Mco,
    Milestone,
    TimelineEntry,
    User,
    inquiry_mcos,
)
from ..domain import (
    CallOutcome,
    Channel,
    Decision,
    EntryKind,
    Party,
    Priority,
    Status,
    Track,
)
from ..errors import Cancelled, DomainError, InputRefused, ValidationError
from ..logs import describe_failure
from ..services import audit
from ..services.actions import WRITTEN_OUTCOME_LABELS
from ..services.context import ServiceContext
from ..services.lookups import McoMatcher, SourceMatcher, fold
from ..services.references import format_reference, keep_reference, take_block
from ..text_clean import clean, decode_excel_escapes
from ..validation import normalize_npi, normalize_phone, normalize_state_id
from .cells import (
    NULL_TOKENS,
    CellError,
    is_blank,
    parse_datetime,
    parse_flag_or_date,
    parse_priority,
    parse_reference,
    parse_status,
    parse_time,
    shown,
    text_value,
)
from .headers import SheetKind, field_label
from .milestones import ClockPlanner, EntryDraft, MilestoneDraft, load_specs, next_due
from .reader import LegacyWorkbook, SheetLayout, open_workbook
from .updates import split_updates

log = logging.getLogger("liaison_desk.excel")

ERROR = "error"
NOTE = "note"

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

NOT_ENROLLED = frozenset(
    {"none", "notenrolled", "noenrolled", "nomco", "ffs", "feeforservice", "notinmco", "na"}
)
_TOTALS = re.compile(r"^\s*(grand\s+)?(totals?|count|sum|subtotal|average)\b[\s:]*", re.I)
_SUMMARY_MAX = 200
_MCO_SEPARATORS = re.compile(r"[;,/&+\n]|\band\b", re.IGNORECASE)
_CHUNK = 2000


class ImportCancelled(Cancelled):
    """The person cancelled the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was written.")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str
    severity: str = ERROR

    def line(self) -> str:
        if not self.sheet:
            where = "The workbook"
        elif self.row is not None:
            where = f"{self.sheet} row {self.row}"
        else:
            where = f"Sheet {self.sheet}"
        col = f', column "{self.column}"' if self.column else ""
        return f"{where}{col}: {self.message}"


@dataclass
class RejectedRow:
    sheet: str
    kind: SheetKind
    row: int
    headers: list[str]
    values: list[Any]
    problems: list[Problem]


@dataclass
class PlannedInquiry:
    sheet: str
    row: int
    kind: SheetKind
    import_key: str
    reference: str | None
    local_day: date
    fields: dict[str, Any]
    mco_ids: list[int]
    entries: list[EntryDraft]
    milestones: list[MilestoneDraft]


@dataclass
class SheetCounts:
    sheet: str
    kind: SheetKind
    to_add: int = 0
    already: int = 0
    rejected: int = 0
    blank: int = 0
    skipped: int = 0
    hidden: int = 0


@dataclass
class ImportPlan:
    file: Path
    layouts: list[SheetLayout]
    to_add: list[PlannedInquiry] = field(default_factory=list)
    already: list[tuple[str, int, str]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == NOTE]

    def summary(self) -> str:
        n, a, r = len(self.to_add), len(self.already), len(self.rejected)
        return f"{n} row{'' if n == 1 else 's'} to add, {a} already imported, {r} rejected"


@dataclass
class ImportResult:
    plan: ImportPlan
    added: int
    already: int
    rejected: int
    references: list[str]

    def summary(self) -> str:
        return (
            f"{self.added} row{'' if self.added == 1 else 's'} added, {self.already} already "
            f"imported, {self.rejected} rejected"
        )


# ------------------------------------------------------------------------------ lookups


@dataclass
class _Lookups:
    mcos: McoMatcher
    sources: SourceMatcher
    users: dict[str, int]
    user_names: dict[int, str]
    existing_keys: set[str]
    existing_refs: set[str]

    @classmethod
    def load(cls, session: Session) -> _Lookups:
        users: dict[str, int] = {}
        names: dict[int, str] = {}
        for uid, login, display in session.execute(
            select(User.id, User.login, User.display_name).order_by(User.id)
        ):
            names[uid] = display or login
            for key in (fold(display or ""), fold(login)):
                if key:
                    users.setdefault(key, uid)
        keys = set(
            session.scalars(select(Inquiry.import_key).where(Inquiry.import_key.is_not(None)))
        )
        refs = set(session.scalars(select(Inquiry.reference)))
        return cls(
            McoMatcher.load(session),
            SourceMatcher.load(session),
            users,
            names,
            {k for k in keys if k},
            refs,
        )


# ------------------------------------------------------------------------------ planning


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


def plan_import(
    session: Session,
    ctx: ServiceContext,
    source: str | Path | LegacyWorkbook,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportPlan:
    """The dry run: everything an import would do, without writing anything."""
    book = source if isinstance(source, LegacyWorkbook) else open_workbook(source)
    try:
        with _gc_paused():
            return _plan(session, ctx, book, progress, cancel)
    finally:
        if not isinstance(source, LegacyWorkbook):
            book.close()


def _plan(
    session: Session,
    ctx: ServiceContext,
    book: LegacyWorkbook,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> ImportPlan:
    if not book.layouts:
        skipped = "; ".join(f"“{s.name}”: {s.reason}" for s in book.skipped) or "no sheets"
        raise InputRefused(
            f"“{book.name}” does not look like the MCO Inquiry Log: no sheet has the log's "
            f"headers ({skipped})."
        )
    plan = ImportPlan(book.path, list(book.layouts))
    for s in book.skipped:
        if not s.quiet:
            plan.problems.append(Problem(s.name, None, None, f"sheet skipped: {s.reason}", NOTE))
    look = _Lookups.load(session)
    converter = _Converter(session, ctx, book, look)
    contacts = converter.read_contacts(plan)
    total = book.total_bytes
    start_bytes = book.bytes_read
    done = 0
    seen: dict[str, tuple[str, int]] = {}
    if book.macros:
        plan.problems.append(
            Problem("", None, None, "holds macros; they are ignored (never run)", NOTE)
        )  # fmt: skip
    for layout in book.layouts:
        counts = plan.counts.setdefault(layout.name, SheetCounts(layout.name, layout.kind))
        for col in layout.ignored:
            plan.problems.append(
                Problem(
                    layout.name, layout.header_row, col.header, f"ignored column ({col.note})", NOTE
                )
            )
        for gap in column_gaps(layout):
            plan.problems.append(Problem(layout.name, layout.header_row, None, gap, NOTE))
        headers = layout.headers
        for raw in book.rows(layout):
            done += 1
            if progress is not None and done % 500 == 0:
                progress(min(book.bytes_read - start_bytes, total), total)
            if cancel is not None and done % 500 == 0 and cancel():
                raise ImportCancelled()
            outcome = converter.convert(layout, raw.number, raw.values, raw.hidden, contacts)
            if outcome is None:
                counts.blank += 1
                continue
            if isinstance(outcome, Problem):
                counts.skipped += 1
                plan.problems.append(outcome)
                continue
            planned, problems = outcome
            if raw.hidden:
                counts.hidden += 1
            if planned is None:
                counts.rejected += 1
                plan.rejected.append(
                    RejectedRow(
                        layout.name, layout.kind, raw.number, headers, list(raw.values), problems
                    )
                )
                plan.problems.extend(problems)
                continue
            plan.problems.extend(problems)
            key = planned.import_key
            if key in look.existing_keys or (
                planned.reference is not None and planned.reference in look.existing_refs
            ):
                counts.already += 1
                plan.already.append((layout.name, raw.number, planned.reference or ""))
                continue
            first = seen.get(key)
            if first is not None:
                counts.already += 1
                plan.already.append((layout.name, raw.number, planned.reference or ""))
                plan.problems.append(
                    Problem(
                        layout.name,
                        raw.number,
                        None,
                        f"the same inquiry as {first[0]} row {first[1]}; imported once",
                        NOTE,
                    )
                )
                continue
            seen[key] = (layout.name, raw.number)
            counts.to_add += 1
            plan.to_add.append(planned)
    if progress is not None:
        progress(total, total)
    if not plan.to_add and not plan.already and not plan.rejected:
        raise InputRefused(
            f"“{book.name}” has the log's headers but no rows to import: it is empty."
        )
    return plan


def column_gaps(layout: SheetLayout) -> list[str]:
    """What the sheet's columns (as mapped) leave out, in words, for the mapping step and the
    preview: a column every row needs, and the optional ones whose absence changes how the
    rows are read."""
    gaps = []
    missing = _missing_columns(layout)
    if missing:
        names = ", ".join(f"“{field_label(layout.kind, m)}”" for m in missing)
        gaps.append(f"the sheet has no column for {names}; rows without it are rejected")
    if layout.kind == SheetKind.MEMBER and "caller_name" not in layout.fields:
        gaps.append(
            f"no “{field_label(layout.kind, 'caller_name')}” column: each member is taken as "
            "the person who called"
        )
    return gaps


def _missing_columns(layout: SheetLayout) -> list[str]:
    have = set(layout.fields)
    if "received_datetime" in have:
        have.add("received_date")
    if {"member_first", "member_last"} & have:
        have.add("member_name")
    need = {
        SheetKind.MEMBER: ("received_date", "member_name", "description"),
        SheetKind.PROVIDER: ("received_date", "npi", "description"),
        SheetKind.CALLBACK: ("received_date", "caller_name", "description"),
    }[layout.kind]
    return [n for n in need if n not in have]


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


class _Converter:
    def __init__(
        self, session: Session, ctx: ServiceContext, book: LegacyWorkbook, look: _Lookups
    ) -> None:
        self.ctx = ctx
        self.cal = ctx.calendar
        self.tz = ctx.calendar.timezone
        self.opens = ctx.calendar.opens
        self.now = ctx.clock.now()
        self.today = self.now.astimezone(self.tz).date()
        self.book = book
        self.epoch = book.epoch
        self.look = look
        self.clocks = ClockPlanner(load_specs(session), ctx.calendar)
        self.mco_short: dict[int, str] = {}
        self.clocks.mco_labels = self.mco_short
        self.file_name = book.name
        self._mco_cache: dict[str, tuple[list[int], list[str], str]] = {}
        self._source_cache: dict[str, str | None] = {}
        self._field_cache: dict[int, list[tuple[str, int]]] = {}
        self._aware_cache: dict[datetime, datetime] = {}
        self._user_cache: dict[str, int | None] = {}
        self._order_cache: dict[int, dict[str, int]] = {}
        self._header_cache: dict[int, dict[str, str]] = {}

    # -- helpers ------------------------------------------------------------------------

    def _fields(self, layout: SheetLayout) -> list[tuple[str, int]]:
        got = self._field_cache.get(id(layout))
        if got is None:
            got = self._field_cache[id(layout)] = list(layout.fields.items())
        return got

    def _order(self, layout: SheetLayout) -> dict[str, int]:
        got = self._order_cache.get(id(layout))
        if got is None:
            got = {c.header: c.index for c in layout.columns}
            self._order_cache[id(layout)] = got
        return got

    def _headers(self, layout: SheetLayout) -> dict[str, str]:
        got = self._header_cache.get(id(layout))
        if got is None:
            got = {c.field: c.header for c in layout.columns if c.field}
            self._header_cache[id(layout)] = got
        return got

    def aware(self, local: datetime) -> datetime:
        got = self._aware_cache.get(local)
        if got is None:
            got = local.replace(tzinfo=self.tz).astimezone(UTC)
            if len(self._aware_cache) > 100_000:
                self._aware_cache.clear()
            self._aware_cache[local] = got
        return got

    def event_at(self, value: datetime | date, floor: datetime) -> datetime:
        """A dated column's value as an instant. A date without a time counts from the
        office's opening that day, and nothing happens before the inquiry was received."""
        if isinstance(value, datetime):
            at = self.aware(value)
        else:
            at = self.aware(datetime.combine(value, self.opens))
        return max(at, floor)

    def _mcos(self, text: str) -> tuple[list[int], list[str], str]:
        got = self._mco_cache.get(text)
        if got is None:
            found, unknown = self._split_mcos(text)
            names = ", ".join(m.short_name or m.name for m in found)
            for m in found:
                self.mco_short[m.id] = m.short_name or m.name
            got = ([m.id for m in found], unknown, names)
            self._mco_cache[text] = got
        return got

    def _split_mcos(self, text: str) -> tuple[list[Mco], list[str]]:
        """ "ITC / Molina" is two MCOs and "Wellpoint Iowa, Inc." one: the parts win when
        every part is an MCO, else the whole text."""
        matcher = self.look.mcos
        parts = [x.strip() for x in _MCO_SEPARATORS.split(text) if x and x.strip()]
        if len(parts) > 1:
            found = [matcher.match(x) for x in parts]
            if all(m is not None for m in found):
                unique: list[Mco] = []
                for m in found:
                    if m is not None and m not in unique:
                        unique.append(m)
                return unique, []
        whole = matcher.match(text)
        if whole is not None:
            return [whole], []
        return matcher.match_many(text)

    def _user(self, text: str) -> int | None:
        if text not in self._user_cache:
            self._user_cache[text] = self.look.users.get(fold(text))
        return self._user_cache[text]

    def _source(self, text: str) -> str | None:
        if text not in self._source_cache:
            src = self.look.sources.match(text)
            self._source_cache[text] = src.name if src is not None else None
        return self._source_cache[text]

    # -- the Contacts sheet of our own export --------------------------------------------

    def read_contacts(self, plan: ImportPlan) -> dict[str, list[_ContactEntry]]:
        out: dict[str, list[_ContactEntry]] = {}
        if self.book.contacts_sheet is None:
            return out
        sheet = self.book.contacts_sheet
        for row in self.book.contact_rows():
            v = row.values
            if all(is_blank(x) for x in v.values()):
                continue
            try:
                ref = parse_reference(v.get("reference"))
                at = parse_datetime(v.get("at"), self.epoch)
            except CellError as exc:
                plan.problems.append(Problem(sheet, row.number, None, str(exc), NOTE))
                continue
            if ref is None or at is None:
                plan.problems.append(
                    Problem(sheet, row.number, None, "no reference or time; line skipped", NOTE)
                )
                continue
            kind = _CONTACT_KINDS.get(fold(text_value(v.get("kind"))), _E_NOTE)
            moment = self.aware(at if isinstance(at, datetime) else datetime.combine(at, time()))
            party = _enum_value(Party, v.get("with"))
            channel = _enum_value(Channel, v.get("channel"))
            outcome = (text_value(v.get("outcome")) or "")[:200] or None
            if outcome is not None:
                outcome = (
                    _enum_value(CallOutcome, outcome)
                    or _WRITTEN_OUTCOMES.get(fold(outcome))
                    or outcome
                )
            data: dict[str, Any] = {"imported": True}
            if kind == EntryKind.MCO_UPDATE and outcome in ("contacted", "resolved"):
                data["contacted"] = True
            if kind == EntryKind.CONTACT:
                data["reached"] = outcome not in {o.value for o in CallOutcome} - {"reached"}
            by = text_value(v.get("by")) or None
            entry = EntryDraft(
                at=moment,
                kind=kind,
                summary=text_value(v.get("summary"))[:2000],
                party=party,
                channel=channel,
                outcome=outcome,
                notes=text_value(v.get("notes")) or None,
                data=data,
                user_id=self.look.users.get(fold(by)) if by else None,
            )
            if by and entry.user_id is None:
                data["by"] = by
            out.setdefault(ref, []).append(_ContactEntry(row.number, entry, by))
        return out

    # -- a row ------------------------------------------------------------------------

    def convert(
        self,
        layout: SheetLayout,
        number: int,
        values: Sequence[Any],
        hidden: bool,
        contacts: dict[str, list[_ContactEntry]],
    ) -> Problem | tuple[PlannedInquiry | None, list[Problem]] | None:
        n = len(values)
        # Only the filled cells, text trimmed: "N/A", "-" and the like count as empty.
        cells: dict[str, Any] = {}
        for k, i in self._fields(layout):
            if i >= n:
                continue
            v = values[i]
            if v is None:
                continue
            if v.__class__ is str:
                if not v.isprintable() or "_x" in v:
                    v = clean(decode_excel_escapes(v))
                v = v.strip()
                if not v or (len(v) < 5 and v.casefold() in NULL_TOKENS):
                    continue
            cells[k] = v
        cells.pop("next_due", None)
        first, last = cells.pop("member_first", None), cells.pop("member_last", None)
        if "member_name" not in cells and (first or last):
            cells["member_name"] = " ".join(text_value(x) for x in (first, last) if x)
        if not cells:
            if any(not is_blank(v) for v in values):
                return Problem(
                    layout.name,
                    number,
                    None,
                    "no inquiry in this row (only unmapped columns); skipped",
                    NOTE,
                )
            return None
        # A totals row: "Total" in front and counts (numbers) where names would be — or
        # "Total" where a name would be and no date received (an inquiry always has one).
        named = any(cells.get(k).__class__ is str for k in _SUBJECT_KEYS)
        totals_word = _is_totals(values)
        dated = any(
            k in cells and not _is_totals([cells[k]])
            for k in ("received_date", "received_datetime")
        )
        if (
            not named and (totals_word or all(isinstance(v, int | float) for v in cells.values()))
        ) or (totals_word and not dated):
            return Problem(layout.name, number, None, "a totals row, not an inquiry; skipped", NOTE)
        p = _RowProblems(layout, number, self._headers(layout))
        if hidden:
            p.note(None, "hidden row; imported like the others")
        try:
            planned = self._convert(layout, number, cells, p, contacts)
        except (ValidationError, CellError) as exc:  # pragma: no cover - defensive
            p.error(None, str(exc))
            planned = None
        if len(p.items) > 1:
            # Left to right, as the person reads the row.
            order = self._order(layout)
            p.items.sort(key=lambda item: order.get(item.column or "", -1))
        if p.failed:
            return None, p.items
        return planned, p.items

    def _date(self, cells: dict[str, Any], key: str, p: _RowProblems) -> datetime | date | None:
        value = cells.get(key)
        if value is None:
            return None
        try:
            return parse_datetime(value, self.epoch)
        except CellError as exc:
            p.error(key, str(exc))
            return None

    def _text(self, cells: dict[str, Any], key: str) -> str:
        v = cells.get(key)
        if v is None:
            return ""
        return v if v.__class__ is str else text_value(v)

    def _received(self, cells: dict[str, Any], p: _RowProblems) -> tuple[datetime | None, bool]:
        got: datetime | date | None
        key = "received_date"
        if "received_datetime" in cells and not is_blank(cells["received_datetime"]):
            key = "received_datetime"
        got = self._date(cells, key, p)
        if got is None:
            if not any(i.column == p.column(key) for i in p.items):
                p.error(key, "the date received is empty")
            return None, False
        t: time | None = None
        if not is_blank(cells.get("received_time")):
            try:
                t = parse_time(cells.get("received_time"))
            except CellError as exc:
                p.error("received_time", str(exc))
                return None, False
        if isinstance(got, datetime):
            local = got if t is None else datetime.combine(got.date(), t)
            assumed = False
        elif t is not None:
            local, assumed = datetime.combine(got, t), False
        else:
            local, assumed = datetime.combine(got, self.opens), True
        at = self.aware(local)
        if at > self.now:
            p.error(key, f"{shown(local)} is in the future")
            return None, False
        return at, assumed

    def _convert(
        self,
        layout: SheetLayout,
        number: int,
        cells: dict[str, Any],
        p: _RowProblems,
        contacts: dict[str, list[_ContactEntry]],
    ) -> PlannedInquiry | None:
        kind = layout.kind
        reference: str | None = None
        if "reference" in cells:
            try:
                reference = parse_reference(cells["reference"])
            except CellError as exc:
                p.error("reference", str(exc))
        received_at, time_assumed = self._received(cells, p)
        description = self._text(cells, "description")
        if not description:
            p.error(
                "description",
                "the description is empty"
                if kind != SheetKind.CALLBACK
                else "the caller's question is empty",
            )
        # Priority and status
        priority = Priority.ESCALATED
        if "priority" in cells and not is_blank(cells["priority"]):
            try:
                priority = parse_priority(cells["priority"]) or Priority.ESCALATED
            except CellError as exc:
                p.error("priority", str(exc))
        elif kind != SheetKind.CALLBACK:
            p.note("priority", "no priority: taken as Escalated")
        status: Status | None = None
        if not is_blank(cells.get("status")):
            try:
                status = parse_status(cells["status"])
            except CellError as exc:
                p.error("status", str(exc))
        assigned_text = self._text(cells, "assigned_to")
        assignee_id = self._user(assigned_text) if assigned_text else None
        if assigned_text and assignee_id is None:
            p.note(
                "assigned_to",
                f"“{assigned_text}” is not a user of the app; the name is "
                "kept in the inquiry's history",
            )
        fields: dict[str, Any] = {}
        mco_ids: list[int] = []
        mco_names = ""
        track = kind.track
        subject: list[str] = []
        if kind == SheetKind.MEMBER:
            track, mco_ids, mco_names = self._member(cells, p, fields, subject)
        elif kind == SheetKind.PROVIDER:
            mco_ids, mco_names = self._provider(cells, p, fields, subject)
        else:
            self._callback_subject(cells, p, fields, subject)
        src_text = self._text(cells, "source")
        if kind == SheetKind.CALLBACK and not src_text:
            fields["source"] = "CSR"  # the callback sheet is the CSRs' list
        else:
            if not src_text:
                p.error("source", "where it was received from is empty")
            else:
                src = self._source(src_text)
                if src is None:
                    p.error("source", f"“{src_text}” is not one of the sources on the list")
                fields["source"] = src or src_text
        if received_at is None or p.failed:
            # Keep reading the remaining cells so the person sees every problem at once.
            self._dates_only(kind, cells, p)
            return None
        assert received_at is not None
        local_received = received_at.astimezone(self.tz)
        entries: list[EntryDraft] = []
        imported_from = f"Imported from {self.file_name}, sheet {layout.name}, row {number}"
        data: dict[str, Any] = {"file": self.file_name, "sheet": layout.name, "row": number}
        if time_assumed:
            data["time_assumed"] = True
        if assigned_text and assignee_id is None:
            data["assigned_to"] = assigned_text
        if kind == SheetKind.CALLBACK and self._text(cells, "csr"):
            data["csr"] = self._text(cells, "csr")
        extra = []
        if data.get("assigned_to"):
            extra.append(f"assigned in the log to {assigned_text}")
        if data.get("csr"):
            extra.append(f"taken by {data['csr']}")
        if time_assumed:
            extra.append("no time received in the log: taken as the office's opening")
        summary = imported_from + (f" ({'; '.join(extra)})" if extra else "")
        entries.append(
            EntryDraft(
                received_at,
                _E_IMPORTED,
                summary,
                data=data,
                user_id=self.ctx.actor.user_id,
            )
        )
        ref_entries = contacts.get(reference) if reference else None
        resolved_at: datetime | None = None
        resolution_text = self._text(cells, "resolution") or None
        referred_at: datetime | None = None
        history = assignee_id
        if kind == SheetKind.CALLBACK:
            resolved_at, resolution_text, status = self._callback_history(
                cells,
                p,
                received_at,
                entries,
                history,
                status,
                resolution_text,
                ref_entries is None,
            )
        else:
            referred_at, resolved_at, status = self._mco_history(
                kind,
                cells,
                p,
                received_at,
                entries,
                history,
                status,
                resolution_text,
                mco_names,
                ref_entries is None,
                mco_ids,
            )
            if status == Status.RESOLVED and not resolution_text:
                said = self._text(cells, "status")
                resolution_text = (
                    f"Closed in the log as “{said}” (no resolution was written)."
                    if said and fold(said) not in _PLAIN_CLOSED
                    else "Resolved (no resolution was written in the log)."
                )
        if p.failed:
            return None
        updates = self._text(cells, "updates")
        if ref_entries is not None:
            entries.extend(c.entry for c in ref_entries)
        elif updates:
            self._update_entries(
                updates, local_received.date(), received_at, entries, history, layout
            )
        entries.sort(key=lambda e: e.at)
        assert status is not None
        closed = status == Status.RESOLVED
        if closed and resolved_at is None:
            resolved_at = max(e.at for e in entries)
        milestones = self.clocks.plan(
            str(track), str(priority), received_at, entries, resolved_at if closed else None
        )
        decision = None
        if referred_at is not None:
            decision = Decision.SENT_TO_MCO.value
        elif closed and kind != SheetKind.CALLBACK:
            decision = Decision.RESOLVED_BY_IME.value
        fields.update(
            track=str(track),
            priority=str(priority),
            status=str(status),
            closed=closed,
            received_at=received_at,
            description=description,
            assignee_id=assignee_id,
            mco_id=mco_ids[0] if mco_ids else None,
            mco_department=self._text(cells, "mco_department") or None,
            mailing_address=self._text(cells, "mailing_address") or None,
            decision=decision,
            referred_at=referred_at,
            resolution=resolution_text if closed else None,
            resolved_at=resolved_at if closed else None,
            next_due_at=next_due(milestones),
        )
        if kind == SheetKind.CALLBACK:
            fields["approved_at"] = None if status == Status.PENDING_APPROVAL else received_at
            fields["callback_completed_at"] = resolved_at if closed else None
        for name, limit in _LIMITS:
            value = fields.get(name)
            if value.__class__ is str and len(value) > limit:
                p.error(
                    _FIELD_CELLS.get(name, name),
                    f"is {len(value)} characters long; at most {limit} fit",
                )
        if p.failed:
            return None
        if reference is not None:
            key = "ref:" + reference
        else:
            stamp = f"{local_received:%Y-%m-%d}" + (
                "" if time_assumed else f"T{local_received:%H:%M}"
            )
            basis = "\x1f".join(
                [kind.value, stamp, *subject, " ".join(description.casefold().split())]
            )
            key = "xl1:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:56]
        return PlannedInquiry(
            sheet=layout.name,
            row=number,
            kind=kind,
            import_key=key,
            reference=reference,
            local_day=local_received.date(),
            fields=fields,
            mco_ids=mco_ids,
            entries=entries,
            milestones=milestones,
        )

    def _dates_only(self, kind: SheetKind, cells: dict[str, Any], p: _RowProblems) -> None:
        keys = (
            ("attempt_1", "attempt_2")
            if kind == SheetKind.CALLBACK
            else ("date_contacted", "date_sent_to_mco", "date_mco_contacted", "date_resolved")
        )
        for key in keys:
            if key in cells and not is_blank(cells[key]) and not key.startswith("attempt"):
                self._date(cells, key, p)

    # -- member / provider -----------------------------------------------------------------

    def _member(
        self, cells: dict[str, Any], p: _RowProblems, fields: dict[str, Any], subject: list[str]
    ) -> tuple[Track, list[int], str]:
        member = self._text(cells, "member_name")
        if not member:
            p.error("member_name", "the member's name is empty")
        # The old log did not always say who called: the member is then the originator (the
        # sheet's own note says so once; a row with the column but an empty cell is noted).
        caller = self._text(cells, "caller_name")
        if not caller and "caller_name" in p.layout.fields:
            p.note("caller_name", "no caller named: the member is taken as the caller")
        phone = self._phone(cells, "caller_phone", p, required=True)
        state_id = self._state_id(cells, p)
        mco_text = self._text(cells, "mco")
        track = Track.MCO_MEMBER
        mco_ids: list[int] = []
        names = ""
        if not mco_text:
            p.error("mco", "the MCO is empty (write “Not enrolled” when the member has none)")
        elif re.sub(r"[^a-z]", "", mco_text.casefold()) in NOT_ENROLLED:
            track = Track.IME_CALLBACK
            p.note("mco", "the member is not enrolled in an MCO: imported as a supervisor callback")
        else:
            mco_ids, unknown, names = self._mcos(mco_text)
            if unknown or not mco_ids:
                p.error("mco", f"“{mco_text}” is not an MCO we know")
            elif len(mco_ids) > 1:
                p.error("mco", f"“{mco_text}” names more than one MCO; a member has one")
        fields.update(
            member_name=member or None,
            caller_name=caller or None,
            caller_phone=phone,
            member_state_id=state_id,
            enrolled_in_mco=track == Track.MCO_MEMBER,
        )
        subject.extend([fold(member), state_id or "", (phone or "")[2:12]])
        return track, mco_ids, names

    def _provider(
        self, cells: dict[str, Any], p: _RowProblems, fields: dict[str, Any], subject: list[str]
    ) -> tuple[list[int], str]:
        npi = self._npi(cells, p, required=True)
        name = self._text(cells, "provider_name")
        if not name:
            p.error("provider_name", "the provider's name is empty")
        contact = self._text(cells, "contact_name")
        if not contact:
            p.error("contact_name", "the contact's name is empty")
        phone = self._phone(cells, "contact_phone", p, required=True)
        mco_text = self._text(cells, "mco")
        mco_ids: list[int] = []
        names = ""
        if not mco_text:
            p.error("mco", "no MCO in question")
        else:
            mco_ids, unknown, names = self._mcos(mco_text)
            if unknown:
                p.error("mco", f"“{'”, “'.join(unknown)}” is not an MCO we know")
            elif not mco_ids:
                p.error("mco", f"“{mco_text}” is not an MCO we know")
        fields.update(
            npi=npi,
            provider_name=name or None,
            contact_name=contact or None,
            contact_phone=phone,
        )
        subject.extend([npi or "", fold(name), (phone or "")[2:12]])
        return mco_ids, names

    def _callback_subject(
        self, cells: dict[str, Any], p: _RowProblems, fields: dict[str, Any], subject: list[str]
    ) -> None:
        caller = self._text(cells, "caller_name")
        if not caller:
            p.error("caller_name", "the caller's name is empty")
        phone = self._phone(cells, "phone", p, required=True)
        member = self._text(cells, "member_name")
        provider = self._text(cells, "provider_name")
        state_id = self._state_id(cells, p)
        npi = self._npi(cells, p, required=False)
        if not (member or provider or state_id or npi) and not p.failed:
            p.error("member_name", "give the member's name or state ID, or the provider's NPI")
        fields.update(
            caller_name=caller or None,
            caller_phone=phone,
            member_name=member or None,
            member_state_id=state_id,
            npi=npi,
            provider_name=provider or None,
        )
        subject.extend([fold(caller), (phone or "")[2:12], state_id or "", npi or "", fold(member)])

    def _phone(
        self, cells: dict[str, Any], key: str, p: _RowProblems, required: bool
    ) -> str | None:
        v = cells.get(key)
        if is_blank(v):
            if required:
                p.error(key, "the phone number is empty")
            return None
        try:
            return normalize_phone(v)
        except ValidationError as exc:
            p.error(key, _first(exc))
            return None

    def _state_id(self, cells: dict[str, Any], p: _RowProblems) -> str | None:
        v = cells.get("state_id")
        if is_blank(v):
            return None
        if isinstance(v, int | float) and not isinstance(v, bool):
            p.error(
                "state_id",
                f"“{shown(v)}” is a number: a state ID is 7 digits and a letter "
                "(the letter, or a leading zero, was lost)",
            )
            return None
        try:
            return normalize_state_id(v)
        except ValidationError as exc:
            p.error("state_id", _first(exc))
            return None

    def _npi(self, cells: dict[str, Any], p: _RowProblems, required: bool) -> str | None:
        v = cells.get("npi")
        if is_blank(v):
            if required:
                p.error("npi", "the NPI is empty")
            return None
        try:
            return normalize_npi(v)
        except ValidationError as exc:
            p.error("npi", _first(exc))
            return None

    def _mco_history(
        self,
        kind: SheetKind,
        cells: dict[str, Any],
        p: _RowProblems,
        received_at: datetime,
        entries: list[EntryDraft],
        user_id: int | None,
        status: Status | None,
        resolution: str | None,
        mco_names: str,
        synthesize: bool,
        mco_ids: Sequence[int] = (),
    ) -> tuple[datetime | None, datetime | None, Status]:
        originator = Party.PROVIDER if kind == SheetKind.PROVIDER else Party.MEMBER
        who = "provider" if kind == SheetKind.PROVIDER else "member"
        contacted = self._date(cells, "date_contacted", p)
        sent = self._date(cells, "date_sent_to_mco", p)
        mco_contacted = self._date(cells, "date_mco_contacted", p)
        resolved = self._date(cells, "date_resolved", p)
        for key, value in (
            ("date_contacted", contacted),
            ("date_sent_to_mco", sent),
            ("date_mco_contacted", mco_contacted),
            ("date_resolved", resolved),
        ):
            if value is not None and _day(value) < received_at.astimezone(self.tz).date():
                p.error(key, f"{shown(value)} is before the inquiry was received")
            if value is not None and self.event_at(value, received_at) > self.now:
                p.error(key, f"{shown(value)} is in the future")
        referred_at = self.event_at(sent, received_at) if sent is not None else None
        resolved_at = self.event_at(resolved, received_at) if resolved is not None else None
        # Status: what the log says, checked against the dates it gives.
        if status is None:
            if resolved_at is not None:
                status = Status.RESOLVED
            elif referred_at is not None:
                status = Status.AWAITING_MCO
            elif contacted is not None:
                status = Status.IN_PROGRESS
            else:
                status = Status.OPEN
        elif status == Status.RESOLVED:
            if resolved_at is None and not resolution:
                p.error(
                    "status",
                    "the status says closed, but neither the date resolved nor "
                    "the resolution is filled in",
                )
            elif resolved_at is None:
                p.note("date_resolved", "no date resolved: taken as the last date in the row")
        elif resolved_at is not None:
            p.error(
                "status",
                f"the status is “{shown(cells.get('status'))}” but a date resolved is filled in",
            )
        elif status in (Status.PENDING_APPROVAL, Status.SENT_BACK):
            p.error("status", f"“{shown(cells.get('status'))}” is a callback request status")
        if p.failed or not synthesize:
            return referred_at, resolved_at, status
        dept = self._text(cells, "mco_department")
        if contacted is not None:
            entries.append(
                EntryDraft(
                    self.event_at(contacted, received_at),
                    _E_CONTACT,
                    f"Contacted the {who} (from the log)",
                    party=originator.value,
                    channel=_C_PHONE,
                    outcome=CallOutcome.REACHED.value,
                    data={"reached": True, "imported": True, "channel_assumed": True},
                    user_id=user_id,
                )
            )
        if referred_at is not None:
            # A row naming several MCOs with a Date Sent to MCO was sent to each of them:
            # one referral, so one MCO clock, per MCO.
            targets: list[int | None] = [*mco_ids] or [None]
            for mco_id in targets:
                name = self.mco_short.get(mco_id, mco_names) if mco_id is not None else mco_names
                to = " ".join(x for x in (name or "the MCO", dept) if x)
                data: dict[str, Any] = {"department": dept or None, "imported": True}
                if mco_id is not None:
                    data["mco_id"] = mco_id
                entries.append(
                    EntryDraft(
                        referred_at,
                        _E_REFERRAL,
                        f"Referred to {to}",
                        party=_P_MCO,
                        data=data,
                        user_id=user_id,
                    )
                )
        if mco_contacted is not None:
            entries.append(
                EntryDraft(
                    self.event_at(mco_contacted, referred_at or received_at),
                    _E_MCO_UPDATE,
                    f"{mco_names or 'MCO'} contacted the {who} (from the log)",
                    party=_P_MCO,
                    outcome="contacted",
                    data={"contacted": True, "imported": True},
                    user_id=user_id,
                )
            )
        if status == Status.RESOLVED:
            at = resolved_at or max(e.at for e in entries)
            entries.append(
                EntryDraft(
                    at,
                    _E_RESOLUTION,
                    "Resolved",
                    notes=resolution,
                    data={"imported": True},
                    user_id=user_id,
                )
            )
            resolved_at = at
        return referred_at, resolved_at, status

    def _callback_history(
        self,
        cells: dict[str, Any],
        p: _RowProblems,
        received_at: datetime,
        entries: list[EntryDraft],
        user_id: int | None,
        status: Status | None,
        resolution: str | None,
        synthesize: bool,
    ) -> tuple[datetime | None, str | None, Status]:
        attempts: list[EntryDraft] = []
        for n, key in ((1, "attempt_1"), (2, "attempt_2")):
            v = cells.get(key)
            if is_blank(v):
                continue
            got = self._attempt(v, n, received_at, p, key)
            if got is not None:
                got.user_id = user_id
                attempts.append(got)
        letter_at: datetime | None = None
        letter = cells.get("letter_sent")
        try:
            sent, when = parse_flag_or_date(letter, self.epoch)
        except CellError as exc:
            p.error("letter_sent", str(exc))
            sent, when = False, None
        if sent:
            letter_at = self.event_at(when, received_at) if when is not None else None
            if letter_at is None:
                letter_at = max([received_at, *(a.at for a in attempts)])
                p.note("letter_sent", "no date for the letter: taken as the last attempt")
        try:
            complete, complete_when = parse_flag_or_date(cells.get("callback_complete"), self.epoch)
        except CellError as exc:
            p.error("callback_complete", str(exc))
            complete, complete_when = False, None
        resolved_at: datetime | None = None
        if complete:
            if complete_when is not None:
                resolved_at = self.event_at(complete_when, received_at)
            else:
                resolved_at = max(
                    [received_at, *(a.at for a in attempts), *([letter_at] if letter_at else [])]
                )
                p.note(
                    "callback_complete",
                    "no date for the callback: taken as the last attempt or letter",
                )
        moments = [a.at for a in attempts] + ([letter_at] if letter_at is not None else [])
        for at in moments:
            if at > self.now:
                p.error(
                    None, f"{shown(at.astimezone(self.tz).replace(tzinfo=None))} is in the future"
                )
        if resolved_at is not None and resolved_at > self.now:
            p.error("callback_complete", "the callback complete date is in the future")
        if status is None or status in (Status.OPEN, Status.IN_PROGRESS, Status.AWAITING_MCO):
            if complete:
                status = Status.RESOLVED
            elif status is None:
                status = Status.IN_PROGRESS if attempts or letter_at else Status.OPEN
        if status == Status.AWAITING_MCO:
            status = Status.IN_PROGRESS
        if status == Status.RESOLVED and resolved_at is None:
            resolved_at = max(
                [received_at, *(a.at for a in attempts), *([letter_at] if letter_at else [])]
            )
        if not synthesize or p.failed:
            return resolved_at, resolution or ("Callback complete" if complete else None), status
        entries.extend(attempts)
        if letter_at is not None:
            entries.append(
                EntryDraft(
                    letter_at,
                    _E_LETTER,
                    "Letter sent (from the log)",
                    party=_P_MEMBER,
                    channel=_C_LETTER,
                    data={"imported": True},
                    user_id=user_id,
                )
            )
        text_out = resolution
        if status == Status.RESOLVED:
            assert resolved_at is not None
            how = (
                "letter sent"
                if letter_at is not None
                else "caller reached"
                if any(a.outcome == CallOutcome.REACHED for a in attempts)
                else None
            )
            text_out = resolution or ("Callback complete" + (f" ({how})" if how else ""))
            entries.append(
                EntryDraft(
                    resolved_at,
                    _E_RESOLUTION,
                    "Callback complete",
                    notes=text_out,
                    data={"imported": True},
                    user_id=user_id,
                )
            )
        return resolved_at, text_out, status

    def _attempt(
        self, value: Any, n: int, received_at: datetime, p: _RowProblems, key: str
    ) -> EntryDraft | None:
        outcome: CallOutcome | None = None
        when: datetime | date | None = None
        note = ""
        if isinstance(value, datetime | date) or (
            isinstance(value, int | float) and not isinstance(value, bool)
        ):
            try:
                when = parse_datetime(value, self.epoch)
            except CellError as exc:
                p.error(key, str(exc))
                return None
        else:
            note = text_value(value)
            outcome = _call_outcome(note)
            when = _find_date(note, received_at.astimezone(self.tz).date(), self.today)
            if when is None and outcome is None:
                p.error(
                    key,
                    f"“{shown(value)}” has neither a date nor an outcome "
                    "(reached, voicemail, no answer, busy, wrong number)",
                )
                return None
        if when is None:
            at = received_at
            p.note(key, "no date for the attempt: recorded at the time received")
        else:
            at = self.event_at(when, received_at)
        label = outcome.value.replace("_", " ") if outcome else "outcome not recorded"
        return EntryDraft(
            at,
            _E_CALLBACK_ATTEMPT,
            f"Callback attempt {n}: {label} (from the log)",
            party=_P_MEMBER,
            channel=_C_PHONE,
            outcome=outcome.value if outcome else None,
            notes=note or None,
            data={"attempt": n, "imported": True},
        )

    def _update_entries(
        self,
        text: str,
        received_day: date,
        received_at: datetime,
        entries: list[EntryDraft],
        user_id: int | None,
        layout: SheetLayout,
    ) -> None:
        dated, undated = split_updates(text, received_day, self.today)
        column = "Notes" if layout.kind == SheetKind.CALLBACK else "Updates"
        if undated:
            summary, notes = _summary(undated)
            entries.append(
                EntryDraft(
                    received_at,
                    _E_NOTE,
                    summary,
                    notes=notes,
                    data={"from": column, "imported": True, "undated": True},
                    user_id=user_id,
                )
            )
        for line in dated:
            local = datetime.combine(line.day, line.at_time or self.opens)
            at = max(self.aware(local), received_at)
            summary, notes = _summary(line.text)
            entries.append(
                EntryDraft(
                    at,
                    _E_NOTE,
                    summary,
                    notes=notes,
                    data={"from": column, "imported": True},
                    user_id=user_id,
                )
            )


# Text columns with a length limit (PostgreSQL enforces it; SQLite would not).
_LIMITS = tuple(
    (c.name, int(getattr(c.type, "length", 0)))
    for c in cast(Table, Inquiry.__table__).columns
    if getattr(c.type, "length", None)
)
_FIELD_CELLS = {"member_state_id": "state_id", "caller_phone": "caller_phone"}

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


# ------------------------------------------------------------------------------ writing


def write_plan(
    session: Session,
    ctx: ServiceContext,
    plan: ImportPlan,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportResult:
    """Write the plan's inquiries inside the caller's transaction (bulk inserts).

    Rows that someone else imported since the plan was made count as already imported. A
    cancel raises :class:`ImportCancelled`, and the caller's transaction rolls back.
    """
    with _gc_paused():
        return _write(session, ctx, plan, progress, cancel)


def _write(
    session: Session,
    ctx: ServiceContext,
    plan: ImportPlan,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> ImportResult:
    todo = _still_new(session, plan)
    skipped_now = len(plan.to_add) - len(todo)
    refs = _assign_references(session, todo)
    now = ctx.clock.now()
    inquiry_ids = _reserve_ids(session, "inquiries", len(todo))
    n_entries = sum(len(p.entries) for p in todo)
    entry_ids = _reserve_ids(session, "timeline_entries", n_entries)
    n_ms = sum(len(p.milestones) for p in todo)
    milestone_ids = _reserve_ids(session, "milestones", n_ms)

    inq_table = cast(Table, Inquiry.__table__)
    inq_cols = [c.name for c in inq_table.columns]
    inq_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    ms_rows: list[tuple[Any, ...]] = []
    e_it = iter(entry_ids)
    m_it = iter(milestone_ids)
    actor_id = ctx.actor.user_id
    snapshots: dict[str, str] = {}
    empty_json = json.dumps({})
    for planned, inquiry_id, reference in zip(todo, inquiry_ids, refs, strict=True):
        values = dict(planned.fields)
        values.update(
            id=inquiry_id,
            reference=reference,
            import_key=planned.import_key,
            created_at=now,
            updated_at=now,
            created_by_id=actor_id,
            version=1,
        )
        inq_rows.append(tuple(values.get(c) for c in inq_cols))
        for mco_id in planned.mco_ids:
            link_rows.append((inquiry_id, mco_id))
        ids: list[int] = []
        for e in planned.entries:
            eid = next(e_it)
            ids.append(eid)
            entry_rows.append(
                (
                    eid,
                    inquiry_id,
                    e.at,
                    now,
                    e.user_id,
                    e.kind,
                    e.party,
                    e.channel,
                    e.outcome,
                    e.summary,
                    e.notes,
                    json.dumps(e.data) if e.data else empty_json,
                    None,
                )
            )
        for m in planned.milestones:
            spec = m.spec
            snap = snapshots.get(spec.key)
            if snap is None:
                snap = snapshots[spec.key] = json.dumps(spec.snapshot())
            ms_rows.append(
                (
                    next(m_it),
                    inquiry_id,
                    spec.policy_id,
                    spec.milestone,
                    spec.label if m.mco_label is None else f"{spec.label} — {m.mco_label}",
                    m.started_at,
                    m.warn_at,
                    m.due_at,
                    m.met_at,
                    m.closed_reason,
                    ids[m.met_by] if m.met_by is not None else None,
                    snap,
                    None,
                    1,
                    m.mco_id,
                )
            )
    batches = [
        (inq_table, inq_cols, inq_rows),
        (inquiry_mcos, ["inquiry_id", "mco_id"], link_rows),
        (
            cast(Table, TimelineEntry.__table__),
            [
                "id",
                "inquiry_id",
                "at",
                "recorded_at",
                "user_id",
                "kind",
                "party",
                "channel",
                "outcome",
                "summary",
                "notes",
                "data",
                "letter_id",
            ],
            entry_rows,
        ),
        (
            cast(Table, Milestone.__table__),
            [
                "id",
                "inquiry_id",
                "policy_id",
                "kind",
                "label",
                "started_at",
                "warn_at",
                "due_at",
                "met_at",
                "closed_reason",
                "met_by_entry_id",
                "policy_snapshot",
                "notified",
                "version",
                "mco_id",
            ],
            ms_rows,
        ),
    ]
    total = sum(len(b[2]) for b in batches)
    done = 0
    conn = session.connection()
    sqlite_db = conn.dialect.name == "sqlite"
    if sqlite_db:
        # Fifteen indexes on inquiries: a larger page cache keeps them in memory while
        # tens of thousands of rows go in (put back afterwards: it is per connection).
        conn.exec_driver_sql("PRAGMA cache_size=-131072")
    try:
        for table, columns, rows in batches:
            bulk = _BulkInsert(conn.dialect, table, columns)
            for begin in range(0, len(rows), _CHUNK * 5):
                if cancel is not None and cancel():
                    raise ImportCancelled()
                chunk = rows[begin : begin + _CHUNK * 5]
                conn.exec_driver_sql(bulk.sql, bulk.convert(chunk))
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    except (IntegrityError, DataError) as exc:
        log.warning("import write failed: %s", describe_failure(exc))
        detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "refused"
        raise DomainError(
            f"The database refused the import, so nothing was written ({detail}). If someone "
            "else was importing the same file at the same time, import it again: rows already "
            "in are skipped."
        ) from exc
    if sqlite_db:
        conn.exec_driver_sql("PRAGMA cache_size=-2000")
    audit.record(
        session,
        ctx,
        "import",
        None,
        "import",
        {
            "file": plan.file.name,
            "added": len(todo),
            "already": len(plan.already) + skipped_now,
            "rejected": len(plan.rejected),
            "first": refs[0] if refs else None,
            "last": refs[-1] if refs else None,
        },
    )
    session.flush()
    return ImportResult(plan, len(todo), len(plan.already) + skipped_now, len(plan.rejected), refs)


_SQLITE_TEXT: dict[datetime, str] = {}


def _sqlite_utc_text(value: datetime) -> str:
    """What ``UTCDateTime`` stores on SQLite (``2025-11-24 15:30:00.000000``, UTC), made
    directly: the same text SQLAlchemy's processors make, at a fraction of the cost, for the
    million timestamps of a large import (many repeat: cached)."""
    got = _SQLITE_TEXT.get(value)
    if got is None:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        got = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        if len(_SQLITE_TEXT) > 200_000:
            _SQLITE_TEXT.clear()
        _SQLITE_TEXT[value] = got
    return got


class _BulkInsert:
    """One INSERT run through the driver's executemany, with the column types' own bind
    processing (UTC datetimes, booleans) applied once per value and JSON already encoded.

    SQLAlchemy's per-row parameter handling costs more than the database itself for
    hundreds of thousands of rows; this is the same statement without that overhead.
    """

    def __init__(self, dialect: Any, table: Table, columns: Sequence[str]) -> None:
        marks = ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * len(columns))
        quoted = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
        name = dialect.identifier_preparer.format_table(table)
        self.sql = f"INSERT INTO {name} ({quoted}) VALUES ({marks})"
        self.processors: list[tuple[int, Callable[[Any], Any]]] = []
        sqlite_text = dialect.name == "sqlite"
        for i, c in enumerate(columns):
            col_type = table.c[c].type
            if isinstance(col_type, JSON):
                continue  # encoded by the caller
            if sqlite_text and isinstance(col_type, UTCDateTime):
                self.processors.append((i, _sqlite_utc_text))
                continue
            # The dialect's own variant of the type (SQLite stores datetimes as text in one
            # fixed format that queries compare as strings: it must be exactly SQLAlchemy's).
            proc = col_type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                self.processors.append((i, proc))

    def convert(self, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        if not self.processors:
            return list(rows)
        procs = self.processors
        out: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            for i, proc in procs:
                v = values[i]
                if v is not None:
                    values[i] = proc(v)
            out.append(tuple(values))
        return out


def _still_new(session: Session, plan: ImportPlan) -> list[PlannedInquiry]:
    keys = [p.import_key for p in plan.to_add]
    refs = [p.reference for p in plan.to_add if p.reference]
    taken: set[str] = set()
    for start in range(0, len(keys), 900):
        taken.update(
            k
            for k in session.scalars(
                select(Inquiry.import_key).where(Inquiry.import_key.in_(keys[start : start + 900]))
            )
            if k
        )
    taken_refs: set[str] = set()
    for start in range(0, len(refs), 900):
        taken_refs.update(
            session.scalars(
                select(Inquiry.reference).where(Inquiry.reference.in_(refs[start : start + 900]))
            )
        )
    return [
        p
        for p in plan.to_add
        if p.import_key not in taken and (p.reference is None or p.reference not in taken_refs)
    ]


def _assign_references(session: Session, todo: list[PlannedInquiry]) -> list[str]:
    kept: dict[str, int] = {}
    for p in todo:
        if p.reference is not None:
            day, _, seq_text = p.reference.partition("-")
            kept[day] = max(kept.get(day, 0), int(seq_text))
    for day, seq in sorted(kept.items()):
        keep_reference(session, day, seq)
    by_day: dict[str, list[int]] = {}
    for i, p in enumerate(todo):
        if p.reference is None:
            by_day.setdefault(f"{p.local_day:%y%m%d}", []).append(i)
    out: list[str | None] = [p.reference for p in todo]
    for day, indexes in sorted(by_day.items()):
        # Within a day, numbers follow the order the inquiries were received.
        indexes.sort(key=lambda i: (todo[i].fields["received_at"], i))
        last = take_block(session, day, len(indexes))
        first = last - len(indexes) + 1
        d = todo[indexes[0]].local_day
        for offset, i in enumerate(indexes):
            out[i] = format_reference(d, first + offset)
    return [r for r in out if r is not None]


def _reserve_ids(session: Session, table: str, n: int) -> list[int]:
    """Primary keys for ``n`` new rows, so children can point at parents without a
    round trip per row. PostgreSQL hands out a block of its sequence; SQLite holds the
    write lock for the whole transaction (BEGIN IMMEDIATE), so max(id) is ours."""
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": n},
        )
        return sorted(int(r[0]) for r in rows)
    start = int(session.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one())
    return list(range(start + 1, start + n + 1))


# ------------------------------------------------------------------------------ one call


def import_workbook(
    session: Session,
    ctx: ServiceContext,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[ImportPlan, ImportResult | None]:
    plan = plan_import(session, ctx, path, progress=progress, cancel=cancel)
    if dry_run:
        return plan, None
    return plan, write_plan(session, ctx, plan, progress=progress, cancel=cancel)


__all__ = [
    "ImportCancelled",
    "ImportPlan",
    "ImportResult",
    "PlannedInquiry",
    "Problem",
    "RejectedRow",
    "SheetCounts",
    "import_workbook",
    "plan_import",
    "write_plan",
]
