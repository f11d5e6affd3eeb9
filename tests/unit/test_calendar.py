"""BusinessCalendar: the worked examples of SPEC section 3, edge weeks, and properties.

The property tests compare the calendar with a deliberately simple reference written here,
which walks minute by minute (hours) or day by day (days) and shares no code with it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison_desk.calendar import BusinessCalendar

CHICAGO = ZoneInfo("America/Chicago")
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    """An aware America/Chicago datetime, for expected values."""
    return datetime(year, month, day, hour, minute, second, us, tzinfo=CHICAGO)


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar()


def assert_same(result: datetime, expected: datetime) -> None:
    """Same instant, same wall clock, and in the calendar's zone (not just equal instants)."""
    assert result == expected
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert isinstance(result.tzinfo, ZoneInfo)
    assert result.tzinfo.key == "America/Chicago"


# --------------------------------------------------------------------- configuration


def test_defaults(cal: BusinessCalendar) -> None:
    assert cal.timezone == CHICAGO
    assert cal.opens == time(8)
    assert cal.closes == time(17)
    assert cal.workdays == frozenset({0, 1, 2, 3, 4})
    assert cal.hours_per_day == 9.0


def test_hours_per_day_follows_opening_hours() -> None:
    assert BusinessCalendar(opens=time(7, 30), closes=time(16, 15)).hours_per_day == 8.75


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"opens": time(17), "closes": time(8)}, "before closing"),
        ({"opens": time(9), "closes": time(9)}, "before closing"),
        ({"timezone": "America/Chicgo"}, "unknown timezone"),
        ({"timezone": ""}, "timezone"),
        ({"timezone": "../etc/passwd"}, "unknown timezone"),
        ({"workdays": ()}, "workday"),
        ({"workdays": (0, 7)}, "workdays"),
        ({"opens": "08:00"}, "opens"),
        ({"closes": time(17, tzinfo=UTC)}, "closes"),
    ],
)
def test_invalid_configuration_is_rejected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_holidays_must_be_dates() -> None:
    with pytest.raises(TypeError):
        BusinessCalendar(holidays="2026-11-26")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        BusinessCalendar(closures=["2026-11-27"])  # type: ignore[list-item]


def test_timezone_accepts_zoneinfo() -> None:
    assert BusinessCalendar(timezone=ZoneInfo("America/New_York")).timezone.key == (
        "America/New_York"
    )


# --------------------------------------------------------------------- worked examples


def test_open_means_opening_inclusive_closing_exclusive(cal: BusinessCalendar) -> None:
    assert not cal.is_open(datetime(2026, 6, 8, 7, 59, 59, 999999))
    assert cal.is_open(datetime(2026, 6, 8, 8, 0))
    assert cal.is_open(datetime(2026, 6, 8, 16, 59, 59, 999999))
    assert not cal.is_open(datetime(2026, 6, 8, 17, 0))
    assert not cal.is_open(datetime(2026, 6, 6, 10, 0))  # Saturday
    assert not cal.is_open(datetime(2026, 11, 26, 10, 0))  # Thanksgiving


def test_received_while_closed_counts_from_next_opening(cal: BusinessCalendar) -> None:
    assert_same(cal.next_open(datetime(2026, 6, 6, 10, 0)), local(2026, 6, 8, 8))  # Sat
    assert_same(cal.next_open(datetime(2026, 6, 8, 6, 30)), local(2026, 6, 8, 8))
    assert_same(cal.next_open(datetime(2026, 6, 8, 17, 0)), local(2026, 6, 9, 8))
    assert_same(cal.next_open(datetime(2026, 6, 12, 18, 0)), local(2026, 6, 15, 8))  # Fri
    assert_same(cal.next_open(datetime(2026, 6, 8, 10, 15, 30)), local(2026, 6, 8, 10, 15, 30))
    assert_same(cal.deemed_receipt(datetime(2026, 6, 6, 10)), local(2026, 6, 8, 8))


def test_business_days_worked_examples(cal: BusinessCalendar) -> None:
    # Monday 2026-06-08 .. Sunday 2026-06-14 has no holiday.
    assert_same(cal.add_business_days(datetime(2026, 6, 8, 10), 1), local(2026, 6, 9, 17))
    assert_same(cal.add_business_days(datetime(2026, 6, 6, 11), 1), local(2026, 6, 9, 17))
    assert_same(cal.add_business_days(datetime(2026, 6, 8, 18), 1), local(2026, 6, 10, 17))
    assert_same(cal.add_business_days(datetime(2026, 6, 8, 10), 0), local(2026, 6, 8, 17))
    assert_same(cal.add_business_days(datetime(2026, 6, 6, 11), 0), local(2026, 6, 8, 17))
    assert_same(cal.add_business_days(datetime(2026, 6, 8, 17), 0), local(2026, 6, 9, 17))
    assert_same(cal.add_business_days(datetime(2026, 6, 8, 10), 5), local(2026, 6, 15, 17))


