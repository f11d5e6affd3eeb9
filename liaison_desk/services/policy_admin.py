"""Response-time policies for the admin: list, edit, enable and disable.

An edit applies to clocks started afterwards; an existing milestone keeps the numbers and
words copied into its ``policy_snapshot`` when it started, so nothing here touches
milestones. What a policy *is* (its key, track, priority, milestone kind and what starts
it) cannot be edited: that would silently turn one standard's compliance history into
another's. Saves use optimistic locking on ``version``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Policy
from ..domain import Role
from ..errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from ..policies import UNITS, WARN_PERCENT_LIMITS, PolicySpec, compute_times, validate_token
from . import audit
from .context import ServiceContext

__all__ = ["UNSET", "get_policy", "list_policies", "set_enabled", "update_policy"]


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET

_EDITABLE = (
    "label",
    "description",
    "warn_amount",
    "warn_unit",
    "due_amount",
    "due_unit",
    "met_by",
    "follow_up_on_miss",
    "enabled",
    "default_warn_percent",
)


def list_policies(session: Session, *, include_disabled: bool = True) -> list[Policy]:
    query = select(Policy).order_by(Policy.id)
    if not include_disabled:
        query = query.where(Policy.enabled.is_(True))
    return list(session.scalars(query))


def get_policy(session: Session, key_or_id: str | int) -> Policy:
    if isinstance(key_or_id, int):
        policy = session.get(Policy, key_or_id)
    else:
        policy = session.scalars(select(Policy).where(Policy.key == key_or_id)).first()
    if policy is None:
        raise NotFoundError(f"There is no response-time policy {key_or_id!r}.")
    return policy


def _values(policy: Policy) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in _EDITABLE}


def _load(
    session: Session, ctx: ServiceContext, key_or_id: str | int, expected_version: int | None
) -> Policy:
    if ctx.actor.role != Role.ADMIN:
        raise PermissionDenied("Only an administrator can change response-time policies.")
    policy = get_policy(session, key_or_id)
    if expected_version is not None and policy.version != expected_version:
        raise ConflictError(
            f"Policy “{policy.label}”",
            expected_version=expected_version,
            current_version=policy.version,
            theirs=_values(policy),
        )
    return policy


def _check_amount(
    problems: dict[str, str], field: str, amount: float | None, unit: str | None
) -> None:
    if amount is None:
        return
    if unit not in UNITS:
        problems[f"{field}_unit"] = "Choose business hours or business days."
        return
    if not isinstance(amount, int | float) or amount < 0 or amount != amount:
        problems[f"{field}_amount"] = "Give a number of zero or more."
    elif unit == "business_days" and not float(amount).is_integer():
        problems[f"{field}_amount"] = "Business days must be a whole number."
    elif unit == "business_hours" and amount == 0:
        problems[f"{field}_amount"] = "Give at least some business hours."


def _check(ctx: ServiceContext, values: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    if not str(values["label"] or "").strip():
        problems["label"] = "Give the milestone a name."
    _check_amount(problems, "due", values["due_amount"], values["due_unit"])
    _check_amount(problems, "warn", values["warn_amount"], values["warn_unit"])
    low, high = WARN_PERCENT_LIMITS
    pct = values["default_warn_percent"]
    if not isinstance(pct, int | float) or not low <= pct <= high:
        problems["default_warn_percent"] = (
            f"Warn when between {low:.0f} % and {high:.0f} % of the time has gone."
        )
    tokens = values["met_by"]
    if not tokens:
        problems["met_by"] = "Say what meets the milestone."
    else:
        for token in tokens:
            problem = validate_token(str(token))
            if problem:
                problems["met_by"] = problem
                break
    if not problems and values["warn_amount"] is not None:
        spec = PolicySpec.from_dict({"key": "check", "track": "*", "milestone": "x", **values})
        # The warn time must come before the due time from any start in the business day;
        # the extremes are the opening and the last minute before closing.
        cal = ctx.calendar
        opening = cal.next_open(datetime(2030, 1, 7, tzinfo=cal.timezone))
        last_minute = cal.close_of_day(opening) - timedelta(minutes=1)
        for start in (opening, last_minute):
            warn, due = compute_times(cal, spec, start)
            if warn is None or warn >= due:
                problems["warn_amount"] = "The warning must come before the due time."
                break
    if problems:
        raise ValidationError(problems)


def update_policy(
    session: Session,
    ctx: ServiceContext,
    key_or_id: str | int,
    expected_version: int | None,
    *,
    label: str | _Unset = UNSET,
    description: str | _Unset = UNSET,
    warn: tuple[float, str] | _Unset | None = UNSET,
    due: tuple[float, str] | _Unset = UNSET,
    met_by: Sequence[str] | _Unset = UNSET,
    follow_up_on_miss: bool | _Unset = UNSET,
    enabled: bool | _Unset = UNSET,
    default_warn_percent: float | _Unset = UNSET,
) -> Policy:
    """Change what is given (``warn=None`` removes the warning: the clock then warns at
    ``default_warn_percent`` of its time); returns the saved policy.

    Raises ConflictError if someone saved the policy since ``expected_version``,
    ValidationError for impossible numbers or tokens, PermissionDenied for non-admins.
    """
    policy = _load(session, ctx, key_or_id, expected_version)
    before = _values(policy)
    after = dict(before)
    if not isinstance(label, _Unset):
        after["label"] = label.strip()
    if not isinstance(description, _Unset):
        after["description"] = description.strip()
    if not isinstance(warn, _Unset):
        after["warn_amount"], after["warn_unit"] = (
            (None, None) if warn is None else (float(warn[0]), warn[1])
        )
    if not isinstance(due, _Unset):
        after["due_amount"], after["due_unit"] = float(due[0]), due[1]
    if not isinstance(met_by, _Unset):
        after["met_by"] = [str(t).strip() for t in met_by if str(t).strip()]
    if not isinstance(follow_up_on_miss, _Unset):
        after["follow_up_on_miss"] = bool(follow_up_on_miss)
    if not isinstance(enabled, _Unset):
        after["enabled"] = bool(enabled)
    if not isinstance(default_warn_percent, _Unset):
        after["default_warn_percent"] = float(default_warn_percent)
    _check(ctx, after)
    changes = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
    if not changes:
        return policy
    for name, value in after.items():
        if before[name] != value:
            setattr(policy, name, value)
    policy.updated_at = ctx.clock.now()
    session.flush()
    audit.record(session, ctx, "policy", policy.id, "update", {"key": policy.key, **changes})
    return policy


def set_enabled(
    session: Session,
    ctx: ServiceContext,
    key_or_id: str | int,
    expected_version: int | None,
    enabled: bool,
) -> Policy:
    """Put a standard in force (``enabled``) or out of it, for clocks started from now on."""
    return update_policy(session, ctx, key_or_id, expected_version, enabled=enabled)


# The two sets of e-mail standards an admin chooses between (issue 14): seed 000's (a written
# response in 1 business day; resolved in 2 / 5 / 15 days at 95 / 98 / 100 %) and seed 004's
# IME Member Services (90 % answered in 5 days with an interim response, 100 % done in 15).
EMAIL_SETS = {
    "health_plan": ("email.", "a response in 1 business day; resolved in 2, 5 and 15"),
    "ime_member_services": (
        "email_ime.",
        "answered in 5 business days (90 %), completed in 15 (100 %)",
    ),
}


def email_set_in_force(session: Session) -> str | None:
    """The e-mail set whose standards are all in force and the other's none; None when an
    admin mixed them by hand."""
    policies = list_policies(session)
    for name, (prefix, _words) in EMAIL_SETS.items():
        mine = [p for p in policies if p.key.startswith(prefix)]
        others = [p for p in policies if any(p.key.startswith(x) for x, _ in EMAIL_SETS.values())
                  and not p.key.startswith(prefix)]  # fmt: skip
        if mine and all(p.enabled for p in mine) and not any(p.enabled for p in others):
            return name
    return None


def choose_email_set(session: Session, ctx: ServiceContext, name: str) -> list[Policy]:
    """Put one set of e-mail standards in force and the other out (new clocks only)."""
    if name not in EMAIL_SETS:
        raise ValidationError({"email_set": "Choose one of the two sets of e-mail standards."})
    prefix = EMAIL_SETS[name][0]
    changed = []
    for policy in list_policies(session):
        if not any(policy.key.startswith(p) for p, _ in EMAIL_SETS.values()):
            continue
        wanted = policy.key.startswith(prefix)
        if policy.enabled != wanted:
            changed.append(set_enabled(session, ctx, policy.key, policy.version, wanted))
    return changed
