"""The main window with a real database: queues and counts, live countdowns as the injected
clock moves, search as you type, colleagues' changes arriving by themselves, notifications,
the connection banner and the remembered layout. Tests wait on signals, never sleep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Mco
from liaison_desk.domain import Priority, Role
from liaison_desk.services.context import Actor, ServiceContext
from liaison_desk.services.intake import (
    CallbackRequest,
    MemberIntake,
    create_callback_request,
    create_member_inquiry,
)
from liaison_desk.services.queues import QueueKey
from tests.conftest import make_user
from ui import settings as cfg
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.qt import QPushButton, QSettings, Qt, QTimer
from ui.queue_columns import COL_PRIORITY, COL_TIME_LEFT, STATE_ROLE

CHICAGO = ZoneInfo("America/Chicago")


def add_member(db: Database, ctx: ServiceContext, name: str, **kw: Any) -> int:
    with db.session() as s:
        mco = s.query(Mco).filter_by(short_name="ITC").one()
        return create_member_inquiry(
            s,
            ctx,
            MemberIntake(
                source="CSR",
                member_name=name,
                caller_name=name,
                caller_phone=kw.get("phone", "515-555-0142"),
                enrolled_in_mco=True,
                priority=kw.get("priority", Priority.HIGH),
                description="Needs a ride to dialysis",
                mco_id=mco.id,
                member_state_id=kw.get("state_id"),
            ),
        ).inquiry.id


@pytest.fixture
def office(
    sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> tuple[Database, Actor, ServiceContext]:
    me = make_user(sqlite_db, "lliaison", Role.LIAISON, "Lee Liaison")
    ctx = ServiceContext(actor=me, clock=clock, calendar=calendar)
    add_member(sqlite_db, ctx, "Anna Svensson", state_id="1234567A")
    add_member(sqlite_db, ctx, "Bob Olsen", phone="641-555-0177", priority=Priority.ESCALATED)
    with sqlite_db.session() as s:
        create_callback_request(
            s,
            ctx,
            CallbackRequest(
                caller_name="Carla Diaz", caller_phone="563-555-0101", question="Why?",
                member_name="Carla Diaz",
            ),
        )  # fmt: skip
    return sqlite_db, me, ctx


@pytest.fixture
def store(tmp_path: Any) -> QSettings:
    s = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    cfg.POLL_MS.set(100, s)
    return s


@pytest.fixture
def window(
    qtbot: Any, office: Any, clock: ManualClock, calendar: BusinessCalendar, store: QSettings
) -> Iterator[MainWindow]:
    db, me, _ctx = office
    app_ctx = AppContext(db=db, actor=me, clock=clock, calendar=calendar)
    w = MainWindow(app_ctx, store=store, start=False)
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    with qtbot.waitSignal(w.queueLoaded, timeout=10_000):
        w.start()
    yield w
    w.stop()


def choose(qtbot: Any, w: MainWindow, key: QueueKey) -> None:
    with qtbot.waitSignal(w.queueLoaded, timeout=10_000, check_params_cb=lambda k: k == key):
        assert w.queue_list.choose(key)


def shown_names(w: MainWindow) -> list[str]:
    return [w.proxy.row_at(i).subject for i in range(w.proxy.rowCount())]  # type: ignore[union-attr]


def count_of(w: MainWindow, key: QueueKey) -> int | None:
    return w.queue_list.list_model.counts.get(key)


def test_queues_show_live_counts_and_their_rows(qtbot: Any, window: MainWindow) -> None:
    assert window.queue_key == QueueKey.MY_WORK
    assert sorted(shown_names(window)) == ["Anna Svensson", "Bob Olsen"]
    assert count_of(window, QueueKey.MY_WORK) == 2
    assert count_of(window, QueueKey.ALL_OPEN) == 3
    assert count_of(window, QueueKey.MEMBER) == 2
    assert count_of(window, QueueKey.RESOLVED) == 0
    assert QueueKey.PENDING_APPROVAL not in window.queue_list.list_model.counts  # liaison
    choose(qtbot, window, QueueKey.ALL_OPEN)
    assert len(shown_names(window)) == 3
    assert window.queue_panel.title.text() == "All open"
    assert window.status.database.text().startswith("SQLite file")
    assert window.status.user.text() == "Lee Liaison · Liaison"


def test_countdown_state_follows_the_injected_clock(
    qtbot: Any, window: MainWindow, clock: ManualClock
) -> None:
    assert window.queue_panel.select_inquiry(window.proxy.row_at(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=5000)
    anna = next(i for i in range(window.proxy.rowCount()) if "Anna" in shown_names(window)[i])
    window.queue_panel.select_inquiry(window.proxy.row_at(anna).id)  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None
            and window.detail_pane.detail.row.subject == "Anna Svensson"
        ),
        timeout=5000,
    )
    cell = window.proxy.index(anna, COL_TIME_LEFT)
    line = window.detail_pane._milestone_lines[0]

    def states() -> tuple[Any, str]:
        return cell.data(STATE_ROLE), line.countdown.text()

    window.countdowns.tick()
    assert states() == ("on_track", "4h 00m")  # High: contact the originator in 4 hours
    clock.advance(timedelta(hours=2, minutes=15))
    window.countdowns.tick()
    assert states() == ("past_warn", "1h 45m")
    clock.advance(timedelta(hours=2))
    window.countdowns.tick()
    assert states() == ("overdue", "overdue 15m")
    # The Overdue count changes although nothing was written: the window recounts.
    qtbot.waitUntil(lambda: count_of(window, QueueKey.OVERDUE) == 1, timeout=5000)


def test_paused_outside_office_hours_with_resume_time(
    qtbot: Any, window: MainWindow, clock: ManualClock
) -> None:
    bob = shown_names(window).index("Bob Olsen")
    clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=CHICAGO))
    window.countdowns.tick()
    cell = window.proxy.index(bob, COL_TIME_LEFT)
    assert cell.data(STATE_ROLE) == "paused"
    assert cell.data().endswith("· resumes Tue 8:00 AM")


def test_search_filters_as_you_type(qtbot: Any, window: MainWindow) -> None:
    choose(qtbot, window, QueueKey.ALL_OPEN)
    window.focus_search()
    qtbot.keyClicks(window.filters.search, "anna")
    assert shown_names(window) == ["Anna Svensson"]
    window.filters.search.clear()
    qtbot.keyClicks(window.filters.search, "(563) 555")
    assert shown_names(window) == ["Carla Diaz"]
    window.filters.clear()
    assert len(shown_names(window)) == 3
    window.filters.priority.setCurrentIndex(window.filters.priority.findData("escalated"))
    assert sorted(shown_names(window)) == ["Bob Olsen", "Carla Diaz"]
    assert "of 3 shown" in window.queue_panel.tally.text()


def test_a_colleagues_save_appears_without_refresh(
    qtbot: Any, window: MainWindow, office: Any, sqlite_db: Database
) -> None:
    _db, _me, ctx = office
    other = Database(str(sqlite_db.url))  # another workstation on the same file
    try:
        add_member(other, ctx, "Dora New")
        qtbot.waitUntil(lambda: "Dora New" in shown_names(window), timeout=5000)
        assert count_of(window, QueueKey.MY_WORK) == 3
    finally:
        other.dispose()


def test_saved_inquiry_is_refreshed_and_shown(qtbot: Any, window: MainWindow, office: Any) -> None:
    db, _me, ctx = office
    new_id = add_member(db, ctx, "Eve Saved")
    window.inquiry_saved(new_id)
    qtbot.waitUntil(
        lambda: (
            window.current_inquiry_id() == new_id
            and window.detail_pane.detail is not None
            and window.detail_pane.detail.row.id == new_id
        ),
        timeout=5000,
    )


def test_resolved_queue_pages(qtbot: Any, window: MainWindow, office: Any, clock: Any) -> None:
    from liaison_desk.services import actions

    db, _me, ctx = office
    ids = [add_member(db, ctx, f"Closed {i}") for i in range(5)]
    for i in ids:
        with db.session() as s:
            actions.resolve(s, ctx, i, None, resolution="Done.")
    choose(qtbot, window, QueueKey.RESOLVED)
    assert len(shown_names(window)) == 5
    assert not window.model.canFetchMore()


def test_sorting_the_resolved_queue_sorts_all_of_it_not_the_loaded_page(
    qtbot: Any, window: MainWindow, office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header click on Resolved asks the database for the whole queue in that order; the
    next page continues it."""
    import ui.main.queue_loader as mw
    from liaison_desk.services import actions
    from ui.queue_model import COL_SUBJECT

    monkeypatch.setattr(mw, "RESOLVED_PAGE", 4)
    monkeypatch.setattr("liaison_desk.services.queues.paging.RESOLVED_PAGE", 4)
    db, _me, ctx = office
    names = ["Mia Z", "anders", "Zoe", "bea", "Carl", "dina", "Eli", "Omar", "Pia", "Quinn"]
    for name in names:
        inquiry_id = add_member(db, ctx, name)
        with db.session() as s:
            actions.resolve(s, ctx, inquiry_id, None, resolution="Done.")
    # Nobody else writes here: without the watcher's refreshes the paging is deterministic
    # (a refresh that lands during a page load discards that page; scrolling asks again).
    window.watcher.stop()
    choose(qtbot, window, QueueKey.RESOLVED)
    with qtbot.waitSignal(window.queueLoaded, timeout=10_000):
        window.table.sortByColumn(COL_SUBJECT, Qt.SortOrder.AscendingOrder)
    everyone = sorted(names, key=str.casefold)
    # Whatever has been loaded (the view fetches pages to fill itself) is the start of the
    # whole queue in that order, not a sorted page …
    shown = shown_names(window)
    assert len(shown) >= 4 and shown == everyone[: len(shown)]
    # … and further pages continue it.
    qtbot.waitUntil(
        lambda: window.model.fetchMore() or len(shown_names(window)) == 10, timeout=10_000
    )
    assert shown_names(window) == everyone
    with qtbot.waitSignal(window.queueLoaded, timeout=10_000):
        window.table.sortByColumn(COL_SUBJECT, Qt.SortOrder.DescendingOrder)
    shown = shown_names(window)
    assert shown == list(reversed(everyone))[: len(shown)]


