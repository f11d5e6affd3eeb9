"""Quality-control audits (SPEC §8, seed 000's file review).

A manager draws a random sample of the resolved inquiries received in a period (no fewer
than 10 or 10 %, whichever is more, never more than 50; all of them when there are fewer),
scores each one — was the question answered correctly, was the reply professional, was the
information accurate — and reads the turnaround the app worked out when drawing: business
days to the acknowledgement (the first contact with the originator, the call that reached
the caller, or the letter) and to the resolution, each met or not against the audit's
targets. Quarterly averages gather every scored item of the audits whose period starts in
the quarter, against the procedure's goal of 95 %.

The sample is drawn with a seed that is stored with the audit: the same seed over the same
inquiries draws the same sample, so anyone can check that it was random.

:mod:`.sampling` draws an audit, :mod:`.scoring` scores its items and sums them up by audit
and quarter, :mod:`.worksheet` writes the audit tool's workbook.
"""

from .sampling import (
    DEFAULT_ACK_TARGET,
    DEFAULT_RESOLUTION_TARGET,
    GOAL_PERCENT,
    MAX_SAMPLE,
    MIN_SAMPLE,
    draw_audit,
    get_audit,
    list_audits,
    sample_size,
)
from .scoring import AuditSummary, QuarterRow, quarter_of, quarterly_averages, score_item, summarize
from .worksheet import EXPORT_HEADERS, export_audit, subject_id

__all__ = [
    "DEFAULT_ACK_TARGET",
    "DEFAULT_RESOLUTION_TARGET",
    "EXPORT_HEADERS",
    "GOAL_PERCENT",
    "MAX_SAMPLE",
    "MIN_SAMPLE",
    "AuditSummary",
    "QuarterRow",
    "draw_audit",
    "export_audit",
    "get_audit",
    "list_audits",
    "quarter_of",
    "quarterly_averages",
    "sample_size",
    "score_item",
    "subject_id",
    "summarize",
]
