"""The packet's words and figures as people read them, for its PDF and its workbook alike."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..domain import Priority, Track, has_priority, label_of
from ..services.compliance import StandardRow
from .data import Packet
from .scorecard import McoScorecard


def period(first: date, last: date) -> str:
    if first == last:
        return f"{first:%b} {first.day}, {first.year}"
    if first.year == last.year:
        return f"{first:%b} {first.day} – {last:%b} {last.day}, {last.year}"
    return f"{first:%b} {first.day}, {first.year} – {last:%b} {last.day}, {last.year}"


def when(packet: Packet, at: datetime) -> str:
    local = at.astimezone(ZoneInfo(packet.timezone))
    return (
        f"{local:%m/%d/%Y} {local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"
    )


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def change(value: float | None) -> str:
    if value is None:
        return "—"
    return "±0.0 pts" if value == 0 else f"{value:+.1f} pts"


def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} h"


def reached(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


def target(row: StandardRow) -> str:
    if row.target_percent is None:
        return "—"
    mark = {True: " ✓", False: " ✗", None: ""}[row.target_reached]
    return f"{row.target_percent:.0f} %{mark}"


def standard(row: StandardRow) -> str:
    """ "Member · High — Contact originator": the track, the priority where it has one, the
    standard's label."""
    about = label_of(Track, row.track)
    if row.priority and has_priority(row.track):
        about += f" · {label_of(Priority, row.priority)}"
    return f"{about} — {row.label}"


def prepared(packet: Packet) -> str:
    before = period(packet.previous_start, packet.previous_end)
    return (
        f"Prepared {when(packet, packet.generated_at)} ({packet.timezone}). Compared with "
        f"the previous period of the same length, {before}."
    )


def counting_rule(packet: Packet) -> str:
    return (
        "A clock belongs to the period in which it fell due. Met on time: met at or before its "
        "due time; met late: after it; open overdue: not met and past due when this packet was "
        "prepared; not yet due: still running. % met counts the decided clocks only (met on "
        "time ÷ met on time, met late and open overdue). Clocks that no longer apply (the "
        "inquiry was resolved before they fell due, or a change of priority replaced them) "
        "are not counted. All times are business time on the agency's calendar: "
        "weekends and state holidays are skipped."
    )


def record(packet: Packet) -> str:
    c = packet.chain
    if c.ok:
        return (
            f"Every timeline and audit entry of the inquiries in this packet is chained to the "
            f"one before it by a hash the database computes as it is written. The chain "
            f"verifies: {c.entries:,} entries in {c.chains:,} chains, every link intact. "
            f"Fingerprint of the record as of this packet: {c.fingerprint}. Running "
            "“liaison-desk audit verify” later shows whether anything was altered since."
        )
    assert c.broken is not None
    return (
        "WARNING: the history's chain does NOT verify. First broken link: "
        f"{c.broken.text(ZoneInfo(packet.timezone))}. Ask the database's administrator to "
        "investigate before relying on this packet."
    )


def waiting(packet: Packet) -> str:
    """What the figures leave out because the login could not start follow-ups ("" if none)."""
    n = packet.follow_ups_waiting
    if not n:
        return ""
    clocks = "follow-up with the MCO was" if n == 1 else "follow-ups with the MCO were"
    return (
        f"Not yet counted: {n:,} {clocks} due to start when this packet was prepared but had "
        "not been started (the app starts them when a liaison's desk or the alert service "
        "next runs; the login that prepared this packet may not). Prepare the packet again "
        "after that to count them."
    )


def summary_note(packet: Packet) -> str:
    return (
        f"Clocks due {period(packet.start, packet.end)}. Before: % met on time in "
        f"{period(packet.previous_start, packet.previous_end)}; change in percentage points."
    )


def trend_note(packet: Packet) -> str:
    return (
        f"% met on time of the clocks due each {packet.unit} (a {packet.unit} cut by the "
        "period's edges counts only its days inside the period). The dashed line is the "
        "standard's target where it has one. Each chart's values are in the table under it."
    )


def scorecard_note() -> str:
    return (
        "How each MCO kept its side of a referral (seed 001): the “MCO contacts the member/"
        "provider” clocks due in the period, met on time, late or missed; the follow-ups with "
        "the MCO the liaisons had to make when it missed; and the business time from the "
        "referral to the MCO's contact (median and 90th percentile, nearest rank, in business "
        "hours of an office day)."
    )


def scorecard_words(card: McoScorecard) -> str:
    t = card.total
    decided = t.on_time + t.late + t.missed
    if not decided:
        return f"{card.mco}: no referral decided yet in this period."
    return (
        f"{card.mco} contacted the member or provider on time in {t.on_time} of {decided} "
        f"decided referrals ({pct(t.percent_on_time)}); " + _follow_ups(t.follow_ups)
    )


def _follow_ups(n: int) -> str:
    if n == 0:
        return "the liaisons logged no follow-up with the MCO."
    return f"the liaisons followed up with the MCO {n} time{'s' if n != 1 else ''}."


def qc_note() -> str:
    return (
        "Quality-control audits whose audited period overlaps this one (seed 000): a random "
        "sample of the period's inquiries, each scored on three questions. The quarter's "
        "average score is measured against the 95 % standard."
    )


def breach_note(packet: Packet) -> str:
    return (
        f"Every clock due {period(packet.start, packet.end)} that was met late or is still "
        f"overdue ({len(packet.breaches):,}), earliest due first, with how late in business "
        "time and why it was due when it was."
    )