def test_notification_once_per_crossing_and_only_while_open(
    qtbot: Any, window: MainWindow, clock: ManualClock
) -> None:
    seen: list[str] = []
    window.notifier.notified.connect(lambda title, _text, _id: seen.append(title))
    watch = window.inbox_watch
    qtbot.waitUntil(lambda: watch._last_id is not None, timeout=10_000)  # the first look
    clock.advance(timedelta(hours=2, minutes=1))  # Anna's warn time (2 business hours)
    with qtbot.waitSignal(watch.checked, timeout=10_000):
        window.countdowns.tick()
    assert len(seen) == 1 and "warning time reached" in seen[0]
    assert window.inbox_button.text() == "Inbox — 1 new"
    clock.advance(timedelta(minutes=1))
    with qtbot.waitSignal(watch.checked, timeout=10_000):
        window.countdowns.tick()
    assert len(seen) == 1  # once
    # Bob's 1-business-day deadline is Tuesday 5 PM; at 11 PM the office is closed: nothing.
    clock.set(datetime(2026, 11, 24, 23, 0, tzinfo=CHICAGO))
    with qtbot.waitSignal(watch.checked, timeout=10_000):
        window.countdowns.tick()
    assert len(seen) == 1
    # At opening the next morning the breaches are told.
    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=CHICAGO))
    window.countdowns.tick()
    qtbot.waitUntil(lambda: any("now overdue" in t for t in seen), timeout=10_000)
    assert window.inbox_button.text() == f"Inbox — {watch.unread} new" and watch.unread >= 2


