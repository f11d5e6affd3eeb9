"""The compliance packet (issue 15): its PDF's numbers, read back with pypdf, and its
workbook's agree with ``report compliance --format json`` for the same period; the MCO
scorecard agrees with a count over the Milestones sheet of the log's own export; every
breach is listed with its explanation; the first page says whether the history verifies."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, text

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.cli import main
from liaison_desk.clock import ManualClock
from liaison_desk.commands.packet import run_packet
from liaison_desk.commands.report import run_compliance
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Milestone, QcAuditItem
from liaison_desk.demo.filling import fill_demo
from liaison_desk.domain import Role
from liaison_desk.excel.exporter import export_workbook
from liaison_desk.packet import write_packet
from liaison_desk.services.clocks import follow_ups_not_raised
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.qc.sampling import draw_audit
from liaison_desk.services.qc.scoring import score_item
from tests.conftest import CHICAGO, make_user
from tests.database.test_server_roles import Login, _ctx_for, login_as  # noqa: F401

FROM, TO = "2026-10-01", "2026-11-27"
NOW = datetime(2026, 11, 30, 15, 30, tzinfo=CHICAGO)


@pytest.fixture
def office(db: Database, clock: ManualClock, calendar: BusinessCalendar) -> ServiceContext:
    """Three months of a realistic office (the demo's), and a scored QC audit of October."""
    clock.set(NOW)
    fill_demo(db, 500, 15, clock, calendar=calendar)
    lead = make_user(db, "qclead", Role.MANAGER, "Quinn Lead")
    ctx = ServiceContext(actor=lead, clock=clock, calendar=calendar)
    with db.session() as s:
        audit = draw_audit(s, ctx, date(2026, 10, 1), date(2026, 10, 31), seed=3)
        audit_id = audit.id
    with db.session() as s:
        items = list(s.scalars(select(QcAuditItem).where(QcAuditItem.audit_id == audit_id)))
        for n, item in enumerate(items):
            score_item(s, ctx, item.id, None, answered_correctly=True, professional=True,
                       accurate=n % 4 != 0)  # fmt: skip
    return ctx


def _json(db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str],
          first: str = FROM, last: str = TO) -> list[dict[str, Any]]:  # fmt: skip
    assert run_compliance(db, first, last, "json", clock=clock) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _packet(db: Database, clock: ManualClock, tmp_path: Path, **kw: Any) -> tuple[str, Path]:
    pdf, xlsx = tmp_path / "packet.pdf", tmp_path / "packet.xlsx"
    assert run_packet(db, FROM, TO, str(pdf), xlsx=str(xlsx), clock=clock, **kw) == 0
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    return "\n\f".join(pages), xlsx


