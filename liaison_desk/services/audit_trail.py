"""The audit trail, readable (issue 15): an inquiry's whole audit — who changed what, old and
new values, when — and a period's audit across inquiries, filtered by person and action,
exportable. For managers and admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import AuditEntry, Inquiry, User
from ..errors import NotFoundError
from .compliance import period_bounds
from .context import ServiceContext
from .permissions import Action, require

# What the app's actions are called in the trail; anything else in words from its name.
_ACTIONS = {
    "insert": "Created",
    "update": "Changed",
    "correct": "Corrected",
    "resolve": "Resolved",
    "reopen": "Reopened",
    "assign": "Assigned",
    "approve": "Approved",
    "send_back": "Sent back",
    "resubmit": "Resubmitted",
    "decision": "Decision",
    "note": "Note",
    "letter": "Letter",
    "attach": "File kept",
    "hide_file": "File hidden",
    "email": "E-mail",
    "vet": "QC vetting",
    "monitor": "State Monitor result",
    "outreach": "Outreach attempt",
    "follow_up": "Follow-up",
    "priority": "Priority",
}
LIMIT = 5000


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    who: str  # the person's name (their login when the user is gone)
    action: str  # in words
    what: str  # "Inquiry 261123-0004", "User rdiaz", "Setting"
    changes: tuple[tuple[str, str, str], ...]  # (field, old, new); old "" when only new

    @property
    def changes_text(self) -> str:
        return "; ".join(f"{f}: {o} → {n}" if o else f"{f}: {n}" for f, o, n in self.changes)


def action_label(action: str) -> str:
    return _ACTIONS.get(action, action.replace("_", " ").capitalize())


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_shown(v)}" for k, v in value.items())
    return str(value)


def _changes(data: dict[str, Any] | None) -> tuple[tuple[str, str, str], ...]:
    out = []
    for key, value in (data or {}).items():
        field = key.replace("_", " ")
        if isinstance(value, list | tuple) and len(value) == 2:
            out.append((field, _shown(value[0]), _shown(value[1])))  # [before, after]
        else:
            out.append((field, "", _shown(value)))
    return tuple(out)


def _lines(session: Session, entries: list[AuditEntry]) -> list[AuditLine]:
    names = {u.login: u.display_name or u.login for u in session.scalars(select(User))}
    refs_wanted = {e.entity_id for e in entries if e.entity == "inquiry" and e.entity_id}
    refs = (
        {i: r for i, r in session.execute(select(Inquiry.id, Inquiry.reference)
                                          .where(Inquiry.id.in_(sorted(refs_wanted))))}
        if refs_wanted else {}
    )  # fmt: skip
    out = []
    for e in entries:
        if e.entity == "inquiry":
            what = f"Inquiry {refs.get(e.entity_id or 0, e.entity_id)}"
        else:
            what = e.entity.replace("_", " ").capitalize() + (
                f" {e.entity_id}" if e.entity_id is not None else ""
            )
        out.append(AuditLine(e.at, names.get(e.actor, e.actor), action_label(e.action), what,
                             _changes(e.changes)))  # fmt: skip
    return out


def inquiry_audit(session: Session, ctx: ServiceContext, reference: str) -> list[AuditLine]:
    """Everything recorded of one inquiry, oldest first."""
    require(ctx.actor, Action.VIEW_AUDIT)
    inquiry_id = session.scalar(select(Inquiry.id).where(Inquiry.reference == reference.strip()))
    if inquiry_id is None:
        raise NotFoundError(f"There is no inquiry {reference.strip()}.")
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "inquiry", AuditEntry.entity_id == inquiry_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
    return _lines(session, entries)


def period_audit(
    session: Session, ctx: ServiceContext, start: date, end: date, *,
    person: str | None = None, action: str | None = None, limit: int = LIMIT,
) -> list[AuditLine]:  # fmt: skip
    """The period's audit across everything (newest first), by one person's login and one
    action when given; at most ``limit`` lines."""
    require(ctx.actor, Action.VIEW_AUDIT)
    low, high = period_bounds(ctx.calendar, start, end)
    stmt = select(AuditEntry).where(AuditEntry.at >= low, AuditEntry.at < high)
    if person:
        stmt = stmt.where(AuditEntry.actor == person)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return _lines(session, list(session.scalars(stmt)))


def audit_people_and_actions(session: Session) -> tuple[list[tuple[str, str]], list[str]]:
    """The filters' choices: (login, name) of everyone who appears, and the actions."""
    logins = sorted(set(session.scalars(select(AuditEntry.actor).distinct())))
    names = {u.login: u.display_name or u.login for u in session.scalars(select(User))}
    actions = sorted(set(session.scalars(select(AuditEntry.action).distinct())))
    return [(login, names.get(login, login)) for login in logins], actions


HEADERS = ("When", "Who", "Action", "What", "Field", "Old value", "New value")


def export_audit(ctx: ServiceContext, lines: list[AuditLine], path: str | Path) -> int:
    """The lines as a workbook, one row per changed field; returns the rows written."""
    from ..excel.export_book import _Writer
    from ..excel.safe import replacing

    rows = 0
    with replacing(Path(path), ".audit-") as tmp:
        w = _Writer(ctx, redact=False, path=tmp)
        ws = w.sheet("Audit", HEADERS)
        for line in lines:
            for field, old, new in line.changes or (("", "", ""),):
                w.row(ws, [w.local(line.at), line.who, line.action, line.what, field, old, new])
                rows += 1
        w.close()
    return rows
