"""E-mail to the sender of an inquiry (issue 14): the acknowledgement (seed 000's wording,
an admin-edited template quoting the reference and the expected time frame) and replies —
sent through the watch service's SMTP settings, or copied to send from the person's own mail
program; either way logged as an e-mail contact.

The subject line names the agency and the reference number only: nothing personal goes
into a subject (seed 002 "do not include PII"; subjects are shown by every mail server and
phone lock screen). An acknowledgement is logged as one and never meets a response standard
(seed 000 VII.1.b); a reply does.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from .. import mail
from ..db.models import Inquiry
from ..domain import Channel, EntryKind, MilestoneKind
from ..errors import DomainError, InputRefused, ValidationError
from ..policies import ACKNOWLEDGEMENT, PolicySpec
from . import app_settings, audit
from .actions.guards import (
    ActionResult,
    _start_work,
    ensure_open,
    load_checked,
    optional_text,
    result,
    touch,
)
from .alerts import mail_settings
from .context import ServiceContext
from .history import add_entry
from .intake import _office_phone
from .permissions import Action, require

KEY_TEMPLATE = "email.acknowledgement_template"
DEFAULT_TEMPLATE = (
    "Thank you for contacting Iowa Medicaid. We received your e-mail on {received} and it is "
    "being researched. We expect to complete your request by {expected} ({time_frame}). If "
    "you wish to contact us regarding this matter, please reply to this e-mail or call "
    "{phone}, and give reference number {reference}."
)
PLACEHOLDERS = {
    "reference": "the inquiry's reference number",
    "received": "the day it was received",
    "expected": "the day the request is to be completed by",
    "time_frame": "the standard's words, e.g. “within 15 business days”",
    "phone": "the unit's phone number",
}
ACK = "acknowledgement"
REPLY = "reply"
# Who wrote an e-mail inquiry, kept as its "Received From".
FROM_MEMBER = "Member"
FROM_PROVIDER = "Provider"
_RESOLUTION_KINDS = (MilestoneKind.EMAIL_RESOLUTION, MilestoneKind.EMAIL_RESPONSE)


@dataclass(frozen=True)
class Outgoing:
    to: str
    subject: str
    body: str


def template(session: Session) -> str:
    value = app_settings.read(session, KEY_TEMPLATE)
    return value if isinstance(value, str) and value.strip() else DEFAULT_TEMPLATE


def check_template(text: str) -> str:
    """The template as given, or a ValidationError naming what is wrong with it."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"template": "Write the acknowledgement."})
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(cleaned) if f is not None}
    except ValueError:
        raise ValidationError(
            {"template": "A brace is not closed: write a field as {reference}."}
        ) from None
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        fields = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise ValidationError({"template": f"“{{{unknown[0]}}}” is not a field the "
                               f"acknowledgement can fill; use {fields}."})  # fmt: skip
    if "reference" not in names:
        raise ValidationError({"template": "The acknowledgement must quote {reference}."})
    return cleaned


def set_template(session: Session, ctx: ServiceContext, text: str) -> str:
    require(ctx.actor, Action.ADMINISTER)
    cleaned = check_template(text)
    before = app_settings.write(session, KEY_TEMPLATE, cleaned)
    audit.record(session, ctx, "setting", None, "update", {KEY_TEMPLATE: [before, cleaned]})
    return cleaned


def subject_for(inquiry: Inquiry) -> str:
    return f"Iowa Medicaid: your inquiry, reference {inquiry.reference}"


def _day(ctx: ServiceContext, when: datetime) -> str:
    local = when.astimezone(ctx.calendar.timezone)
    return f"{local:%A, %B} {local.day}, {local.year}"


def _promise(inquiry: Inquiry) -> tuple[PolicySpec, datetime] | None:
    """The resolution standard the agency always keeps (the highest target, then the latest
    due time) and its due time."""
    clocks = [(PolicySpec.from_dict(m.policy_snapshot), m.due_at) for m in inquiry.milestones
              if m.kind in _RESOLUTION_KINDS and m.closed_reason in (None, "met")
              and m.policy_snapshot]  # fmt: skip
    return max(clocks, key=lambda c: (c[0].target_percent or 0.0, c[1]), default=None)


def acknowledgement(session: Session, ctx: ServiceContext, inquiry: Inquiry) -> Outgoing:
    promise = _promise(inquiry)
    if promise is not None:
        spec, due = promise
        frame = f"within {spec.due_text}"
    else:  # no e-mail standard in force: the longest of seed 000's
        due, frame = (
            ctx.calendar.add_business_days(inquiry.received_at, 15),
            "within 15 business days",
        )
    expected = _day(ctx, due)
    values = {
        "reference": inquiry.reference,
        "received": _day(ctx, inquiry.received_at),
        "expected": expected,
        "time_frame": frame,
        "phone": _office_phone(inquiry),
    }
    try:
        body = template(session).format_map(values)
    except (KeyError, ValueError, IndexError):  # a template stored before it was checked
        body = DEFAULT_TEMPLATE.format_map(values)
    return Outgoing(inquiry.email or "", subject_for(inquiry), body)


