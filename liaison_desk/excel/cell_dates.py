"""Dates and times in a cell the many ways people typed them: Excel serials (1900 and 1904
epochs), numeric and named dates, times with or without a.m./p.m., "Mon 11/23 at 2pm CT"."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from .cell_values import MAC_EPOCH, NULL_TOKENS, WINDOWS_EPOCH, CellError, shown

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)

_TIME_PART = r"(?:[ T,]+(?P<time>\d{1,2}(?::\d{2}){0,2}(?:\.\d+)?\s*(?:[ap]\.?\s*m?\.?)?))?"
_NUMERIC_DATE = re.compile(
    r"^(?P<a>\d{1,4})\s*[/\-.]\s*(?P<b>\d{1,2})\s*[/\-.]\s*(?P<c>\d{2,4})" + _TIME_PART + r"\s*$",
    re.IGNORECASE,
)
_NAMED_MDY = re.compile(
    r"^(?:[a-z]+,?\s+)?"
    + _MONTH_RE
    + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{2,4})"
    + _TIME_PART
    + r"\s*$",
    re.IGNORECASE,
)
_NAMED_DMY = re.compile(
    r"^(?P<d>\d{1,2})[\s\-]+" + _MONTH_RE + r"[\s\-,]+(?P<y>\d{2,4})" + _TIME_PART + r"\s*$",
    re.IGNORECASE,
)
_COMPACT_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_SERIAL_TEXT = re.compile(r"^\d{4,5}(?:\.\d+)?$")
_TIME_TEXT = re.compile(
    r"^(?P<h>\d{1,2})(?:(?::|\.|h)?(?P<m>\d{2}))?(?::(?P<s>\d{2})(?:\.\d+)?)?\s*"
    r"(?P<ampm>[ap])?\.?\s*(?:m\.?)?\s*(?:[a-z]{2,4})?$",
    re.IGNORECASE,
)

# Serial numbers we accept as dates: 1990-01-01 .. 2099-12-31 in the Windows system.
_SERIAL_MIN = 32874
_SERIAL_MAX = 73415


def _year(y: int, text: str) -> int:
    if y < 100:
        return 2000 + y if y < 70 else 1900 + y
    if y < 1900:
        raise CellError(f"“{text}” does not have a year we can read.")
    return y


def _mkdate(y: int, m: int, d: int, text: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise CellError(f"“{text}” is not a real date.") from None


def _serial(value: float, epoch: datetime) -> datetime:
    if not math.isfinite(value):
        raise CellError(f"“{value}” is not a date.")
    low, high = _SERIAL_MIN, _SERIAL_MAX
    if epoch == MAC_EPOCH:
        low, high = low - 1462, high - 1462
    if not low <= value <= high:
        raise CellError(f"The number {shown(value)} is not a date between 1990 and 2099.")
    # Excel's serial counts days from its epoch; the fraction is the time of day. Round to
    # the second: floating point noise otherwise turns 9:30 into 9:29:59.999.
    seconds = round(value * 86400)
    return epoch + timedelta(seconds=seconds)


def parse_datetime(value: object, epoch: datetime = WINDOWS_EPOCH) -> datetime | date | None:
    """A date cell: a ``date`` when only a day was written, a naive ``datetime`` when a time
    of day came with it, ``None`` when blank."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.year < 1990 or value.year > 2099:
            raise CellError(f"{shown(value)} is not a date between 1990 and 2099.")
        value = value.replace(microsecond=0) + (
            timedelta(seconds=1) if value.microsecond >= 500_000 else timedelta()
        )
        if value.time() == time(0):
            return value.date()
        return value
    if isinstance(value, date):
        if value.year < 1990 or value.year > 2099:
            raise CellError(f"{shown(value)} is not a date between 1990 and 2099.")
        return value
    if isinstance(value, time):
        raise CellError(f"{shown(value)} is a time of day, not a date.")
    if isinstance(value, bool):
        raise CellError(f"“{value}” is not a date.")
    if isinstance(value, int | float):
        dt = _serial(float(value), epoch)
        return dt.date() if dt.time() == time(0) else dt
    text = str(value).strip()
    if text.casefold() in NULL_TOKENS:
        return None
    return _parse_date_text(text, epoch)


# Words people put around a typed date: "Mon 11/24/2025", "11/24/2025 at 2:30 pm",
# "11/24/2025 @ 2:30", "11/24/2025 2:30 PM CST".
_WEEKDAY_PREFIX = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+(?=\d)", re.IGNORECASE
)
_AT_WORD = re.compile(r"\s*(?:\bat\b|@)\s*", re.IGNORECASE)
_ZONE_SUFFIX = re.compile(r"\s*\(?\b(?:cst|cdt|ct|central(?: time)?)\)?\.?\s*$", re.IGNORECASE)


