"""The converter's reading of a row's history: the Contacts sheet of our own export, the MCO
columns (referral, contact, updates), and a callback's attempts and letter."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from ..domain import (
    CallOutcome,
    Channel,
    EntryKind,
    Party,
    Status,
)
from ..services.lookups import fold
from .cells import (
    CellError,
    is_blank,
    parse_datetime,
    parse_flag_or_date,
    parse_reference,
    shown,
    text_value,
)
from .headers import SheetKind
from .import_lookups import _ConverterBase
from .import_plan import NOTE, ImportPlan, Problem
from .import_values import (
    _C_LETTER,
    _C_PHONE,
    _CONTACT_KINDS,
    _E_CALLBACK_ATTEMPT,
    _E_CONTACT,
    _E_LETTER,
    _E_MCO_UPDATE,
    _E_NOTE,
    _E_REFERRAL,
    _E_RESOLUTION,
    _P_MCO,
    _P_MEMBER,
    _WRITTEN_OUTCOMES,
    _call_outcome,
    _ContactEntry,
    _day,
    _enum_value,
    _find_date,
    _RowProblems,
    _summary,
)
from .milestones import EntryDraft
from .reader import SheetLayout
from .updates import split_updates

log = logging.getLogger("liaison_desk.excel")


class _HistoryReading(_ConverterBase):
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
        column = "Updates" if layout.kind in (SheetKind.MEMBER, SheetKind.PROVIDER) else "Notes"
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