def test_the_inbox_lists_opens_and_marks_read(
    qtbot: Any, window: MainWindow, clock: ManualClock
) -> None:
    watch = window.inbox_watch
    qtbot.waitUntil(lambda: watch._last_id is not None, timeout=10_000)
    clock.advance(timedelta(hours=2, minutes=1))
    with qtbot.waitSignal(watch.checked, timeout=10_000):
        window.countdowns.tick()
    inbox = window.commands.open_inbox()
    qtbot.waitUntil(lambda: inbox.table.rowCount() == 1, timeout=10_000)
    assert inbox.table.item(0, 1).text() == "● New"
    assert inbox.table.item(0, 4).text() == "Anna Svensson"
    inbox.table.selectRow(0)
    with qtbot.waitSignal(watch.unreadChanged, timeout=10_000, check_params_cb=lambda n: n == 0):
        qtbot.keyClick(inbox.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None
            and window.detail_pane.detail.row.subject == "Anna Svensson"
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: inbox.table.item(0, 1).text() == "Read", timeout=10_000)
    assert window.inbox_button.text() == "Inbox"


def test_connection_banner_shows_and_clears(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison_desk.errors import DatabaseUnavailable

    def lost() -> None:
        raise DatabaseUnavailable("The database cannot be reached (server closed the connection).")

    qtbot.waitUntil(lambda: not window.watcher._busy)
    with monkeypatch.context() as m:
        m.setattr(window.watcher._probe, "token", lost)
        with qtbot.waitSignal(window.watcher.connectionLost, timeout=5000):
            window.watcher.probe()
    assert window.banner.isVisible()
    assert "cannot be reached" in window.banner.message.text()
    assert window.status.connection.text().startswith("Connection lost")
    with qtbot.waitSignal(window.watcher.connectionRestored, timeout=5000):
        window.watcher.probe()
    assert not window.banner.isVisible()
    assert window.status.connection.text() == "Connected"


def test_layout_is_remembered(
    qtbot: Any, window: MainWindow, store: QSettings, office: Any, clock: Any, calendar: Any
) -> None:
    window.table.setColumnHidden(COL_TIME_LEFT, True)
    window.queue_list.choose(QueueKey.MEMBER)
    window.close()
    db, me, _ctx = office
    again = MainWindow(AppContext(db, me, clock, calendar), store=store, start=False)
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(COL_TIME_LEFT)
    assert again.queue_key == QueueKey.MEMBER


def test_every_timer_has_a_parent_and_a_name(window: MainWindow) -> None:
    timers = window.findChildren(QTimer)
    assert timers
    for timer in timers:
        assert timer.parent() is not None and timer.objectName(), timer


def test_every_command_has_a_keyboard_path(window: MainWindow) -> None:
    wanted = {
        "actionNewMember": "Ctrl+M",
        "actionNewProvider": "Ctrl+P",
        "actionRefresh": "F5",
        "actionFind": "Ctrl+F",
    }
    for name, keys in wanted.items():
        action = next(a for a in window.actions() if a.objectName() == name)
        assert action.shortcut().toString() == keys
    for menu in window.menuBar().actions():
        assert "&" in menu.text()


def test_new_inquiry_commands_open_the_intake_forms(qtbot: Any, window: MainWindow) -> None:
    from ui.intake import MemberIntakeDialog, ProviderIntakeDialog

    window.act_new_member.trigger()
    window.act_new_provider.trigger()
    dialogs = [w for w in window.findChildren(MemberIntakeDialog) if w.isVisible()]
    dialogs += [w for w in window.findChildren(ProviderIntakeDialog) if w.isVisible()]
    assert len(dialogs) == 2
    for dialog in dialogs:
        dialog.close()
    assert not window.act_new_callback.isVisible()  # a liaison does not file CSR requests


def test_working_actions_join_menu_toolbar_and_detail_pane(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.actions_controller is not None, timeout=5000)
    names = {a.objectName() for a in window.inquiry_menu.actions()}
    assert "action_contact" in names and "action_resolve" in names
    assert any(a.objectName() == "action_contact" for a in window.toolbar.actions())
    assert window.detail_pane.actions_area.count() == len(names)
    window.queue_panel.select_inquiry(window.proxy.row_at(0).id)  # type: ignore[union-attr]
    contact = next(a for a in window.inquiry_menu.actions() if a.objectName() == "action_contact")
    qtbot.waitUntil(contact.isEnabled, timeout=5000)


def test_resolved_search_asks_the_database(qtbot: Any, window: MainWindow, office: Any) -> None:
    from liaison_desk.services import actions

    db, _me, ctx = office
    for name in ("Gail Closed", "Hank Closed"):
        inquiry_id = add_member(db, ctx, name)
        with db.session() as s:
            actions.resolve(s, ctx, inquiry_id, None, resolution="Done.")
    choose(qtbot, window, QueueKey.RESOLVED)
    assert sorted(shown_names(window)) == ["Gail Closed", "Hank Closed"]
    qtbot.keyClicks(window.filters.search, "hank")
    assert shown_names(window) == ["Hank Closed"]  # at once, from the rows in memory
    # … and, once the typing pauses, from the database (the resolved queue is paged).
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)