def reply_party(inquiry: Inquiry) -> str:
    """With whom an e-mail to the sender is a contact: the provider's office or the member."""
    return "provider" if inquiry.source == FROM_PROVIDER else "member"


def _checked(
    session: Session, ctx: ServiceContext, inquiry_id: int, expected_version: int | None,
    what: str, body: str,
) -> tuple[Inquiry, str]:  # fmt: skip
    """The inquiry and the text, once everything that could refuse the entry is checked —
    before anything is sent, so a sent e-mail is never left unlogged."""
    require(ctx.actor, Action.LOG_CONTACT)
    if what not in (ACK, REPLY):
        raise ValidationError({"what": "Say whether it is an acknowledgement or a reply."})
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_open(inquiry, "log an e-mail")
    text = optional_text(body)
    if text is None:
        raise ValidationError({"body": "Write the e-mail (or paste what was sent)."})
    return inquiry, text


def _log(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, what: str, text: str,
    sent_from_app: bool, to: str | None,
) -> ActionResult:  # fmt: skip
    how = "e-mailed from Liaison Desk" if sent_from_app else "e-mailed by hand"
    summary = ("Acknowledgement " if what == ACK else "Reply ") + f"{how} to the sender"
    _start_work(inquiry)
    touch(ctx, inquiry)
    entry = add_entry(
        session, ctx, inquiry, EntryKind.CONTACT, summary, party=reply_party(inquiry),
        channel=str(Channel.EMAIL), outcome=ACKNOWLEDGEMENT if what == ACK else "sent",
        notes=text, data={"to": (to or inquiry.email or "").strip(),
                          "subject": subject_for(inquiry), "sent_from_app": sent_from_app,
                          "email": what},
    )  # fmt: skip
    audit.record(session, ctx, "inquiry", inquiry.id, "email",
                 {"entry_id": entry.id, "what": what, "sent_from_app": sent_from_app})  # fmt: skip
    return result(session, inquiry, entry, summary + ".")


def log_email(
    session: Session, ctx: ServiceContext, inquiry_id: int, expected_version: int | None,
    *, what: str, body: str, sent_from_app: bool, to: str | None = None,
) -> ActionResult:  # fmt: skip
    """Log an acknowledgement or a reply e-mailed to the sender (from here or by hand)."""
    inquiry, text = _checked(session, ctx, inquiry_id, expected_version, what, body)
    return _log(session, ctx, inquiry, what, text, sent_from_app, to)


def send(
    session: Session, ctx: ServiceContext, inquiry_id: int, expected_version: int | None,
    *, what: str, body: str, env: Mapping[str, str] | None = None,
) -> ActionResult:  # fmt: skip
    """Send through the team's mail server, then log it; nothing is logged when the server
    cannot be reached or refuses (the person may copy the text instead)."""
    inquiry, text = _checked(session, ctx, inquiry_id, expected_version, what, body)
    if not inquiry.email:
        raise ValidationError({"to": "The sender's e-mail address is missing: add it with "
                               "Edit details, or copy the text."})  # fmt: skip
    stored_url, stored_from = mail_settings.read(session)
    try:
        settings = mail.settings_from(env if env is not None else mail.env(),
                                      stored_url, stored_from)  # fmt: skip
    except InputRefused as exc:
        raise DomainError(f"The mail settings cannot be used: {exc}") from None
    if settings is None:
        raise DomainError("No mail server is set up (Administration → Alerts by e-mail): copy "
                          "the text, send it from your mail program and log it.")  # fmt: skip
    message = mail.message(settings, inquiry.email, subject_for(inquiry), text, automatic=False)
    try:
        mail.send(settings, [message])
    except mail.MailError as exc:
        raise DomainError(f"The e-mail was not sent ({exc}); nothing was logged.") from None
    return _log(session, ctx, inquiry, what, text, True, inquiry.email)


@dataclass(frozen=True)
class ReplyDraft:
    """What the reply dialog shows before the person writes: to whom, the subject (no
    personal data in it), the acknowledgement's text, and whether the app can send it."""

    to: str
    subject: str
    acknowledgement: str
    acknowledged: bool  # an acknowledgement is already in the timeline
    can_send: bool


def reply_draft(
    session: Session, ctx: ServiceContext, inquiry_id: int, env: Mapping[str, str] | None = None
) -> ReplyDraft:
    require(ctx.actor, Action.LOG_CONTACT)
    inquiry = load_checked(session, ctx, inquiry_id, None)
    stored_url, stored_from = mail_settings.read(session)
    try:
        settings = mail.settings_from(env if env is not None else mail.env(),
                                      stored_url, stored_from)  # fmt: skip
    except InputRefused:
        settings = None
    acknowledged = any(
        e.channel == Channel.EMAIL and e.outcome == ACKNOWLEDGEMENT for e in inquiry.timeline
    )
    return ReplyDraft(
        to=inquiry.email or "",
        subject=subject_for(inquiry),
        acknowledgement=acknowledgement(session, ctx, inquiry).body,
        acknowledged=acknowledged,
        can_send=settings is not None and bool(inquiry.email),
    )
