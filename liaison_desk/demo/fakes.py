"""Made-up people and moments for demo data: phones, NPIs, state IDs, receipt times in office
hours, and the policies that apply."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from ..calendar import BusinessCalendar
from ..db.models import (
    Mco,
    Policy,
)
from ..policies import PolicySpec
from ..validation import npi_check_digit


@dataclass
class _Env:
    rng: random.Random
    cal: BusinessCalendar
    now: datetime
    recipe: dict[str, Any]
    policies: list[Policy]
    specs: dict[int, PolicySpec]
    mcos: list[Mco]
    departments: dict[int, list[str]]
    staff: dict[str, list[int]]


def _phone(rng: random.Random, area: str) -> str:
    exchange = rng.choice(["555", "555", "555"])
    return f"+1{area}{exchange}01{rng.randint(0, 99):02d}"


def _npi(rng: random.Random) -> str:
    first = str(rng.choice("12")) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return first + str(npi_check_digit(first))


def _state_id(rng: random.Random) -> str:
    return f"{rng.randint(0, 9_999_999):07d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"


def _business_moment(env: _Env, day_offset_back: int) -> datetime:
    """A receipt time about ``day_offset_back`` calendar days ago, mostly in office hours."""
    rng = env.rng
    local_now = env.now.astimezone(env.cal.timezone)
    day = local_now.date() - timedelta(days=day_offset_back)
    if rng.random() < 0.85:
        minutes = rng.randint(8 * 60, 16 * 60 + 50)
    else:
        minutes = rng.choice([rng.randint(0, 7 * 60 + 59), rng.randint(17 * 60, 23 * 60 + 59)])
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=env.cal.timezone)
    return wall.astimezone(UTC)


def _matching(env: _Env, track: str, priority: str, starts_on: str) -> list[Policy]:
    return [
        p
        for p in env.policies
        if p.enabled
        and p.starts_on == starts_on
        and p.track in (track, "*")
        and (p.priority is None or p.priority == priority)
    ]
