"""What a conversion of legacy rows looks up, loaded once per import (MCOs, sources, users,
the keys and references already in the database), and the converter's shared helpers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import (
    Inquiry,
    Mco,
    User,
)
from ..services.choices import ChoiceMatcher
from ..services.context import ServiceContext
from ..services.lookups import McoMatcher, SourceMatcher, fold
from .cells import (
    CellError,
    parse_datetime,
    text_value,
)
from .import_values import _RowProblems
from .milestones import ClockPlanner, load_specs
from .reader import LegacyWorkbook, SheetLayout

log = logging.getLogger("liaison_desk.excel")


_MCO_SEPARATORS = re.compile(r"[;,/&+\n]|\band\b", re.IGNORECASE)


# ------------------------------------------------------------------------------ lookups


@dataclass
class _Lookups:
    mcos: McoMatcher
    sources: SourceMatcher
    users: dict[str, int]
    user_names: dict[int, str]
    existing_keys: set[str]
    existing_refs: set[str]
    choices: ChoiceMatcher

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
            ChoiceMatcher.load(session),
        )


class _ConverterBase:
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
