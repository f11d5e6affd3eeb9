"""The converter's reading of a row's fields: who it is about (member, provider, the caller of
a callback), phones, state ID, NPI, and when it was received."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time
from typing import Any

from ..domain import (
    Track,
)
from ..errors import ValidationError
from ..services.lookups import fold
from ..validation import normalize_npi, normalize_phone, normalize_state_id
from .cells import (
    CellError,
    is_blank,
    parse_time,
    shown,
)
from .headers import SheetKind
from .import_lookups import _ConverterBase
from .import_plan import NOT_ENROLLED
from .import_values import _first, _RowProblems

log = logging.getLogger("liaison_desk.excel")


class _FieldReading(_ConverterBase):
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

    def _dates_only(self, kind: SheetKind, cells: dict[str, Any], p: _RowProblems) -> None:
        keys = {
            SheetKind.CALLBACK: ("attempt_1", "attempt_2"),
            SheetKind.EMAIL: ("date_responded", "date_completed"),
        }.get(kind, ("date_contacted", "date_sent_to_mco", "date_mco_contacted", "date_resolved"))
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
