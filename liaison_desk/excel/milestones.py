"""Milestones of an imported inquiry, computed in memory with the clocks' own rules.

The import writes tens of thousands of inquiries at once, so it cannot go through
``services.clocks`` one flush at a time. It applies the same rules (see that module's
docstring) to the whole history the log gives, with the same pure helpers
(:func:`liaison_desk.policies.compute_times`, :func:`~liaison_desk.policies.entry_meets`):

* receipt policies start at the deemed receipt; referral policies at the first referral;
* a milestone is met by the earliest entry that matches its ``met_by`` and did not happen
  before its clock could start;
* a resolved inquiry's open milestones are met by the resolution (when their policy says
  so), "breached" when already past due, else "cancelled";
* follow-ups with the MCO are not created here: ``clocks.raise_follow_ups`` raises them for
  open inquiries the same way as for any other inquiry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..domain import EntryKind, Party
from ..milestones import CLOSED_BREACHED, CLOSED_CANCELLED, CLOSED_MET
from ..policies import PolicySpec, compute_times, entry_meets

_REFERRAL = EntryKind.REFERRAL.value
_RESOLUTION = EntryKind.RESOLUTION.value
_MCO = Party.MCO.value


def load_specs(session: Session) -> list[PolicySpec]:
    from ..services.clocks import enabled_policies

    return enabled_policies(session)


@dataclass
class EntryDraft:
    """A timeline entry before it has an id (fits ``policies.EntryLike``)."""

    at: datetime
    kind: str
    summary: str
    party: str | None = None
    channel: str | None = None
    outcome: str | None = None
    notes: str | None = None
    data: dict[str, Any] | None = None
    user_id: int | None = None


@dataclass
class MilestoneDraft:
    spec: PolicySpec
    started_at: datetime
    warn_at: datetime | None
    due_at: datetime
    met_at: datetime | None = None
    closed_reason: str | None = None
    met_by: int | None = None  # index into the inquiry's entries
    mco_id: int | None = None  # the MCO a referral clock waits on
    mco_label: str | None = None

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.closed_reason is None


class ClockPlanner:
    """Starts, meets and closes an imported inquiry's milestones in memory."""

    def __init__(self, specs: Sequence[PolicySpec], calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self._by_start: dict[tuple[str, str, str], list[PolicySpec]] = {}
        self._specs = [s for s in specs if s.enabled]
        # next_open is called for every entry; many entries share a timestamp.
        self._next_open: dict[datetime, datetime] = {}
        self._met_kinds: dict[str, frozenset[str]] = {}
        self._times: dict[tuple[str, datetime], tuple[datetime | None, datetime, datetime]] = {}
        self.mco_labels: dict[int, str] = {}  # short names, for the clocks' labels

    def _kinds(self, spec: PolicySpec) -> frozenset[str]:
        got = self._met_kinds.get(spec.key)
        if got is None:
            # "contact:member@email" → "contact": the entry kinds worth testing the token on.
            got = frozenset(
                str(t).strip().partition(":")[0].partition("@")[0].strip() for t in spec.met_by
            )
            self._met_kinds[spec.key] = got
        return got

    def _specs_for(self, starts_on: str, track: str, priority: str) -> list[PolicySpec]:
        key = (starts_on, track, priority)
        found = self._by_start.get(key)
        if found is None:
            found = [
                s for s in self._specs if s.starts_on == starts_on and s.applies_to(track, priority)
            ]
            self._by_start[key] = found
        return found

    def next_open(self, dt: datetime) -> datetime:
        got = self._next_open.get(dt)
        if got is None:
            got = self.calendar.next_open(dt).astimezone(UTC)
            self._next_open[dt] = got
        return got

    def _start(self, spec: PolicySpec, start: datetime) -> MilestoneDraft:
        # Keyed by the deemed start: every time the office is closed counts from the same
        # opening, and a clock's times depend on nothing else (a property test holds
        # compute_times to it), so a log's evening and weekend rows share one computation.
        deemed = self.next_open(start)
        key = (spec.key, deemed)
        times = self._times.get(key)
        if times is None:
            warn, due = compute_times(self.calendar, spec, deemed)
            times = (warn, due, deemed)
            if len(self._times) > 50_000:
                self._times.clear()
            self._times[key] = times
        warn, due, started = times
        return MilestoneDraft(spec, started, warn, due)

    def plan(
        self,
        track: str,
        priority: str,
        received_at: datetime,
        entries: Sequence[EntryDraft],
        resolved_at: datetime | None,
    ) -> list[MilestoneDraft]:
        """``entries`` in timeline order (by ``at``)."""
        out = [self._start(s, received_at) for s in self._specs_for("received", track, priority)]
        referred: set[int | None] = set()
        for referral in entries:
            if referral.kind != _REFERRAL:
                continue
            mco_id = (referral.data or {}).get("mco_id")
            if mco_id in referred:
                continue  # one clock per MCO, from its first referral
            referred.add(mco_id)
            for s in self._specs_for("referral", track, priority):
                m = self._start(s, referral.at)
                if mco_id is not None:
                    m.mco_id = mco_id
                    m.mco_label = self.mco_labels.get(mco_id)
                out.append(m)
        resolution_index: int | None = None
        for i, e in enumerate(entries):
            if e.kind == _RESOLUTION:
                resolution_index = i
        for m in out:
            tokens = m.spec.met_by
            kinds = self._kinds(m.spec)
            for i, e in enumerate(entries):
                if e.kind not in kinds:
                    continue
                if m.mco_id is not None and e.party == _MCO:
                    named = (e.data or {}).get("mco_id")
                    if named is not None and named != m.mco_id:
                        continue  # another MCO's update
                if entry_meets(tokens, e) and self.next_open(e.at) >= m.started_at:
                    m.met_at = e.at
                    m.met_by = i
                    m.closed_reason = CLOSED_MET
                    break
        if resolved_at is not None:
            for m in out:
                if not m.is_open:
                    continue
                if any(str(t).partition(":")[0] == EntryKind.RESOLUTION for t in m.spec.met_by):
                    m.met_at = resolved_at
                    m.met_by = resolution_index
                    m.closed_reason = CLOSED_MET
                elif resolved_at > m.due_at:
                    m.closed_reason = CLOSED_BREACHED
                else:
                    m.closed_reason = CLOSED_CANCELLED
        return out


def next_due(milestones: Sequence[MilestoneDraft]) -> datetime | None:
    dues = [m.due_at for m in milestones if m.is_open]
    return min(dues) if dues else None
