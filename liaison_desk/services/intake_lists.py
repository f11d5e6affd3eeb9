"""What the intake forms offer: the sources and MCOs in their lists, and the standards whose
deadlines they preview — read in one short session, kept by the form afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Mco, Source
from ..domain import Role, Track
from ..policies import PolicySpec
from .choices import ChoiceLists, lists
from .clocks import STARTS_RECEIVED, STARTS_REFERRAL, enabled_policies


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass
class ReferenceLists:
    member_sources: list[str] = field(default_factory=list)
    provider_sources: list[str] = field(default_factory=list)
    mcos: list[Choice] = field(default_factory=list)
    policies: list[PolicySpec] = field(default_factory=list)
    # Seed 001: whom a liaison may send an escalation to from the form (MSAs/ESRs).
    handlers: list[Choice] = field(default_factory=list)
    # Who an e-mail inquiry can be assigned to (seed 004: the unit leads or other staff).
    workers: list[Choice] = field(default_factory=list)
    choices: ChoiceLists = field(default_factory=ChoiceLists)

    @classmethod
    def load(cls, session: Session) -> ReferenceLists:
        sources = list(session.scalars(select(Source).where(Source.active.is_(True))))
        # The seed's order ("received via" a. to i.) rather than alphabetical; "Other" last.
        sources.sort(key=lambda s: (s.name == "Other", s.id))
        mcos = session.scalars(select(Mco).where(Mco.active.is_(True)).order_by(Mco.name))
        from .actions.editing import assignable_users

        workers = assignable_users(session, str(Track.EMAIL))
        return cls(
            member_sources=[s.name for s in sources if s.for_member],
            provider_sources=[s.name for s in sources if s.for_provider],
            mcos=[Choice(m.id, m.name) for m in mcos],
            policies=enabled_policies(session, (STARTS_RECEIVED, STARTS_REFERRAL)),
            handlers=[Choice(u.id, u.display_name) for u in workers if u.role == Role.MSA_ESR],
            workers=[Choice(u.id, u.display_name) for u in workers],
            choices=lists(session),
        )
