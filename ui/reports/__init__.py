"""The reports window (SPEC §8): dashboard, compliance, QC audits, daily report."""

from ui.reports.window import ReportsWindow, open_reports_window

__all__ = ["ReportsWindow", "open_reports_window"]
