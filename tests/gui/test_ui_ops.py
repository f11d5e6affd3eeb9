"""The client's operations layer: work runs off the GUI thread, outcomes come back on it,
every failure is worded once, a save is announced on the app-wide bus, and a window closed
while its work runs is not a crash."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import Role
from liaison_desk.errors import (
    Cancelled,
    ConflictError,
    DatabaseUnavailable,
    DomainError,
    PermissionDenied,
    ValidationError,
)
from tests.conftest import make_user
from ui import ops
from ui.context import AppContext
from ui.ops import ProblemKind
from ui.qt import QThread, QWidget


@pytest.fixture
def app(sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar) -> AppContext:
    actor = make_user(sqlite_db, "lee", Role.LIAISON, "Lee Liaison")
    return AppContext(db=sqlite_db, actor=actor, clock=clock, calendar=calendar)


@pytest.mark.parametrize(
    ("error", "kind", "starts"),
    [
        (ConflictError("This inquiry", expected_version=1, current_version=2),
         ProblemKind.CONFLICT, "Not saved: someone else changed this first"),
        (ValidationError({"phone": "Give a 10-digit phone number."}),
         ProblemKind.INVALID, "Not saved: Give a 10-digit phone number."),
        (DatabaseUnavailable("The database cannot be reached right now."),
         ProblemKind.UNAVAILABLE, "Not saved. The database cannot be reached right now."),
        (PermissionDenied("Only unit leads approve callbacks."),
         ProblemKind.NOT_ALLOWED, "Not saved. Only unit leads approve callbacks."),
        (DomainError("A resolved inquiry takes no referral."),
         ProblemKind.REFUSED, "Not saved. A resolved inquiry takes no referral."),
        (Cancelled("The import was cancelled; nothing was written."),
         ProblemKind.CANCELLED, "The import was cancelled"),
        (KeyError("inquiry_id"), ProblemKind.UNEXPECTED, "Not saved because of an unexpected"),
    ],
)  # fmt: skip
def test_each_failure_is_worded_once(error: BaseException, kind: ProblemKind, starts: str) -> None:
    problem = ops.explain(error, verb="saved", where="a test save")
    assert problem.kind is kind
    assert problem.text.startswith(starts)
    assert problem.error is error
    if kind is ProblemKind.INVALID:
        assert problem.fields == {"phone": "Give a 10-digit phone number."}


def test_an_unexpected_failure_logs_kind_and_place_never_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="liaison_desk"):
        problem = ops.explain(
            RuntimeError("INSERT … ('Zoë Quartermaine', '7654321Q')"),
            where="saving an intake form",
            kept=ops.KEPT,
        )
    assert "Zoë" not in problem.text and "7654321Q" not in problem.text
    assert "What you typed is still here." in problem.text
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "saving an intake form failed: RuntimeError" in logged
    assert "Zoë" not in logged and "7654321Q" not in logged


def test_a_read_runs_off_the_gui_thread_and_answers_on_it(qtbot: Any, app: AppContext) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def work(session: Any, ctx: Any) -> str:
        seen["work_thread"] = threading.get_ident()
        seen["actor"] = ctx.actor.login
        return "read"

    def done(value: str) -> None:
        seen["done_thread"] = threading.get_ident()
        seen["value"] = value

    op = ops.read(widget, app, work).done(done)
    assert not op.running
    op.start()
    assert op.running
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["work_thread"] != gui and seen["done_thread"] == gui
    assert seen["value"] == "read" and seen["actor"] == "lee"
    assert not op.running


def test_a_write_that_fails_commits_nothing_and_says_why(qtbot: Any, app: AppContext) -> None:
    from liaison_desk.db.models import Mco

    widget = QWidget()
    qtbot.addWidget(widget)
    problems: list[ops.Problem] = []

    def work(session: Any, _ctx: Any) -> None:
        session.add(Mco(name="Half-written MCO", short_name="HW"))
        session.flush()
        raise ValidationError({"name": "That name is taken."})

    ops.write(widget, app, work).failed(problems.append, kept=ops.KEPT).start()
    qtbot.waitUntil(lambda: bool(problems), timeout=5000)
    assert problems[0].kind is ProblemKind.INVALID
    assert problems[0].fields == {"name": "That name is taken."}
    with app.db.read_session() as s:
        assert s.query(Mco).filter_by(name="Half-written MCO").count() == 0


def test_a_save_is_announced_on_the_app_wide_bus(qtbot: Any, app: AppContext) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(ops.changes().inquiryChanged, timeout=5000) as heard:
        ops.write(widget, app, lambda _s, _c: 42).announces(lambda n: n).start()
    assert heard.args == [42]


def test_a_job_reports_progress_and_stops_when_cancelled(qtbot: Any, qapp: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    steps: list[tuple[int, int]] = []
    problems: list[ops.Problem] = []
    started = threading.Event()

    def work(progress: Any, cancelled: Any) -> None:
        progress(1, 100)
        started.set()
        while not cancelled():
            QThread.msleep(1)  # the pool thread waits for the GUI's Cancel
        raise Cancelled("The import was cancelled; nothing was written.")

    op = ops.job(widget, work).progress(lambda d, t: steps.append((d, t))).failed(problems.append)
    op.start()
    assert started.wait(5)
    op.cancel()
    assert op.cancelled
    qtbot.waitUntil(lambda: bool(problems), timeout=5000)
    assert problems[0].kind is ProblemKind.CANCELLED
    assert steps == [(1, 100)]


def test_closing_the_window_while_its_work_runs_is_not_a_crash(qtbot: Any, qapp: Any) -> None:
    widget = QWidget()
    release = threading.Event()
    finished = threading.Event()
    delivered: list[object] = []

    def work() -> str:
        release.wait(5)
        finished.set()
        return "saved"

    ops.background(widget, work).done(delivered.append).start()
    widget.deleteLater()
    qtbot.waitUntil(lambda: _gone(widget), timeout=5000)
    release.set()
    assert finished.wait(5)
    qapp.processEvents()
    assert delivered == []  # nobody left to tell; the work itself finished


def _gone(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return not isValid(widget)
