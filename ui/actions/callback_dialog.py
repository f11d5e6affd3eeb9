"""The supervisor callback as a dialog of its own: the callback panel under the inquiry's
header, with Close."""

from __future__ import annotations

from ui.actions.callbacks import CallbackPanel
from ui.actions.common import (
    describe_inquiry,
)
from ui.context import AppContext
from ui.qt import (
    QDialog,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.frame import DialogFooter, DialogHeader


class CallbackDialog(QDialog):
    """The callback panel in its own window (from the menu or the toolbar)."""

    inquiryChanged = Signal(int)  # saved something on this inquiry

    def __init__(self, app_ctx: AppContext, inquiry_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallbackDialog")
        self.setWindowTitle("Supervisor callback")
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = DialogHeader("Supervisor callback")
        self.subtitle = self.header.subtitle
        layout.addWidget(self.header)
        self.panel = CallbackPanel(app_ctx, inquiry_id, self)
        self.panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.panel, 1)
        footer = DialogFooter()
        footer.add_button("Close", self.accept)
        layout.addWidget(footer)
        self.panel.inquiryChanged.connect(self.inquiryChanged)
        self.panel.loaded.connect(self._loaded)
        self.resize(720, 860)

    def _loaded(self) -> None:
        if self.panel.brief is not None:
            self.subtitle.setText(describe_inquiry(self.panel.brief))
