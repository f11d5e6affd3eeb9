"""Milestone states and countdown text for any ``now`` (pure: no database)."""

from __future__ import annotations

import time as walltime
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.milestones import (
    MilestoneState,
    MilestoneView,
    assess,
    format_countdown,
    format_duration,
    format_when,
)
from tests.conftest import CHICAGO

S = MilestoneState


def at(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=CHICAGO)


def view(**kw: object) -> MilestoneView:
    base: dict[str, object] = {
        "kind": "contact_originator",
        "label": "Contact originator",
        "due_at": at(23, 13),
        "warn_at": at(23, 11),
        "description": "Contact the member within 2-4 business hours.",
    }
    base.update(kw)
    return MilestoneView(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (3 * 3600 + 12 * 60, "3h 12m"),
        (3 * 3600 + 12 * 60 + 59, "3h 12m"),  # rounded down: never more time than there is
        (9 * 3600 + 4 * 3600, "1d 4h"),
        (9 * 3600, "1d 0h"),
        (2 * 9 * 3600 + 8 * 3600 + 59 * 60, "2d 8h"),
        (42 * 60, "42m"),
        (3600, "1h 00m"),
        (2 * 3600 + 5 * 60, "2h 05m"),
        (59, "<1m"),
        (0, "0m"),
        (-(2 * 3600 + 5 * 60), "overdue 2h 05m"),
        (-(9 * 3600 + 3600), "overdue 1d 1h"),
        (-30, "overdue <1m"),
    ],
)
def test_format_countdown(seconds: int, text: str) -> None:
    assert format_countdown(seconds, 9.0) == text


def test_a_day_is_the_calendars_business_day() -> None:
    assert format_duration(8.5 * 3600, 8.5) == "1d 0h"
    assert format_duration(8.5 * 3600, 9.0) == "8h 30m"
    assert format_duration(10 * 3600, 7.5) == "1d 2h"


def test_format_when(calendar: BusinessCalendar) -> None:
    assert format_when(at(23, 13), calendar) == "Mon Nov 23, 1:00 PM"
    assert format_when(at(30, 8), calendar, with_date=False) == "Mon 8:00 AM"
    assert format_when(at(24, 0, 5), calendar, with_date=False) == "Tue 12:05 AM"
    assert format_when(at(24, 12), calendar, with_date=False) == "Tue 12:00 PM"


# ------------------------------------------------------------------ states


def test_open_milestone_through_a_day(calendar: BusinessCalendar) -> None:
    v = view()
    cases = [
        (at(23, 9), S.ON_TRACK, 4 * 3600, "4h 00m"),
        (at(23, 10, 48), S.ON_TRACK, 2 * 3600 + 12 * 60, "2h 12m"),
        (at(23, 11), S.PAST_WARN, 2 * 3600, "2h 00m"),
        (at(23, 12), S.PAST_WARN, 3600, "1h 00m"),
        (at(23, 12, 18), S.PAST_WARN, 42 * 60, "42m"),
        (at(23, 13), S.PAST_WARN, 0, "0m"),  # due at 13:00 is not yet overdue at 13:00
        (at(23, 13, 0, 1), S.OVERDUE, -1, "overdue"),
        (at(23, 15, 5), S.OVERDUE, -(2 * 3600 + 5 * 60), "overdue 2h 05m"),
        # Overdue stays overdue at night, and the business time overdue does not grow.
        (at(23, 22), S.OVERDUE, -4 * 3600, "overdue 4h 00m"),
        (at(24, 12), S.OVERDUE, -8 * 3600, "overdue 8h 00m"),
        (at(24, 15), S.OVERDUE, -11 * 3600, "overdue 1d 2h"),
    ]
    for now, state, left, text in cases:
        a = assess(v, now, calendar)
        assert (a.state, a.seconds_left, a.countdown) == (state, left, text), now
        assert a.due_at == v.due_at
        assert a.ticking


