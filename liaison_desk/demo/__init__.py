"""Realistic fake inquiries for demos and benchmarks (``liaison-desk demo-data``).

Writes with bulk Core inserts so 100,000 inquiries with their milestones and timelines take
well under a few minutes on SQLite. The mix: mostly resolved history over two years, and a
live queue of recent open items in every state (on track, past warn, overdue, awaiting MCO,
pending approval, follow-up due).

:mod:`.fakes` makes up people and times, :mod:`.writer` buffers the bulk inserts,
:mod:`.inquiries` makes one inquiry with its clocks and timeline, :mod:`.filling` fills a
database.
"""

from .filling import BATCH, fill_demo, has_inquiries

__all__ = [
    "BATCH",
    "fill_demo",
    "has_inquiries",
]
