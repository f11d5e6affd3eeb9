"""Default MCOs, departments, sources and policies, loaded into a database on upgrade.

Idempotent: rows are matched by name/key and only missing ones are added, so an admin's
edits survive every later upgrade.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Choice, Mco, McoDepartment, Policy, Source
from ..resources import resource


def _load(*parts: str) -> dict[str, Any]:
    data = json.loads(resource(*parts).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def default_policy_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for p in _load("policies.json")["policies"]:
        warn = p.get("warn")
        due = p["due"]
        rows.append(
            {
                "key": p["key"],
                "track": p["track"],
                "priority": p.get("priority"),
                "milestone": p["milestone"],
                "label": p["label"],
                "starts_on": p["starts_on"],
                "warn_amount": float(warn[0]) if warn else None,
                "warn_unit": warn[1] if warn else None,
                "due_amount": float(due[0]),
                "due_unit": due[1],
                "met_by": list(p.get("met_by", [])),
                "follow_up_on_miss": bool(p.get("follow_up_on_miss", False)),
                "description": p.get("description", ""),
                "enabled": bool(p.get("enabled", True)),
                "target_percent": None if p.get("target") is None else float(p["target"]),
            }
        )
    return rows


def ensure_reference_data(session: Session) -> None:
    mco_data = _load("reference", "mcos.json")
    existing_mcos = {m.name: m for m in session.scalars(select(Mco))}
    for entry in [*mco_data["mcos"], *mco_data.get("former", [])]:
        mco = existing_mcos.get(entry["name"])
        if mco is None:
            mco = Mco(
                name=entry["name"],
                short_name=entry["short_name"],
                synonyms=list(entry.get("synonyms", [])),
                phone=entry.get("phone"),
                active=entry.get("active", True),
            )
            session.add(mco)
            session.flush()
            existing_mcos[mco.name] = mco
        have = {d.name for d in mco.departments}
        for dept in entry.get("departments", []):
            if dept not in have:
                session.add(McoDepartment(mco_id=mco.id, name=dept))

    existing_sources = set(session.scalars(select(Source.name)))
    for entry in _load("reference", "sources.json")["sources"]:
        if entry["name"] not in existing_sources:
            session.add(
                Source(
                    name=entry["name"],
                    for_member=entry["member"],
                    for_provider=entry["provider"],
                    synonyms=list(entry.get("synonyms", [])),
                )
            )

    _ensure_choices(session)
    existing_policies = set(session.scalars(select(Policy.key)))
    for row in default_policy_rows():
        if row["key"] not in existing_policies:
            session.add(Policy(**row))
    session.flush()


def _ensure_choices(session: Session) -> None:
    """The shipped channels, categories and outcomes that are missing: matched by name and
    by other spelling, so one an admin renamed (its old name kept as a spelling) is not
    added again."""
    data = _load("reference", "choices.json")
    have = list(session.scalars(select(Choice)))

    def known(kind: str, parent_id: int | None, name: str) -> Choice | None:
        for c in have:
            spellings = {x.casefold() for x in (c.name, *(c.synonyms or []))}
            if c.kind == kind and c.parent_id == parent_id and name.casefold() in spellings:
                return c
        return None

    def ensure(kind: str, entry: dict[str, Any], parent_id: int | None = None) -> Choice:
        found = known(kind, parent_id, entry["name"])
        if found is None:
            found = Choice(kind=kind, name=entry["name"], parent_id=parent_id,
                           synonyms=list(entry.get("synonyms", [])), active=True)  # fmt: skip
            session.add(found)
            session.flush()
            have.append(found)
        return found

    for entry in data["channels"]:
        ensure("channel", entry)
    for entry in data["categories"]:
        parent = ensure("category", entry)
        for sub in entry.get("subs", []):
            ensure("category", {"name": sub}, parent.id)
    for entry in data["outcomes"]:
        ensure("outcome", entry)
