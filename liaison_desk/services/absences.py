"""Away and cover (SPEC §11): a person marks themselves away with a cover for some days;
while away their new hand-offs and alerts go to the cover (:mod:`.alerts.people`), and the
queues of both say so. A Unit Lead or an admin may mark anyone away (someone out sick)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Absence, User
from ..domain import Role
from ..errors import NotFoundError, PermissionDenied, ValidationError
from . import audit
from .context import Actor, ServiceContext
from .permissions import ASSIGNABLE_ROLES

_FOR_ANYONE = (Role.UNIT_LEAD, Role.ADMIN)
LONGEST_DAYS = 366


@dataclass(frozen=True)
class Away:
    absence_id: int
    person: str
    cover: str
    first_day: date
    last_day: date


@dataclass(frozen=True)
class AwayStatus:
    away: Away | None  # the person's own absence today (or the next one planned)
    covering: list[Away]  # whom they cover for today


def covers(session: Session) -> list[tuple[int, str]]:
    """Who can cover: active people who work inquiries."""
    rows = session.execute(
        select(User.id, User.display_name)
        .where(User.active.is_(True), User.role.in_([str(r) for r in ASSIGNABLE_ROLES]))
        .order_by(User.display_name)
    )
    return [(i, n) for i, n in rows]


def _today(ctx: ServiceContext) -> date:
    return ctx.clock.now().astimezone(ctx.calendar.timezone).date()


def set_away(
    session: Session,
    ctx: ServiceContext,
    *,
    cover_id: int,
    first_day: date,
    last_day: date,
    user_id: int | None = None,
    note: str | None = None,
) -> Absence:
    who = user_id if user_id is not None else ctx.actor.user_id
    if who is None:
        raise PermissionDenied("Only a person on the team can be marked away.")
    if who != ctx.actor.user_id and ctx.actor.role not in _FOR_ANYONE:
        raise PermissionDenied("Only a Unit Lead or an administrator marks someone else away.")
    problems: dict[str, str] = {}
    cover = session.get(User, cover_id)
    if cover is None or not cover.active or cover.id == who:
        problems["cover"] = "Choose someone else on the team to cover."
    elif Role(cover.role) not in ASSIGNABLE_ROLES:
        problems["cover"] = f"{cover.display_name} does not work inquiries; choose another."
    if last_day < first_day:
        problems["last_day"] = "The last day comes on or after the first day."
    elif last_day < _today(ctx):
        problems["last_day"] = "That absence is over already."
    elif (last_day - first_day).days > LONGEST_DAYS:
        problems["last_day"] = "Mark an absence of a year at most."
    if problems:
        raise ValidationError(problems)
    absence = Absence(
        user_id=who,
        cover_id=cover_id,
        first_day=first_day,
        last_day=last_day,
        note=(note or "").strip() or None,
        created_at=ctx.clock.now(),
        created_by_id=ctx.actor.user_id,
    )
    session.add(absence)
    session.flush()
    audit.record(session, ctx, "absence", absence.id, "insert",
                 {"user_id": who, "cover_id": cover_id, "first_day": first_day,
                  "last_day": last_day})  # fmt: skip
    return absence


def end_away(session: Session, ctx: ServiceContext, absence_id: int) -> None:
    """Back early (or a plan cancelled): the absence ends now."""
    absence = session.get(Absence, absence_id)
    if absence is None or absence.ended_at is not None:
        raise NotFoundError("That absence has ended already.")
    if absence.user_id != ctx.actor.user_id and ctx.actor.role not in _FOR_ANYONE:
        raise PermissionDenied("Only a Unit Lead or an administrator ends someone else's absence.")
    absence.ended_at = ctx.clock.now()
    audit.record(session, ctx, "absence", absence.id, "end", {})


def away_status(session: Session, ctx: ServiceContext, actor: Actor | None = None) -> AwayStatus:
    me = (actor or ctx.actor).user_id
    if me is None:
        return AwayStatus(None, [])
    today = _today(ctx)
    names = dict(session.execute(select(User.id, User.display_name)).all())
    rows = session.scalars(
        select(Absence)
        .where(Absence.ended_at.is_(None), Absence.last_day >= today)
        .where((Absence.user_id == me) | (Absence.cover_id == me))
        .order_by(Absence.first_day, Absence.id)
    ).all()

    def away(a: Absence) -> Away:
        return Away(a.id, names.get(a.user_id, "?"), names.get(a.cover_id, "?"), a.first_day,
                    a.last_day)  # fmt: skip

    mine = next((away(a) for a in rows if a.user_id == me), None)
    covering = [away(a) for a in rows if a.cover_id == me and a.first_day <= today]
    return AwayStatus(mine, covering)