def test_the_app_starts_on_an_empty_database_with_demo_data(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    env.update(
        LIAISON_DESK_EXIT_WHEN_READY="1",
        LIAISON_DESK_DATA_DIR=str(tmp_path / "data"),
        QT_QPA_PLATFORM="offscreen",
    )
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    proc = subprocess.run(
        [sys.executable, "-m", "ui", "--db", url, "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "READY" in proc.stdout, proc.stderr
    log = (tmp_path / "data" / "logs" / "liaison-desk.log").read_text(encoding="utf-8")
    assert "upgrading the database schema" in log
    assert "filling an empty database with demo data" in log


def test_no_two_commands_share_a_shortcut(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.actions_controller is not None, timeout=5000)
    seen: dict[str, str] = {}
    for action in window.actions():
        for keys in action.shortcuts():
            text = keys.toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {action.text()}"
            seen[text] = action.text()


def test_a_bad_database_address_is_explained_not_crashed_on(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import app as app_module
    from ui.qt import QMessageBox

    shown: list[tuple[str, str]] = []

    def dialog(title: str, detail: str) -> Any:
        shown.append((title, detail))
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(app_module, "_problem_dialog", dialog)
    cfg.DATABASE_URL.set("mysql://someone@somewhere/db")
    assert app_module.open_context(None, demo=False) is None
    assert shown and shown[0][0] == "The database address is not valid."
    assert "SQLite or PostgreSQL" in shown[0][1]


def test_a_letter_in_the_timeline_opens_from_the_detail_pane(
    qtbot: Any, window: MainWindow, office: Any, clock: ManualClock
) -> None:
    from liaison_desk.db.models import Letter, TimelineEntry

    db, me, _ctx = office
    anna = next(r for r in (window.proxy.row_at(i) for i in range(2)) if "Anna" in r.subject)  # type: ignore[union-attr]
    with db.session() as s:
        letter = Letter(
            inquiry_id=anna.id, template_key="unable_to_reach", created_at=clock.now(),
            created_by_id=me.user_id, recipient_name="Anna Svensson", mailing_address="1 Main St",
            subject="Your inquiry", body="…", pdf=b"%PDF-1.4",
        )  # fmt: skip
        s.add(letter)
        s.flush()
        s.add(
            TimelineEntry(
                inquiry_id=anna.id, at=clock.now(), recorded_at=clock.now(), user_id=me.user_id,
                kind="letter", summary="Letter sent", data={}, letter_id=letter.id,
            )
        )  # fmt: skip
        letter_id = letter.id
    window.queue_panel.select_inquiry(anna.id)
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None
            and any(e.letter_id for e in window.detail_pane.detail.timeline)
        ),
        timeout=5000,
    )
    from ui.qt import QPushButton

    button = window.detail_pane.findChild(QPushButton, "timelineLetter")
    assert button is not None
    qtbot.waitUntil(lambda: window.actions_controller is not None, timeout=5000)
    # The letter viewer itself is ui/actions' (and tested there): only the request here.
    window.detail_pane.letterRequested.disconnect(window.actions_controller.open_letter)
    with qtbot.waitSignal(window.detail_pane.letterRequested, timeout=1000) as blocker:
        button.click()
    assert blocker.args == [letter_id]


def test_export_offers_the_rows_on_screen(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.excel

    asked: list[Any] = []
    monkeypatch.setattr(
        ui.excel,
        "open_export_dialog",
        lambda _ctx, _parent, inquiry_ids: asked.append(inquiry_ids),
    )
    qtbot.keyClicks(window.filters.search, "anna")
    window.open_export()
    assert asked == [[window.proxy.row_at(0).id]]  # type: ignore[union-attr]


def test_a_callback_shows_no_priority(qtbot: Any, window: MainWindow) -> None:
    # Supervisor callbacks have no MCO priority: no "Escalated" chip, no value in the column.
    choose(qtbot, window, QueueKey.ALL_OPEN)
    row = next(
        i for i in range(window.proxy.rowCount()) if window.proxy.row_at(i).subject == "Carla Diaz"
    )  # type: ignore[union-attr]
    assert window.proxy.index(row, COL_PRIORITY).data() == "—"
    window.queue_panel.select_inquiry(window.proxy.row_at(row).id)  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None
            and window.detail_pane.detail.row.subject == "Carla Diaz"
        ),
        timeout=5000,
    )
    chips = [
        window.detail_pane.chips.itemAt(i).widget().text()
        for i in range(window.detail_pane.chips.count())
    ]
    assert "Supervisor callback" in chips
    assert not {"Escalated", "High"} & set(chips)


def test_the_window_title_names_the_person_once(window: MainWindow) -> None:
    # Qt appends the application's name itself ("Lee Liaison — Liaison Desk").
    assert window.windowTitle() == "Lee Liaison"


def test_settings_speak_the_person_s_language(qtbot: Any, tmp_path: Any) -> None:
    from ui.qt import QDoubleSpinBox, QLabel
    from ui.settings import SettingsDialog

    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(store=store)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "(ms)" not in shown and "LIAISON_DESK" not in shown and "SQLite" not in shown
    poll = dialog._editors[cfg.POLL_MS.key]
    assert isinstance(poll, QDoubleSpinBox)
    assert poll.value() == 1.0 and poll.suffix() == " seconds"
    poll.setValue(2.5)
    dialog.accept()
    assert cfg.POLL_MS.get(store) == 2500


def test_a_search_says_where_its_other_matches_are(
    qtbot: Any, window: MainWindow, office: Any
) -> None:
    db, _me, ctx = office
    from liaison_desk.services import actions as acts

    # One of two Olsens is resolved; the liaison searches "olsen" in My work.
    olsen2 = add_member(db, ctx, "Åsa Olsen")
    with db.session() as s:
        acts.resolve(s, ctx, olsen2, None, resolution="Done.")
    with qtbot.waitSignal(window.queueLoaded, timeout=5000):
        window.refresh(reason="test")
    window.filters.search.setText("olsen")
    qtbot.waitUntil(lambda: window.queue_panel.matches is not None, timeout=5000)
    assert shown_names(window) == ["Bob Olsen"]
    assert window.queue_panel.tally.text() == "1 of 2 shown"
    assert "1 resolved" in window.queue_panel.elsewhere.text()
    assert "F3" in window.queue_panel.elsewhere.text()
    # F3 goes to the resolved queue, the search kept: "1 match", accents folded ("Åsa").
    with qtbot.waitSignal(window.queueLoaded, timeout=10_000):
        window.act_show_matches.trigger()
    assert window.queue_key == QueueKey.RESOLVED
    qtbot.waitUntil(lambda: shown_names(window) == ["Åsa Olsen"], timeout=5000)
    qtbot.waitUntil(lambda: window.queue_panel.tally.text() == "1 match", timeout=5000)
    assert "1 in the other open queues" in window.queue_panel.elsewhere.text()


def test_a_focused_detail_pane_button_shows_it(qtbot: Any, window: MainWindow) -> None:
    from ui.qt import QToolButton

    qtbot.waitUntil(lambda: window.actions_controller is not None, timeout=5000)
    window.queue_panel.select_inquiry(window.proxy.row_at(0).id)  # type: ignore[union-attr]
    contact = next(a for a in window.inquiry_menu.actions() if a.objectName() == "action_contact")
    qtbot.waitUntil(contact.isEnabled, timeout=5000)
    button = window.detail_pane.findChild(QToolButton, "detailAction_action_contact")
    other = window.detail_pane.findChild(QToolButton, "detailAction_action_note")
    window.activateWindow()
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(other.hasFocus, timeout=2000)
    plain = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=2000)
    focused = button.grab().toImage()
    assert plain != focused  # the ring is drawn, not left to colour-blind guessing
    assert "Ctrl+L" in button.toolTip()


