"""Matching what people type or what old spreadsheets hold to reference data."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Mco, Source

_NOISE = re.compile(r"[^a-z0-9]+")
_SUFFIXES = (" inc", " llc", " of iowa", " iowa", " ia")


def fold(text: str) -> str:
    """Case, punctuation and spacing folded away: "Molina, Inc." ~ "molina"."""
    s = " " + _NOISE.sub(" ", text.casefold()).strip()
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if s.endswith(suffix) and len(s) > len(suffix) + 2:
                s = s[: -len(suffix)]
                changed = True
    return s.strip()


class McoMatcher:
    """Name, short name or any synonym (abbreviations, former names) → the MCO."""

    def __init__(self, mcos: Iterable[Mco]) -> None:
        self._by_key: dict[str, Mco] = {}
        self.mcos = list(mcos)
        for mco in self.mcos:
            for name in (mco.name, mco.short_name, *(mco.synonyms or [])):
                key = fold(name)
                if key:
                    self._by_key.setdefault(key, mco)
        for mco in self.mcos:  # exact names win over someone else's synonym
            self._by_key[fold(mco.name)] = mco

    @classmethod
    def load(cls, session: Session) -> McoMatcher:
        return cls(session.scalars(select(Mco).order_by(Mco.id)))

    def match(self, text: str | None) -> Mco | None:
        if not text or not text.strip():
            return None
        key = fold(text)
        found = self._by_key.get(key)
        if found is not None:
            return found
        # "Molina Healthcare of Iowa - Provider Services": a known name as a prefix.
        candidates = [m for k, m in self._by_key.items() if len(k) >= 3 and key.startswith(k + " ")]
        distinct = {m.id for m in candidates}
        if len(distinct) == 1:
            return candidates[0]
        return None

    def match_many(self, text: str | None) -> tuple[list[Mco], list[str]]:
        """Split "ITC / Molina; Wellpoint" into MCOs; unknown parts are returned too."""
        found: list[Mco] = []
        unknown: list[str] = []
        if not text:
            return found, unknown
        whole = self.match(text)
        if whole is not None:
            return [whole], unknown
        for part in re.split(r"[;,/&\n]|\band\b", text):
            part = part.strip()
            if not part:
                continue
            mco = self.match(part)
            if mco is None:
                unknown.append(part)
            elif mco not in found:
                found.append(mco)
        return found, unknown


class SourceMatcher:
    def __init__(self, sources: Iterable[Source]) -> None:
        self._by_key: dict[str, Source] = {}
        self.sources = list(sources)
        for src in self.sources:
            for name in (src.name, *(src.synonyms or [])):
                self._by_key.setdefault(fold(name), src)
        for src in self.sources:
            self._by_key[fold(src.name)] = src

    @classmethod
    def load(cls, session: Session) -> SourceMatcher:
        return cls(session.scalars(select(Source).order_by(Source.id)))

    def match(self, text: str | None) -> Source | None:
        if not text or not text.strip():
            return None
        return self._by_key.get(fold(text))
