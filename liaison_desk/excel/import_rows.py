"""Converting one legacy row into a planned inquiry: its fields, its clocks worked out from the
policies, its timeline from the history columns; or its reasons to be rejected."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..domain import (
    Decision,
    Priority,
    Status,
)
from ..errors import ValidationError
from ..services.email_replies import FROM_PROVIDER
from ..services.lookups import fold
from ..text_clean import clean
from .cells import (
    NULL_TOKENS,
    CellError,
    is_blank,
    parse_priority,
    parse_reference,
    parse_status,
    text_value,
)
from .headers import SheetKind
from .import_email import _EmailReading
from .import_history import _HistoryReading
from .import_plan import NOTE, PlannedInquiry, Problem
from .import_values import (
    _E_IMPORTED,
    _EMAIL_CELLS,
    _FIELD_CELLS,
    _LIMITS,
    _PLAIN_CLOSED,
    _SUBJECT_KEYS,
    _ContactEntry,
    _is_totals,
    _RowProblems,
)
from .milestones import EntryDraft, next_due
from .reader import SheetLayout

log = logging.getLogger("liaison_desk.excel")


class _Converter(_EmailReading, _HistoryReading):
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
                if not v.isprintable():
                    v = clean(v)
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
        if not description and kind == SheetKind.EMAIL:
            description = self._text(cells, "subject")  # what the e-mail asks, in short
        if not description:
            p.error(
                "subject"
                if kind == SheetKind.EMAIL and "description" not in layout.fields
                else "description",
                {
                    SheetKind.CALLBACK: "the caller's question is empty",
                    SheetKind.EMAIL: "the subject and the description are empty",
                }.get(kind, "the description is empty"),
            )
        # Priority and status
        priority = Priority.ESCALATED
        if "priority" in cells and not is_blank(cells["priority"]):
            try:
                priority = parse_priority(cells["priority"]) or Priority.ESCALATED
            except CellError as exc:
                p.error("priority", str(exc))
        elif kind in (SheetKind.MEMBER, SheetKind.PROVIDER):
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
        elif kind == SheetKind.EMAIL:
            mco_ids, mco_names = self._email(cells, p, fields, subject)
        else:
            self._callback_subject(cells, p, fields, subject)
        src_text = self._text(cells, "source")
        if kind == SheetKind.EMAIL:
            pass  # who wrote (member or provider) is its source, set with the sender
        elif kind == SheetKind.CALLBACK and not src_text:
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
        written = resolution_text is not None
        if kind == SheetKind.EMAIL:
            resolved_at, status = self._email_history(
                cells,
                p,
                received_at,
                entries,
                history,
                status,
                resolution_text,
                ref_entries is None,
                fields["source"] == FROM_PROVIDER,
            )
            if status == Status.RESOLVED and not resolution_text:
                resolution_text = "Completed (no resolution was written in the log)."
        elif kind == SheetKind.CALLBACK:
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
        elif closed and kind in (SheetKind.MEMBER, SheetKind.PROVIDER):
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
        self._work_fields(cells, p, fields, closed, written, entries[0])
        cell_of = _EMAIL_CELLS if kind == SheetKind.EMAIL else _FIELD_CELLS
        for name, limit in _LIMITS:
            value = fields.get(name)
            if value.__class__ is str and len(value) > limit:
                p.error(
                    cell_of.get(name, name),
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
