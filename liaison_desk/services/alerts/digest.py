"""The e-mail side of the inbox (the watch service): each person's announcements not yet
mailed, in one digest, and the daily report's recipients.

Minimum necessary (seed 002: "do not include PII"): the subject says how many items and of
what kind, the body gives reference numbers and what is due, never a member's name or ID; the
app shows the rest to whoever may see it. A notice the person has already read in the app
is not mailed; one older than :data:`MAIL_WINDOW` (a new address, a service that was off for
weeks) is left to the inbox rather than mailed late."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...db.models import Inquiry, Notice, User
from ...domain import NoticeKind, Role, Status
from .. import app_settings

MAIL_WINDOW = timedelta(days=7)
KEY_SMTP = "mail.smtp"
KEY_FROM = "mail.from"
KEY_REPORT_DAY = "watch.daily_report_day"
# Most pressing first: what is already late, then what is about to be, then what is new.
_ORDER = (
    NoticeKind.DUE,
    NoticeKind.WARN,
    NoticeKind.CALLBACK_REQUEST,
    NoticeKind.NOT_ENROLLED,
    NoticeKind.HANDOFF,
    NoticeKind.ASSIGNED,
)
_HEADINGS = {
    NoticeKind.DUE: "Now overdue",
    NoticeKind.WARN: "Warning time reached",
    NoticeKind.CALLBACK_REQUEST: "Callback requests waiting for approval",
    NoticeKind.NOT_ENROLLED: "Members not enrolled in an MCO (supervisor callbacks)",
    NoticeKind.HANDOFF: "Sent to you",
    NoticeKind.ASSIGNED: "Assigned to you",
}


@dataclass(frozen=True)
class Digest:
    user_id: int
    name: str
    address: str
    notice_ids: tuple[int, ...]
    subject: str
    body: str


def stored(session: Session, key: str) -> str | None:
    value = app_settings.read(session, key)
    return str(value) if value else None


def pending(session: Session, now: datetime) -> list[Digest]:
    """One digest per person with an address and something unmailed and unread."""
    rows = session.execute(
        select(
            Notice.id,
            Notice.kind,
            Notice.summary,
            Notice.at,
            User.id,
            User.display_name,
            User.email,
            Inquiry.status,
        )
        .join(User, User.id == Notice.user_id)
        .join(Inquiry, Inquiry.id == Notice.inquiry_id)
        .where(
            Notice.mailed_at.is_(None),
            Notice.read_at.is_(None),
            Notice.created_at >= now - MAIL_WINDOW,
            User.active.is_(True),
            User.email.is_not(None),
            User.email != "",
        )
        .order_by(User.id, Notice.at, Notice.id)
    ).all()
    people: dict[int, tuple[str, str, list[tuple[int, NoticeKind, str]]]] = {}
    for nid, kind, summary, _at, uid, name, email, status in rows:
        notice_kind = NoticeKind(kind)
        if notice_kind is NoticeKind.CALLBACK_REQUEST and status != Status.PENDING_APPROVAL:
            continue  # another lead has acted on it already
        people.setdefault(uid, (name, email or "", []))[2].append((nid, notice_kind, summary))
    out = []
    for uid, (name, email, items) in people.items():
        subject, body = compose(name, [(k, s) for _, k, s in items])
        out.append(Digest(uid, name, email, tuple(i for i, _, _ in items), subject, body))
    return out


def compose(name: str, items: Sequence[tuple[NoticeKind, str]]) -> tuple[str, str]:
    """The subject and body of one person's digest (``items``: kind and summary)."""
    overdue = sum(k is NoticeKind.DUE for k, _ in items)
    count = len(items)
    subject = f"Liaison Desk: {count} item{'' if count == 1 else 's'} for you"
    if overdue:
        subject += f" ({overdue} overdue)"
    lines = [f"Hello {name.split()[0] if name.strip() else ''},".replace(" ,", ","), ""]
    lines.append("Liaison Desk has this for you since its last message:")
    for kind in _ORDER:
        group = [s for k, s in items if k is kind]
        if not group:
            continue
        lines += ["", f"{_HEADINGS[kind]} ({len(group)}):"]
        lines += [f"  - {s}" for s in group]
    lines += [""]
    lines += textwrap.wrap(
        "To open an item, start Liaison Desk, press Ctrl+G and type its reference number. "
        "Names and details are in the app only; this message carries reference numbers, "
        "as the privacy rules ask.",
        76,
    )
    lines += ["", "This message was sent by the Liaison Desk watch service; replies are not read."]
    return subject, "\n".join(lines) + "\n"


def mark_mailed(session: Session, ids: Sequence[int], now: datetime) -> None:
    session.execute(
        update(Notice)
        .where(Notice.id.in_(list(ids)), Notice.mailed_at.is_(None))
        .values(mailed_at=now)
        .execution_options(synchronize_session=False)
    )


def report_recipients(session: Session) -> list[tuple[str, str]]:
    """Seed 004: the daily report goes to the Unit Leads and the operations manager(s)."""
    rows = session.execute(
        select(User.display_name, User.email)
        .where(
            User.active.is_(True),
            User.role.in_([str(Role.UNIT_LEAD), str(Role.MANAGER)]),
            User.email.is_not(None),
            User.email != "",
        )
        .order_by(User.display_name)
    )
    return [(n, e or "") for n, e in rows]


def report_sent_on(session: Session) -> str | None:
    return stored(session, KEY_REPORT_DAY)


def set_report_sent_on(session: Session, day: str | None) -> None:
    app_settings.write(session, KEY_REPORT_DAY, day)