def test_paused_outside_business_hours(calendar: BusinessCalendar) -> None:
    v = view(due_at=at(24, 13), warn_at=at(24, 11))
    night = assess(v, at(23, 17, 0, 1), calendar)
    assert night.state is S.PAUSED
    assert night.countdown == "paused — resumes Tue 8:00 AM"
    assert night.seconds_left == 5 * 3600
    assert "5h 00m left when the office opens" in night.tooltip
    assert assess(v, at(24, 7, 59), calendar).state is S.PAUSED
    assert assess(v, at(24, 8), calendar).countdown == "5h 00m"


def test_paused_over_a_weekend_and_the_thanksgiving_holiday(calendar: BusinessCalendar) -> None:
    v = view(due_at=at(30, 12), warn_at=None)
    assert assess(v, at(27, 17, 30), calendar).countdown == "paused — resumes Mon 8:00 AM"
    assert assess(v, at(28, 12), calendar).countdown == "paused — resumes Mon 8:00 AM"
    assert assess(v, at(29, 23, 59), calendar).countdown == "paused — resumes Mon 8:00 AM"
    # Thanksgiving Day and the Friday after are state holidays (Iowa Code §1C.2).
    assert assess(v, at(25, 17, 30), calendar).countdown == "paused — resumes Mon 8:00 AM"
    assert assess(v, at(26, 10), calendar).state is S.PAUSED
    assert assess(v, at(27, 10), calendar).state is S.PAUSED
    worked_friday = BusinessCalendar(open_days=[date(2026, 11, 27)])
    assert assess(v, at(25, 17, 30), worked_friday).countdown == "paused — resumes Fri 8:00 AM"


def test_paused_milestone_past_its_warn_still_says_so(calendar: BusinessCalendar) -> None:
    a = assess(view(due_at=at(24, 9), warn_at=at(23, 16)), at(23, 18), calendar)
    assert a.state is S.PAUSED and a.past_warn


def test_long_closure_names_the_date(calendar: BusinessCalendar) -> None:
    cal = BusinessCalendar(closures=[date(2026, 12, d) for d in range(21, 32)])
    v = view(due_at=at(4, 12, month=1).replace(year=2027), warn_at=None)
    text = assess(v, at(18, 17, 30, month=12), cal).countdown
    assert text == "paused — resumes Mon Jan 4, 8:00 AM"


def test_a_clock_not_yet_started_is_paused(calendar: BusinessCalendar) -> None:
    # Received Saturday: deemed Monday 08:00, so on Saturday it waits for Monday.
    v = view(due_at=at(30, 12), warn_at=at(30, 10), started_at=at(30, 8))
    a = assess(v, at(28, 9), calendar)
    assert (a.state, a.countdown, a.seconds_left) == (
        S.PAUSED,
        "paused — resumes Mon 8:00 AM",
        4 * 3600,
    )


def test_met_on_time_and_late(calendar: BusinessCalendar) -> None:
    on_time = assess(view(met_at=at(23, 12, 30), closed_reason="met"), at(24, 9), calendar)
    assert (on_time.state, on_time.countdown, on_time.seconds_left) == (S.MET_ON_TIME, "met", None)
    assert not on_time.ticking
    exactly = assess(view(met_at=at(23, 13), closed_reason="met"), at(24, 9), calendar)
    assert exactly.state is S.MET_ON_TIME
    late = assess(view(met_at=at(24, 10, 5), closed_reason="met"), at(24, 11), calendar)
    assert (late.state, late.countdown) == (S.MET_LATE, "met 6h 05m late")
    just = assess(view(met_at=at(23, 17, 30), due_at=at(23, 17)), at(24, 11), calendar)
    assert (just.state, just.countdown) == (S.MET_LATE, "met late")
    assert "Met Mon Nov 23, 12:30 PM" in on_time.tooltip


