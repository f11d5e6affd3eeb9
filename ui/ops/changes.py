"""The app-wide bus of changes: a write announces what it changed, the windows refresh."""

from __future__ import annotations

from ui.qt import QCoreApplication, QObject, Signal


class Changes(QObject):
    inquiryChanged = Signal(int)  # an inquiry was saved (by this workstation)
    referenceDataChanged = Signal()  # users, MCOs, departments, sources, policies or calendar


_bus: Changes | None = None


def changes() -> Changes:
    """The one bus of the running application (made on first use, owned by the app)."""
    global _bus
    if _bus is None:
        _bus = Changes(QCoreApplication.instance())
        _bus.destroyed.connect(_forget)
    return _bus


def _forget(*_args: object) -> None:
    global _bus
    _bus = None
