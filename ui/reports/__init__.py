"""The reports window (SPEC §8): dashboard, compliance, QC audits, daily report."""

from ui.reports.window import ReportsWindow, may_read_reports, open_reports_window

__all__ = ["ReportsWindow", "may_read_reports", "open_reports_window"]