def _visible_text(widget: Any) -> str:
    from ui.qt import QAbstractButton, QLabel, QLineEdit, QWidget

    texts = []
    for w in widget.findChildren(QWidget):
        if not w.isVisibleTo(widget):
            continue
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
    return "\n".join(texts)


def test_an_unused_workstation_locks_and_shows_no_member(
    qtbot: Any, window: MainWindow, office: Any
) -> None:
    from ui.intake import MemberIntakeDialog

    window.queue_panel.select_inquiry(window.proxy.row_at(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=5000)
    name = window.detail_pane.detail.row.subject  # type: ignore[union-attr]
    assert name in _visible_text(window)
    form = MemberIntakeDialog(window.app_ctx)
    qtbot.addWidget(form)
    form.show()
    lock = window.workstation_lock
    assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000
    lock.timer.timeout.emit()  # fifteen quiet minutes
    assert lock.locked and window.windowTitle() == "Locked"
    assert lock.screen.isVisible() and not form.isVisible()
    shown = _visible_text(window)
    assert "locked" in shown and name not in shown and "Anna" not in shown
    assert "screen lock" in shown  # the embedded database: the computer's own lock
    qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.locked and form.isVisible()
    assert name in _visible_text(window) and window.windowTitle() == "Lee Liaison"
    form._dirty = False  # nothing typed: closing asks nothing
    form.close()


def test_the_admin_sets_the_idle_time(qtbot: Any, office: Any, clock, calendar, store) -> None:
    from liaison_desk.errors import PermissionDenied
    from liaison_desk.services import workstation_lock

    db, me, ctx = office
    admin = make_user(db, "ada", Role.ADMIN, "Ada Admin")
    with db.session() as s:
        workstation_lock.set_lock_after_minutes(s, ServiceContext(admin, clock, calendar), 5)
    w = MainWindow(
        AppContext(db=db, actor=me, clock=clock, calendar=calendar), store=store, start=False
    )
    qtbot.addWidget(w)
    w.start()
    qtbot.waitUntil(lambda: w.workstation_lock.timer.interval() == 5 * 60_000, timeout=5000)
    with pytest.raises(PermissionDenied), db.session() as s:
        workstation_lock.set_lock_after_minutes(s, ctx, 1)
    w.stop()


def test_its_idle_time_wins_on_this_computer_where_it_says_so(
    qtbot: Any, office: Any, clock, calendar, store, tmp_path, monkeypatch
) -> None:
    from liaison_desk.services import workstation_lock

    db, me, _ctx = office
    admin = make_user(db, "ada", Role.ADMIN, "Ada Admin")
    with db.session() as s:
        workstation_lock.set_lock_after_minutes(s, ServiceContext(admin, clock, calendar), 30)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("LIAISON_DESK_CONFIG", str(config))
    for allowed, minutes in (("false", 7), ("true", 30)):
        config.write_text(f"[lock]\nidle_minutes = 7\npeople_may_change = {allowed}\n")
        w = MainWindow(
            AppContext(db=db, actor=me, clock=clock, calendar=calendar), store=store, start=False
        )
        qtbot.addWidget(w)
        w.start()
        want = minutes * 60_000
        qtbot.waitUntil(lambda w=w, want=want: w.workstation_lock.timer.interval() == want,
                        timeout=5000)  # fmt: skip
        w.stop()


def test_opening_an_inquiry_is_recorded_once_per_opening(
    qtbot: Any, window: MainWindow, office: Any, clock, calendar
) -> None:
    from liaison_desk.errors import PermissionDenied
    from liaison_desk.services.access import accesses_for_member

    db, _me, ctx = office
    first, second = window.proxy.row_at(0), window.proxy.row_at(1)

    def open_(row: Any) -> None:
        window.queue_panel.select_inquiry(row.id)
        qtbot.waitUntil(
            lambda: (
                window.detail_pane.detail is not None and window.detail_pane.detail.row.id == row.id
            ),  # type: ignore[union-attr]
            timeout=5000,
        )

    for row in (first, second, first):  # one batch: each inquiry once
        open_(row)
    window.refresh(reason="again")  # the same inquiry shown again is not a new opening
    window.views.flush_now()
    open_(second)
    open_(first)  # a later batch: opened again
    window.views.flush_now()
    manager = make_user(db, "max", Role.MANAGER, "Max Manager")
    boss = ServiceContext(manager, clock, calendar)
    with db.read_session() as s:
        seen = {
            r.subject: accesses_for_member(s, boss, r.subject)  # type: ignore[union-attr]
            for r in (first, second)
        }
        with pytest.raises(PermissionDenied):
            accesses_for_member(s, ctx, "Anna Svensson")
    assert [a.who for a in seen[first.subject]] == ["Lee Liaison"] * 2  # type: ignore[union-attr]
    assert [a.who for a in seen[second.subject]] == ["Lee Liaison"] * 2  # type: ignore[union-attr]
    assert {a.reference for a in seen[first.subject]} == {first.reference}  # type: ignore[union-attr]


def test_search_all_finds_resolved_work_and_opens_it(
    qtbot: Any, window: MainWindow, office: Any
) -> None:
    """Ctrl+Shift+F: every inquiry, open and resolved, by a name typed without its accent,
    words of a description; Enter opens it in the main window."""
    from liaison_desk.services import actions

    db, _me, ctx = office
    done = add_member(db, ctx, "Zoë Quist")
    with db.session() as s:
        actions.resolve(s, ctx, done, None, resolution="Ride booked.")
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_F, mods)
    dialog = window.commands.windows["search"]
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.box, "zoe")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 1).text() == "Resolved"
    assert dialog.table.item(0, 2).text() == "Zoë Quist"
    dialog.box.setText("dialysis")
    # Anna's, Bob's and Zoë's descriptions (the callback's question is another).
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    dialog.box.setText("zoe dialysis")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.detail_pane.detail is not None and window.detail_pane.detail.row.id == done,
        timeout=10_000,
    )


