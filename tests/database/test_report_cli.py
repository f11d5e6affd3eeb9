"""``liaison-desk report compliance``: formats, the period, and usage errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from liaison_desk.cli import main
from liaison_desk.clock import ManualClock
from liaison_desk.commands.report import run_compliance
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone
from liaison_desk.domain import EntryKind, Priority
from liaison_desk.services.compliance import JSON_KEYS
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.history import add_entry
from liaison_desk.services.intake import (
    CallbackRequest,
    MemberIntake,
    create_callback_request,
    create_member_inquiry,
)
from tests.conftest import CHICAGO


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture
def work(db: Database, ctx: ServiceContext, clock: ManualClock) -> dict[str, int]:
    """Two High member inquiries (one contacted on time, one referred and missed) and a
    callback; the clock is left at Tue 24 Nov 10:00."""
    ids: dict[str, int] = {}
    with db.session() as s:
        mco_id = s.scalars(select(Mco.id).where(Mco.name == "Iowa Total Care")).one()
        for name in ("contacted", "referred"):
            ids[name] = create_member_inquiry(
                s,
                ctx,
                MemberIntake(
                    source="CSR",
                    member_name="Mary Smith",
                    caller_name="Mary Smith",
                    caller_phone="515-555-0142",
                    enrolled_in_mco=True,
                    priority=Priority.HIGH,
                    description="Pharmacy refused a refill.",
                    mco_id=mco_id,
                ),
            ).inquiry.id
        ids["callback"] = create_callback_request(
            s,
            ctx,
            CallbackRequest(
                caller_name="Sam", caller_phone="515-555-0199", question="?", member_name="Sam"
            ),
        ).inquiry.id
    clock.set(at(23, 10))
    with db.session() as s:
        add_entry(
            s,
            ctx,
            s.get(Inquiry, ids["contacted"]),  # type: ignore[arg-type]
            EntryKind.CONTACT,
            "Called",
            party="member",
            channel="phone",
            outcome="reached",
        )
        add_entry(s, ctx, s.get(Inquiry, ids["referred"]), EntryKind.REFERRAL, "Referred")  # type: ignore[arg-type]
    clock.set(at(24, 10))
    return ids


def run(
    db: Database,
    clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
    date_from: str | None,
    date_to: str | None,
    fmt: str,
) -> tuple[int, str, str]:
    code = run_compliance(db, date_from, date_to, fmt, clock=clock)
    out = capsys.readouterr()
    return code, out.out, out.err


EXPECTED = [
    {
        "track": "mco_member",
        "priority": "high",
        "milestone": "contact_originator",
        "due": 2,
        "met_on_time": 1,
        "met_late": 0,
        "open_overdue": 1,
        "open_on_time": 0,
        "percent_met": 50.0,
    },
    {
        "track": "mco_member",
        "priority": "high",
        "milestone": "mco_contact",
        "due": 1,
        "met_on_time": 0,
        "met_late": 0,
        "open_overdue": 1,
        "open_on_time": 0,
        "percent_met": 0.0,
    },
    {
        "track": "mco_member",
        "priority": None,
        "milestone": "follow_up_mco",
        "due": 1,
        "met_on_time": 0,
        "met_late": 0,
        "open_overdue": 0,
        "open_on_time": 1,
        "percent_met": None,
    },
    {
        "track": "ime_callback",
        "priority": None,
        "milestone": "callback",
        "due": 1,
        "met_on_time": 0,
        "met_late": 0,
        "open_overdue": 0,
        "open_on_time": 1,
        "percent_met": None,
    },
]


def test_json_is_one_array_with_exactly_the_spec_keys(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    code, out, err = run(db, clock, capsys, "2026-11-23", "2026-11-30", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == EXPECTED
    assert all(tuple(row) == JSON_KEYS for row in data)


def test_the_report_raises_missed_follow_ups_first(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    with db.read_session() as s:
        kinds = set(s.scalars(select(Milestone.kind)))
    assert "follow_up_mco" not in kinds  # nobody refreshed since the miss on Monday 17:00
    run(db, clock, capsys, "2026-11-24", "2026-11-24", "json")
    with db.read_session() as s:
        follow = s.scalars(select(Milestone).where(Milestone.kind == "follow_up_mco")).one()
        assert (follow.inquiry_id, follow.due_at) == (work["referred"], at(24, 17))


def test_csv(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    code, out, _ = run(db, clock, capsys, "2026-11-23", "2026-11-30", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == JSON_KEYS
    assert rows[1] == ["mco_member", "high", "contact_originator", "2", "1", "0", "1", "0", "50.0"]
    assert rows[3][:3] == ["mco_member", "", "follow_up_mco"]
    assert len(rows) == 1 + len(EXPECTED)


def test_table(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    code, out, _ = run(db, clock, capsys, "2026-11-23", "2026-11-30", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(
        "Compliance with response-time standards, 2026-11-23 to 2026-11-30 (America/Chicago"
    )
    assert lines[1].split() == [
        "Track",
        "Priority",
        "Milestone",
        "Due",
        "On",
        "time",
        "Late",
        "Overdue",
        "Not",
        "yet",
        "due",
        "%",
        "met",
        "Target",
    ]
    assert lines[3].split() == [
        "mco_member",
        "high",
        "Contact",
        "originator",
        "2",
        "1",
        "0",
        "1",
        "0",
        "50.0",
    ]
    assert "Call back" in out
    assert lines[-1].split() == ["All", "5", "1", "0", "2", "2", "33.3"]
    # Nothing decided yet: no share, not 0 %.
    assert [line.split()[-1] for line in lines if "Call back" in line] == ["—"]


def test_empty_period(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    assert run(db, clock, capsys, "2026-10-01", "2026-10-31", "json")[:2] == (0, "[]\n")
    out = run(db, clock, capsys, "2026-10-01", "2026-10-31", "table")[1]
    assert "No milestones fell due in this period." in out


def test_default_period_is_the_current_month_so_far(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    # Tuesday 24 November: 1–24 November, so Wednesday's callback is not in it yet.
    code, out, _ = run(db, clock, capsys, None, None, "json")
    assert code == 0
    assert [r["milestone"] for r in json.loads(out)] == [
        "contact_originator",
        "mco_contact",
        "follow_up_mco",
    ]
    code, out, _ = run(db, clock, capsys, None, None, "table")
    assert "2026-11-01 to 2026-11-24" in out
    # 1 December, 00:30 in Des Moines (06:30 UTC): the month is December.
    clock.set(at(1, 0, 30, month=12))
    assert run(db, clock, capsys, None, None, "json")[1] == "[]\n"
    # --to alone: that month up to that day; --from alone: up to today.
    code, out, _ = run(db, clock, capsys, None, "2026-11-23", "table")
    assert "2026-11-01 to 2026-11-23" in out
    code, out, _ = run(db, clock, capsys, "2026-11-20", None, "table")
    assert "2026-11-20 to 2026-12-01" in out


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        ("2026-13-01", None, "--from needs a date as YYYY-MM-DD"),
        ("11/23/2026", None, "--from needs a date as YYYY-MM-DD"),
        ("2026-11-3", None, "--from needs a date as YYYY-MM-DD"),
        (None, "yesterday", "--to needs a date as YYYY-MM-DD"),
        ("2026-11-30", "2026-11-01", "the period ends (2026-11-01) before it starts"),
    ],
)
def test_bad_dates_are_usage_errors_in_one_line(
    db: Database,
    clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
    date_from: str | None,
    date_to: str | None,
    message: str,
) -> None:
    code, out, err = run(db, clock, capsys, date_from, date_to, "json")
    assert (code, out) == (2, "")
    assert err.startswith("liaison-desk: ") and message in err
    assert err.count("\n") == 1


def test_through_the_command_line(
    db: Database, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    url = url_of(db)
    args = ["--db", url, "report", "compliance", "--from", "2026-11-23", "--to", "2026-11-30"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # The wall clock decides what is overdue; the standards and totals do not depend on it.
    assert [(r["track"], r["milestone"], r["due"]) for r in data][:2] == [
        ("mco_member", "contact_originator", 2),
        ("mco_member", "mco_contact", 1),
    ]
    for r in data:
        assert tuple(r) == JSON_KEYS
        assert r["met_on_time"] + r["met_late"] + r["open_overdue"] + r["open_on_time"] == r["due"]
    assert main([*args[:-2], "--to", "2026-02-30"]) == 2
    assert "--to needs a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main([*args, "--format", "xml"])
    assert caught.value.code == 2


def test_a_database_without_schema_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["--db", url, "report", "compliance", "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "db upgrade" in err and err.count("\n") == 1


def test_split_by_category(
    db: Database, clock: ManualClock, capsys: pytest.CaptureFixture[str], work: dict[str, int]
) -> None:
    from sqlalchemy import update

    from liaison_desk.db.models import Inquiry

    with db.session() as s:
        s.execute(update(Inquiry).values(category="Pharmacy"))
    code = run_compliance(db, "2026-11-23", "2026-11-30", "json", clock=clock, by="category")
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data
    assert all(row["group"] == "Pharmacy" for row in data)
    assert [{k: v for k, v in row.items() if k != "group"} for row in data] == EXPECTED
    run_compliance(db, "2026-11-23", "2026-11-30", "table", clock=clock, by="category")
    table = capsys.readouterr().out.splitlines()
    assert table[1].split()[:4] == ["Track", "Priority", "Milestone", "Category"]
    assert "Pharmacy" in table[3]
    run_compliance(db, "2026-11-23", "2026-11-30", "csv", clock=clock, by="category")
    assert capsys.readouterr().out.splitlines()[0].endswith(",percent_met,group")