def test_business_days_rejects_negative(cal: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        cal.add_business_days(datetime(2026, 6, 8, 10), -1)


def test_business_hours_worked_examples(cal: BusinessCalendar) -> None:
    mon = datetime(2026, 6, 8, 10)
    assert_same(cal.add_business_hours(mon, 4), local(2026, 6, 8, 14))
    assert_same(cal.add_business_hours(mon, 9), local(2026, 6, 9, 10))
    assert_same(cal.add_business_hours(mon, 0.5), local(2026, 6, 8, 10, 30))
    assert_same(cal.add_business_hours(mon, 1 / 3600), local(2026, 6, 8, 10, 0, 1))
    # High priority, received Friday 15:00: warn after 2 business hours, due after 4.
    fri = datetime(2026, 6, 12, 15)
    assert_same(cal.add_business_hours(fri, 2), local(2026, 6, 12, 17))
    assert_same(cal.add_business_hours(fri, 4), local(2026, 6, 15, 10))
    # Received on Saturday: the clock starts Monday 08:00.
    assert_same(cal.add_business_hours(datetime(2026, 6, 13, 9), 4), local(2026, 6, 15, 12))


def test_deadline_exactly_at_closing_stays_at_closing(cal: BusinessCalendar) -> None:
    assert_same(cal.add_business_hours(datetime(2026, 6, 8, 16), 1), local(2026, 6, 8, 17))
    assert_same(cal.add_business_hours(datetime(2026, 6, 8, 8), 9), local(2026, 6, 8, 17))
    assert_same(cal.add_business_hours(datetime(2026, 6, 8, 8), 18), local(2026, 6, 9, 17))
    assert_same(cal.add_business_hours(datetime(2026, 6, 6, 8), 9), local(2026, 6, 8, 17))
    assert_same(cal.add_business_hours(datetime(2026, 6, 12, 16), 1), local(2026, 6, 12, 17))
    # One microsecond more rolls over to the next opening.
    assert_same(
        cal.add_business_hours(datetime(2026, 6, 12, 16), 1 + 1 / 3_600_000_000),
        local(2026, 6, 15, 8, 0, 0, 1),
    )


def test_zero_hours_is_the_deemed_start(cal: BusinessCalendar) -> None:
    assert_same(cal.add_business_hours(datetime(2026, 6, 8, 10, 5), 0), local(2026, 6, 8, 10, 5))
    assert_same(cal.add_business_hours(datetime(2026, 6, 8, 17), 0), local(2026, 6, 9, 8))
    assert_same(cal.add_business_hours(datetime(2026, 6, 6, 12), 0.0), local(2026, 6, 8, 8))


def test_received_at_closing_time_starts_next_morning(cal: BusinessCalendar) -> None:
    assert_same(cal.add_business_hours(datetime(2026, 6, 8, 17), 1), local(2026, 6, 9, 9))


@pytest.mark.parametrize("hours", [-1, -0.5, -1e-9, math.nan, math.inf])
def test_business_hours_rejects_negative_and_non_finite(
    cal: BusinessCalendar, hours: float
) -> None:
    with pytest.raises(ValueError, match="hours"):
        cal.add_business_hours(datetime(2026, 6, 8, 10), hours)


def test_fractional_hours_do_not_drift(cal: BusinessCalendar) -> None:
    start = datetime(2026, 6, 8, 8)
    assert_same(cal.add_business_hours(start, 0.1 * 3), local(2026, 6, 8, 8, 18))
    assert_same(cal.add_business_hours(start, 8.9 + 0.1), local(2026, 6, 8, 17))
    assert_same(cal.add_business_hours(start, 2.25), local(2026, 6, 8, 10, 15))


def test_business_hours_between(cal: BusinessCalendar) -> None:
    mon10 = datetime(2026, 6, 8, 10)
    assert cal.business_hours_between(mon10, datetime(2026, 6, 8, 12, 30)) == 2.5
    assert cal.business_hours_between(mon10, datetime(2026, 6, 9, 10)) == 9.0
    assert cal.business_hours_between(datetime(2026, 6, 12, 15), local(2026, 6, 15, 10)) == 4.0
    assert cal.business_hours_between(datetime(2026, 6, 13), datetime(2026, 6, 14, 23)) == 0.0
    assert cal.business_hours_between(mon10, mon10) == 0.0
    assert cal.business_hours_between(datetime(2026, 6, 9, 10), mon10) == -9.0
    assert cal.business_hours_between(datetime(2026, 6, 8, 6), datetime(2026, 6, 8, 20)) == 9.0


def test_business_days_between_worked_examples(cal: BusinessCalendar) -> None:
    bdb = cal.business_days_between
    sat, sun, mon, tue, wed = (date(2026, 6, d) for d in (6, 7, 8, 9, 10))
    assert bdb(mon, mon) == 0
    assert bdb(sat, mon) == 0
    assert bdb(sat, tue) == 1
    assert bdb(sat, sun) == 0  # answered before the deemed receipt day, not before the request
    assert bdb(mon, wed) == 2
    assert bdb(mon, date(2026, 6, 15)) == 5
    # A datetime is deemed first: Monday 18:00 counts from Tuesday.
    assert bdb(datetime(2026, 6, 8, 18), tue) == 0
    assert bdb(datetime(2026, 6, 8, 18), wed) == 1
    assert bdb(datetime(2026, 6, 8, 16, 59), wed) == 2
    assert bdb(datetime(2026, 6, 8, 18), mon) == 0
    assert bdb(mon, datetime(2026, 6, 9, 23, 30)) == 1
    # A data error (answer before the request) gives the mirror value.
    assert bdb(wed, mon) == -2
    assert bdb(tue, sat) == -1
    assert bdb(mon, sun) == -bdb(sun, mon) == 0


def test_business_days_between_aware_datetimes_use_local_dates(cal: BusinessCalendar) -> None:
    # 2026-06-09 02:00 UTC is Monday 21:00 in Chicago: deemed Tuesday 08:00.
    received = datetime(2026, 6, 9, 2, tzinfo=UTC)
    assert cal.business_days_between(received, date(2026, 6, 10)) == 1
    answered = datetime(2026, 6, 11, 3, tzinfo=UTC)  # Wednesday 22:00 in Chicago
    assert cal.business_days_between(received, answered) == 1


# --------------------------------------------------------------------- holidays


# The state's published holiday schedules (Iowa Code §1C.2), day by day.
# fmt: off
STATE_HOLIDAYS = {
    2026: [(1, 1), (1, 19), (5, 25), (7, 3), (9, 7), (11, 11), (11, 26), (11, 27), (12, 25)],
    # New Year's Day 2028 is a Saturday: observed on Friday 31 December 2027.
    2027: [(1, 1), (1, 18), (5, 31), (7, 5), (9, 6), (11, 11), (11, 25), (11, 26), (12, 24),
           (12, 31)],
    2028: [(1, 17), (5, 29), (7, 4), (9, 4), (11, 10), (11, 23), (11, 24), (12, 25)],
}
# fmt: on


@pytest.mark.parametrize("year", sorted(STATE_HOLIDAYS))
def test_iowa_state_employee_holidays(cal: BusinessCalendar, year: int) -> None:
    closed_weekdays = [
        d
        for d in (date(year, 1, 1) + timedelta(days=n) for n in range(366))
        if d.year == year and d.weekday() < 5 and not cal.is_business_day(d)
    ]
    assert closed_weekdays == [date(year, m, d) for m, d in STATE_HOLIDAYS[year]]
    for day in closed_weekdays:
        assert cal.holiday_name(day)


def test_state_offices_are_open_on_the_federal_days_iowa_works(cal: BusinessCalendar) -> None:
    # Lincoln's Birthday, Washington's Birthday (Presidents Day), Juneteenth, Columbus Day.
    for day in (date(2026, 2, 12), date(2026, 2, 16), date(2026, 6, 19), date(2026, 10, 12)):
        assert cal.is_business_day(day), day
        assert cal.holiday_name(day) is None


def test_iowa_default_holidays_2026(cal: BusinessCalendar) -> None:
    assert cal.holiday_name(date(2026, 1, 19)) == "Martin Luther King Jr. Day"
    assert cal.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert cal.holiday_name(date(2026, 11, 27)) == "Friday after Thanksgiving"
    assert cal.holiday_name(date(2027, 12, 31)) == "New Year's Day (observed)"
    assert cal.holiday_name(date(2026, 7, 4)) == "Independence Day"  # a Saturday
    assert cal.holiday_name(date(2026, 7, 3)) == "Independence Day (observed)"
    assert cal.holiday_name(date(2026, 6, 6)) is None  # an ordinary Saturday
    assert cal.holiday_name(date(2026, 6, 8)) is None
    assert cal.is_business_day(date(2026, 6, 8))
    assert not cal.is_business_day(date(2026, 6, 6))


def test_thanksgiving_week_2026(cal: BusinessCalendar) -> None:
    # Thanksgiving (Thu 26) and the Friday after are both state holidays.
    assert not cal.is_business_day(date(2026, 11, 27))
    wed = datetime(2026, 11, 25, 10)
    assert_same(cal.add_business_days(wed, 1), local(2026, 11, 30, 17))
    assert_same(cal.add_business_days(wed, 2), local(2026, 12, 1, 17))
    assert_same(cal.add_business_hours(datetime(2026, 11, 25, 16), 2), local(2026, 11, 30, 9))
    assert_same(cal.next_open(datetime(2026, 11, 26, 9)), local(2026, 11, 30, 8))
    assert cal.business_days_between(date(2026, 11, 25), date(2026, 11, 30)) == 1
    assert cal.business_hours_between(datetime(2026, 11, 25, 8), datetime(2026, 11, 30, 8)) == 9


def test_a_closure_the_day_before_thanksgiving() -> None:
    cal = BusinessCalendar(closures=[date(2026, 11, 25)])
    assert cal.holiday_name(date(2026, 11, 25)) == "Office closure"
    assert not cal.is_business_day(date(2026, 11, 25))
    tue = datetime(2026, 11, 24, 10)
    assert_same(cal.add_business_days(tue, 1), local(2026, 11, 30, 17))
    assert_same(cal.add_business_hours(datetime(2026, 11, 24, 16), 2), local(2026, 11, 30, 9))
    assert_same(cal.next_open(datetime(2026, 11, 24, 17)), local(2026, 11, 30, 8))
    assert cal.business_days_between(date(2026, 11, 24), date(2026, 11, 30)) == 1
    assert cal.business_days_between(date(2026, 11, 26), date(2026, 11, 30)) == 0


def test_explicit_holidays_replace_the_defaults() -> None:
    cal = BusinessCalendar(
        timezone="America/Chicago", opens=time(8), closes=time(17), holidays=[date(2026, 11, 27)]
    )
    assert cal.is_business_day(date(2026, 11, 26))
    assert not cal.is_business_day(date(2026, 11, 27))
    assert cal.holiday_name(date(2026, 11, 27)) == "Holiday"
    assert cal.holiday_name(date(2026, 11, 26)) is None
    assert cal.is_business_day(date(2026, 12, 25))
    assert_same(cal.add_business_days(datetime(2026, 11, 25, 10), 1), local(2026, 11, 26, 17))
    assert_same(cal.add_business_days(datetime(2026, 11, 25, 10), 2), local(2026, 11, 30, 17))


def test_explicit_holidays_may_carry_names() -> None:
    cal = BusinessCalendar(holidays={date(2026, 2, 2): "Snow day"})
    assert cal.holiday_name(date(2026, 2, 2)) == "Snow day"
    assert cal.holiday_name(date(2026, 1, 1)) is None


def test_no_holidays_at_all() -> None:
    cal = BusinessCalendar(holidays=[])
    assert cal.is_business_day(date(2026, 1, 1))
    assert cal.is_business_day(date(2026, 12, 25))


def test_open_days_reopen_holidays_and_closures() -> None:
    cal = BusinessCalendar(
        open_days=[date(2026, 11, 26), date(2026, 2, 2), date(2026, 6, 6)],
        closures=[date(2026, 2, 2), date(2026, 2, 3)],
    )
    assert cal.is_business_day(date(2026, 11, 26))
    assert cal.holiday_name(date(2026, 11, 26)) is None
    assert_same(cal.add_business_days(datetime(2026, 11, 25, 10), 1), local(2026, 11, 26, 17))
    assert cal.is_business_day(date(2026, 2, 2))  # open day wins over a closure
    assert not cal.is_business_day(date(2026, 2, 3))
    # An open day does not turn a weekend into a business day.
    assert not cal.is_business_day(date(2026, 6, 6))
    assert not cal.is_open(datetime(2026, 6, 6, 10))


def test_closures_stack_on_holidays() -> None:
    cal = BusinessCalendar(closures=[date(2026, 12, 24), date(2026, 12, 28)])
    assert_same(cal.add_business_days(datetime(2026, 12, 23, 9), 1), local(2026, 12, 29, 17))
    assert cal.holiday_name(date(2026, 12, 25)) == "Christmas Day"
    assert cal.holiday_name(date(2026, 12, 24)) == "Office closure"


def test_custom_workdays_and_hours() -> None:
    cal = BusinessCalendar(opens=time(7, 30), closes=time(16, 15), workdays=(1, 2, 3, 4, 5))
    assert not cal.is_business_day(date(2026, 6, 8))  # Monday
    assert cal.is_business_day(date(2026, 6, 13))  # Saturday
    assert_same(cal.add_business_hours(datetime(2026, 6, 12, 16), 1), local(2026, 6, 13, 8, 15))
    assert_same(cal.add_business_days(datetime(2026, 6, 13, 10), 1), local(2026, 6, 16, 16, 15))


# --------------------------------------------------------------------- year boundaries


def test_new_year_2027(cal: BusinessCalendar) -> None:
    # Thu 2026-12-31, then Fri 2027-01-01 New Year's Day, then the weekend.
    assert_same(cal.add_business_hours(datetime(2026, 12, 31, 16), 2), local(2027, 1, 4, 9))
    assert_same(cal.add_business_days(datetime(2026, 12, 31, 10), 1), local(2027, 1, 4, 17))
    assert_same(cal.next_open(datetime(2026, 12, 31, 17, 30)), local(2027, 1, 4, 8))
    assert cal.business_days_between(date(2026, 12, 30), date(2027, 1, 4)) == 2
    assert cal.business_hours_between(datetime(2026, 12, 31, 8), datetime(2027, 1, 4, 17)) == 18


def test_new_year_2028_observed_in_previous_year(cal: BusinessCalendar) -> None:
    # New Year's Day 2028 is a Saturday, observed Friday 2027-12-31.
    assert cal.holiday_name(date(2027, 12, 31)) == "New Year's Day (observed)"
    assert_same(cal.add_business_days(datetime(2027, 12, 30, 10), 1), local(2028, 1, 3, 17))
    assert_same(cal.add_business_hours(datetime(2027, 12, 30, 16), 2), local(2028, 1, 3, 9))
    assert cal.business_days_between(date(2027, 12, 30), date(2028, 1, 3)) == 1


def test_many_years_in_one_step(cal: BusinessCalendar) -> None:
    start = datetime(2026, 6, 8, 8)
    end = cal.add_business_days(start, 2500)
    assert end.year == 2036
    assert cal.business_days_between(start, end) == 2500
    assert cal.business_hours_between(start, end) == 2501 * 9


def test_far_future_and_past() -> None:
    cal = BusinessCalendar()
    # The rules hold for any year: 1 January 2300 (a Monday) is closed.
    assert_same(cal.add_business_hours(datetime(2300, 1, 1, 9), 9), local(2300, 1, 2, 17))
    assert_same(cal.add_business_days(datetime(1850, 1, 5), 1), local(1850, 1, 8, 17))
    with pytest.raises(OverflowError):
        cal.add_business_days(datetime(9999, 12, 30, 10), 5)


# --------------------------------------------------------------------- time zones and DST


def test_naive_input_is_local_wall_clock_and_aware_input_is_converted(
    cal: BusinessCalendar,
) -> None:
    naive = datetime(2026, 6, 8, 9)
    utc = datetime(2026, 6, 8, 14, tzinfo=UTC)  # the same instant, 09:00 CDT
    tokyo = utc.astimezone(ZoneInfo("Asia/Tokyo"))
    for start in (naive, utc, tokyo):
        assert_same(cal.add_business_hours(start, 1), local(2026, 6, 8, 10))
        assert_same(cal.add_business_days(start, 1), local(2026, 6, 9, 17))
        assert_same(cal.next_open(start), local(2026, 6, 8, 9))
        assert cal.is_open(start)
    # 16:30 UTC on Monday is 11:30 CDT, not 16:30.
    assert cal.business_hours_between(datetime(2026, 6, 8, 16, 30, tzinfo=UTC), naive) == -2.5


def test_every_result_is_aware_in_calendar_zone(cal: BusinessCalendar) -> None:
    start = datetime(2026, 6, 8, 9, tzinfo=UTC)
    for result in (
        cal.next_open(start),
        cal.deemed_receipt(start),
        cal.add_business_hours(start, 3),
        cal.add_business_days(start, 2),
        cal.close_of_day(date(2026, 6, 8)),
    ):
        assert isinstance(result.tzinfo, ZoneInfo)
        assert result.tzinfo.key == "America/Chicago"


def test_close_of_day(cal: BusinessCalendar) -> None:
    assert_same(cal.close_of_day(date(2026, 6, 8)), local(2026, 6, 8, 17))
    assert_same(cal.close_of_day(date(2026, 6, 6)), local(2026, 6, 6, 17))


def test_dst_spring_forward_week_2026(cal: BusinessCalendar) -> None:
    # Clocks go 02:00 CST -> 03:00 CDT on Sunday 2026-03-08.
    fri = datetime(2026, 3, 6, 15)
    due = cal.add_business_hours(fri, 4)
    assert_same(due, local(2026, 3, 9, 10))
    assert due.utcoffset() == timedelta(hours=-5)
    assert due.astimezone(UTC) == datetime(2026, 3, 9, 15, tzinfo=UTC)
    fri_utc = datetime(2026, 3, 6, 21, tzinfo=UTC)  # 15:00 CST
    assert_same(cal.add_business_hours(fri_utc, 4), local(2026, 3, 9, 10))
    assert cal.business_hours_between(fri_utc, datetime(2026, 3, 9, 15, tzinfo=UTC)) == 4.0
    assert_same(cal.add_business_days(fri_utc, 1), local(2026, 3, 9, 17))
    assert cal.add_business_days(fri_utc, 1).astimezone(UTC).hour == 22
    assert_same(cal.next_open(datetime(2026, 3, 8, 2, 30)), local(2026, 3, 9, 8))
    assert cal.business_hours_between(datetime(2026, 3, 2, 8), datetime(2026, 3, 13, 17)) == 90


def test_dst_fall_back_week_2026(cal: BusinessCalendar) -> None:
    # Clocks go 02:00 CDT -> 01:00 CST on Sunday 2026-11-01.
    fri_utc = datetime(2026, 10, 30, 20, tzinfo=UTC)  # 15:00 CDT
    due = cal.add_business_hours(fri_utc, 4)
    assert_same(due, local(2026, 11, 2, 10))
    assert due.utcoffset() == timedelta(hours=-6)
    assert due.astimezone(UTC) == datetime(2026, 11, 2, 16, tzinfo=UTC)
    assert cal.business_hours_between(fri_utc, datetime(2026, 11, 2, 16, tzinfo=UTC)) == 4.0
    ambiguous_second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=CHICAGO)
    assert_same(cal.next_open(ambiguous_second), local(2026, 11, 2, 8))
    assert cal.business_hours_between(datetime(2026, 10, 26, 8), datetime(2026, 11, 6, 17)) == 90