def test_the_person_view_and_related_inquiries_from_the_detail_pane(
    qtbot: Any, window: MainWindow, office: Any
) -> None:
    from liaison_desk.services import person_history
    from ui.search_all import PersonDialog

    db, _me, ctx = office
    again = add_member(db, ctx, "Anna Svensson", state_id="1234567A", priority=Priority.ESCALATED)
    first = next(r for r in (window.proxy.row_at(i) for i in range(2)) if "Anna" in r.subject)  # type: ignore[union-attr]
    with db.session() as s:
        person_history.link_related(s, ctx, again, first.id)
    window.refresh(reason="test")
    window.show_inquiry(again)
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None
            and window.detail_pane.detail.row.id == again
            and bool(window.detail_pane.detail.related)
        ),
        timeout=10_000,
    )
    pane = window.detail_pane
    button = pane.findChild(QPushButton, "personHistory")
    assert button is not None and button.text() == "1 other inquiry of this member…"
    link = pane.findChild(QPushButton, f"related_{first.reference}")
    assert link is not None
    button.click()
    dialogs = [d for d in window.findChildren(PersonDialog) if d.isVisible()]
    assert dialogs
    qtbot.waitUntil(lambda: dialogs[0].table.rowCount() == 2, timeout=10_000)
    # The pane may have been refreshed meanwhile (a colleague's save): find the link again.
    link = pane.findChild(QPushButton, f"related_{first.reference}")
    assert link is not None
    link.click()
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None and window.detail_pane.detail.row.id == first.id
        ),
        timeout=10_000,
    )


