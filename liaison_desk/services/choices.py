"""The admin's lists for the unit's other work (issue 14): channels of receipt, issue
categories → sub-categories, outcomes of a resolution; which tracks must give a category at
intake and an outcome at resolution; checking a chosen value; matching an imported one.

Nothing is deleted: a retired entry is made inactive (the forms stop offering it, inquiries
that name it keep it). A renamed entry keeps its old name among the spellings the import
matches. Every change is the admin's and is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Choice, Inquiry
from ..domain import Track
from ..errors import NotFoundError, ValidationError
from . import app_settings, audit
from .context import ServiceContext
from .lookups import fold
from .permissions import Action, require
from .policy_admin import UNSET, _Unset
from .reference_admin import _apply, _check_version, _rename, _synonyms, _text

KEY_CATEGORY_REQUIRED = "choices.category_required"
KEY_OUTCOME_REQUIRED = "choices.outcome_required"


class ChoiceKind(StrEnum):
    CHANNEL = "channel"
    CATEGORY = "category"  # a sub-category is a category with a parent
    OUTCOME = "outcome"

    @property
    def label(self) -> str:
        return {"channel": "channel", "category": "issue category", "outcome": "outcome"}[self]


@dataclass(frozen=True)
class ChoiceRow:
    id: int
    version: int
    kind: str
    name: str
    parent_id: int | None
    parent_name: str
    synonyms: list[str]
    active: bool


@dataclass(frozen=True)
class ChoiceLists:
    """What the forms offer (active entries only) and what they must ask for."""

    channels: list[str] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    outcomes: list[str] = field(default_factory=list)
    category_required: frozenset[str] = frozenset()
    outcome_required: frozenset[str] = frozenset()

    def check_channel(self, channel: str | None, problems: dict[str, str]) -> str | None:
        text = _words(channel)
        if text is None:
            problems["channel"] = "Choose the channel the e-mail came through."
        elif text not in self.channels:
            problems["channel"] = f"“{text}” is not one of the channels on the list."
        return text

    def check_issue_type(
        self, track: str, category: str | None, sub_category: str | None,
        problems: dict[str, str],
    ) -> tuple[str | None, str | None]:  # fmt: skip
        """The category and sub-category as chosen; a problem when one is not on the list, a
        sub-category is not of its category, or the admin requires one for this track."""
        cat, sub = _words(category), _words(sub_category)
        if cat is None:
            if sub is not None:
                problems["category"] = "Choose the category of that sub-category."
            elif track in self.category_required:
                problems["category"] = "Choose the issue category."
            return None, None
        if cat not in self.categories:
            problems["category"] = f"“{cat}” is not one of the issue categories on the list."
        elif sub is not None and sub not in self.categories[cat]:
            problems["sub_category"] = f"“{sub}” is not a sub-category of {cat}."
        return cat, sub

    def check_outcome(
        self, track: str, outcome: str | None, problems: dict[str, str]
    ) -> str | None:
        text = _words(outcome)
        if text is None:
            if track in self.outcome_required:
                problems["outcome"] = "Choose the outcome."
        elif text not in self.outcomes:
            problems["outcome"] = f"“{text}” is not one of the outcomes on the list."
        return text


def _words(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


def rows(session: Session) -> list[ChoiceRow]:
    """Every entry, active or not, by list and name, each category followed by its
    sub-categories."""
    found = list(session.scalars(select(Choice)))
    names = {c.id: c.name for c in found}

    def place(c: Choice) -> tuple[str, str, bool, str]:
        top = names.get(c.parent_id, c.name) if c.parent_id is not None else c.name
        return (c.kind, top, c.parent_id is not None, c.name)

    return [_row(c, names) for c in sorted(found, key=place)]


def _row(c: Choice, names: dict[int, str]) -> ChoiceRow:
    return ChoiceRow(c.id, c.version, c.kind, c.name, c.parent_id,
                     names.get(c.parent_id or 0, ""), list(c.synonyms or []), c.active)  # fmt: skip


def _tracks(session: Session, key: str) -> frozenset[str]:
    value = app_settings.read(session, key)
    known = {str(t) for t in Track}
    return frozenset(v for v in value if v in known) if isinstance(value, list) else frozenset()


def required(session: Session) -> tuple[frozenset[str], frozenset[str]]:
    """The tracks that must give a category at intake, and an outcome at resolution."""
    return _tracks(session, KEY_CATEGORY_REQUIRED), _tracks(session, KEY_OUTCOME_REQUIRED)


def lists(session: Session) -> ChoiceLists:
    # In the order they were added (the shipped order, then the admin's): the first channel
    # is the one a dropped message is taken to have come through.
    active = [c for c in session.scalars(select(Choice).order_by(Choice.id)) if c.active]
    by_id = {c.id: c for c in active}
    categories: dict[str, list[str]] = {
        c.name: [] for c in active if c.kind == ChoiceKind.CATEGORY and c.parent_id is None
    }
    for c in active:
        parent = by_id.get(c.parent_id or 0)
        if parent is not None and parent.name in categories:
            categories[parent.name].append(c.name)
    category_required, outcome_required = required(session)
    return ChoiceLists(
        channels=[c.name for c in active if c.kind == ChoiceKind.CHANNEL],
        categories=categories,
        outcomes=[c.name for c in active if c.kind == ChoiceKind.OUTCOME],
        category_required=category_required,
        outcome_required=outcome_required,
    )


# ------------------------------------------------------------------------------ admin


def filter_categories(session: Session) -> list[str]:
    """What the queue's category filter offers: the list's categories in its order, then
    any other name an inquiry carries (an imported one kept as written, one made inactive)."""
    names = list(lists(session).categories)
    known = set(names)
    stored = session.scalars(
        select(Inquiry.category).where(Inquiry.category.is_not(None)).distinct()
    )
    return names + sorted({c for c in stored if c and c not in known}, key=str.casefold)


def _values(c: Choice) -> dict[str, Any]:
    return {"name": c.name, "synonyms": list(c.synonyms or []), "active": c.active}


def _unique(session: Session, kind: str, parent_id: int | None, name: str,
            other_id: int | None) -> None:  # fmt: skip
    for c in session.scalars(select(Choice).where(Choice.kind == kind)):
        if c.id != other_id and c.parent_id == parent_id and c.name.casefold() == name.casefold():
            raise ValidationError({"name": f"“{c.name}” is already on the list."})


def add(
    session: Session, ctx: ServiceContext, kind: ChoiceKind | str, name: str,
    *, parent_id: int | None = None, synonyms: Sequence[str] = (),
) -> Choice:  # fmt: skip
    require(ctx.actor, Action.ADMINISTER)
    kind = ChoiceKind(kind)
    clean = _text(name, "name", f"{kind.label}'s name", 200)
    assert clean is not None
    if parent_id is not None:
        parent = session.get(Choice, parent_id)
        if parent is None or parent.kind != ChoiceKind.CATEGORY or parent.parent_id is not None:
            raise ValidationError({"parent": "A sub-category belongs to an issue category."})
        kind = ChoiceKind.CATEGORY
    _unique(session, kind, parent_id, clean, None)
    row = Choice(kind=str(kind), name=clean, parent_id=parent_id, synonyms=_synonyms(synonyms),
                 active=True)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, ctx, "choice", row.id, "insert",
                 {"kind": row.kind, "parent_id": parent_id, **_values(row)})  # fmt: skip
    return row


def update(
    session: Session, ctx: ServiceContext, choice_id: int, expected_version: int | None,
    *, name: str | _Unset = UNSET, synonyms: Sequence[str] | _Unset = UNSET,
    active: bool | _Unset = UNSET,
) -> Choice:  # fmt: skip
    require(ctx.actor, Action.ADMINISTER)
    row = session.get(Choice, choice_id)
    if row is None:
        raise NotFoundError("That entry is no longer on the list.")
    wanted = _values(row)
    new_name = row.name
    if not isinstance(name, _Unset):
        new_name = _text(name, "name", "name", 200) or row.name
        _unique(session, row.kind, row.parent_id, new_name, row.id)
    _rename(wanted, row.name, new_name, synonyms)
    if not isinstance(active, _Unset):
        wanted["active"] = bool(active)
    _check_version(f"“{row.name}”", row, expected_version, wanted, _values(row))
    changes = _apply(row, wanted)
    if changes:
        session.flush()
        audit.record(session, ctx, "choice", row.id, "update", changes)
    return row


def set_required(
    session: Session, ctx: ServiceContext, *, category_tracks: Iterable[str],
    outcome_tracks: Iterable[str],
) -> None:  # fmt: skip
    """Which tracks must give an issue category at intake and an outcome at resolution."""
    require(ctx.actor, Action.ADMINISTER)
    known = [str(t) for t in Track]
    wanted = {
        KEY_CATEGORY_REQUIRED: [t for t in known if t in set(category_tracks)],
        KEY_OUTCOME_REQUIRED: [t for t in known if t in set(outcome_tracks)],
    }
    changes = {}
    for key, value in wanted.items():
        before = app_settings.write(session, key, value)
        if before != value:
            changes[key] = [before, value]
    if changes:
        audit.record(session, ctx, "setting", None, "update", changes)


# ------------------------------------------------------------------------------ import


class ChoiceMatcher:
    """An imported "Issue Type"/"Category" (or channel, outcome) to a name on the list, by
    name or other spelling, folded ("Prior Auth" may be a spelling of "Prior authorization");
    ``Category - Sub-category`` and ``Category / Sub-category`` split into both."""

    def __init__(self, choices: Iterable[Choice]) -> None:
        found = list(choices)
        by_id = {c.id: c for c in found}
        self._keys: dict[tuple[str, str], tuple[str, str | None]] = {}
        for c in sorted(found, key=lambda c: (not c.active, c.id)):
            parent = by_id.get(c.parent_id or 0)
            value = (parent.name, c.name) if parent else (c.name, None)
            scope = "sub" if parent else c.kind
            for spelling in (c.name, *(c.synonyms or [])):
                self._keys.setdefault((scope, fold(spelling)), value)
                if parent:
                    for p in (parent.name, *(parent.synonyms or [])):
                        for sep in (" - ", " / ", ": ", " > "):
                            self._keys.setdefault(("category", fold(p + sep + spelling)), value)

    @classmethod
    def load(cls, session: Session) -> ChoiceMatcher:
        return cls(session.scalars(select(Choice)))

    def issue_type(self, text: str | None) -> tuple[str | None, str | None]:
        """``(category, sub_category)`` for the text; ``(None, None)`` when unknown."""
        if not text or not text.strip():
            return None, None
        key = fold(text)
        hit = self._keys.get(("category", key)) or self._keys.get(("sub", key))
        return hit if hit is not None else (None, None)

    def name(self, kind: ChoiceKind, text: str | None) -> str | None:
        if not text or not text.strip():
            return None
        hit = self._keys.get((str(kind), fold(text)))
        return hit[0] if hit is not None else None
