"""The office's default holidays, as data: ``resources/calendars/*.json``.

Iowa state offices close on the paid holidays of Iowa Code §1C.2, which is not the general
Iowa list of the ``holidays`` library (that one closes Lincoln's and Washington's Birthdays
and Juneteenth and keeps the Friday after Thanksgiving open). A rules file names each day by
a fixed date, the n-th weekday of a month (``nth: -1`` is the last), or a number of days
after another holiday of the file; a day that falls on a weekend is observed as ``observed``
says.
"""

from __future__ import annotations

import calendar as _cal
import functools
import json
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import Any

from .resources import resource

__all__ = ["DEFAULT_RULES_FILE", "HolidayRules", "default_rules", "load_rules"]

DEFAULT_RULES_FILE = "iowa-state-employees.json"

_WEEKDAYS = {name: i for i, name in enumerate(_cal.day_name)}
_WEEKDAYS.update({name.lower(): i for name, i in list(_WEEKDAYS.items())})
_SHIFTS = {"friday before": -1, "monday after": 1, "none": 0}


@dataclass(frozen=True)
class _Rule:
    name: str
    month: int = 0
    day: int = 0
    weekday: int = -1
    nth: int = 0
    after: str = ""
    days: int = 0


@dataclass(frozen=True)
class HolidayRules:
    key: str
    name: str
    source: str
    rules: tuple[_Rule, ...]
    saturday_shift: int
    sunday_shift: int

    @functools.lru_cache(maxsize=512)  # noqa: B019 - instances are few, immutable and kept
    def holidays_of(self, year: int) -> dict[date, str]:
        """The days closed in ``year``, with their names; a weekend holiday is listed on the
        day it is observed (which can be in a neighbouring year: 1 January on a Saturday is
        observed on 31 December before it)."""
        found: dict[date, str] = {}
        for y in (year - 1, year, year + 1):
            if not MINYEAR < y < MAXYEAR:
                continue
            for day, name in self._observed(y):
                if day.year == year:
                    found.setdefault(day, name)
        return dict(sorted(found.items()))

    def _observed(self, year: int) -> list[tuple[date, str]]:
        actual: dict[str, date] = {}
        for rule in self.rules:
            if rule.after:
                actual[rule.name] = actual[rule.after] + timedelta(days=rule.days)
            elif rule.weekday >= 0:
                actual[rule.name] = _nth_weekday(year, rule.month, rule.weekday, rule.nth)
            else:
                actual[rule.name] = date(year, rule.month, rule.day)
        result = []
        for name, day in actual.items():
            shift = {5: self.saturday_shift, 6: self.sunday_shift}.get(day.weekday(), 0)
            result.append((day, name))  # a weekend day keeps its name, for the tooltips
            if shift:
                result.append((day + timedelta(days=shift), f"{name} (observed)"))
        return result


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, _cal.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))


def _rule(raw: Any, known: set[str]) -> _Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise ValueError(f"a holiday needs a name: {raw!r}")
    name = raw["name"]
    if "after" in raw:
        if raw["after"] not in known:
            raise ValueError(f"“{name}” follows “{raw['after']}”, which is not listed before it")
        return _Rule(name, after=str(raw["after"]), days=int(raw.get("days", 1)))
    month = int(raw.get("month", 0))
    if not 1 <= month <= 12:
        raise ValueError(f"“{name}” has no month 1–12")
    if "weekday" in raw:
        weekday = _WEEKDAYS.get(str(raw["weekday"]).lower())
        nth = int(raw.get("nth", 0))
        if weekday is None or nth not in (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5):
            raise ValueError(f"“{name}” needs a weekday and nth (1–5, or -1 for the last)")
        return _Rule(name, month=month, weekday=weekday, nth=nth)
    day = int(raw.get("day", 0))
    date(2000, month, day)  # raises ValueError for a day the month does not have
    return _Rule(name, month=month, day=day)


def parse_rules(text: str) -> HolidayRules:
    data = json.loads(text)
    known: set[str] = set()
    rules = []
    for raw in data.get("holidays", []):
        rule = _rule(raw, known)
        known.add(rule.name)
        rules.append(rule)
    if not rules:
        raise ValueError("the holiday rules list no holiday")
    observed = data.get("observed", {})
    try:
        saturday = _SHIFTS[str(observed.get("saturday", "none"))]
        sunday = _SHIFTS[str(observed.get("sunday", "none"))]
    except KeyError as exc:
        raise ValueError(f"unknown observance {exc}; use one of {sorted(_SHIFTS)}") from None
    return HolidayRules(
        key=str(data.get("key", "")),
        name=str(data.get("name", "")),
        source=str(data.get("source", "")),
        rules=tuple(rules),
        saturday_shift=saturday,
        sunday_shift=sunday,
    )


def load_rules(name: str = DEFAULT_RULES_FILE) -> HolidayRules:
    return parse_rules(resource("calendars", name).read_text(encoding="utf-8"))


@functools.cache
def default_rules() -> HolidayRules:
    """The shipped default (Iowa Code §1C.2), read once per process."""
    return load_rules()
