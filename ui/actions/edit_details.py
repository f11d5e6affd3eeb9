"""Edit details: correct what intake recorded, through the version check.

The fields follow the kind of inquiry (member, provider, supervisor callback); a member
inquiry can be turned into a provider one and back. When the received time or the kind
changes, the dialog shows the deadlines the clocks will be worked out to, asks for the
reason, and — for a received time before the previous business day — asks to confirm,
naming any clock that will already be overdue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from liaison_desk.domain import Track
from liaison_desk.errors import ValidationError
from liaison_desk.services.actions import InquiryBrief
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.corrections import DetailsEdit, edit_details
from liaison_desk.services.deadline_preview import deadlines, format_when
from liaison_desk.services.intake_lists import ReferenceLists
from liaison_desk.services.receipt import old_receipt_warning
from liaison_desk.validation import normalize_npi, normalize_phone, normalize_state_id
from ui.actions.common import (
    ActionDialog,
    ChoiceGroup,
    Notice,
    TextBox,
    WhenEdit,
    phone_text,
)
from ui.qt import QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, Qt

_MEMBER_ONLY = ("member_name", "member_state_id", "caller_name", "caller_phone", "mco")
_PROVIDER_ONLY = ("npi", "provider_name", "contact_name", "contact_phone", "mcos")
_CALLBACK = (
    "caller_name",
    "caller_phone",
    "member_name",
    "member_state_id",
    "npi",
    "provider_name",
)
_REQUIRED = {
    Track.MCO_MEMBER: {"source", "member_name", "caller_name", "caller_phone", "mco"},
    Track.MCO_PROVIDER: {"source", "npi", "provider_name", "contact_name", "contact_phone"},
    Track.IME_CALLBACK: {"caller_name", "caller_phone"},
}


class EditDetailsDialog(ActionDialog):
    TITLE = "Edit details"
    SAVE_LABEL = "&Save changes"
    EDITING = True
    MIN_WIDTH = 640

    def build(self) -> None:
        self.lists = ReferenceLists()
        self.data = DetailsEdit()
        self.original_received: datetime | None = None
        self.about = ChoiceGroup(
            [("A member", str(Track.MCO_MEMBER)), ("A provider", str(Track.MCO_PROVIDER))],
            horizontal=True,
        )
        self.add_field("track", "A&bout", self.about)
        self.source = QComboBox()
        self.add_field("source", "Received &from", self.source, required=True)
        self.member_name = QLineEdit()
        self.add_field("member_name", "&Member name", self.member_name)
        self.member_state_id = QLineEdit()
        self.member_state_id.setPlaceholderText("1234567A")
        self.add_field("member_state_id", "S&tate ID", self.member_state_id)
        self.caller_name = QLineEdit()
        self.add_field("caller_name", "&Caller name", self.caller_name)
        self.caller_phone = QLineEdit()
        self.caller_phone.setPlaceholderText("(515) 555-0142 x22")
        self.add_field("caller_phone", "Caller &phone", self.caller_phone)
        self.npi = QLineEdit()
        self.add_field("npi", "&NPI", self.npi)
        self.provider_name = QLineEdit()
        self.add_field("provider_name", "Provider nam&e", self.provider_name)
        self.contact_name = QLineEdit()
        self.add_field("contact_name", "Contac&t name", self.contact_name)
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText("(515) 555-0142 x22")
        self.add_field("contact_phone", "Contact p&hone", self.contact_phone)
        self.mco = QComboBox()
        self.add_field("mco", "MC&O", self.mco, required=True)
        self.mcos = QListWidget()
        self.mcos.setMaximumHeight(120)
        self.add_field("mcos", "MC&O(s) in question", self.mcos, required=True)
        self.description = TextBox("", 4)
        self.description.setMaximumHeight(self.description.minimumHeight() + 40)
        self.add_field("description", "&Description", self.description, required=True)
        self.mailing_address = TextBox("Street\nCity, IA ZIP", 3)
        self.mailing_address.setMaximumHeight(self.mailing_address.minimumHeight())
        self.add_field("mailing_address", "Mailing &address", self.mailing_address)
        self.received = WhenEdit(self.calendar, self.app_ctx.clock.now)
        self.add_field("received_at", "Rece&ived", self.received, required=True)
        self.effect = Notice("info")
        self.add_wide(self.effect)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Needed when the received time or the kind changes")
        self.add_field("reason", "&Reason", self.reason)
        self.about.changed.connect(lambda _v: self._follow_track())
        self.received.edit.dateTimeChanged.connect(lambda *_a: self._show_effect())

    # --- loading ---------------------------------------------------------------------------
    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return ReferenceLists.load(session)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self.lists = extra
        self.about.set_value(brief.track)
        for name in ("member_name", "member_state_id", "caller_name", "npi", "provider_name"):
            getattr(self, name).setText(getattr(brief, name) or "")
        self.contact_name.setText(brief.contact_name or "")
        self.caller_phone.setText(phone_text(brief.caller_phone))
        self.contact_phone.setText(phone_text(brief.contact_phone))
        self.description.setText(brief.description or "")
        self.mailing_address.setText(brief.mailing_address or "")
        for mco in self.lists.mcos:
            self.mco.addItem(mco.name, mco.id)
            item = QListWidgetItem(mco.name)
            item.setData(Qt.ItemDataRole.UserRole, mco.id)
            checked = mco.id in brief.mco_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.mcos.addItem(item)
        first = brief.mco_ids[0] if brief.mco_ids else brief.mco_id
        self.mco.setCurrentIndex(self.mco.findData(first) if first is not None else -1)
        self.received.set_value(brief.received_at)
        self.original_received = self._minute(brief.received_at)
        self._follow_track()
        if brief.closed:
            self.status.setText("Resolved: the wording can be corrected; reopen it to move dates.")

    # --- what is shown ---------------------------------------------------------------------
    def track(self) -> str:
        assert self.brief is not None
        if self.brief.track == Track.IME_CALLBACK:
            return self.brief.track
        return str(self.about.value() or self.brief.track)

    def _follow_track(self) -> None:
        if self.brief is None:
            return
        track = self.track()
        callback = track == Track.IME_CALLBACK
        shown = (
            set(_CALLBACK)
            if callback
            else set(_MEMBER_ONLY if track == Track.MCO_MEMBER else _PROVIDER_ONLY)
        )
        required = _REQUIRED[Track(track)]
        for name in (*_MEMBER_ONLY, *_PROVIDER_ONLY):
            self.form.setRowVisible(self._fields[name], name in shown)
            self._mark_required(name, name in required)
        self.form.setRowVisible(self._fields["track"], not callback)
        self.form.setRowVisible(self._fields["source"], not callback)
        sources = (
            self.lists.provider_sources
            if track == Track.MCO_PROVIDER
            else (self.lists.member_sources)
        )
        current = self.source.currentText() or self.brief.source
        self.source.clear()
        self.source.addItems(sources)
        if current and current not in sources:
            self.source.addItem(current)  # as it was taken in, even if no longer listed
        self.source.setCurrentIndex(self.source.findText(current) if current else -1)
        self._fields["description"].message.show_hint("The caller's question." if callback else "")
        self._show_effect()

    def _mark_required(self, name: str, required: bool) -> None:
        label = self.form.labelForField(self._fields[name])
        if isinstance(label, QLabel):
            text = label.text().removesuffix(" *")
            label.setText(text + " *" if required else text)
            label.setToolTip("Required" if required else "")

    @staticmethod
    def _minute(dt: datetime) -> datetime:
        return dt.replace(second=0, microsecond=0)

    def received_value(self) -> datetime:
        """The received time shown ("Now" leaves the edit following the clock)."""
        return self.received.value() or self._minute(self.app_ctx.clock.now())

    def received_changed(self) -> bool:
        return self.brief is not None and self.received_value() != self.original_received

    def track_changed(self) -> bool:
        return self.brief is not None and self.track() != self.brief.track

    def _deadlines(self) -> list[tuple[str, datetime]]:
        assert self.brief is not None
        received = self.received_value()
        found = deadlines(
            self.calendar, self.lists.policies, self.track(), self.brief.priority, received
        )
        return [(d.label, d.due) for d in found]

    def _show_effect(self) -> None:
        moves = self.brief is not None and (self.received_changed() or self.track_changed())
        self._mark_required("reason", moves)
        if not moves:
            self.effect.hide()
            return
        now = self.app_ctx.clock.now()
        lines = []
        for label, due in self._deadlines():
            late = " — already passed" if due < now else ""
            lines.append(f"{label}: due {format_when(due, self.calendar)}{late}")
        if self.track_changed():
            lines.append("An MCO referral already made keeps its date, under the new kind.")
        self.effect.say(
            "Saving works the deadlines out again:\n" + "\n".join(lines or ["(no clock applies)"]),
            "info",
        )

    # --- checking and saving ---------------------------------------------------------------
    def check(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        track = self.track()
        required = _REQUIRED[Track(track)]
        visible = [n for n, f in self._fields.items() if not f.isHidden()]
        for name in visible:
            widget = getattr(self, name, None)
            if isinstance(widget, QLineEdit) and name in required and not widget.text().strip():
                problems[name] = "This is required."
        checks = {
            "caller_phone": normalize_phone,
            "contact_phone": normalize_phone,
            "member_state_id": normalize_state_id,
            "npi": normalize_npi,
        }
        for name, fn in checks.items():
            text = getattr(self, name).text().strip()
            if name in visible and text and name not in problems:
                try:
                    fn(text)
                except ValidationError as exc:
                    problems[name] = next(iter(exc.problems.values()))
        if "source" in visible and not self.source.currentText():
            problems["source"] = "Choose where it was received from."
        if track == Track.MCO_PROVIDER and not self._checked_mcos():
            problems["mcos"] = "Choose at least one MCO in question."
        if track == Track.MCO_MEMBER and self.mco.currentIndex() < 0:
            problems["mco"] = "Choose the member's MCO."
        if not self.description.text().strip():
            problems["description"] = "This is required."
        if (self.received_changed() or self.track_changed()) and not self.reason.text().strip():
            problems["reason"] = "Say why it was wrong: the deadlines will move."
        return problems

    def _checked_mcos(self) -> list[int]:
        return [
            int(self.mcos.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.mcos.count())
            if self.mcos.item(i).checkState() == Qt.CheckState.Checked
        ]

    def save(self, version: int | None = None) -> None:
        if not self.ready or self.saving or self.brief is None:
            return
        if version is None and self.received_changed() and not self.check():
            warning = old_receipt_warning(
                self.calendar, self.app_ctx.clock.now(), self.received_value(), self._deadlines()
            )
            if warning is not None and not self.confirm_old_receipt(warning):
                self.received.setFocus()
                return
        # Read on the GUI thread; the service runs on the pool with these values.
        self.data = self.collected()
        super().save(version)

    def confirm_old_receipt(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Received that long ago?",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def collected(self) -> DetailsEdit:
        track = self.track()
        visible = {n for n, f in self._fields.items() if not f.isHidden()}

        def text(name: str) -> str | None:
            return getattr(self, name).text() if name in visible else None

        mco_ids: list[int] | None = None
        if track == Track.MCO_PROVIDER:
            mco_ids = self._checked_mcos()
        elif track == Track.MCO_MEMBER and self.mco.currentIndex() >= 0:
            mco_ids = [int(self.mco.currentData())]
        return DetailsEdit(
            track=track if self.track_changed() else None,
            source=self.source.currentText() if "source" in visible else None,
            member_name=text("member_name"),
            member_state_id=text("member_state_id"),
            caller_name=text("caller_name"),
            caller_phone=text("caller_phone"),
            npi=text("npi"),
            provider_name=text("provider_name"),
            contact_name=text("contact_name"),
            contact_phone=text("contact_phone"),
            mco_ids=mco_ids,
            description=self.description.text(),
            mailing_address=self.mailing_address.text(),
            received_at=self.received_value() if self.received_changed() else None,
            reason=self.reason.text(),
        )

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return edit_details(session, ctx, self.inquiry_id, version, self.data)
