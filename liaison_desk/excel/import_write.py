"""Writing an import plan: the inquiries, their timelines and milestones in bulk, inside the
caller's transaction, with reference numbers taken in one block."""

from __future__ import annotations

import json
import logging
from typing import Any, cast

from sqlalchemy import Table, select, text
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from ..db.models import (
    Inquiry,
    Milestone,
    TimelineEntry,
    inquiry_mcos,
)
from ..errors import DomainError
from ..logs import describe_failure
from ..services import audit
from ..services.context import ServiceContext
from ..services.references import format_reference, keep_reference, take_block
from .bulk_insert import BulkInsert, JsonTexts
from .import_plan import (
    CancelFn,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    PlannedInquiry,
    ProgressFn,
)
from .import_values import _gc_paused

log = logging.getLogger("liaison_desk.excel")


_CHUNK = 2000


# ------------------------------------------------------------------------------ writing


def write_plan(
    session: Session,
    ctx: ServiceContext,
    plan: ImportPlan,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportResult:
    """Write the plan's inquiries inside the caller's transaction (bulk inserts).

    Rows that someone else imported since the plan was made count as already imported. A
    cancel raises :class:`ImportCancelled`, and the caller's transaction rolls back.
    """
    with _gc_paused():
        return _write(session, ctx, plan, progress, cancel)


def _write(
    session: Session,
    ctx: ServiceContext,
    plan: ImportPlan,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> ImportResult:
    todo = _still_new(session, plan)
    skipped_now = len(plan.to_add) - len(todo)
    refs = _assign_references(session, todo)
    now = ctx.clock.now()
    inquiry_ids = _reserve_ids(session, "inquiries", len(todo))
    n_entries = sum(len(p.entries) for p in todo)
    entry_ids = _reserve_ids(session, "timeline_entries", n_entries)
    n_ms = sum(len(p.milestones) for p in todo)
    milestone_ids = _reserve_ids(session, "milestones", n_ms)

    inq_table = cast(Table, Inquiry.__table__)
    inq_cols = [c.name for c in inq_table.columns]
    inq_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    ms_rows: list[tuple[Any, ...]] = []
    e_it = iter(entry_ids)
    m_it = iter(milestone_ids)
    actor_id = ctx.actor.user_id
    snapshots: dict[str, str] = {}
    as_json = JsonTexts()
    for planned, inquiry_id, reference in zip(todo, inquiry_ids, refs, strict=True):
        values = dict(planned.fields)
        values.update(
            id=inquiry_id,
            reference=reference,
            import_key=planned.import_key,
            created_at=now,
            updated_at=now,
            created_by_id=actor_id,
            version=1,
        )
        inq_rows.append(tuple(map(values.get, inq_cols)))
        for mco_id in planned.mco_ids:
            link_rows.append((inquiry_id, mco_id))
        ids: list[int] = []
        for e in planned.entries:
            eid = next(e_it)
            ids.append(eid)
            entry_rows.append(
                (
                    eid,
                    inquiry_id,
                    e.at,
                    now,
                    e.user_id,
                    e.kind,
                    e.party,
                    e.channel,
                    e.outcome,
                    e.summary,
                    e.notes,
                    as_json(e.data),
                    None,
                )
            )
        for m in planned.milestones:
            spec = m.spec
            snap = snapshots.get(spec.key)
            if snap is None:
                snap = snapshots[spec.key] = json.dumps(spec.snapshot())
            ms_rows.append(
                (
                    next(m_it),
                    inquiry_id,
                    spec.policy_id,
                    spec.milestone,
                    spec.label if m.mco_label is None else f"{spec.label} — {m.mco_label}",
                    m.started_at,
                    m.warn_at,
                    m.due_at,
                    m.met_at,
                    m.closed_reason,
                    ids[m.met_by] if m.met_by is not None else None,
                    snap,
                    None,
                    1,
                    m.mco_id,
                )
            )
    batches = [
        (inq_table, inq_cols, inq_rows),
        (inquiry_mcos, ["inquiry_id", "mco_id"], link_rows),
        (
            cast(Table, TimelineEntry.__table__),
            [
                "id",
                "inquiry_id",
                "at",
                "recorded_at",
                "user_id",
                "kind",
                "party",
                "channel",
                "outcome",
                "summary",
                "notes",
                "data",
                "letter_id",
            ],
            entry_rows,
        ),
        (
            cast(Table, Milestone.__table__),
            [
                "id",
                "inquiry_id",
                "policy_id",
                "kind",
                "label",
                "started_at",
                "warn_at",
                "due_at",
                "met_at",
                "closed_reason",
                "met_by_entry_id",
                "policy_snapshot",
                "notified",
                "version",
                "mco_id",
            ],
            ms_rows,
        ),
    ]
    total = sum(len(b[2]) for b in batches)
    done = 0
    conn = session.connection()
    sqlite_db = conn.dialect.name == "sqlite"
    if sqlite_db:
        # Fifteen indexes on inquiries: a larger page cache keeps them in memory while
        # tens of thousands of rows go in (put back afterwards: it is per connection).
        conn.exec_driver_sql("PRAGMA cache_size=-131072")
    try:
        for table, columns, rows in batches:
            bulk = BulkInsert(conn, table, columns)
            for begin in range(0, len(rows), _CHUNK * 5):
                if cancel is not None and cancel():
                    raise ImportCancelled()
                chunk = rows[begin : begin + _CHUNK * 5]
                bulk.run(conn, bulk.convert(chunk))
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    except (IntegrityError, DataError) as exc:
        log.warning("import write failed: %s", describe_failure(exc))
        detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "refused"
        raise DomainError(
            f"The database refused the import, so nothing was written ({detail}). If someone "
            "else was importing the same file at the same time, import it again: rows already "
            "in are skipped."
        ) from exc
    if sqlite_db:
        conn.exec_driver_sql("PRAGMA cache_size=-2000")
    audit.record(
        session,
        ctx,
        "import",
        None,
        "import",
        {
            "file": plan.file.name,
            "added": len(todo),
            "already": len(plan.already) + skipped_now,
            "rejected": len(plan.rejected),
            "first": refs[0] if refs else None,
            "last": refs[-1] if refs else None,
        },
    )
    session.flush()
    return ImportResult(plan, len(todo), len(plan.already) + skipped_now, len(plan.rejected), refs)


def _still_new(session: Session, plan: ImportPlan) -> list[PlannedInquiry]:
    keys = [p.import_key for p in plan.to_add]
    refs = [p.reference for p in plan.to_add if p.reference]
    taken: set[str] = set()
    for start in range(0, len(keys), 900):
        taken.update(
            k
            for k in session.scalars(
                select(Inquiry.import_key).where(Inquiry.import_key.in_(keys[start : start + 900]))
            )
            if k
        )
    taken_refs: set[str] = set()
    for start in range(0, len(refs), 900):
        taken_refs.update(
            session.scalars(
                select(Inquiry.reference).where(Inquiry.reference.in_(refs[start : start + 900]))
            )
        )
    return [
        p
        for p in plan.to_add
        if p.import_key not in taken and (p.reference is None or p.reference not in taken_refs)
    ]


def _assign_references(session: Session, todo: list[PlannedInquiry]) -> list[str]:
    kept: dict[str, int] = {}
    for p in todo:
        if p.reference is not None:
            day, _, seq_text = p.reference.partition("-")
            kept[day] = max(kept.get(day, 0), int(seq_text))
    for day, seq in sorted(kept.items()):
        keep_reference(session, day, seq)
    by_day: dict[str, list[int]] = {}
    for i, p in enumerate(todo):
        if p.reference is None:
            by_day.setdefault(f"{p.local_day:%y%m%d}", []).append(i)
    out: list[str | None] = [p.reference for p in todo]
    for day, indexes in sorted(by_day.items()):
        # Within a day, numbers follow the order the inquiries were received.
        indexes.sort(key=lambda i: (todo[i].fields["received_at"], i))
        last = take_block(session, day, len(indexes))
        first = last - len(indexes) + 1
        d = todo[indexes[0]].local_day
        for offset, i in enumerate(indexes):
            out[i] = format_reference(d, first + offset)
    return [r for r in out if r is not None]


def _reserve_ids(session: Session, table: str, n: int) -> list[int]:
    """Primary keys for ``n`` new rows, so children can point at parents without a
    round trip per row. PostgreSQL hands out a block of its sequence; SQLite holds the
    write lock for the whole transaction (BEGIN IMMEDIATE), so max(id) is ours."""
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": n},
        )
        return sorted(int(r[0]) for r in rows)
    start = int(session.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one())
    return list(range(start + 1, start + n + 1))
