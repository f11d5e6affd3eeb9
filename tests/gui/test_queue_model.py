"""The queue model and proxy without any widget: sorting on typed keys, filtering, paging,
in-place refreshes and the time-left cells as the injected clock moves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.services.queues import MilestoneRow, QueueFilter, QueueRow, _search_fields
from ui.countdown import NO_CLOCK, RESOLVED, Countdowns
from ui.qt import QObject, QPersistentModelIndex, Qt
from ui.queue_columns import (
    COL_ASSIGNEE,
    COL_NEXT_DUE,
    COL_PRIORITY,
    COL_RECEIVED,
    COL_REFERENCE,
    COL_SUBJECT,
    COL_TIME_LEFT,
    ID_ROLE,
    STATE_ROLE,
)
from ui.queue_model import QueueModel
from ui.queue_proxy import QueueProxyModel

CHICAGO = ZoneInfo("America/Chicago")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO)


def milestone(
    inquiry_id: int, due: datetime, warn: datetime | None = None, **kw: Any
) -> MilestoneRow:
    return MilestoneRow(
        id=inquiry_id * 10,
        inquiry_id=inquiry_id,
        kind=kw.get("kind", "contact_originator"),
        label=kw.get("label", "Contact originator"),
        started_at=kw.get("started", MONDAY_9),
        warn_at=warn,
        due_at=due,
        met_at=kw.get("met"),
        closed_reason=kw.get("closed_reason"),
        policy_text="High priority: contact the member within 2-4 business hours.",
    )


def row(inquiry_id: int, **kw: Any) -> QueueRow:
    due = kw.pop("due", None)
    warn = kw.pop("warn", None)
    r = QueueRow(
        id=inquiry_id,
        reference=kw.pop("reference", f"261123-{inquiry_id:04d}"),
        track=kw.pop("track", "mco_member"),
        priority=kw.pop("priority", "high"),
        status=kw.pop("status", "open"),
        closed=kw.pop("closed", False),
        member_name=kw.pop("member_name", f"Member {inquiry_id}"),
        member_state_id=kw.pop("state_id", None),
        caller_name=kw.pop("caller_name", None),
        caller_phone=kw.pop("caller_phone", None),
        provider_name=kw.pop("provider_name", None),
        npi=kw.pop("npi", None),
        contact_name=None,
        contact_phone=None,
        mco_ids=kw.pop("mco_ids", (1,)),
        mco_names=kw.pop("mco_names", "ITC"),
        assignee_id=kw.pop("assignee_id", 7),
        assignee_name=kw.pop("assignee_name", "Lee Liaison"),
        received_at=kw.pop("received_at", MONDAY_9.astimezone(UTC)),
        next_due_at=due,
        resolved_at=kw.pop("resolved_at", None),
        updated_at=MONDAY_9,
        version=1,
        milestones=(milestone(inquiry_id, due, warn),) if due is not None else (),
    )
    assert not kw, kw
    r.search_text, r.search_digits = _search_fields(r)
    return r


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_9)


@pytest.fixture
def parts(
    qapp: Any, clock: ManualClock
) -> Iterator[tuple[QueueModel, QueueProxyModel, Countdowns]]:
    owner = QObject()
    countdowns = Countdowns(clock, BusinessCalendar(), owner)
    model = QueueModel(countdowns, BusinessCalendar(), owner)
    proxy = QueueProxyModel(owner)
    proxy.setSourceModel(model)
    yield model, proxy, countdowns
    owner.deleteLater()


def ids(proxy: QueueProxyModel) -> list[int]:
    return [proxy.index(i, 0).data(ID_ROLE) for i in range(proxy.rowCount())]


def test_model_passes_qt_model_checks(qtmodeltester: Any, parts: Any) -> None:
    model, proxy, _ = parts
    model.set_rows([row(1, due=MONDAY_9 + timedelta(hours=4)), row(2)])
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_sorting_uses_typed_keys_and_keeps_empty_values_last(parts: Any) -> None:
    model, proxy, _ = parts
    model.set_rows(
        [
            row(1, priority="escalated", due=MONDAY_9 + timedelta(days=2), assignee_name=""),
            row(2, priority="high", due=MONDAY_9 + timedelta(hours=3)),
            row(3, priority="high"),  # no running clock
            row(4, priority="escalated", due=MONDAY_9 + timedelta(hours=30)),
        ]
    )
    proxy.sort(COL_TIME_LEFT, Qt.SortOrder.AscendingOrder)
    assert ids(proxy) == [2, 4, 1, 3]
    proxy.sort(COL_TIME_LEFT, Qt.SortOrder.DescendingOrder)
    assert ids(proxy) == [1, 4, 2, 3]  # "no clock" stays last either way
    proxy.sort(COL_PRIORITY, Qt.SortOrder.AscendingOrder)
    assert ids(proxy)[:2] == [2, 3]  # High before Escalated (not alphabetical)
    proxy.sort(COL_ASSIGNEE, Qt.SortOrder.AscendingOrder)
    assert ids(proxy)[-1] == 1  # unassigned last
    proxy.sort(COL_NEXT_DUE, Qt.SortOrder.AscendingOrder)
    assert ids(proxy) == [2, 4, 1, 3]


def test_sorting_keeps_the_selection_on_its_item(parts: Any) -> None:
    model, proxy, _ = parts
    model.set_rows([row(i, due=MONDAY_9 + timedelta(hours=10 - i)) for i in range(1, 6)])
    kept = QPersistentModelIndex(proxy.index(0, COL_SUBJECT))
    before = kept.data(ID_ROLE)
    proxy.sort(COL_REFERENCE, Qt.SortOrder.DescendingOrder)
    assert kept.isValid() and kept.data(ID_ROLE) == before
    assert kept.column() == COL_SUBJECT


def test_new_rows_keep_the_current_sort(parts: Any) -> None:
    model, proxy, _ = parts
    proxy.sort(COL_RECEIVED, Qt.SortOrder.DescendingOrder)
    base = MONDAY_9.astimezone(UTC)
    model.set_rows([row(i, received_at=base + timedelta(minutes=i)) for i in range(1, 4)])
    assert ids(proxy) == [3, 2, 1]


def test_filter_and_search_narrow_the_rows(parts: Any) -> None:
    model, proxy, _ = parts
    model.set_rows(
        [
            row(1, member_name="Anna Svensson", state_id="1234567A", caller_phone="+15155550142"),
            row(2, member_name="Bob O'Neil", priority="escalated", mco_ids=(2,)),
            row(3, member_name=None, provider_name="Prairie Clinic", npi="1234567893",
                track="mco_provider"),
        ]
    )  # fmt: skip
    proxy.set_filter(QueueFilter(text="anna"))
    assert ids(proxy) == [1]
    proxy.set_filter(QueueFilter(text="(515) 555-0142"))
    assert ids(proxy) == [1]
    proxy.set_filter(QueueFilter(text="1234567893"))
    assert ids(proxy) == [3]
    proxy.set_filter(QueueFilter(priority="escalated"))
    assert ids(proxy) == [2]
    proxy.set_filter(QueueFilter(mco_id=2))
    assert ids(proxy) == [2]
    proxy.set_filter(QueueFilter(track="mco_provider", text="prairie"))
    assert ids(proxy) == [3]
    proxy.set_filter(QueueFilter())
    assert ids(proxy) == [1, 2, 3]


def test_in_place_refresh_emits_data_changed_not_reset(qtbot: Any, parts: Any) -> None:
    model, _proxy, _ = parts
    model.set_rows([row(1), row(2)])
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        assert model.replace_rows([row(1, status="awaiting_mco"), row(2)])
    assert resets == []
    assert model.index(0, 5).data() == "Awaiting MCO"
    assert not model.replace_rows([row(2), row(3)])  # different items: a reset
    assert resets == [True]


def test_paging_asks_for_more_and_appends(qtbot: Any, parts: Any) -> None:
    model, proxy, _ = parts
    model.set_rows([row(i, closed=True) for i in range(1, 4)], can_fetch_more=True)
    assert proxy.canFetchMore(proxy.index(-1, -1))
    with qtbot.waitSignal(model.fetchMoreRequested, timeout=1000):
        proxy.fetchMore(proxy.index(-1, -1))
    assert not model.canFetchMore()  # one request at a time
    model.append_rows([row(3, closed=True), row(4, closed=True)], can_fetch_more=False)
    assert model.rowCount() == 4  # the repeated row is not added twice
    assert not model.canFetchMore()


def test_time_left_follows_the_injected_clock(parts: Any, clock: ManualClock) -> None:
    model, _proxy, countdowns = parts
    due = MONDAY_9 + timedelta(hours=4)
    warn = MONDAY_9 + timedelta(hours=2)
    model.set_rows([row(1, due=due, warn=warn), row(2), row(3, closed=True)])
    cell = model.index(0, COL_TIME_LEFT)

    def state() -> Any:
        return cell.data(STATE_ROLE)

    countdowns.tick()
    assert (state(), cell.data()) == ("on_track", "4h 00m")
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Due Mon Nov 23, 1:00 PM" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "2-4 business hours" in cell.data(Qt.ItemDataRole.ToolTipRole)

    clock.advance(timedelta(hours=2, minutes=30))
    countdowns.tick()
    assert (state(), cell.data()) == ("past_warn", "1h 30m")
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Past warn: 1h 30m"

    clock.advance(timedelta(hours=2))
    countdowns.tick()
    assert (state(), cell.data()) == ("overdue", "overdue 30m")

    assert model.index(1, COL_TIME_LEFT).data(STATE_ROLE) == NO_CLOCK
    assert model.index(2, COL_TIME_LEFT).data(STATE_ROLE) == RESOLVED


def test_time_left_pauses_outside_office_hours(parts: Any, clock: ManualClock) -> None:
    model, _proxy, countdowns = parts
    due = datetime(2026, 11, 24, 11, 0, tzinfo=CHICAGO)  # Tuesday 11 AM
    model.set_rows([row(1, due=due)])
    clock.set(datetime(2026, 11, 23, 18, 30, tzinfo=CHICAGO))  # Monday evening
    countdowns.tick()
    cell = model.index(0, COL_TIME_LEFT)
    assert cell.data(STATE_ROLE) == "paused"
    assert cell.data() == "3h 00m · resumes Tue 8:00 AM"
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=CHICAGO))
    countdowns.tick()
    assert (cell.data(STATE_ROLE), cell.data()) == ("on_track", "3h 00m")


def test_met_milestones_read_as_met(parts: Any) -> None:
    model, _proxy, countdowns = parts
    r = row(1, due=MONDAY_9 + timedelta(hours=4))
    met = milestone(1, MONDAY_9 + timedelta(hours=4), met=MONDAY_9 + timedelta(hours=1))
    late = milestone(1, MONDAY_9 + timedelta(hours=1), met=MONDAY_9 + timedelta(hours=3))
    model.set_rows([r])
    assert countdowns.assess(met).state == "met_on_time"
    assert countdowns.assess(late).state == "met_late"
    assert countdowns.text_of(countdowns.assess(late)) == "met 2h 00m late"


def test_columns_have_headers_and_tooltips(parts: Any) -> None:
    model, _proxy, _ = parts
    for col in range(model.columnCount()):
        assert model.headerData(col, Qt.Orientation.Horizontal)
        assert model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
