"""Business calendar: the clock the response-time standards run on (SPEC section 3).

Exact meaning, in short:

* The office is *open* on a business day from ``opens`` (inclusive) to ``closes``
  (exclusive), local wall-clock time in the calendar's timezone. A business day is a
  workday (Monday-Friday by default) that is neither a holiday nor a closure, unless the
  admin listed it in ``open_days`` (which re-opens holidays and closures; it never turns a
  weekend into a business day).
* Naive datetimes are wall-clock times in the calendar's timezone; aware ones are
  converted. Every datetime returned is aware, in the calendar's timezone.
* Anything received while closed is deemed received at the next opening.
* Business time is wall-clock time: a business day is always ``closes - opens`` long, even
  on a day whose business hours straddle a DST change (none do in the defaults), so DST
  never moves a deadline.

Performance: business days are kept per year as a sorted list of day ordinals, so adding
hours or days is one ``divmod`` plus one list index (a ``bisect`` to find the start), not a
walk. Years are built lazily, cached, and never rebuilt, so any date from year 1 to 9999
works.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DEFAULT_TIMEZONE", "BusinessCalendar"]

DEFAULT_TIMEZONE = "America/Chicago"
DEFAULT_OPENS = time(8)
DEFAULT_CLOSES = time(17)
DEFAULT_WORKDAYS = (0, 1, 2, 3, 4)

_US_PER_HOUR = 3_600_000_000

# Names shown in tooltips for days that are closed without a holiday name of their own.
_CLOSURE_NAME = "Office closure"
_HOLIDAY_NAME = "Holiday"


def _default_holidays(year: int) -> dict[int, str]:
    # Imported here: calendar.py stays importable without reading resources until a default
    # calendar is first used; the rules cache their years, shared by every default calendar.
    from .holiday_rules import default_rules

    return {d.toordinal(): name for d, name in default_rules().holidays_of(year).items()}


def _time_us(t: time | datetime) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _ordinals(days: Iterable[date], what: str) -> frozenset[int]:
    result: set[int] = set()
    for d in days:
        if not isinstance(d, date):
            raise TypeError(f"{what} must be dates, got {d!r}")
        result.add(d.toordinal())
    return frozenset(result)


@dataclass(frozen=True, slots=True)
class _Year:
    days: list[int]  # sorted ordinals of the business days of the year
    day_set: frozenset[int]
    closed_names: dict[int, str]  # holidays and closures in force, by ordinal
    # Days on which opening or closing time, or a time between them, has a UTC offset
    # change (a DST gap or overlap). Only these need the slow localisation in _at.
    shifty: frozenset[int]


class BusinessCalendar:
    """Business hours, holidays and closures of the agency, and arithmetic on them.

    ``holidays=None`` means the Iowa defaults: the paid holidays of Iowa state employees (Iowa
    Code §1C.2, ``resources/calendars/``), computed per year on first use; an explicit
    iterable of dates, or a mapping of date to name, replaces them.
    ``closures`` are extra closed days on top of the holidays; ``open_days`` are holidays or
    closures the office works anyway. Instances are immutable and safe to share between
    threads.
    """

    __slots__ = (
        "_close_us",
        "_closes",
        "_closures",
        "_day_us",
        "_explicit",
        "_lock",
        "_open_days",
        "_open_us",
        "_opens",
        "_tz",
        "_workday",
        "_workdays",
        "_years",
    )

    def __init__(
        self,
        timezone: str | ZoneInfo = DEFAULT_TIMEZONE,
        opens: time = DEFAULT_OPENS,
        closes: time = DEFAULT_CLOSES,
        holidays: Iterable[date] | Mapping[date, str] | None = None,
        *,
        workdays: Iterable[int] = DEFAULT_WORKDAYS,
        closures: Iterable[date] = (),
        open_days: Iterable[date] = (),
    ) -> None:
        self._tz = _zone(timezone)
        for label, value in (("opens", opens), ("closes", closes)):
            if not isinstance(value, time):
                raise ValueError(f"{label} must be a datetime.time, got {value!r}")
            if value.tzinfo is not None:
                raise ValueError(f"{label} must be a wall-clock time without tzinfo")
        if not opens < closes:
            raise ValueError(
                f"opening time must be before closing time (opens={opens.isoformat()}, "
                f"closes={closes.isoformat()})"
            )
        self._opens = opens.replace(fold=0)
        self._closes = closes.replace(fold=0)
        self._open_us = _time_us(opens)
        self._close_us = _time_us(closes)
        self._day_us = self._close_us - self._open_us

        days: set[int] = set()
        for w in workdays:
            if not isinstance(w, int) or isinstance(w, bool) or not 0 <= w <= 6:
                raise ValueError(f"workdays are weekday numbers 0 (Monday) to 6, got {w!r}")
            days.add(w)
        if not days:
            raise ValueError("at least one workday is needed")
        self._workdays = frozenset(days)
        self._workday = tuple(i in days for i in range(7))

        self._explicit: dict[int, dict[int, str]] | None = None
        if holidays is not None:
            if isinstance(holidays, str | bytes):
                raise TypeError("holidays must be an iterable of dates, not a string")
            named = (
                {d: str(n) for d, n in holidays.items()}
                if isinstance(holidays, Mapping)
                else dict.fromkeys(holidays, _HOLIDAY_NAME)
            )
            self._explicit = {}
            for d, name in named.items():
                if not isinstance(d, date):
                    raise TypeError(f"holidays must be dates, got {d!r}")
                self._explicit.setdefault(d.year, {})[d.toordinal()] = name
        self._closures = _ordinals(closures, "closures")
        self._open_days = _ordinals(open_days, "open_days")
        self._years: dict[int, _Year] = {}
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- configuration

    @property
    def timezone(self) -> ZoneInfo:
        return self._tz

    @property
    def opens(self) -> time:
        return self._opens

    @property
    def closes(self) -> time:
        return self._closes

    @property
    def workdays(self) -> frozenset[int]:
        return self._workdays

    @property
    def hours_per_day(self) -> float:
        """Length of one business day in hours (9.0 by default); "1d 4h" is 1 of these + 4."""
        return self._day_us / _US_PER_HOUR

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar(timezone={self._tz.key!r}, opens={self._opens.isoformat()}, "
            f"closes={self._closes.isoformat()}, workdays={sorted(self._workdays)}, "
            f"holidays={'Iowa defaults' if self._explicit is None else 'explicit'}, "
            f"closures={len(self._closures)}, open_days={len(self._open_days)})"
        )

    # ----------------------------------------------------------------- days

    def is_business_day(self, d: date) -> bool:
        if isinstance(d, datetime):
            d = self._wall(d).date()
        return d.toordinal() in self._year(d.year).day_set

    def holiday_name(self, d: date) -> str | None:
        """Why the office is closed on ``d`` (holiday name or "Office closure"), else None.

        None for ordinary weekends and for days listed in ``open_days``; a holiday falling on
        a weekend still has its name.
        """
        if isinstance(d, datetime):
            d = self._wall(d).date()
        return self._year(d.year).closed_names.get(d.toordinal())

    def close_of_day(self, d: date) -> datetime:
        """The closing instant of date ``d`` (whether or not it is a business day)."""
        if isinstance(d, datetime):
            d = self._wall(d).date()
        return self._at(d.toordinal(), self._close_us)

    # ----------------------------------------------------------------- instants

    def is_open(self, dt: datetime) -> bool:
        wall = self._wall(dt)
        if wall.toordinal() not in self._year(wall.year).day_set:
            return False
        return self._open_us <= _time_us(wall) < self._close_us

    def next_open(self, dt: datetime) -> datetime:
        """``dt`` itself (as an aware datetime) if the office is open, else the next opening."""
        year, index, offset = self._deem(self._wall(dt))
        return self._at(self._seek(year, index), self._open_us + offset)

    def deemed_receipt(self, dt: datetime) -> datetime:
        """When something received at ``dt`` counts as received (same as :meth:`next_open`)."""
        return self.next_open(dt)

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """The instant ``hours`` business hours after ``start`` (deemed received if closed).

        A result exactly at closing time stays at closing time rather than rolling to the next
        opening. ``hours`` may be fractional (resolution one microsecond); ``hours == 0`` gives
        the deemed start. Raises ValueError for negative or non-finite ``hours``.
        """
        if isinstance(hours, int):
            if hours < 0:
                raise ValueError(f"hours must not be negative, got {hours!r}")
            amount = hours * _US_PER_HOUR
        else:
            h = float(hours)
            if not math.isfinite(h) or h < 0:
                raise ValueError(f"hours must be a finite number >= 0, got {hours!r}")
            amount = round(h * _US_PER_HOUR)
        year, index, offset = self._deem(self._wall(start))
        days, rest = divmod(offset + amount, self._day_us)
        if rest == 0 and days > 0:
            return self._at(self._seek(year, index + days - 1), self._close_us)
        return self._at(self._seek(year, index + days), self._open_us + rest)

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """Closing time of the ``days``-th business day after the (deemed) receipt day.

        The deemed receipt day is day 0, so ``days == 0`` is the close of that day. Raises
        ValueError for negative ``days``.
        """
        if not isinstance(days, int):
            raise TypeError(f"days must be an int, got {days!r}")
        if days < 0:
            raise ValueError(f"days must not be negative, got {days!r}")
        year, index, _ = self._deem(self._wall(start))
        return self._at(self._seek(year, index + days), self._close_us)

    def business_hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours elapsing from ``start`` to ``end``; the negative when end < start."""
        a, b = self._wall(start), self._wall(end)
        if b < a:
            return -self._elapsed_us(b, a) / _US_PER_HOUR
        return self._elapsed_us(a, b) / _US_PER_HOUR

    def business_days_between(self, start_date: date, end_date: date) -> int:
        """Business days after the (deemed) receipt day up to and including ``end_date``.

        ``start_date`` may be a date or a datetime (a datetime received while closed counts
        from the next opening). Answered on the receipt day, or before the deemed receipt day
        but not before the request itself (Saturday request, Sunday answer): 0. An
        ``end_date`` before the request's own date is a data error and gives the negative of
        the reversed count.
        """
        if isinstance(start_date, datetime):
            wall = self._wall(start_date)
            own = wall.toordinal()
            year, index, _ = self._deem(wall)
        else:
            own = start_date.toordinal()
            year = start_date.year
            index = bisect_left(self._year(year).days, own)
        end = self._wall(end_date).date() if isinstance(end_date, datetime) else end_date
        last = end.toordinal()
        if last < own:
            return -self.business_days_between(end_date, start_date)
        received = self._seek(year, index)
        if last <= received:
            return 0
        return self._count(received, last)

    # ----------------------------------------------------------------- internals

    def _wall(self, dt: datetime) -> datetime:
        if not isinstance(dt, datetime):
            raise TypeError(f"expected a datetime, got {dt!r}")
        if dt.tzinfo is None:
            return dt
        return dt.astimezone(self._tz).replace(tzinfo=None)

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            with self._lock:
                found = self._years.get(year)
                if found is None:
                    found = self._years[year] = self._build_year(year)
        return found

    def _build_year(self, year: int) -> _Year:
        if self._explicit is None:
            closed = _default_holidays(year)
        else:
            closed = dict(self._explicit.get(year, {}))
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        for o in self._closures:
            if first <= o <= last:
                closed.setdefault(o, _CLOSURE_NAME)
        for o in self._open_days:
            closed.pop(o, None)
        workday = self._workday
        weekday = date(year, 1, 1).weekday()
        days: list[int] = []
        shifty: set[int] = set()
        for o in range(first, last + 1):
            if workday[weekday] and o not in closed:
                days.append(o)
            weekday = 0 if weekday == 6 else weekday + 1
            d = date.fromordinal(o)
            offsets = {
                datetime.combine(d, t, self._tz).replace(fold=fold).utcoffset()
                for t in (self._opens, self._closes)
                for fold in (0, 1)
            }
            if len(offsets) > 1:
                shifty.add(o)
        return _Year(days, frozenset(days), closed, frozenset(shifty))

    def _deem(self, wall: datetime) -> tuple[int, int, int]:
        """Where ``wall`` is deemed received: (year, index into that year's days, offset).

        The offset is business microseconds since opening. The index may run past the end of
        the year's list; :meth:`_seek` carries it into the following years.
        """
        year = wall.year
        info = self._years.get(year) or self._year(year)
        o = wall.toordinal()
        index = bisect_left(info.days, o)
        if o in info.day_set:
            t = ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1_000_000 + wall.microsecond
            if t >= self._close_us:
                return year, index + 1, 0
            if t > self._open_us:
                return year, index, t - self._open_us
        return year, index, 0

    def _seek(self, year: int, index: int) -> int:
        """Ordinal of business day number ``index`` counted from the start of ``year``."""
        days = self._year(year).days
        while index >= len(days):
            index -= len(days)
            year += 1
            if year > MAXYEAR:
                raise OverflowError("business-time result is after the year 9999")
            days = self._year(year).days
        return days[index]

    def _count(self, first: int, last: int) -> int:
        """Number of business days d with first < d <= last (first <= last)."""
        y1 = date.fromordinal(first).year
        y2 = date.fromordinal(last).year
        days = self._year(y1).days
        if y1 == y2:
            return bisect_right(days, last) - bisect_right(days, first)
        total = len(days) - bisect_right(days, first)
        for y in range(y1 + 1, y2):
            total += len(self._year(y).days)
        return total + bisect_right(self._year(y2).days, last)

    def _elapsed_us(self, a: datetime, b: datetime) -> int:
        # Position of x on the business clock: (business days up to and including x's date)
        # full days, less the part of x's own business day still ahead of x. The difference
        # of two positions is the business time between them.
        def ahead(x: datetime) -> int:
            if x.toordinal() not in self._year(x.year).day_set:
                return 0
            done = min(max(_time_us(x) - self._open_us, 0), self._day_us)
            return self._day_us - done

        full = self._count(a.toordinal(), b.toordinal())
        return full * self._day_us - ahead(b) + ahead(a)

    def _at(self, ordinal: int, us: int) -> datetime:
        d = date.fromordinal(ordinal)
        seconds, micro = divmod(us, 1_000_000)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        aware = datetime(d.year, d.month, d.day, hours, minutes, seconds, micro, tzinfo=self._tz)
        info = self._years.get(d.year) or self._year(d.year)
        if ordinal in info.shifty and aware.utcoffset() != aware.replace(fold=1).utcoffset():
            # Inside a DST gap (the wall time does not exist) or overlap. For a gap, give the
            # real instant the clock passed that reading; an overlap keeps its first instant.
            real = aware.astimezone(UTC).astimezone(self._tz)
            if real.replace(tzinfo=None) != aware.replace(tzinfo=None):
                return real
        return aware


def _zone(timezone: str | ZoneInfo) -> ZoneInfo:
    if isinstance(timezone, ZoneInfo):
        return timezone
    if not isinstance(timezone, str) or not timezone:
        raise ValueError(f"timezone must be an IANA name such as 'America/Chicago': {timezone!r}")
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown timezone {timezone!r} (expected an IANA name)") from exc
