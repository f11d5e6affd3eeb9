"""Team-wide settings kept in the database (``AppSetting``): reading one with its fallback,
writing one and saying what it was. The one place their rows are read and written; each
setting's own module says what it means and checks its value."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ..db.models import AppSetting


def read(session: Session, key: str) -> Any:
    row = session.get(AppSetting, key)
    return row.value if row is not None else None


T = TypeVar("T")


def read_int(session: Session, key: str, default: T, limits: tuple[int, int]) -> int | T:
    """The stored whole number, or ``default`` when it is missing or out of ``limits``."""
    value = read(session, key)
    if isinstance(value, int) and not isinstance(value, bool) and limits[0] <= value <= limits[1]:
        return value
    return default


def write(session: Session, key: str, value: Any) -> Any:
    """Store ``value``; returns what was stored before (None when nothing was)."""
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
        session.flush()
        return None
    before = row.value
    row.value = value
    session.flush()
    return before
