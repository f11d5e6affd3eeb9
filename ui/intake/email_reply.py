"""Sending what the sender of an e-mail inquiry is to receive (issue 14): on the saved page,
the acknowledgement — sent through the team's mail server, or copied and logged as sent by
hand. Either way it lands in the timeline as an e-mail contact that meets no standard."""

from __future__ import annotations

from liaison_desk.services import email_replies
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.permissions import Action, can
from ui import ops
from ui.context import AppContext
from ui.intake.saved import SavedInfo, SavedPanel
from ui.ops import Problem
from ui.qt import QGuiApplication, QPushButton


class AcknowledgementButtons:
    """Two buttons added to the saved page's copy row."""

    def __init__(self, app_ctx: AppContext, panel: SavedPanel) -> None:
        self.app_ctx = app_ctx
        self.panel = panel
        self.info: SavedInfo | None = None
        self.send_button = QPushButton("Se&nd by e-mail")
        self.send_button.setToolTip("Send the acknowledgement to the sender through the team's "
                                    "mail server, and log it")  # fmt: skip
        self.send_button.clicked.connect(lambda _c=False: self.send())
        self.by_hand_button = QPushButton("&Log as sent by hand")
        self.by_hand_button.setToolTip("Copy it, send it from your mail program, and log it")
        self.by_hand_button.clicked.connect(lambda _c=False: self.log_by_hand())
        for at, button in enumerate((self.send_button, self.by_hand_button), start=1):
            panel.copy_row.insertWidget(at, button)
            button.setAutoDefault(False)
            button.hide()

    def show_for(self, info: SavedInfo, address: str) -> None:
        self.info = info
        # The account manager logs and assigns (seed 004); the one who works it writes.
        works = can(self.app_ctx.actor.role, Action.LOG_CONTACT)
        self.send_button.setVisible(works and bool(address))
        self.by_hand_button.setVisible(works)
        self.send_button.setEnabled(True)
        self.by_hand_button.setEnabled(True)

    def _body(self) -> str:
        return self.panel.acknowledgement.toPlainText()

    def send(self) -> None:
        if self.info is None:
            return
        inquiry_id, body = self.info.inquiry_id, self._body()
        self.panel.copied.setText("Sending…")

        def work(session: Session, ctx: ServiceContext) -> str:
            return email_replies.send(session, ctx, inquiry_id, None, what=email_replies.ACK,
                                      body=body).message  # fmt: skip

        ops.write(self.panel, self.app_ctx, work, verb="sent", where="sending the acknowledgement"
                  ).done(self._done).failed(self._failed).start()  # fmt: skip

    def log_by_hand(self) -> None:
        if self.info is None:
            return
        inquiry_id, body = self.info.inquiry_id, self._body()
        QGuiApplication.clipboard().setText(body)

        def work(session: Session, ctx: ServiceContext) -> str:
            return email_replies.log_email(session, ctx, inquiry_id, None, what=email_replies.ACK,
                                           body=body, sent_from_app=False).message  # fmt: skip

        ops.write(self.panel, self.app_ctx, work, verb="logged", where="logging the "
                  "acknowledgement").done(self._done).failed(self._failed).start()  # fmt: skip

    def _done(self, message: str) -> None:
        self.panel.copied.setText(f"✓ {message}")
        self.send_button.setEnabled(False)
        self.by_hand_button.setEnabled(False)

    def _failed(self, problem: Problem) -> None:
        self.panel.copied.setText(problem.text)