def test_business_hours_across_a_dst_gap_use_the_wall_clock() -> None:
    # Only a calendar open at 02:00 on a Sunday meets the gap; the wall clock rules, and a
    # wall time that does not exist is shown as the instant the clock passed it.
    cal = BusinessCalendar(opens=time(0), closes=time(23), workdays=range(7), holidays=[])
    start = datetime(2026, 3, 8, 0, 0)
    result = cal.add_business_hours(start, 2.5)
    assert result.astimezone(UTC) == datetime(2026, 3, 8, 8, 30, tzinfo=UTC)
    assert (result.hour, result.minute) == (3, 30)
    assert_same(cal.add_business_hours(start, 4), local(2026, 3, 8, 4))
    assert cal.business_hours_between(start, local(2026, 3, 8, 4)) == 4.0


def test_shared_between_threads() -> None:
    # Years are built lazily on first use; threads racing to build them must agree.
    cal = BusinessCalendar()
    results: list[list[datetime]] = [[] for _ in range(4)]

    def work(out: list[datetime]) -> None:
        out.extend(cal.add_business_days(datetime(y, 3, 1, 9), 10) for y in range(2030, 2060))

    threads = [threading.Thread(target=work, args=(out,)) for out in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = [
        BusinessCalendar().add_business_days(datetime(y, 3, 1, 9), 10) for y in range(2030, 2060)
    ]
    assert results == [expected] * 4


# --------------------------------------------------------------------- reference model


@dataclass(frozen=True)
class Reference:
    """The rules of SPEC section 3 written out plainly, on naive wall-clock datetimes."""

    opens: time
    closes: time
    workdays: frozenset[int]
    closed: frozenset[date]

    def business_day(self, d: date) -> bool:
        return d.weekday() in self.workdays and d not in self.closed

    def is_open(self, t: datetime) -> bool:
        return self.business_day(t.date()) and self.opens <= t.time() < self.closes

    def next_open(self, t: datetime) -> datetime:
        while not self.is_open(t):
            t += MINUTE
        return t

    def add_minutes(self, start: datetime, minutes: int) -> datetime:
        t = self.next_open(start)
        while minutes > 0:
            if self.is_open(t):
                minutes -= 1
            t += MINUTE
        return t

    def add_whole_hours(self, start: datetime, hours: int) -> datetime:
        """Hour-by-hour walk; right only when opening and closing fall on whole hours."""
        t = self.next_open(start)
        while hours > 0:
            if self.is_open(t):
                hours -= 1
            t += timedelta(hours=1)
        return t

    def add_days(self, start: datetime, days: int) -> datetime:
        d = self.next_open(start).date()
        while days > 0:
            d += DAY
            if self.business_day(d):
                days -= 1
        return datetime.combine(d, self.closes)

    def open_minutes_between(self, a: datetime, b: datetime) -> int:
        if b < a:
            return -self.open_minutes_between(b, a)
        count = 0
        while a < b:
            count += self.is_open(a)
            a += MINUTE
        return count

    def days_between(self, start: date, end: date) -> int:
        if end < start:
            return -self.days_between(end, start)
        received = start
        while not self.business_day(received):
            received += DAY
        count = 0
        d = received + DAY
        while d <= end:
            count += self.business_day(d)
            d += DAY
        return count


# Iowa Code §1C.2 from another source: the federal list (which observes a Saturday holiday
# on the Friday before and a Sunday one on the Monday after, as §1C.2 does) without the
# federal days Iowa state offices work, plus the Friday after Thanksgiving.
_STATE_NAMES = (
    "New Year's Day",
    "Martin Luther King Jr. Day",
    "Memorial Day",
    "Independence Day",
    "Labor Day",
    "Veterans Day",
    "Thanksgiving Day",
    "Christmas Day",
)


def iowa_holidays(years: Iterable[int]) -> frozenset[date]:
    federal = holidays_lib.country_holidays("US", years=list(years))
    found = {d for d, name in federal.items() if name.startswith(_STATE_NAMES)}
    found |= {d + DAY for d, name in federal.items() if name == "Thanksgiving Day"}
    return frozenset(found)


IOWA_CAL = BusinessCalendar()
IOWA_REF = Reference(time(8), time(17), frozenset(range(5)), iowa_holidays(range(2024, 2031)))

# Odd hours, a Saturday workday and no Monday, many closures and some re-opened holidays.
_CUSTOM_HOLIDAYS = sorted(iowa_holidays(range(2024, 2031)))
_CUSTOM_CLOSURES = [date(2024, 1, 1) + timedelta(days=n) for n in range(0, 7 * 365, 23)]
_CUSTOM_OPEN_DAYS = _CUSTOM_HOLIDAYS[::3] + _CUSTOM_CLOSURES[::4]
CUSTOM_CAL = BusinessCalendar(
    opens=time(7, 30),
    closes=time(16, 15),
    holidays=_CUSTOM_HOLIDAYS,
    workdays=(1, 2, 3, 4, 5),
    closures=_CUSTOM_CLOSURES,
    open_days=_CUSTOM_OPEN_DAYS,
)
CUSTOM_REF = Reference(
    time(7, 30),
    time(16, 15),
    frozenset({1, 2, 3, 4, 5}),
    frozenset(_CUSTOM_HOLIDAYS + _CUSTOM_CLOSURES) - frozenset(_CUSTOM_OPEN_DAYS),
)
CONFIGS = st.sampled_from([(IOWA_CAL, IOWA_REF), (CUSTOM_CAL, CUSTOM_REF)])

_BOUNDARY_TIMES = [time(0), time(7, 29), time(7, 30), time(8), time(12), time(16, 15), time(17)]
_TIMES = st.one_of(
    st.sampled_from(_BOUNDARY_TIMES),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
)
# Minute-aligned naive wall-clock starts over 2025-2028 (the reference walks in minutes).
STARTS = st.builds(
    datetime.combine,
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    _TIMES,
)
# Any instant, microseconds and all, for properties that need no reference walk.
INSTANTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31))


