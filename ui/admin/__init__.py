"""The administration window: users and roles, MCOs, the business calendar, policies."""

from ui.admin.window import AdminWindow, open_admin_window

__all__ = ["AdminWindow", "open_admin_window"]
