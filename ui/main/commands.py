"""What the main window's commands open: the intake forms, the Excel wizards, the reports and
administration windows (one of each), settings, the shortcut list, the log folder, About.

One per main window; these are the slots its action table names (``commands.…``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desk.paths import log_dir
from liaison_desk.services import person_history
from liaison_desk.services.inquiries import id_for_reference
from liaison_desk.services.queues import QueueRow
from ui import ops
from ui import settings as cfg
from ui.main.layout_state import show_detail_below
from ui.qt import (
    QDesktopServices,
    QInputDialog,
    QKeySequence,
    QMessageBox,
    QObject,
    Qt,
    QUrl,
    QWidget,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WindowCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("windowCommands")
        self.window = window
        self.windows: dict[str, QWidget] = {}

    def focus_search(self) -> None:
        self.window.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.window.filters.search.selectAll()

    def refresh_now(self) -> None:
        self.window.refresh(reason="F5", follow_ups=True)

    def _open_intake(self, name: str) -> QWidget:
        import ui.intake

        dialog: QWidget = getattr(ui.intake, name)(self.window.app_ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_member_intake(self) -> QWidget:
        return self._open_intake("MemberIntakeDialog")

    def open_provider_intake(self) -> QWidget:
        return self._open_intake("ProviderIntakeDialog")

    def open_callback_request(self) -> QWidget:
        return self._open_intake("CallbackRequestDialog")

    def open_consideration_intake(self) -> QWidget:
        return self._open_intake("ConsiderationIntakeDialog")

    def explain_deadline(self, milestone_id: int) -> QWidget:
        from ui.explain_dialog import ExplainDialog

        dialog = ExplainDialog(self.window.app_ctx, milestone_id, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def export_monitor_list(self) -> None:
        from ui.main.monitor_list import export_list

        export_list(self.window)

    def record_monitor_results(self) -> None:
        from ui.main.monitor_list import record_results

        record_results(self.window)

    def open_email_intake(self, path: Path | None = None) -> QWidget:
        """The e-mail form; with ``path`` (an e-mail dropped on the window) already read."""
        dialog = self._open_intake("EmailIntakeDialog")
        if path is not None:
            dialog.take_file(path)  # type: ignore[attr-defined]
        return dialog

    def open_import(self) -> QWidget:
        from ui.excel import open_import_dialog

        return open_import_dialog(self.window.app_ctx, self.window)

    def open_export(self) -> QWidget:
        """Export what the table shows (queue, filters and search), or everything."""
        from ui.excel import open_export_dialog

        ids = [r.id for r in self._shown_rows()] or None
        return open_export_dialog(self.window.app_ctx, self.window, inquiry_ids=ids)

    def _shown_rows(self) -> list[QueueRow]:
        rows = (self.window.proxy.row_at(i) for i in range(self.window.proxy.rowCount()))
        return [row for row in rows if row is not None]

    def _one_window(self, name: str, make: Callable[[], QWidget]) -> Any:
        """The reports or the administration window: one of each per main window, raised
        when it is already open. Their modules load on first use, not at start-up."""
        window = self.windows.get(name)
        if window is None:
            window = self.windows[name] = make()
            window.destroyed.connect(lambda *_: self.windows.pop(name, None))
        window.raise_()
        window.activateWindow()
        return window

    def open_reports(self, tab: str = "") -> Any:
        from ui.reports import open_reports_window

        window = self._one_window(
            "reports", lambda: open_reports_window(self.window.app_ctx, self.window)
        )
        if tab == "qc" and window.qc is not None:
            window.tabs.setCurrentWidget(window.qc)
        return window

    def open_qc(self) -> Any:
        return self.open_reports("qc")

    def open_packet(self) -> Any:
        from ui.reports.packet_dialog import open_packet_dialog

        return self._one_window(
            "packet", lambda: open_packet_dialog(self.window.app_ctx, self.window)
        )

    def open_admin(self) -> Any:
        from ui.admin import open_admin_window

        return self._one_window(
            "admin", lambda: open_admin_window(self.window.app_ctx, self.window)
        )

    def open_inbox(self) -> Any:
        from ui.inbox import InboxWindow

        def make() -> QWidget:
            inbox = InboxWindow(self.window.app_ctx, self.window.inbox_watch, self.window)
            inbox.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            inbox.openInquiry.connect(self.window.show_inquiry)
            return inbox

        inbox = self._one_window("inbox", make)
        inbox.show()
        inbox.load()
        return inbox

    def open_search_all(self) -> Any:
        from ui.search_all import SearchAllDialog, open_dialog

        def make() -> QWidget:
            dialog = SearchAllDialog(self.window.app_ctx, self.window)
            open_dialog(dialog, self.window.show_inquiry)
            return dialog

        dialog = self._one_window("search", make)
        dialog.box.setFocus()
        dialog.box.selectAll()
        return dialog

    def open_person(self, state_id: str | None, npi: str | None, name: str) -> Any:
        """The Person view: every inquiry of this member or provider."""
        from ui.search_all import PersonDialog, open_dialog

        dialog = PersonDialog(self.window.app_ctx, self.window, state_id=state_id, npi=npi,
                              name=name)  # fmt: skip
        return open_dialog(dialog, self.window.show_inquiry)

    def open_person_of_current(self) -> None:
        detail = self.window.detail_pane.detail
        if detail is None or not (detail.row.member_state_id or detail.row.npi):
            self.window.status.showMessage(
                "This inquiry has no state ID or NPI to find the person by.", 8000
            )
            return
        row = detail.row
        self.open_person(row.member_state_id, row.npi, row.subject)

    def link_related(self) -> None:
        """Link the shown inquiry to another about the same issue (by its reference)."""
        w = self.window
        current = w.current_inquiry_id()
        if current is None:
            return
        text, ok = QInputDialog.getText(
            w, "Link a related inquiry", "Reference of the inquiry about the same issue:"
        )
        if not ok or not text.strip():
            return

        def work(s: Any, c: Any) -> int:
            other = id_for_reference(s, text)
            person_history.link_related(s, c, current, other)
            return current

        ops.write(w, w.app_ctx, work, verb="linked", where="linking them").announces(
            lambda i: i
        ).done(lambda _i: w.status.showMessage("Linked as related.", 6000)).failed(
            lambda p: w.status.showMessage(p.text, 10_000)
        ).start()

    def open_away(self) -> Any:
        from ui.away import AwayDialog

        w = self.window

        def make() -> QWidget:
            dialog = AwayDialog(w.app_ctx, w)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.changed.connect(w.inbox_watch.look)
            return dialog

        dialog = self._one_window("away", make)
        dialog.show()
        return dialog

    # --- bulk work on the selected rows --------------------------------------------------
    def selected_items(self) -> list[tuple[int, int | None]]:
        """The selected rows (id, the version shown), in the table's order."""
        w = self.window
        rows = sorted(i.row() for i in w.table.selectionModel().selectedRows())
        found = (w.proxy.row_at(r) for r in rows)
        return [(row.id, row.version) for row in found if row is not None]

    def _bulk(self, kind: str) -> None:
        from ui.bulk import run_bulk

        run_bulk(self.window, kind, self.selected_items())

    def bulk_reassign(self) -> None:
        self._bulk("reassign")

    def bulk_priority(self) -> None:
        self._bulk("priority")

    def bulk_note(self) -> None:
        self._bulk("note")

    def go_to_reference(self) -> None:
        """Ctrl+G: type a reference number (from an e-mail digest, a phone call) and open it."""
        text, ok = QInputDialog.getText(
            self.window, "Go to an inquiry", "Reference number (such as 261123-0001):"
        )
        if not ok or not text.strip():
            return
        w = self.window
        ops.read(w, w.app_ctx, lambda s, _c: id_for_reference(s, text), where="finding it").done(
            w.show_inquiry
        ).failed(lambda p: w.status.showMessage(p.text, 10_000)).start()

    def export_daily_report(self) -> None:
        self.open_reports().export_daily()

    def open_settings(self) -> None:
        dialog = cfg.SettingsDialog(self.window, self.window.store)
        if dialog.exec():
            self.window.notifier.enabled = cfg.NOTIFICATIONS.get(self.window.store)
            self.window.notifier.warn_enabled = cfg.NOTIFY_WARN.get(self.window.store)
            self.window.watcher.interval_ms = cfg.POLL_MS.get(self.window.store)
            self.window.watcher.timer.setInterval(self.window.watcher.interval_ms)
            below = cfg.DETAIL_BELOW.get(self.window.store)
            if below != self.window.act_detail_below.isChecked():
                self.window.act_detail_below.setChecked(below)
                self.toggle_detail_below()

    def toggle_detail_below(self) -> None:
        below = self.window.act_detail_below.isChecked()
        show_detail_below(self.window, below)
        cfg.DETAIL_BELOW.set(below, self.window.store)

    def show_shortcuts(self) -> None:
        lines = []
        for action in self.window.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.isVisible():
                lines.append(
                    f"<tr><td><b>{keys}</b></td><td>{action.text().replace('&', '')}</td></tr>"
                )
        QMessageBox.information(
            self.window,
            "Keyboard shortcuts",
            "<table cellspacing='6'>" + "".join(lines) + "</table>"
            "<p>Tab moves between the queues, the search box, the filters, the table and "
            "the inquiry. Enter in the table moves to the inquiry; Esc in the search box "
            "clears it.</p>",
        )

    def sign_out(self) -> None:
        """Close the window for the next person; the remembered password goes with it, so
        nobody else at this computer signs in as the one who left."""
        from liaison_desk.db import passwords
        from liaison_desk.db.signin import ServerProfile

        w = self.window
        answer = QMessageBox.question(
            w, "Sign out", "Sign out of Liaison Desk? Open windows close; drafts are kept."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        profile, _ = ServerProfile.from_url(w.app_ctx.db.url.render_as_string())
        ops.background(w, lambda: passwords.forget(profile), where="signing out").start()
        w.signed_out = True
        w.close()

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def show_about(self) -> None:
        from liaison_desk import __version__

        QMessageBox.about(
            self.window,
            "About Liaison Desk",
            f"<b>Liaison Desk</b> {__version__}<br>Escalated member and provider inquiries, "
            "timed in business time.<br><br>Iowa Medicaid — Member and Provider Services.",
        )
