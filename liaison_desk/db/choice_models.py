"""The lists an admin edits for the unit's other work (issue 14): the channels an e-mail
inquiry arrives through, the issue categories with their sub-categories, and the outcomes
of a resolution. Inquiries keep the chosen name as text (like "Received From"), so a list
edited later never rewrites what an inquiry said."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned


class Choice(Versioned, Base):
    __tablename__ = "choices"
    __table_args__ = (Index("ix_choices_kind", "kind", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "channel", "category" (parent_id None) or a sub-category (parent_id its category),
    # "outcome".
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("choices.id"))
    # Other spellings, matched when a legacy workbook is imported.
    synonyms: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