def test_bulk_note_on_every_selected_row(
    qtbot: Any, window: MainWindow, office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A in the table selects every row; Edit → Add a note to the selected… writes one
    note in each inquiry and says so once."""
    import ui.bulk
    from liaison_desk.db.models import TimelineEntry

    db, _me, _ctx = office
    said: list[str] = []
    answers = iter([True, False])

    def exec_(dialog: Any) -> bool:
        dialog.text.setPlainText("Called the MCO about all of these")
        return next(answers)

    monkeypatch.setattr(ui.bulk.BulkDialog, "exec", exec_)
    monkeypatch.setattr(ui.bulk.QMessageBox, "information", lambda *a: said.append(a[2]))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    items = window.commands.selected_items()
    assert len(items) == window.proxy.rowCount() >= 2
    window.act_bulk_note.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == [f"{len(items)} saved."]
    with db.read_session() as s:
        notes = s.query(TimelineEntry).filter_by(kind="note").all()
        assert sorted(n.inquiry_id for n in notes) == sorted(i for i, _v in items)


def test_marking_oneself_away_shows_in_the_queue_list(
    qtbot: Any, window: MainWindow, office: Any
) -> None:
    db, _me, _ctx = office
    make_user(db, "cat", Role.LIAISON, "Cat Cover")
    dialog = window.commands.open_away()
    qtbot.waitUntil(lambda: dialog.cover.count() >= 1, timeout=10_000)
    dialog.cover.setCurrentIndex(dialog.cover.findText("Cat Cover"))
    dialog.last.setDate(dialog.last.date().addDays(2))
    dialog.away_button.click()
    qtbot.waitUntil(lambda: window.away_line.isVisible(), timeout=10_000)
    assert window.away_line.text() == "Away Mon 11/23 – Wed 11/25; Cat Cover covers"
    qtbot.waitUntil(lambda: dialog.back_button.isVisible(), timeout=10_000)
    dialog.back_button.click()
    qtbot.waitUntil(lambda: not window.away_line.isVisible(), timeout=10_000)


def test_dashboard_figures_open_their_lists_in_the_window(
    qtbot: Any, window: MainWindow, office: Any
) -> None:
    """Every figure and row of the dashboard opens the matching list: a row of By assignee,
    its Overdue cell, and the Open items tile; the filter bar says what is shown."""
    _db, me, _ctx = office
    me_manager = Actor(me.login, Role.ADMIN, me.user_id, me.display_name)
    window.app_ctx.actor = me_manager  # reports are a manager's (or admin's)
    reports = window.commands.open_reports()
    tab = reports.dashboard
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.load()
    view = tab.people_table
    row = next(r for r in range(view.rowCount()) if view.item(r, 0).text() == "Lee Liaison")
    open_n = int(view.item(row, 1).text())
    view.activated.emit(view.model().index(row, 0))
    qtbot.waitUntil(lambda: window.proxy.rowCount() == open_n, timeout=10_000)
    assert window.queue_key == QueueKey.ALL_OPEN
    assert window.filters.scope.isVisible() and "Lee Liaison" in window.filters.scope.text()
    tab.open_tile.clicked.emit()
    qtbot.waitUntil(lambda: "all open items" in window.filters.scope.text(), timeout=10_000)
    assert window.proxy.rowCount() == tab.data.total.open
    window.filters.scope.click()  # back to everything
    assert not window.filters.scope.isVisible()


def test_files_are_added_saved_back_and_hidden_from_the_detail_pane(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    import ui.files_box

    box = window.files_box
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=10_000)
    qtbot.waitUntil(lambda: box.inquiry_id is not None, timeout=10_000)
    source = tmp_path / "denial.pdf"
    source.write_bytes(b"%PDF-1.4\n" + b"z" * 5000)
    box.add_paths([str(source)])
    qtbot.waitUntil(lambda: [r.name for r in box.rows] == ["denial.pdf"], timeout=10_000)
    assert box.title.text() == "FILES · 1"
    copy = tmp_path / "copy.pdf"
    monkeypatch.setattr(ui.files_box, "choose_save_file", lambda *a: str(copy))
    box.save_copy(box.rows[0])
    qtbot.waitUntil(lambda: copy.exists() and copy.read_bytes() == source.read_bytes(),
                    timeout=10_000)  # fmt: skip
    monkeypatch.setattr(ui.files_box.QInputDialog, "getText", lambda *a: ("Wrong member", True))
    box.hide_file(box.rows[0])
    qtbot.waitUntil(lambda: box.rows == [], timeout=10_000)
    # A program renamed .pdf: refused in words, nothing kept.
    fake = tmp_path / "invoice.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    said: list[str] = []
    box.message.connect(said.append)
    box.add_paths([str(fake)])
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "is a program" in said[0]


def test_a_file_opened_in_the_viewer_leaves_no_copy_after_closing(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from pathlib import Path

    import ui.files_box
    from liaison_desk.paths import data_dir

    opened: list[str] = []
    monkeypatch.setattr(ui.files_box.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()))  # fmt: skip
    box = window.files_box
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: box.inquiry_id is not None, timeout=10_000)
    source = tmp_path / "scan.png"
    source.write_bytes(
        b"\\x89PNG\\r\\n\\x1a\\n".decode("unicode_escape").encode("latin-1") + b"0" * 64
    )
    box.add_paths([str(source)])
    qtbot.waitUntil(lambda: len(box.rows) == 1, timeout=10_000)
    box.open_file(box.rows[0])
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    copy = opened[0]
    assert copy.startswith(str(data_dir()))
    assert Path(copy).read_bytes() == source.read_bytes()
    window.close()
    assert not (data_dir() / ui.files_box.OPENED).exists()


def test_why_this_deadline_from_the_detail_pane(qtbot: Any, window: MainWindow) -> None:
    from ui.explain_dialog import ExplainDialog

    choose(qtbot, window, QueueKey.ALL_OPEN)
    row = next(
        window.proxy.row_at(i)
        for i in range(window.proxy.rowCount())
        if window.proxy.row_at(i).subject == "Anna Svensson"  # type: ignore[union-attr]
    )
    window.queue_panel.select_inquiry(row.id)  # type: ignore[union-attr]
    pane = window.detail_pane
    qtbot.waitUntil(lambda: bool(pane._milestone_lines), timeout=5000)
    line = pane._milestone_lines[0]
    assert line.why.text() == "Why this deadline?"
    line.why.click()
    dialog = window.findChild(ExplainDialog, "explainDialog")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.explanation is not None, timeout=5000)
    text = dialog.text.toPlainText()
    assert text.startswith(f"Contact originator — {row.reference} (Member, High priority)")  # type: ignore[union-attr]
    assert "Due within 4 business hours" in text and "Still open" in text
    dialog.close()
