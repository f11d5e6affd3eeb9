"""The compliance packet (issue 15): one PDF and a matching workbook a manager can hand to
the state for a period — :mod:`.data` gathers it, :mod:`.pdf` and :mod:`.workbook` write it,
:func:`write_packet` is what the command line and the Reports window call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db.engine import Database
from ..saving import replacing
from ..services.context import ServiceContext

__all__ = ["PacketFiles", "write_packet"]


@dataclass(frozen=True)
class PacketFiles:
    pdf: Path
    workbook: Path | None
    standards: int
    breaches: int
    chain_ok: bool
    follow_ups_waiting: int = 0  # missed MCO contacts whose follow-up is not yet counted


def write_packet(
    db: Database,
    ctx: ServiceContext,
    start: date,
    end: date,
    pdf: str | Path,
    *,
    workbook: str | Path | None = None,
    mco: str | None = None,
) -> PacketFiles:
    """Gather the packet for ``start``–``end`` and write its PDF (and workbook); each file
    replaces its target in one step, so a failure leaves no half-written file."""
    from ..services.clocks import raise_follow_ups_where_allowed
    from .data import build_packet
    from .pdf import render_packet
    from .workbook import write_packet_workbook

    # The follow-up standard counts the follow-ups due to exist (as the report does).
    raised = raise_follow_ups_where_allowed(db, ctx)
    with db.read_session() as session:
        packet = build_packet(session, ctx, start, end, mco=mco, count_waiting=not raised)
    data = render_packet(packet)
    target = Path(pdf)
    with replacing(target, prefix=".packet-", suffix=".pdf") as temp:
        temp.write_bytes(data)
    book = write_packet_workbook(packet, workbook) if workbook is not None else None
    return PacketFiles(target, book, len(packet.summary), len(packet.breaches), packet.chain.ok,
                       packet.follow_ups_waiting)  # fmt: skip
