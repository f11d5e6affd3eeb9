"""Who works a new escalation (seed 001: "Member Liaison will send issue and member
information to MSA/ESR"): the person taking it in, or an MSA/ESR chosen on the form, who is
told in their inbox."""

from __future__ import annotations

from liaison_desk.services.intake_lists import Choice
from ui.qt import QComboBox, QWidget

MYSELF = "Me — I work it myself"


class HandoffField(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoff")
        self.setAccessibleName("Worked by")
        self.setToolTip(
            "Send it to an MSA/ESR from here: they are told in their inbox (and by e-mail "
            "when the watch service runs)."
        )
        self.fill([])

    def fill(self, handlers: list[Choice]) -> None:
        keep = self.value()
        self.clear()
        self.addItem(MYSELF, None)
        for h in handlers:
            self.addItem(f"{h.name} (MSA/ESR)", h.id)
        self.set_value(keep)

    def value(self) -> int | None:
        data = self.currentData()
        return int(data) if isinstance(data, int) else None

    def set_value(self, user_id: int | None) -> None:
        index = self.findData(user_id) if user_id is not None else 0
        self.setCurrentIndex(max(index, 0))
