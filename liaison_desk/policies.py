"""Response-time standards as plain values, and the arithmetic that turns them into deadlines.

Pure: no database session. A :class:`PolicySpec` is built from a ``Policy`` row, from a row
dict (``services.reference_data.default_policy_rows``), from an entry of
``resources/policies.json`` or from a milestone's ``policy_snapshot`` (what the policy said
when the milestone was created; later edits never move an existing milestone).

``met_by`` tokens say which timeline entries meet a milestone. A token is ``kind`` or
``kind:qualifier`` (kinds are :class:`~liaison_desk.domain.EntryKind` values):

* ``contact[:party][@channel]`` — a logged contact the member/provider could see: ``party``
  is ``member`` or ``provider`` (or the qualifier's party when one is given), ``channel`` is
  set (and is ``@channel`` when one is given: ``contact@email`` is an e-mailed reply), and the
  outcome is not a failed call (no answer, voicemail, busy, wrong number) nor an
  acknowledgement (seed 000 VII.1.b: an acknowledgement or a notice of the expected time
  frame is not a response). An internal note is never a contact.
* ``mco_update[:qualifier]`` — an MCO update; ``:contacted`` needs ``outcome == "contacted"``
  or ``data["contacted"] is True``; another qualifier must equal the outcome.
* ``callback_attempt[:outcome]`` — a callback attempt with that outcome (e.g. ``reached``).
* any other kind (``letter``, ``follow_up``, ``resolution``…) — an entry of that kind, with
  the qualifier, if any, compared to the outcome. ``note`` never meets anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from .calendar import BusinessCalendar
from .domain import CallOutcome, Channel, EntryKind, Party

__all__ = [
    "ACKNOWLEDGEMENT",
    "ANY_TRACK",
    "DEFAULT_WARN_PERCENT",
    "STARTS_ON",
    "UNITS",
    "WARN_PERCENT_LIMITS",
    "WRITTEN_REPLY",
    "EntryLike",
    "PolicySpec",
    "compute_times",
    "default_warn_at",
    "describe_amount",
    "entry_meets",
    "token_matches",
    "validate_token",
]

BUSINESS_HOURS = "business_hours"
BUSINESS_DAYS = "business_days"
UNITS = (BUSINESS_HOURS, BUSINESS_DAYS)
# "missed": the follow-up clock, started when another milestone's due time passes unmet.
# The steps of an enrollment consideration case (seed 003) start theirs: a true case goes to
# the State Monitors, a false one (or one they could not process) to the supervisor's
# outreach, whose first unanswered attempt starts the second.
STEP_STARTS = ("state_monitor", "outreach", "outreach_again")
STARTS_ON = ("received", "referral", "missed", *STEP_STARTS)
ANY_TRACK = "*"
# SPEC §11: every clock warns before it is due; where its standard names no warning time it
# warns when this share of its business time has gone (an admin's setting per standard).
DEFAULT_WARN_PERCENT = 75.0
WARN_PERCENT_LIMITS = (10.0, 95.0)

_VISIBLE_PARTIES = frozenset({Party.MEMBER.value, Party.PROVIDER.value})
_FAILED_CALLS = frozenset(o.value for o in CallOutcome if o is not CallOutcome.REACHED)
# The outcome of a logged acknowledgement: a contact that never meets a standard.
ACKNOWLEDGEMENT = "acknowledgement"
_NOT_A_RESPONSE = _FAILED_CALLS | {ACKNOWLEDGEMENT}
# The agency's written reply to an e-mail (seed 000's first response; the e-mail report's
# "Date Responded").
WRITTEN_REPLY = ("contact@email", "contact@secure_message")


class EntryLike(Protocol):
    """What token matching reads from a timeline entry (a ``TimelineEntry`` fits)."""

    @property
    def kind(self) -> str: ...
    @property
    def party(self) -> str | None: ...
    @property
    def channel(self) -> str | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def data(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True, slots=True)
class PolicySpec:
    """One response-time standard: which milestone, for which inquiries, how long."""

    key: str
    track: str
    priority: str | None
    milestone: str
    label: str
    starts_on: str
    warn_amount: float | None
    warn_unit: str | None
    due_amount: float
    due_unit: str
    met_by: tuple[str, ...] = ()
    follow_up_on_miss: bool = False
    description: str = ""
    enabled: bool = True
    target_percent: float | None = None
    # Where no warning is set: warn at this share of the business time to the due time.
    default_warn_percent: float = DEFAULT_WARN_PERCENT
    policy_id: int | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)

    # ------------------------------------------------------------------ building

    @classmethod
    def from_row(cls, row: Any) -> PolicySpec:
        """From a ``Policy`` ORM row (or anything with the same attributes)."""
        return cls(
            key=row.key,
            track=row.track,
            priority=row.priority,
            milestone=row.milestone,
            label=row.label,
            starts_on=row.starts_on,
            warn_amount=None if row.warn_amount is None else float(row.warn_amount),
            warn_unit=row.warn_unit,
            due_amount=float(row.due_amount),
            due_unit=row.due_unit,
            met_by=tuple(row.met_by or ()),
            follow_up_on_miss=bool(row.follow_up_on_miss),
            description=row.description or "",
            enabled=True if row.enabled is None else bool(row.enabled),
            target_percent=_target(getattr(row, "target_percent", None)),
            default_warn_percent=_warn_percent(getattr(row, "default_warn_percent", None)),
            policy_id=getattr(row, "id", None),
            version=getattr(row, "version", None),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PolicySpec:
        """From a row dict (``warn_amount``…) or a ``policies.json`` entry (``warn: [2, unit]``)."""
        if "due" in data:
            warn = data.get("warn")
            due = data["due"]
            warn_amount = float(warn[0]) if warn else None
            warn_unit = warn[1] if warn else None
            due_amount, due_unit = float(due[0]), due[1]
        else:
            warn_amount = data.get("warn_amount")
            warn_amount = None if warn_amount is None else float(warn_amount)
            warn_unit = data.get("warn_unit")
            due_amount, due_unit = float(data["due_amount"]), data["due_unit"]
        return cls(
            key=data["key"],
            track=data["track"],
            priority=data.get("priority"),
            milestone=data["milestone"],
            label=data.get("label", data["milestone"]),
            starts_on=data.get("starts_on", "received"),
            warn_amount=warn_amount,
            warn_unit=warn_unit if warn_amount is not None else None,
            due_amount=due_amount,
            due_unit=due_unit,
            met_by=tuple(data.get("met_by") or ()),
            follow_up_on_miss=bool(data.get("follow_up_on_miss", False)),
            description=data.get("description") or "",
            enabled=bool(data.get("enabled", True)),
            target_percent=_target(data.get("target_percent", data.get("target"))),
            default_warn_percent=_warn_percent(data.get("default_warn_percent")),
            policy_id=data.get("policy_id", data.get("id")),
            version=data.get("version"),
        )

    def snapshot(self) -> dict[str, Any]:
        """The numbers and words a milestone keeps (JSON-safe)."""
        data = asdict(self)
        data["met_by"] = list(self.met_by)
        return data

    # ------------------------------------------------------------------ questions

    def applies_to(self, track: str, priority: str | None) -> bool:
        if self.track not in (ANY_TRACK, track):
            return False
        return self.priority is None or self.priority == priority

    def meets(self, entry: EntryLike) -> bool:
        return entry_meets(self.met_by, entry)

    @property
    def warn_text(self) -> str | None:
        if self.warn_amount is None or self.warn_unit is None:
            return None
        return describe_amount(self.warn_amount, self.warn_unit, self.starts_on)

    @property
    def due_text(self) -> str:
        return describe_amount(self.due_amount, self.due_unit, self.starts_on)


def _target(value: Any) -> float | None:
    return None if value is None else float(value)


def _warn_percent(value: Any) -> float:
    if value is None:
        return DEFAULT_WARN_PERCENT
    pct = float(value)
    return pct if WARN_PERCENT_LIMITS[0] <= pct <= WARN_PERCENT_LIMITS[1] else DEFAULT_WARN_PERCENT


def describe_amount(amount: float, unit: str, starts_on: str = "received") -> str:
    """Words for an amount: "4 business hours", "1 business day", "end of the business day"."""
    n = int(amount) if float(amount).is_integer() else amount
    after = {
        "referral": " after the referral",
        "missed": " after the miss",
        "state_monitor": " after QC's vetting",
        "outreach": " after it was sent for outreach",
        "outreach_again": " after the first attempt",
    }.get(starts_on, "")
    if unit == BUSINESS_DAYS:
        if n == 0:
            return {
                "referral": "end of the business day of the referral",
                "missed": "end of the next business day",
            }.get(starts_on, "end of the business day of receipt")
        return f"{n} business day{'' if n == 1 else 's'}{after}"
    return f"{n} business hour{'' if n == 1 else 's'}{after}"


def _offset(calendar: BusinessCalendar, start: datetime, amount: float, unit: str) -> datetime:
    if unit == BUSINESS_HOURS:
        return calendar.add_business_hours(start, amount)
    if unit == BUSINESS_DAYS:
        if not float(amount).is_integer():
            raise ValueError(f"business days must be a whole number, got {amount!r}")
        return calendar.add_business_days(start, int(amount))
    raise ValueError(f"unknown unit {unit!r} (expected one of {', '.join(UNITS)})")


def compute_times(
    calendar: BusinessCalendar, spec: PolicySpec, start: datetime
) -> tuple[datetime | None, datetime]:
    """``(warn_at, due_at)`` for a clock started at ``start``, as aware UTC datetimes.

    ``start`` is deemed received at the next opening if the office is closed. A standard
    with no warning time warns at its ``default_warn_percent`` of the business time to the
    due time. A warn that would not fall before the due time is dropped (it could never be
    seen).
    """
    due = _offset(calendar, start, spec.due_amount, spec.due_unit).astimezone(UTC)
    if spec.warn_amount is not None and spec.warn_unit is not None:
        warn = _offset(calendar, start, spec.warn_amount, spec.warn_unit).astimezone(UTC)
    else:
        warn = default_warn_at(calendar, start, due, spec.default_warn_percent)
    return (warn if warn < due else None), due


def default_warn_at(
    calendar: BusinessCalendar, start: datetime, due: datetime, percent: float
) -> datetime:
    """``percent`` of the business time from the (deemed) start to ``due``, after the start."""
    deemed = calendar.next_open(start)
    hours = max(calendar.business_hours_between(deemed, due), 0.0)
    return calendar.add_business_hours(deemed, hours * percent / 100).astimezone(UTC)


# ---------------------------------------------------------------------- met_by tokens


def _same(a: str | None, b: str) -> bool:
    return a is not None and a.strip().casefold() == b.casefold()


def _parts(token: str) -> tuple[str, str, str]:
    """``kind:qualifier@channel`` → ``(kind, qualifier, channel)``, each stripped."""
    rest, _, channel = token.strip().partition("@")
    kind, _, qualifier = rest.partition(":")
    return kind.strip(), qualifier.strip(), channel.strip()


def token_matches(token: str, entry: EntryLike) -> bool:
    """Whether one ``met_by`` token is satisfied by ``entry`` (see the module docstring)."""
    kind, qualifier, channel = _parts(token)
    if entry.kind != kind or kind in (EntryKind.NOTE, EntryKind.CORRECTION):
        return False
    if kind == EntryKind.CONTACT:
        if entry.channel is None or entry.party is None:
            return False
        if channel and (entry.channel != channel or _same(entry.outcome, "received")):
            return False  # "contact@email" is the agency's written reply, not the sender's
        if entry.outcome is not None and entry.outcome.strip().casefold() in _NOT_A_RESPONSE:
            return False
        if qualifier:
            return entry.party == qualifier
        return entry.party in _VISIBLE_PARTIES
    if not qualifier:
        return True
    if kind == EntryKind.MCO_UPDATE and qualifier == "contacted":
        data = entry.data or {}
        return _same(entry.outcome, "contacted") or data.get("contacted") is True
    return _same(entry.outcome, qualifier)


def entry_meets(tokens: Iterable[str], entry: EntryLike) -> bool:
    return any(token_matches(t, entry) for t in tokens)


def validate_token(token: str) -> str | None:
    """A problem with a ``met_by`` token in the words of an admin, or None if it is fine."""
    kind, qualifier, channel = _parts(token)
    kinds = {k.value for k in EntryKind}
    if kind not in kinds:
        return f"“{token}”: {kind!r} is not a kind of timeline entry."
    if kind == EntryKind.NOTE:
        return "An internal note cannot meet a response-time standard."
    if kind == EntryKind.CORRECTION:
        return "Correcting an inquiry's details cannot meet a response-time standard."
    if kind == EntryKind.CONTACT and qualifier and qualifier not in {p.value for p in Party}:
        return f"“{token}”: a contact is with member, provider, mco or other."
    if channel and (kind != EntryKind.CONTACT or channel not in {c.value for c in Channel}):
        return f"“{token}”: only a contact names a channel (phone, email, letter, secure_message)."
    if (
        kind == EntryKind.CALLBACK_ATTEMPT
        and qualifier
        and qualifier not in {o.value for o in CallOutcome}
    ):
        return f"“{token}”: {qualifier!r} is not a callback outcome."
    return None
