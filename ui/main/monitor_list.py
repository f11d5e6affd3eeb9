"""File → the State Monitors' list (seed 003): QC exports the true cases for the Monitors;
the Monitors record their results from the list they filled in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from liaison_desk.excel import monitor_list
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.files import SPREADSHEET_FILTER, choose_open_file, choose_save_file
from ui.qt import QMessageBox

if TYPE_CHECKING:
    from ui.main_window import MainWindow

_XLSX = "Excel workbooks (*.xlsx)"


def export_list(window: MainWindow, path: str | None = None) -> None:
    ctx = window.app_ctx
    if path is None:
        suggested = str(Path.home() / monitor_list.suggested_name(ctx.service_context()))
        path = choose_save_file(window, "Export the State Monitors' list", suggested, _XLSX)
        if not path:
            return
    target = path

    def work(session: Session, c: ServiceContext) -> int:
        return monitor_list.export_monitor_list(session, c, target)

    def done(count: int) -> None:
        window.status.showMessage(
            f"The State Monitors' list is saved: {count} case{'' if count == 1 else 's'}, "
            f"{target}.",
            20_000,
        )

    ops.read(window, ctx, work, where="exporting the State Monitors' list").done(done).start()


def record_results(window: MainWindow, path: str | None = None) -> None:
    ctx = window.app_ctx
    if path is None:
        path = choose_open_file(
            window, "Record the State Monitors' results", str(Path.home()), SPREADSHEET_FILTER
        )
        if not path:
            return
    source = path

    def work(session: Session, c: ServiceContext) -> monitor_list.MonitorResults:
        return monitor_list.record_monitor_results(session, c, source)

    def done(got: monitor_list.MonitorResults) -> None:
        text = f"Recorded from {Path(source).name}: {got.summary()}."
        if got.problems:
            text += "\n\n" + "\n".join(got.problems[:20])
        QMessageBox.information(window, "The State Monitors' results", text)
        window.loader.refresh(reason="monitor results")

    ops.write(window, ctx, work, where="recording the State Monitors' results").done(done).start()
