"""Administration → E-mail alerts: the SMTP server and sender the watch service uses when
its machine gives none (services.alerts.mail_settings)."""

from __future__ import annotations

from liaison_desk.services.alerts import mail_settings
from ui import ops
from ui.context import AppContext
from ui.qt import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class MailTab(QWidget):
    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminMail")
        self.app_ctx = app_ctx
        box = QVBoxLayout(self)
        intro = QLabel(
            "The watch service (liaison-desk watch, run by IT next to the database) e-mails "
            "each person a digest of their warnings, breaches and hand-offs in office hours, "
            "and the daily report at 10:00. It uses the mail server set on its own machine; "
            "when none is set there, it uses this one. The password is never kept here: IT "
            "gives it to the service's machine.",
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        form = QFormLayout()
        self.server_edit = QLineEdit(self)
        self.server_edit.setPlaceholderText("smtp://alerts@mail.agency.example:587")
        self.sender_edit = QLineEdit(self)
        self.sender_edit.setPlaceholderText("liaison-desk@agency.example")
        form.addRow("Mail &server", self.server_edit)
        form.addRow("Sen&der address", self.sender_edit)
        box.addLayout(form)
        self.save_button = QPushButton("Save mail settings", self)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        box.addWidget(self.save_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        box.addStretch(1)

    def load(self) -> None:
        ops.read(self, self.app_ctx, lambda s, _c: mail_settings.read(s)).done(self._show).start()

    def _show(self, values: tuple[str, str]) -> None:
        self.server_edit.setText(values[0])
        self.sender_edit.setText(values[1])

    def save(self) -> None:
        server, sender = self.server_edit.text(), self.sender_edit.text()
        ops.write(self, self.app_ctx, lambda s, c: mail_settings.save(s, c, server, sender)).done(
            lambda _v: self.status.setText("✔ Saved.")
        ).failed(lambda p: self.status.setText(f"✖ {p.text}")).start()