def _parse_date_text(text: str, epoch: datetime) -> datetime | date:
    try:
        return _parse_date_words(text, epoch)
    except CellError:
        tidy = _ZONE_SUFFIX.sub("", _AT_WORD.sub(" ", _WEEKDAY_PREFIX.sub("", text))).strip()
        if tidy == text or not tidy:
            raise
        try:
            return _parse_date_words(tidy, epoch)
        except CellError:
            raise CellError(
                f"“{shown(text)}” is not a date we can read (write it like 11/24/2025)."
            ) from None


def _parse_date_words(text: str, epoch: datetime) -> datetime | date:
    day: date | None = None
    time_text: str | None = None
    m = _NUMERIC_DATE.match(text)
    if m:
        a, b, c = m.group("a"), m.group("b"), m.group("c")
        time_text = m.group("time")
        if len(a) == 4:  # 2025-11-24, 2025/11/24
            day = _mkdate(int(a), int(b), int(c), text)
        elif len(a) <= 2:
            first, second, y = int(a), int(b), _year(int(c), text)
            # The agency writes month first; a first number over 12 can only be a day.
            if first > 12 >= second:
                first, second = second, first
            day = _mkdate(y, first, second, text)
    if day is None:
        m = _NAMED_MDY.match(text) or _NAMED_DMY.match(text)
        if m:
            month = _MONTHS[m.group("mon").casefold()[:3]]
            day = _mkdate(_year(int(m.group("y")), text), month, int(m.group("d")), text)
            time_text = m.group("time")
    if day is None:
        m = _COMPACT_DATE.match(text)
        if m:
            day = _mkdate(int(m.group("y")), int(m.group("m")), int(m.group("d")), text)
    if day is None and _SERIAL_TEXT.match(text):
        dt = _serial(float(text), epoch)
        return dt.date() if dt.time() == time(0) else dt
    if day is None:
        raise CellError(f"“{shown(text)}” is not a date we can read (write it like 11/24/2025).")
    if day.year < 1990 or day.year > 2099:
        raise CellError(f"“{text}” is not a date between 1990 and 2099.")
    if time_text:
        t = _parse_time_text(time_text.strip(), text)
        return datetime.combine(day, t)
    return day


def parse_time(value: object) -> time | None:
    """A time cell: ``time``, a day fraction (0.4375), text ("9:30 AM", "0930", "2pm")."""
    if value is None:
        return None
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, datetime):
        # A time typed into a date-formatted cell comes back on Excel's day zero.
        return value.time().replace(microsecond=0)
    if isinstance(value, date):
        raise CellError(f"{shown(value)} is a date, not a time of day.")
    if isinstance(value, bool):
        raise CellError(f"“{value}” is not a time of day.")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise CellError(f"“{shown(value)}” is not a time of day.")
        if isinstance(value, float) and not number.is_integer():
            fraction = number % 1.0
            seconds = round(fraction * 86400) % 86400
            return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        n = int(number)
        if 0 <= n <= 23:
            return time(n)
        if 100 <= n <= 2359 and n % 100 < 60:
            return time(n // 100, n % 100)
        raise CellError(f"“{n}” is not a time of day.")
    text = str(value).strip()
    if text.casefold() in NULL_TOKENS:
        return None
    if _FRACTION_TEXT.match(text):
        # A day fraction that ended up as text (pasted from another sheet): 0.4375 = 10:30.
        return parse_time(float(text))
    return _parse_time_text(text, text)


_FRACTION_TEXT = re.compile(r"^0?\.\d{2,}$")


def _parse_time_text(text: str, whole: str) -> time:
    folded = text.casefold().strip()
    if folded == "noon":
        return time(12)
    if folded == "midnight":
        return time(0)
    m = _TIME_TEXT.match(folded)
    if not m:
        raise CellError(f"“{shown(whole)}” is not a time of day (write it like 9:30 AM).")
    h = int(m.group("h"))
    minute = int(m.group("m") or 0)
    second = int(m.group("s") or 0)
    ampm = m.group("ampm")
    if m.group("m") is None and len(m.group("h")) > 2:
        raise CellError(f"“{shown(whole)}” is not a time of day.")
    if ampm:
        if not 1 <= h <= 12:
            raise CellError(f"“{shown(whole)}” is not a time of day.")
        h = h % 12 + (12 if ampm == "p" else 0)
    if not (0 <= h <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise CellError(f"“{shown(whole)}” is not a time of day.")
    return time(h, minute, second)
