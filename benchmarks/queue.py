"""Queue: sort and filter 2,000 open items, the countdown tick, and the paged resolved view.

SPEC §9: sort or filter 2,000 open items under 100 ms; the resolved view with 100,000 rows
pages without loading them all; a countdown tick costs under 2 ms of the GUI thread per
second with 2,000 open items (only visible cells repaint).

Everything is measured in the real main window (offscreen), on the 100,000-inquiry database
of benchmarks/startup.py, and includes the repaint (``processEvents`` after the change):
that is the time the person waits.
"""

from __future__ import annotations

# This file is named like the standard library's ``queue`` and sits beside calendar.py:
# move this folder from the front of sys.path to the end, so the standard library wins and
# the helper modules here are still found.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
sys.path.append(_HERE)

import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

from _common import ensure_repo_on_path, figure, result  # noqa: E402
from startup import ensure_database  # noqa: E402

ensure_repo_on_path()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-bench-")

from liaison_desk.clock import ManualClock, SystemClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.services.calendar_config import load_calendar  # noqa: E402
from liaison_desk.services.queues import QueueFilter, QueueKey, load_queue  # noqa: E402
from liaison_desk.services.users import current_actor  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.qt import QApplication, QEventLoop, QSettings, Qt, QTimer  # noqa: E402

SORT_FILTER_TARGET_MS = 100.0
TICK_TARGET_MS = 2.0