def prop(examples: int) -> settings:
    # No deadline: the first example of a run builds the calendar's years and holidays.
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def wall(result: datetime, cal: BusinessCalendar) -> datetime:
    assert result.tzinfo is cal.timezone
    return result.replace(tzinfo=None)


@prop(300)
@given(CONFIGS, STARTS, st.integers(0, 3 * 9 * 60))
def test_add_business_hours_matches_minute_walk(
    config: tuple[BusinessCalendar, Reference], start: datetime, minutes: int
) -> None:
    cal, ref = config
    expected = ref.add_minutes(start, minutes)
    assert wall(cal.add_business_hours(start, minutes / 60), cal) == expected
    assert wall(cal.next_open(start), cal) == ref.next_open(start)
    assert cal.is_open(start) == ref.is_open(start)


@prop(100)
@given(STARTS, st.integers(0, 2000))
def test_add_many_business_hours_matches_hour_walk(start: datetime, hours: int) -> None:
    expected = IOWA_REF.add_whole_hours(start.replace(minute=0), hours)
    result = IOWA_CAL.add_business_hours(start.replace(minute=0), hours)
    assert wall(result, IOWA_CAL) == expected


@prop(300)
@given(CONFIGS, STARTS, st.integers(0, 40))
def test_add_business_days_matches_day_walk(
    config: tuple[BusinessCalendar, Reference], start: datetime, days: int
) -> None:
    cal, ref = config
    assert wall(cal.add_business_days(start, days), cal) == ref.add_days(start, days)


