"""The audit trail, readable (issue 15): an inquiry's whole audit in words, a period's across
inquiries by person and action, and its export — for managers and admins only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import Priority, Role
from liaison_desk.errors import NotFoundError, PermissionDenied
from liaison_desk.services import actions, audit_trail
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import as_role, load, member_inquiry, run
from tests.conftest import CHICAGO


def test_an_inquirys_audit_and_the_periods(
    db: Database, ctx: ServiceContext, clock: ManualClock, tmp_path: Path
) -> None:
    manager = as_role(db, ctx, "mman", Role.MANAGER, "Mia Manager")
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    iid = member_inquiry(db, ctx, Priority.ESCALATED)
    ref = load(db, iid).reference
    clock.advance(timedelta(hours=1))
    run(db, actions.change_priority, ctx, iid, None, priority=Priority.HIGH,
        reason="Out of insulin")  # fmt: skip
    clock.advance(timedelta(hours=1))
    run(db, actions.resolve, ctx, iid, None, resolution="Refill approved.")
    with pytest.raises(PermissionDenied), db.read_session() as s:
        audit_trail.inquiry_audit(s, ctx, ref)  # a liaison does not read the trail
    with db.read_session() as s:
        lines = audit_trail.inquiry_audit(s, manager, ref)
        everything = audit_trail.period_audit(s, manager, date(2026, 11, 23), date(2026, 11, 23))
        mine = audit_trail.period_audit(s, manager, date(2026, 11, 23), date(2026, 11, 23),
                                        person="lliaison", action="resolve")  # fmt: skip
        people, kinds = audit_trail.audit_people_and_actions(s)
        with pytest.raises(NotFoundError):
            audit_trail.inquiry_audit(s, manager, "261123-9999")
    assert [line.action for line in lines] == ["Created", "Priority", "Resolved"]
    assert {line.who for line in lines} == {"Lee Liaison"}
    assert lines[0].what == f"Inquiry {ref}"
    priority = dict((f, (o, n)) for f, o, n in lines[1].changes)
    assert priority["from"] == ("", "escalated") and priority["to"] == ("", "high")
    assert lines[1].at == datetime(2026, 11, 23, 10, 0, tzinfo=CHICAGO)
    assert [line.action for line in mine] == ["Resolved"]
    assert everything[0].action == "Resolved"  # newest first
    assert ("lliaison", "Lee Liaison") in people and "resolve" in kinds
    rows = audit_trail.export_audit(manager, lines, tmp_path / "audit.xlsx")
    ws = load_workbook(tmp_path / "audit.xlsx")["Audit"]
    assert [c.value for c in ws[1]] == list(audit_trail.HEADERS)
    assert ws.max_row == rows + 1 and ws.cell(2, 2).value == "Lee Liaison"