def wait_for(signal: object, timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def timed(app: QApplication, fn: object) -> float:
    """Milliseconds for ``fn()`` and the repaint it causes."""
    app.processEvents()
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    path = ensure_database()
    db = Database(f"sqlite:///{path}")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with db.session() as s:
        actor = current_actor(s, "bench-liaison")
    with db.read_session() as s:
        calendar = load_calendar(s)
    # A working Tuesday morning: countdowns run (none paused), some warn, some overdue.
    now = SystemClock().now()
    local = now.astimezone(calendar.timezone)
    if not calendar.is_open(now):
        now = calendar.next_open(now) + timedelta(hours=2)
    clock = ManualClock(now)
    print(f"queue: {path}, clock {local:%a %H:%M} → {now.astimezone(calendar.timezone):%a %H:%M}")

    from ui.main_window import MainWindow

    store = QSettings(os.path.join(os.environ["LIAISON_DESK_DATA_DIR"], "b.ini"),
                      QSettings.Format.IniFormat)  # fmt: skip
    store.setValue("window/queue", "all_open")
    ctx = AppContext(db=db, actor=actor, clock=clock, calendar=calendar)
    window = MainWindow(ctx, store=store, start=False)
    window.resize(1440, 900)
    window.watcher.timer.setInterval(3_600_000)  # nobody else writes during the benchmark
    window.start()
    window.show()
    wait_for(window.firstQueueShown)
    wait_for(window.queueLoaded)  # the follow-up pass that runs just after the first show
    deadline = time.perf_counter() + 10
    while (
        window.loader.busy or window.actions_controller is None
    ) and time.perf_counter() < deadline:
        app.processEvents()
    window.countdowns.stop()  # ticks are driven by hand below
    model, proxy, table = window.model, window.proxy, window.table
    rows = model.rowCount()
    visible = table.rowAt(table.viewport().height() - 1) + 1
    print(f"  {rows:,} open items in the table, {visible} visible")

    # ---------------------------------------------------------------- loading
    with db.read_session() as s:
        started = time.perf_counter()
        page = load_queue(s, QueueKey.ALL_OPEN, actor=actor, now=clock.now())
        load_ms = (time.perf_counter() - started) * 1000
    figure("load 2,000 open rows (worker thread)", load_ms, "ms")
    assert len(page.rows) == rows

    # ---------------------------------------------------------------- sort
    # Each figure is the best of 3 runs: this machine is shared, and the least disturbed
    # run is the one that measures the code (as benchmarks/_common.best_of does).
    def best(fn: object, repeat: int = 3) -> float:
        return min(timed(app, fn) for _ in range(repeat))

    sort_times: dict[str, float] = {}
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            name = f"{model.headerData(column, Qt.Orientation.Horizontal)} {order.name[:-5]}"

            def sort_by(c: int = column, o: Qt.SortOrder = order) -> None:
                table.sortByColumn(c, Qt.SortOrder.DescendingOrder if o.value == 0 else o)
                table.sortByColumn(c, o)

            sort_times[name] = best(sort_by) / 2
    slowest_sort = max(sort_times, key=lambda k: sort_times[k])
    figure("sort by a column (median over columns)", statistics.median(sort_times.values()), "ms")
    figure(f"sort, slowest column ({slowest_sort})", sort_times[slowest_sort], "ms")

    # ---------------------------------------------------------------- filter
    search = window.filters.search
    filter_times = []
    for text in ("s", "sm", "smi", "smit", "smith", "smith 5", "", "515", "5155", ""):
        filter_times.append(best(lambda t=text: (search.setText(""), search.setText(t))) / 2)
    priority = window.filters.priority
    for index in (1, 2, 0):
        filter_times.append(best(lambda i=index: priority.setCurrentIndex(i)))
    filter_times.append(
        best(lambda: proxy.set_filter(QueueFilter(track="mco_member", priority="high")))
    )
    filter_times.append(best(lambda: proxy.set_filter(QueueFilter())))
    figure("filter / search keystroke (median)", statistics.median(filter_times), "ms")
    figure("filter / search keystroke (slowest)", max(filter_times), "ms")

    # ---------------------------------------------------------------- tick
    table.sortByColumn(9, Qt.SortOrder.AscendingOrder)  # time left: the live cells on screen
    table.selectRow(3)
    wait_for(window.detailLoaded, 5000)
    countdowns = window.countdowns

    def tick_costs(step: timedelta, n: int) -> list[float]:
        costs = []
        for _ in range(n):
            clock.advance(step)
            # Jumping the clock an hour at a time makes items fall due every tick, and each
            # time the window reloads its queues (in the product that is a rare event, not a
            # per-second cost): keep that reload out of the tick's figure.
            window.loader.next_due_change = None
            costs.append(timed(app, countdowns.tick))
        return costs

    steady = tick_costs(timedelta(seconds=1), 120)
    every_cell = tick_costs(timedelta(hours=1), 30)  # every visible countdown changes
    figure("tick, 1 s later (median of 120)", statistics.median(steady), "ms")
    figure("tick, 1 s later (95th percentile)", sorted(steady)[int(len(steady) * 0.95)], "ms")
    figure("tick when every visible cell changes (median)", statistics.median(every_cell), "ms")
    figure("tick when every visible cell changes (slowest)", max(every_cell), "ms")

    # ---------------------------------------------------------------- resolved paging
    started = time.perf_counter()
    window.queue_list.choose(QueueKey.RESOLVED)
    wait_for(window.queueLoaded)
    first_page_ms = (time.perf_counter() - started) * 1000
    for _ in range(5):
        table.scrollToBottom()
        app.processEvents()
        if model.canFetchMore():
            model.fetchMore()
        wait_for(model.rowsInserted, 5000)
    figure("resolved: first page shown", first_page_ms, "ms")
    figure("resolved: rows in memory after 5 scrolls to the end", model.rowCount(), "rows")
    window.close()
    db.dispose()
    app.processEvents()

    sort_filter = max(max(sort_times.values()), max(filter_times))
    tick = statistics.median(steady)
    ok = sort_filter < SORT_FILTER_TARGET_MS and tick < TICK_TARGET_MS
    print(
        f"  sort/filter slowest {sort_filter:.1f} ms (target < {SORT_FILTER_TARGET_MS:.0f}); "
        f"tick median {tick:.2f} ms (target < {TICK_TARGET_MS:.0f})"
    )
    result(
        "queue_sort_filter_ms",
        f"{sort_filter:.1f}/tick_ms={tick:.2f}",
        f"<{SORT_FILTER_TARGET_MS:.0f}/<{TICK_TARGET_MS:.0f}",
        ok,
    )


if __name__ == "__main__":
    main()
    # PySide6 6.12 on Python 3.11 drops a reference to None/True/False on many calls; after
    # a few thousand, the interpreter's final garbage collection aborts. The figures are out.
    sys.stdout.flush()
    os._exit(0)
