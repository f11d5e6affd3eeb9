"""What an import plans and reports: the inquiries to add, the rows already in, the rejected
rows and their problems, the counts per sheet, and the outcome of writing it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Cancelled
from .headers import SheetKind
from .milestones import EntryDraft, MilestoneDraft
from .reader import SheetLayout

log = logging.getLogger("liaison_desk.excel")

ERROR = "error"
NOTE = "note"

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

NOT_ENROLLED = frozenset(
    {"none", "notenrolled", "noenrolled", "nomco", "ffs", "feeforservice", "notinmco", "na"}
)


class ImportCancelled(Cancelled):
    """The person cancelled the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was written.")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str
    severity: str = ERROR

    def line(self) -> str:
        if not self.sheet:
            where = "The workbook"
        elif self.row is not None:
            where = f"{self.sheet} row {self.row}"
        else:
            where = f"Sheet {self.sheet}"
        col = f', column "{self.column}"' if self.column else ""
        return f"{where}{col}: {self.message}"


@dataclass
class RejectedRow:
    sheet: str
    kind: SheetKind
    row: int
    headers: list[str]
    values: list[Any]
    problems: list[Problem]


@dataclass
class PlannedInquiry:
    sheet: str
    row: int
    kind: SheetKind
    import_key: str
    reference: str | None
    local_day: date
    fields: dict[str, Any]
    mco_ids: list[int]
    entries: list[EntryDraft]
    milestones: list[MilestoneDraft]


@dataclass
class SheetCounts:
    sheet: str
    kind: SheetKind
    to_add: int = 0
    already: int = 0
    rejected: int = 0
    blank: int = 0
    skipped: int = 0
    hidden: int = 0


@dataclass
class ImportPlan:
    file: Path
    layouts: list[SheetLayout]
    to_add: list[PlannedInquiry] = field(default_factory=list)
    already: list[tuple[str, int, str]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == NOTE]

    def summary(self) -> str:
        n, a, r = len(self.to_add), len(self.already), len(self.rejected)
        return f"{n} row{'' if n == 1 else 's'} to add, {a} already imported, {r} rejected"


@dataclass
class ImportResult:
    plan: ImportPlan
    added: int
    already: int
    rejected: int
    references: list[str]

    def summary(self) -> str:
        return (
            f"{self.added} row{'' if self.added == 1 else 's'} added, {self.already} already "
            f"imported, {self.rejected} rejected"
        )
