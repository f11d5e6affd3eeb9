"""Importing the legacy MCO Inquiry Log: plan (the dry run), then write in one transaction.

:func:`plan_import` reads every log sheet, checks each row with the intake's rules, and
returns an :class:`ImportPlan`: the inquiries to add (with their timelines and milestones
worked out), the rows already imported, and the rejected rows with their reasons. Nothing is
written. :func:`write_plan` writes the plan's inquiries in bulk inside the caller's
transaction; :func:`import_workbook` does both for the command line.

Idempotency: every imported inquiry carries ``import_key``, a fingerprint of what identifies
the row (sheet kind, when received, who it is about, the description) and not of where it
sits, so a later version of the same log with rows inserted or sorted differently matches.
A row that carries one of our reference numbers (a re-imported export) is keyed by it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import InputRefused
from ..services.context import ServiceContext
from .headers import SheetKind, field_label
from .import_lookups import _Lookups
from .import_plan import (
    ERROR,
    NOT_ENROLLED,
    NOTE,
    CancelFn,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    PlannedInquiry,
    Problem,
    ProgressFn,
    RejectedRow,
    SheetCounts,
)
from .import_rows import _Converter
from .import_values import _gc_paused
from .import_write import write_plan
from .reader import LegacyWorkbook, SheetLayout, open_workbook

log = logging.getLogger("liaison_desk.excel")


# ------------------------------------------------------------------------------ planning


def plan_import(
    session: Session,
    ctx: ServiceContext,
    source: str | Path | LegacyWorkbook,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportPlan:
    """The dry run: everything an import would do, without writing anything."""
    book = source if isinstance(source, LegacyWorkbook) else open_workbook(source)
    try:
        with _gc_paused():
            return _plan(session, ctx, book, progress, cancel)
    finally:
        if not isinstance(source, LegacyWorkbook):
            book.close()


def _plan(
    session: Session,
    ctx: ServiceContext,
    book: LegacyWorkbook,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> ImportPlan:
    if not book.layouts:
        skipped = "; ".join(f"“{s.name}”: {s.reason}" for s in book.skipped) or "no sheets"
        raise InputRefused(
            f"“{book.name}” does not look like the MCO Inquiry Log: no sheet has the log's "
            f"headers ({skipped})."
        )
    plan = ImportPlan(book.path, list(book.layouts))
    for s in book.skipped:
        if not s.quiet:
            plan.problems.append(Problem(s.name, None, None, f"sheet skipped: {s.reason}", NOTE))
    look = _Lookups.load(session)
    converter = _Converter(session, ctx, book, look)
    contacts = converter.read_contacts(plan)
    total = book.total_rows
    start_rows = book.rows_read
    done = 0
    seen: dict[str, tuple[str, int]] = {}
    if book.macros:
        plan.problems.append(
            Problem("", None, None, "holds macros; they are ignored (never run)", NOTE)
        )  # fmt: skip
    for layout in book.layouts:
        counts = plan.counts.setdefault(layout.name, SheetCounts(layout.name, layout.kind))
        for col in layout.ignored:
            plan.problems.append(
                Problem(
                    layout.name, layout.header_row, col.header, f"ignored column ({col.note})", NOTE
                )
            )
        for gap in column_gaps(layout):
            plan.problems.append(Problem(layout.name, layout.header_row, None, gap, NOTE))
        headers = layout.headers
        for raw in book.rows(layout):
            done += 1
            if progress is not None and done % 500 == 0:
                progress(min(book.rows_read - start_rows, total), total)
            if cancel is not None and done % 500 == 0 and cancel():
                raise ImportCancelled()
            outcome = converter.convert(layout, raw.number, raw.values, raw.hidden, contacts)
            if outcome is None:
                counts.blank += 1
                continue
            if isinstance(outcome, Problem):
                counts.skipped += 1
                plan.problems.append(outcome)
                continue
            planned, problems = outcome
            if raw.hidden:
                counts.hidden += 1
            if planned is None:
                counts.rejected += 1
                plan.rejected.append(
                    RejectedRow(
                        layout.name, layout.kind, raw.number, headers, list(raw.values), problems
                    )
                )
                plan.problems.extend(problems)
                continue
            plan.problems.extend(problems)
            key = planned.import_key
            if key in look.existing_keys or (
                planned.reference is not None and planned.reference in look.existing_refs
            ):
                counts.already += 1
                plan.already.append((layout.name, raw.number, planned.reference or ""))
                continue
            first = seen.get(key)
            if first is not None:
                counts.already += 1
                plan.already.append((layout.name, raw.number, planned.reference or ""))
                plan.problems.append(
                    Problem(
                        layout.name,
                        raw.number,
                        None,
                        f"the same inquiry as {first[0]} row {first[1]}; imported once",
                        NOTE,
                    )
                )
                continue
            seen[key] = (layout.name, raw.number)
            counts.to_add += 1
            plan.to_add.append(planned)
    if progress is not None:
        progress(total, total)
    if not plan.to_add and not plan.already and not plan.rejected:
        raise InputRefused(
            f"“{book.name}” has the log's headers but no rows to import: it is empty."
        )
    return plan


def column_gaps(layout: SheetLayout) -> list[str]:
    """What the sheet's columns (as mapped) leave out, in words, for the mapping step and the
    preview: a column every row needs, and the optional ones whose absence changes how the
    rows are read."""
    gaps = []
    missing = _missing_columns(layout)
    if missing:
        names = ", ".join(f"“{field_label(layout.kind, m)}”" for m in missing)
        gaps.append(f"the sheet has no column for {names}; rows without it are rejected")
    if layout.kind == SheetKind.MEMBER and "caller_name" not in layout.fields:
        gaps.append(
            f"no “{field_label(layout.kind, 'caller_name')}” column: each member is taken as "
            "the person who called"
        )
    return gaps


def _missing_columns(layout: SheetLayout) -> list[str]:
    have = set(layout.fields)
    if "received_datetime" in have:
        have.add("received_date")
    if {"member_first", "member_last"} & have:
        have.add("member_name")
    if "email" in have:
        have.add("sender")
    if "subject" in have:
        have.add("description")
    need = {
        SheetKind.MEMBER: ("received_date", "member_name", "description"),
        SheetKind.PROVIDER: ("received_date", "npi", "description"),
        SheetKind.CALLBACK: ("received_date", "caller_name", "description"),
        SheetKind.EMAIL: ("received_date", "sender", "description"),
    }[layout.kind]
    return [n for n in need if n not in have]


# ------------------------------------------------------------------------------ one call


def import_workbook(
    session: Session,
    ctx: ServiceContext,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[ImportPlan, ImportResult | None]:
    plan = plan_import(session, ctx, path, progress=progress, cancel=cancel)
    if dry_run:
        return plan, None
    return plan, write_plan(session, ctx, plan, progress=progress, cancel=cancel)


__all__ = [
    "ERROR",
    "NOTE",
    "NOT_ENROLLED",
    "ImportCancelled",
    "ImportPlan",
    "ImportResult",
    "PlannedInquiry",
    "Problem",
    "RejectedRow",
    "SheetCounts",
    "column_gaps",
    "import_workbook",
    "plan_import",
    "write_plan",
]
