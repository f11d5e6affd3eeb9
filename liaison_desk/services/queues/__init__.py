"""The work queues: what each one holds, how many items each has, and searching them.

Each queue is a SQL condition over ``inquiries`` (:mod:`.definitions`). Loading returns light
:class:`QueueRow` values (:mod:`.rows`), a page at a time for the resolved queue
(:mod:`.paging`); :mod:`.search` filters them in memory and in SQL with one meaning;
:mod:`.detail` reads one inquiry in full for the detail pane.
"""

from .definitions import (
    QUEUE_BY_KEY,
    QUEUES,
    QueueCounts,
    QueueDef,
    QueueKey,
    count_queues,
    queue_condition,
    queues_for,
)
from .detail import (
    InquiryDetail,
    TimelineRow,
    active_mcos,
    distinct_assignees,
    inquiry_detail,
)
from .paging import RESOLVED_PAGE, RESOLVED_SORTS, QueuePage, load_queue
from .rows import Lookups, MilestoneRow, QueueRow, _search_fields
from .search import UNASSIGNED, QueueFilter, SearchTerm, filter_condition, parse_search, search

__all__ = [
    "QUEUES",
    "QUEUE_BY_KEY",
    "RESOLVED_PAGE",
    "RESOLVED_SORTS",
    "UNASSIGNED",
    "InquiryDetail",
    "Lookups",
    "MilestoneRow",
    "QueueCounts",
    "QueueDef",
    "QueueFilter",
    "QueueKey",
    "QueuePage",
    "QueueRow",
    "SearchTerm",
    "TimelineRow",
    "_search_fields",
    "active_mcos",
    "count_queues",
    "distinct_assignees",
    "filter_condition",
    "inquiry_detail",
    "load_queue",
    "parse_search",
    "queue_condition",
    "queues_for",
    "search",
]