def test_cancelled_superseded_and_breached(calendar: BusinessCalendar) -> None:
    now = at(24, 10)
    cancelled = assess(view(closed_reason="cancelled"), now, calendar)
    assert (cancelled.state, cancelled.countdown) == (S.CANCELLED, "no longer applies")
    superseded = assess(view(closed_reason="superseded"), now, calendar)
    assert (superseded.state, superseded.countdown) == (S.CANCELLED, "superseded")
    assert "priority changed" in superseded.tooltip
    breached = assess(view(closed_reason="breached"), now, calendar)
    assert (breached.state, breached.countdown, breached.ticking) == (S.OVERDUE, "not met", False)


def test_tooltip_gives_due_warn_and_policy_words(calendar: BusinessCalendar) -> None:
    tip = assess(view(), at(23, 9), calendar).tooltip
    assert tip.splitlines() == [
        "Contact originator — on track",
        "Due Mon Nov 23, 1:00 PM",
        "Warning from Mon Nov 23, 11:00 AM",
        "Contact the member within 2-4 business hours.",
    ]


def test_assess_takes_an_orm_like_row(calendar: BusinessCalendar) -> None:
    row = SimpleNamespace(
        id=7,
        kind="callback",
        label="Call back",
        started_at=at(23, 9),
        due_at=at(25, 17),
        warn_at=None,
        met_at=None,
        closed_reason=None,
        policy_snapshot={"description": "Within 2 business days."},
    )
    a = assess(row, at(23, 9), calendar)
    assert (a.state, a.countdown) == (S.ON_TRACK, "2d 8h")
    assert a.view == MilestoneView.of(row)
    assert a.view.id == 7 and a.view.description == "Within 2 business days."
    assert MilestoneView.of(a.view) is a.view


def test_views_are_hashable_for_caching() -> None:
    assert len({view(), view(), view(label="Other")}) == 2


def test_state_labels() -> None:
    assert S.PAST_WARN.label == "Past warn"
    assert S.PAUSED.is_open and not S.OVERDUE.is_open and not S.MET_LATE.is_open


def test_assess_is_fast_enough_to_tick_every_visible_cell(calendar: BusinessCalendar) -> None:
    # The client re-assesses visible cells each second; 2,000 cells must stay far below a
    # second even on a slow machine (the SPEC target is 2 ms for the visible ones).
    views = [
        view(due_at=at(23, 13) + timedelta(minutes=7 * i), warn_at=None, id=i) for i in range(2000)
    ]
    now = at(24, 10, 30)
    assess(views[0], now, calendar)
    started = walltime.perf_counter()
    states = [assess(v, now, calendar).state for v in views]
    elapsed = walltime.perf_counter() - started
    assert elapsed < 0.5, f"{elapsed * 1000:.0f} ms for 2,000 assessments"
    assert S.OVERDUE in states and S.ON_TRACK in states


def _shipped_specs() -> list[Any]:
    from liaison_desk.policies import PolicySpec
    from liaison_desk.services.reference_data import default_policy_rows

    return [
        PolicySpec.from_row(SimpleNamespace(id=n, **row))
        for n, row in enumerate(default_policy_rows(), start=1)
    ]


_SPECS = _shipped_specs()


@given(
    minutes=st.integers(min_value=0, max_value=60 * 24 * 800),
    which=st.integers(min_value=0, max_value=len(_SPECS) - 1),
)
@settings(max_examples=400, deadline=None)
def test_a_clock_counts_from_the_deemed_start(minutes: int, which: int) -> None:
    """What the import's clock planner relies on to share one computation among the rows
    received while the office was closed: a clock's times depend only on the next opening."""
    from liaison_desk.policies import compute_times

    cal = BusinessCalendar()
    start = datetime(2026, 1, 1, tzinfo=CHICAGO) + timedelta(minutes=minutes)
    spec = _SPECS[which]
    assert compute_times(cal, spec, start) == compute_times(cal, spec, cal.next_open(start))
