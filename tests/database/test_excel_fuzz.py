"""No traceback ever reaches the person: hypothesis-generated workbooks and byte-mangled
copies of a good one either import (fully or with rejected rows) or are refused with a
clear :class:`DomainError`."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import Role
from liaison_desk.errors import DomainError
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.excel.rejects import write_rejects
from liaison_desk.services.context import ServiceContext
from tests.conftest import make_user
from tests.excel_builders import CALLBACK_HEADERS, MEMBER_HEADERS, PROVIDER_HEADERS, messy_log

_counter = itertools.count()


@pytest.fixture
def lite_ctx(sqlite_db: Database, clock: ManualClock) -> ServiceContext:
    """The fuzzing runs on SQLite only, so its actor must live in that database."""
    actor = make_user(sqlite_db, "fuzzer", Role.LIAISON, "Fuzz Liaison")
    return ServiceContext(actor=actor, clock=clock)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n=+-@#/:"),
    max_size=40,
)
_cell = st.one_of(
    st.none(),
    _text,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2200, 1, 1)),
    st.dates(min_value=date(1901, 1, 1), max_value=date(2200, 1, 1)),
    st.times(),
    st.booleans(),
    st.sampled_from(
        [
            "11/24/2025",
            "HIGH",
            "Esc.",
            "Amerigroup",
            "1234567A",
            "1234567893",
            "515-555-0142",
            "Closed",
            "=SUM(A1:A3)",
            "Total",
            "9:30 AM",
            "ITC/Molina",
            "11/24/25 - called\n11/25: again",
            "N/A",
            "#N/A",
        ]
    ),
)
_header = st.one_of(
    st.sampled_from(MEMBER_HEADERS + PROVIDER_HEADERS + CALLBACK_HEADERS),
    _text,
    st.none(),
)
_sheet = st.tuples(
    st.sampled_from(["Member", "Provider", "Supervisor Callbacks", "Sheet1", "Log", "Notes"]),
    st.lists(_header, min_size=0, max_size=12),
    st.lists(st.lists(_cell, max_size=14), max_size=8),
    st.integers(min_value=0, max_value=3),
)


def _workbook(path: Path, sheets: list[tuple[str, list[object], list[list[object]], int]]) -> Path:
    wb = Workbook()
    used: set[str] = set()
    for name, headers, rows, title_rows in sheets:
        title = name if name not in used else f"{name} {len(used)}"
        used.add(title)
        ws = wb.create_sheet(title)
        for _ in range(title_rows):
            ws.append(["A title row"])
        ws.append(headers)
        for row in rows:
            ws.append(row)
    del wb["Sheet"]
    wb.save(path)
    return path


def _attempt(db: Database, ctx: ServiceContext, path: Path, tmp: Path) -> None:
    try:
        with db.read_session() as s:
            plan = plan_import(s, ctx, path)
    except DomainError as exc:
        assert str(exc).strip(), "a refusal must say why"
        assert "\n" not in str(exc)
        return
    for problem in plan.problems:
        assert problem.line()
    write_rejects(tmp / f"rejects-{next(_counter)}.xlsx", plan.rejected)
    if plan.to_add:
        with db.session() as s:
            write_plan(s, ctx, plan)


@FUZZ
@given(sheets=st.lists(_sheet, min_size=1, max_size=3))
def test_generated_workbooks(
    sqlite_db: Database,
    lite_ctx: ServiceContext,
    tmp_path: Path,
    sheets: list[tuple],  # type: ignore[type-arg]
) -> None:
    path = _workbook(tmp_path / f"gen-{next(_counter)}.xlsx", sheets)
    _attempt(sqlite_db, lite_ctx, path, tmp_path)


_GOOD: dict[str, bytes] = {}


def _good_bytes(tmp: Path) -> bytes:
    if "x" not in _GOOD:
        _GOOD["x"] = messy_log(tmp / "good.xlsx").read_bytes()
    return _GOOD["x"]


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1), st.integers(min_value=0, max_value=255)),
        min_size=1,
        max_size=12,
    ),
    cut=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    insert=st.one_of(st.none(), st.binary(min_size=1, max_size=64)),
)
def test_byte_mangled_workbooks(
    sqlite_db: Database,
    lite_ctx: ServiceContext,
    tmp_path: Path,
    edits: list[tuple[float, int]],
    cut: float | None,
    insert: bytes | None,
) -> None:
    data = bytearray(_good_bytes(tmp_path))
    for where, byte in edits:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    if insert is not None:
        at = len(data) // 2
        data[at:at] = insert
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path / f"mangled-{next(_counter)}.xlsx"
    path.write_bytes(bytes(data))
    _attempt(sqlite_db, lite_ctx, path, tmp_path)


def test_every_cell_type_survives(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Member"
    ws.append(MEMBER_HEADERS)
    odd: list[object] = [time(9), True, 1e300, -5, "=1/0", "#DIV/0!", "x" * 300, 0.5, "\u2603"]
    for value in odd:
        ws.append([value] * len(MEMBER_HEADERS))
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "odd.xlsx"
    path.write_bytes(buf.getvalue())
    _attempt(sqlite_db, lite_ctx, path, tmp_path)