@prop(100)
@given(CONFIGS, STARTS, st.integers(-4 * 24 * 60, 4 * 24 * 60))
def test_business_hours_between_matches_minute_count(
    config: tuple[BusinessCalendar, Reference], start: datetime, span: int
) -> None:
    cal, ref = config
    end = start + timedelta(minutes=span)
    minutes = ref.open_minutes_between(start, end)
    assert cal.business_hours_between(start, end) == pytest.approx(minutes / 60, abs=1e-12)


@prop(300)
@given(CONFIGS, st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(-30, 60))
def test_business_days_between_matches_day_walk(
    config: tuple[BusinessCalendar, Reference], start: date, span: int
) -> None:
    cal, ref = config
    end = start + timedelta(days=span)
    assert cal.business_days_between(start, end) == ref.days_between(start, end)


@prop(300)
@given(CONFIGS, STARTS, st.integers(0, 30))
def test_business_days_between_a_received_datetime_and_its_deadline(
    config: tuple[BusinessCalendar, Reference], start: datetime, days: int
) -> None:
    cal, _ = config
    due = cal.add_business_days(start, days)
    assert cal.business_days_between(start, due.date()) == days
    assert cal.business_days_between(start, due) == days


@prop(200)
@given(CONFIGS, INSTANTS, st.integers(0, 500 * 3_600_000_000))
def test_hours_between_undoes_add_hours(
    config: tuple[BusinessCalendar, Reference], start: datetime, micros: int
) -> None:
    cal, _ = config
    hours = micros / 3_600_000_000
    deemed = cal.next_open(start)
    assert cal.business_hours_between(deemed, cal.add_business_hours(start, hours)) == hours
    assert cal.business_hours_between(start, cal.add_business_hours(start, hours)) == hours


