"""Enrollment consideration cases (seed 003) through the services, on both databases: the
CSR records it, QC vets it true (the State Monitors' list) or false (the supervisor's
outreach), the State Monitors process it or say why not, the supervisor's two attempts; each
step timed and in the timeline, and only the role whose step it is may take it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from liaison_desk.clock import ManualClock
from liaison_desk.considerations import OUTCOME_CORRECTED, OUTCOME_MAX_ATTEMPTS
from liaison_desk.db.engine import Database
from liaison_desk.domain import Role
from liaison_desk.errors import DomainError, PermissionDenied, ValidationError
from liaison_desk.services import considerations as cons
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import as_role, load, run
from tests.conftest import CHICAGO


def case(db: Database, ctx: ServiceContext, **kw: Any) -> int:
    data = cons.ConsiderationIntake(
        kind=kw.pop("kind", "provider_ended"),
        participants=kw.pop(
            "participants",
            [cons.Participant("Ana Lopez", "1234567A"), cons.Participant("Luis Lopez", "7654321B")],
        ),
        requested_change=kw.pop("requested_change", "Molina Healthcare of Iowa"),
        **kw,
    )
    return run(db, cons.create_consideration, ctx, data).inquiry.id


@pytest.fixture
def people(db: Database, ctx: ServiceContext) -> dict[str, ServiceContext]:
    return {
        "csr": as_role(db, ctx, "ccsr", Role.CSR, "Cass CSR"),
        "qc": as_role(db, ctx, "qqc", Role.QC_REVIEWER, "Quinn QC"),
        "monitor": as_role(db, ctx, "mmon", Role.STATE_MONITOR, "Sam Monitor"),
        "lead": as_role(db, ctx, "llead", Role.UNIT_LEAD, "Una Lead"),
    }


def _clocks(db: Database, inquiry_id: int) -> list[tuple[str, str, bool]]:
    inquiry = load(db, inquiry_id)
    return [
        (m.kind, m.label, m.met_at is not None)
        for m in sorted(inquiry.milestones, key=lambda m: m.id)
    ]


def test_a_true_case_goes_to_the_state_monitors_and_is_processed(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    iid = case(db, people["csr"], supervisor_requested=True)
    inquiry = load(db, iid)
    assert (inquiry.track, inquiry.status) == ("consideration", "qc_vetting")
    assert inquiry.qc_result is None
    assert inquiry.participants == [
        {"name": "Ana Lopez", "state_id": "1234567A"},
        {"name": "Luis Lopez", "state_id": "7654321B"},
    ]
    assert inquiry.subject == "Provider relationship ended"
    (vetting,) = inquiry.milestones
    assert vetting.due_at == datetime(2026, 11, 25, 17, 0, tzinfo=CHICAGO)  # 2 business days
    with pytest.raises(PermissionDenied):
        run(db, cons.vet, people["csr"], iid, None, true_case=True)
    with pytest.raises(DomainError, match="not waiting for the State Monitors"):
        run(db, cons.record_monitor_result, people["monitor"], iid, None, processed=True)
    clock.advance(timedelta(hours=3))
    run(db, cons.vet, people["qc"], iid, None, true_case=True, note="MMIS screen 9 checked")
    inquiry = load(db, iid)
    assert (inquiry.status, inquiry.qc_result) == ("state_monitor", "true")
    assert _clocks(db, iid) == [
        ("qc_vetting", "QC vetting", True),
        ("monitor_processing", "State Monitor processing", False),
    ]
    clock.advance(timedelta(days=1))
    run(db, cons.record_monitor_result, people["monitor"], iid, None, processed=True)
    inquiry = load(db, iid)
    assert (inquiry.closed, inquiry.monitor_result, inquiry.outcome) == (
        True,
        "processed",
        OUTCOME_CORRECTED,
    )
    assert all(met for _k, _l, met in _clocks(db, iid))
    kinds = [e.kind for e in sorted(inquiry.timeline, key=lambda e: e.id)]
    assert kinds[:1] == ["created"] and {"vetting", "monitor_result", "resolution"} <= set(kinds)


def test_false_then_two_attempts_close_it_as_max_attempts(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    iid = case(db, people["csr"], kind="mct_span", requested_change="Iowa Total Care")
    run(db, cons.vet, people["qc"], iid, None, true_case=False)
    assert load(db, iid).status == "outreach"
    with pytest.raises(PermissionDenied):
        run(db, cons.record_outreach, people["qc"], iid, None, reached=False)
    clock.advance(timedelta(hours=2))
    run(db, cons.record_outreach, people["lead"], iid, None, reached=False, note="voicemail")
    inquiry = load(db, iid)
    assert (inquiry.status, inquiry.outreach_attempts, inquiry.closed) == ("outreach", 1, False)
    clocks = _clocks(db, iid)
    assert clocks[-2:] == [
        ("outreach", "Supervisor outreach, first attempt", True),
        ("outreach", "Supervisor outreach, second attempt", False),  # not met by the first
    ]
    clock.advance(timedelta(days=1))
    run(db, cons.record_outreach, people["lead"], iid, None, reached=False)
    inquiry = load(db, iid)
    assert (inquiry.closed, inquiry.outcome, inquiry.outreach_attempts) == (
        True,
        OUTCOME_MAX_ATTEMPTS,
        2,
    )
    assert all(met for _k, _l, met in _clocks(db, iid))


def test_not_processed_returns_for_outreach_with_its_reason(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    iid = case(db, people["csr"], kind="for_cause", for_cause_reason="Homeless consumer")
    run(db, cons.vet, people["qc"], iid, None, true_case=True)
    with pytest.raises(ValidationError, match="why"):
        run(db, cons.record_monitor_result, people["monitor"], iid, None, processed=False)
    run(db, cons.record_monitor_result, people["monitor"], iid, None, processed=False,
        reason="Outside the enrollment period")  # fmt: skip
    inquiry = load(db, iid)
    assert (inquiry.status, inquiry.monitor_result, inquiry.monitor_reason) == (
        "outreach",
        "not_processed",
        "Outside the enrollment period",
    )
    assert inquiry.subject == "For Cause reason not processing – Homeless consumer"
    assert _clocks(db, iid)[-1] == ("outreach", "Supervisor outreach, first attempt", False)
    run(db, cons.record_outreach, people["lead"], iid, None, reached=True, note="Explained")
    inquiry = load(db, iid)
    assert (inquiry.closed, inquiry.outcome) == (True, "Outreach completed")


def test_what_a_case_needs_said_in_words(db: Database, people: dict[str, ServiceContext]) -> None:
    with pytest.raises(ValidationError) as got:
        case(db, people["csr"], kind="for_cause", participants=[cons.Participant("", "123")],
             requested_change="")  # fmt: skip
    problems = got.value.problems
    assert problems["participant_0"] == "Give each participant's name."
    assert problems["requested_change"] == "New MCO is required."
    assert problems["for_cause_reason"].startswith("Name the For Cause reason")
    with pytest.raises(ValidationError) as got:
        case(db, people["csr"], participants=[cons.Participant("Ana", "12345")])
    assert "7 digits and a letter" in got.value.problems["participant_0"]
    with pytest.raises(ValidationError, match="kind"):
        case(db, people["csr"], kind="whatever")


def test_qc_and_monitors_see_the_consideration_cases_only(
    db: Database, people: dict[str, ServiceContext], ctx: ServiceContext
) -> None:
    from liaison_desk.services.queues import QueueKey, load_queue
    from tests.action_helpers import member_inquiry

    member = member_inquiry(db, ctx)
    iid = case(db, people["csr"])
    with db.read_session() as s:
        for who in ("qc", "monitor"):
            c = people[who]
            rows = load_queue(s, QueueKey.ALL_OPEN, actor=c.actor, now=c.clock.now()).rows
            assert [r.id for r in rows] == [iid], who
    with pytest.raises(PermissionDenied):
        from liaison_desk.services import actions

        run(db, actions.add_note, people["qc"], member, None, text="peek")


def _three_cases(db: Database, people: dict[str, ServiceContext], clock: ManualClock) -> list[int]:
    """Mon 23 Nov: three cases; Tue: two true, one false; Wed: processed, not processed and
    the false one's first attempt; Mon 30: the returned one's two attempts."""
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    ids = [case(db, people["csr"]) for _ in range(3)]
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=CHICAGO))
    for iid, true_case in zip(ids, (True, True, False), strict=True):
        run(db, cons.vet, people["qc"], iid, None, true_case=true_case)
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=CHICAGO))
    run(db, cons.record_monitor_result, people["monitor"], ids[0], None, processed=True)
    run(db, cons.record_monitor_result, people["monitor"], ids[1], None, processed=False,
        reason="No MCT span in MMIS yet")  # fmt: skip
    run(db, cons.record_outreach, people["lead"], ids[2], None, reached=True)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=CHICAGO))
    for _ in range(2):
        run(db, cons.record_outreach, people["lead"], ids[1], None, reached=False)
    return ids


def test_the_period_report_counts_each_step_on_its_day(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock, ctx: ServiceContext,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    import json
    from datetime import date

    from liaison_desk.commands.considerations import run_consideration_report
    from liaison_desk.services.consideration_report import consideration_report

    _three_cases(db, people, clock)
    manager = as_role(db, ctx, "mman", Role.MANAGER, "Mia Manager")
    with db.read_session() as s:
        report = consideration_report(s, manager, date(2026, 11, 23), date(2026, 12, 4))
        with pytest.raises(PermissionDenied):
            consideration_report(s, people["monitor"], date(2026, 11, 23), date(2026, 12, 4))
    assert [(line.start, line.end) for line in report.lines] == [
        (date(2026, 11, 23), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 12, 4)),
    ]
    first, second = (dict(line.counts) for line in report.lines)
    assert first == {"received": 3, "vetted_true": 2, "vetted_false": 1, "processed": 1,
                     "not_processed": 1, "outreach_attempts": 1, "outreach_reached": 1}  # fmt: skip
    assert second == {"outreach_attempts": 2, "outreach_max": 1}
    assert report.total.counts["outreach_attempts"] == 3
    code = run_consideration_report(db, "2026-11-23", "2026-12-04", "json", "month", clock=clock)
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and [line["from"] for line in data["lines"]] == ["2026-11-23", "2026-12-01"]
    assert data["total"]["vetted_true"] == 2 and data["total"]["outreach_max"] == 1


def test_the_monitors_list_out_and_their_results_back(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock, tmp_path: Any
) -> None:
    from openpyxl import load_workbook

    from liaison_desk.excel.monitor_list import export_monitor_list, record_monitor_results

    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    ids = [case(db, people["csr"]) for _ in range(4)]
    for iid in ids[:3]:
        run(db, cons.vet, people["qc"], iid, None, true_case=True)
    out = tmp_path / "list.xlsx"
    assert run(db, export_monitor_list, people["qc"], out) == 3
    wb = load_workbook(out)
    ws = wb["State Monitors"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["Reference", "Date Received", "Date Vetted"]
    assert ws.cell(2, head.index("Participants") + 1).value == "Ana Lopez; Luis Lopez"
    refs = [ws.cell(r, 1).value for r in range(2, 5)]
    yes = no = head.index("Processed") + 1
    why = head.index("Reason Not Processed") + 1
    ws.cell(2, yes).value = "Yes"
    ws.cell(3, no).value = "No"  # no reason: not recorded, said
    ws.cell(4, no).value = "no"
    ws.cell(4, why).value = "Outside the window"
    wb.save(out)
    with pytest.raises(PermissionDenied):
        run(db, record_monitor_results, people["qc"], out)
    got = run(db, record_monitor_results, people["monitor"], out)
    assert (got.processed, got.not_processed) == ([refs[0]], [refs[2]])
    assert len(got.problems) == 1 and refs[1] in got.problems[0] and "why" in got.problems[0]
    statuses = {load(db, i).reference: load(db, i).status for i in ids[:3]}
    assert statuses == {refs[0]: "resolved", refs[1]: "state_monitor", refs[2]: "outreach"}
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    from liaison_desk.errors import InputRefused

    with pytest.raises(InputRefused):
        run(db, record_monitor_results, people["monitor"], tmp_path / "junk.xlsx")


def test_the_export_has_a_consideration_sheet_and_qc_sees_only_those(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock, ctx: ServiceContext,
    tmp_path: Any,
) -> None:  # fmt: skip
    from openpyxl import load_workbook

    from liaison_desk.excel.exporter import export_workbook
    from tests.action_helpers import member_inquiry

    member_inquiry(db, ctx)
    ids = _three_cases(db, people, clock)
    for who, path in ((ctx, tmp_path / "all.xlsx"), (people["qc"], tmp_path / "qc.xlsx")):
        with db.read_session() as s:
            export_workbook(s, who, path)
    wb = load_workbook(tmp_path / "all.xlsx")
    assert "Consideration" in wb.sheetnames
    ws = wb["Consideration"]
    head = [c.value for c in ws[1]]
    rows = {
        r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    returned = rows[load(db, ids[1]).reference]
    assert returned["QC Result"] == "True case"
    assert returned["State Monitor Result"] == "Not processed"
    assert returned["Reason Not Processed"] == "No MCT span in MMIS yet"
    assert (returned["Outreach Attempts"], returned["Outcome"]) == (2, "Outreach max attempts")
    assert returned["State IDs"] == "1234567A; 7654321B"
    assert wb["Member"].max_row == 2
    qc = load_workbook(tmp_path / "qc.xlsx")
    assert qc["Member"].max_row == 1 and qc["Consideration"].max_row == 4  # headers only


def test_what_each_step_says_when_saved(
    db: Database, people: dict[str, ServiceContext], clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    iid = case(db, people["csr"])
    ref = load(db, iid).reference
    said = run(db, cons.vet, people["qc"], iid, None, true_case=False).message
    assert said == f"{ref}: not a true case, back to the supervisor for outreach."
    said = run(db, cons.record_outreach, people["lead"], iid, None, reached=False).message
    assert said == f"{ref}: outreach attempt 1 logged."