def _flat(words: str) -> str:
    return re.sub(r"\s+", " ", words)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def test_the_packets_numbers_are_the_compliance_reports(
    db: Database, office: ServiceContext, clock: ManualClock, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    expected = _json(db, clock, capsys)
    before = _json(db, clock, capsys, "2026-08-04", "2026-09-30")  # the 58 days before
    assert len(expected) >= 8 and sum(r["met_late"] + r["open_overdue"] for r in expected) > 0
    pdf, xlsx = _packet(db, clock, tmp_path)
    capsys.readouterr()

    # The PDF's summary page, row by row, in the report's order.
    summary = _flat(pdf.split("Summary by standard")[2].split("\f")[0])
    found = re.findall(r"(\d+) (\d+) (\d+) (\d+) (\d+) (\d+\.\d %|—)", summary)
    keys = ("due", "met_on_time", "met_late", "open_overdue", "open_on_time")
    assert found == [(*(str(r[k]) for k in keys), _pct(r["percent_met"])) for r in expected]

    # The workbook's Summary sheet holds the same figures as numbers.
    book = load_workbook(xlsx)
    rows = list(book["Summary"].iter_rows(min_row=2, values_only=True))
    got = [dict(zip(("track", "priority", "milestone"), r[:3], strict=True))
           | dict(zip((*keys, "percent_met"), r[4:10], strict=True)) for r in rows]  # fmt: skip
    assert got == expected
    # ... and the previous period's share beside each standard.
    earlier = {(r["track"], r["priority"], r["milestone"]): r["percent_met"] for r in before}
    for r in rows:
        if (r[0], r[1], r[2]) in earlier and len([b for b in before if
                                                  (b["track"], b["priority"], b["milestone"])
                                                  == (r[0], r[1], r[2])]) == 1:  # fmt: skip
            assert r[11] == earlier[(r[0], r[1], r[2])]

    # Every breach is listed, with its explanation.
    breaches = sum(r["met_late"] + r["open_overdue"] for r in expected)
    sheet = list(book["Breaches"].iter_rows(min_row=2, values_only=True))
    assert len(sheet) == breaches
    for reference, _label, *_rest, explanation in sheet:
        assert reference in pdf
        assert explanation and "Due:" in explanation
    flat = _flat(pdf)
    assert f"still overdue ({breaches:,})" in flat
    assert "Met late" in flat or "Still open" in flat

    # The packet's frame: contents, page numbers, the record's state.
    assert "Contents" in pdf and "MCO scorecard" in pdf and "Quality-control audits" in pdf
    total = len(pdf.split("\f"))
    assert f"Page 1 of {total}" in pdf and f"Page {total} of {total}" in pdf
    assert "The chain verifies" in flat and "every link intact" in flat


def _scorecard_from_export(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> dict[str, Counter[str]]:
    """The scorecard counted independently, over the Milestones sheet of the export."""
    path = tmp_path / "log.xlsx"
    with db.read_session() as s:
        export_workbook(s, ctx, path)
    sheet = load_workbook(path)["Milestones"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    at = {h: i for i, h in enumerate(header)}
    first, last = date.fromisoformat(FROM), date.fromisoformat(TO)
    out: dict[str, Counter[str]] = {}
    for row in rows:
        label, mco, due, state = (row[at[k]] for k in ("Milestone", "MCO", "Due", "State"))
        if mco is None or not first <= due.date() <= last or state == "No longer applies":
            continue
        tally = out.setdefault(mco, Counter())
        if label.startswith("Follow up"):
            tally["follow_ups"] += 1
            continue
        if not label.startswith("MCO contacts"):
            continue
        tally["referrals"] += 1
        tally[{"Met on time": "on_time", "Met late": "late", "Overdue": "missed",
               "Not met": "missed"}.get(state, "not_yet_due")] += 1  # fmt: skip
    return out


def test_the_scorecard_agrees_with_the_milestones_sheet(
    db: Database, office: ServiceContext, clock: ManualClock, tmp_path: Path
) -> None:
    _pdf, xlsx = _packet(db, clock, tmp_path)
    expected = _scorecard_from_export(db, office, tmp_path)
    assert sum(t["referrals"] for t in expected.values()) >= 10
    book = load_workbook(xlsx)
    rows = list(book["MCO scorecard"].iter_rows(min_row=2, values_only=True))
    totals = {r[0]: r for r in rows if r[1] == "All departments"}
    assert set(totals) == set(expected)
    for mco, tally in expected.items():
        r = totals[mco]
        got = dict(zip(("referrals", "on_time", "late", "missed", "not_yet_due"), r[2:7],
                       strict=True)) | {"follow_ups": r[8]}  # fmt: skip
        assert got == {k: tally[k] for k in got}, mco
        # The departments add up to the MCO's line.
        parts = [p for p in rows if p[0] == mco and p[1] != "All departments"]
        assert sum(p[2] for p in parts) == r[2]
        decided = r[3] + r[4] + r[5]
        assert r[7] == (round(r[3] * 100 / decided, 1) if decided else None)
        if r[9] is not None:
            assert 0 <= r[9] <= r[10]


def test_one_mcos_packet_and_what_is_refused(
    db: Database, office: ServiceContext, clock: ManualClock, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    pdf, xlsx = _packet(db, clock, tmp_path, mco="itc")
    sheet = load_workbook(xlsx)["MCO scorecard"]
    cards = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert cards == {"Iowa Total Care"}
    assert "(MCO: Iowa Total Care)" in _flat(pdf)
    capsys.readouterr()
    assert run_packet(db, FROM, TO, str(tmp_path / "x.pdf"), mco="Acme Health",
                      clock=clock) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "There is no MCO “Acme Health”" in err and "Iowa Total Care" in err
    assert run_packet(db, FROM, TO, str(tmp_path / "missing" / "x.pdf"), clock=clock) == 1
    assert "does not exist" in capsys.readouterr().err
    assert run_packet(db, "2026-11-30", "2026-11-01", str(tmp_path / "x.pdf"), clock=clock) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_qc_audits_and_their_quarter_against_95(
    db: Database, office: ServiceContext, clock: ManualClock, tmp_path: Path
) -> None:
    pdf, xlsx = _packet(db, clock, tmp_path)
    book = load_workbook(xlsx)
    audits = list(book["QC audits"].iter_rows(min_row=2, values_only=True))
    quarters = list(book["QC quarters"].iter_rows(min_row=2, values_only=True))
    assert len(audits) == 1 and audits[0][0].date() == date(2026, 10, 1)
    sample, scored, average = audits[0][3], audits[0][4], audits[0][5]
    assert sample == scored > 0
    # Three questions, the third answered No for every fourth item.
    no = len(range(0, sample, 4))
    assert average == round((sample * 100 - no * 100 / 3) / sample, 1)
    assert quarters == [("Q4 2026", 1, sample, average, 95.0, "Yes" if average >= 95 else "No")]
    assert f"{average:.1f} %" in pdf and "Q4 2026" in pdf


@pytest.mark.tampers
def test_a_broken_history_is_said_on_the_first_page(
    db: Database, office: ServiceContext, clock: ManualClock, tmp_path: Path
) -> None:
    with db.read_session() as s:
        inside = s.scalars(
            select(Milestone.inquiry_id).where(
                Milestone.due_at > datetime(2026, 10, 20, tzinfo=UTC),
                Milestone.due_at < datetime(2026, 11, 20, tzinfo=UTC),
            )
        ).first()
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER ld_chain_kept_timeline_entries"))
        first = f"(SELECT min(id) FROM timeline_entries WHERE inquiry_id = {inside})"
        conn.execute(text(f"UPDATE timeline_entries SET summary = 'Reached' WHERE id = {first}"))
    pdf, _ = _packet(db, clock, tmp_path)
    first = _flat(pdf.split("\f")[0])
    assert "the history's chain does NOT verify" in first


def test_a_managers_own_login_writes_the_same_packet(
    pg_db: Database, login_as: Login, clock: ManualClock, calendar: BusinessCalendar,  # noqa: F811
    tmp_path: Path,
) -> None:  # fmt: skip
    """On PostgreSQL the Reports window writes the packet as the manager's own login: it reads
    every inquiry, audit and chain the owner's does, and the chain verifies the same."""
    clock.set(NOW)
    fill_demo(pg_db, 200, 15, clock, calendar=calendar)
    owner = ServiceContext(actor=make_user(pg_db, "owner", Role.ADMIN, "Owner"), clock=clock,
                           calendar=calendar)  # fmt: skip
    _name, manager_db = login_as(Role.MANAGER)
    manager = _ctx_for(manager_db, owner)
    start, end = date.fromisoformat(FROM), date.fromisoformat(TO)
    with pg_db.read_session() as s:
        waiting = follow_ups_not_raised(s, owner)
    assert waiting > 0  # the demo's missed MCO contacts, their follow-ups not yet started

    # A manager may not start follow-ups: the Reports window's compliance says how many it
    # leaves out, and so does the packet.
    from liaison_desk.services.compliance import compliance_period

    shown = compliance_period(manager_db, manager, start, end, breach_limit=10)
    assert shown.follow_ups_waiting == waiting
    early = write_packet(manager_db, manager, start, end, tmp_path / "early.pdf",
                         workbook=tmp_path / "early.xlsx")  # fmt: skip
    assert early.chain_ok and early.follow_ups_waiting == waiting
    first = " ".join(PdfReader(tmp_path / "early.pdf").pages[0].extract_text().split())
    assert f"Not yet counted: {waiting:,} follow-ups with the MCO" in first
    about = dict(load_workbook(tmp_path / "early.xlsx")["About"].iter_rows(values_only=True))
    assert str(about["Not yet counted"]).startswith(f"Not yet counted: {waiting:,}")

    # Once someone allowed has started them, the manager's packet is the owner's, page by page.
    ours = write_packet(pg_db, owner, start, end, tmp_path / "o.pdf")
    theirs = write_packet(manager_db, manager, start, end, tmp_path / "m.pdf")
    assert ours.follow_ups_waiting == theirs.follow_ups_waiting == 0
    assert theirs.chain_ok and ours.chain_ok and theirs.breaches == ours.breaches > 0
    assert theirs.standards == ours.standards >= early.standards

    def body(path: Path) -> list[str]:  # every page but the first (who prepared it, when)
        return [p.extract_text() for p in PdfReader(path).pages][1:]

    assert body(tmp_path / "m.pdf") == body(tmp_path / "o.pdf")


def test_through_the_command_line(
    db: Database, office: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "q4.pdf"
    assert main(["--db", url, "report", "packet", "--from", FROM, "--to", TO,
                 "--out", str(out)]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "Wrote the compliance packet" in said and "the history verifies" in said
    reader = PdfReader(out)
    assert reader.metadata is not None and reader.metadata.title.startswith("Compliance packet")
    assert reader.outline  # the contents are bookmarks too