@prop(200)
@given(CONFIGS, INSTANTS, INSTANTS, st.booleans())
def test_business_hours_between_is_antisymmetric(
    config: tuple[BusinessCalendar, Reference], a: datetime, b: datetime, aware: bool
) -> None:
    cal, _ = config
    if aware:
        a = a.replace(tzinfo=cal.timezone).astimezone(UTC)
    assert cal.business_hours_between(a, b) == -cal.business_hours_between(b, a)


@prop(300)
@given(CONFIGS, INSTANTS, st.integers(0, 100 * 3_600_000_000), st.integers(1, 3_600_000_000))
def test_adding_hours_in_two_steps_is_adding_them_at_once(
    config: tuple[BusinessCalendar, Reference], start: datetime, first: int, second: int
) -> None:
    cal, _ = config
    h1, h2 = first / 3_600_000_000, second / 3_600_000_000
    one_go = cal.add_business_hours(start, (first + second) / 3_600_000_000)
    assert cal.add_business_hours(cal.add_business_hours(start, h1), h2) == one_go
    assert cal.add_business_hours(start, h1) <= one_go


@prop(300)
@given(CONFIGS, STARTS, st.integers(0, 60 * 60))
def test_aware_input_gives_the_same_answer_as_naive(
    config: tuple[BusinessCalendar, Reference], start: datetime, minutes: int
) -> None:
    cal, _ = config
    aware = start.replace(tzinfo=cal.timezone).astimezone(UTC)
    if aware.astimezone(cal.timezone).replace(tzinfo=None) != start:
        return  # a wall time inside the spring-forward gap has no instant of its own
    hours = minutes / 60
    assert cal.add_business_hours(aware, hours) == cal.add_business_hours(start, hours)
    assert cal.add_business_days(aware, minutes % 7) == cal.add_business_days(start, minutes % 7)
    assert cal.is_open(aware) == cal.is_open(start)
