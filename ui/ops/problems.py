"""The one error presenter: any failure of an operation becomes a :class:`Problem` — its kind
and one sentence in the person's words. Dialogs decide only *where* to show it (a notice, the
fields, the conflict dialog), never how to word it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from liaison_desk.errors import (
    Cancelled,
    ConflictError,
    DatabaseUnavailable,
    DomainError,
    PermissionDenied,
    ValidationError,
)
from liaison_desk.logs import describe_failure

log = logging.getLogger("liaison_desk.ui.ops")

KEPT = "What you typed is still here."


class ProblemKind(Enum):
    CONFLICT = "conflict"  # someone else saved first: offer reload or apply mine
    INVALID = "invalid"  # fields to correct: ``Problem.fields``
    UNAVAILABLE = "unavailable"  # the database cannot be reached (the app retries)
    NOT_ALLOWED = "not allowed"  # the person's role may not do this
    REFUSED = "refused"  # a rule of the work said no (a domain error)
    CANCELLED = "cancelled"  # the person cancelled; nothing was written
    UNEXPECTED = "unexpected"  # a fault: logged by kind and place, never its message


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    text: str  # the whole sentence: "Not saved. The database cannot be reached …"
    error: BaseException
    fields: Mapping[str, str] = field(default_factory=dict)
    reason: str = ""  # the reason alone, for a dialog that words the lead itself

    @property
    def conflict(self) -> ConflictError | None:
        return self.error if isinstance(self.error, ConflictError) else None


def explain(
    error: BaseException, *, verb: str = "saved", where: str = "", kept: str = ""
) -> Problem:
    """The problem ``error`` means for work that was to be ``verb`` ("saved", "loaded"…).

    ``where`` names the work in the log for an unexpected error; ``kept`` says what of the
    person's typing survived (writes only: a failed read has nothing typed to keep)."""
    if isinstance(error, Cancelled):
        return Problem(ProblemKind.CANCELLED, str(error), error, reason=str(error))
    if isinstance(error, ConflictError):
        reason = (
            "someone else changed this first. Reload to see their change, or apply yours again."
        )
        return Problem(ProblemKind.CONFLICT, f"Not {verb}: {reason}", error, reason=reason)
    if isinstance(error, ValidationError):
        reason = "; ".join(error.problems.values())
        return Problem(
            ProblemKind.INVALID, f"Not {verb}: {reason}", error, dict(error.problems), reason
        )
    if isinstance(error, DatabaseUnavailable):
        after = f" {kept} Try again when the connection is back." if kept else ""
        reason = f"{error}{after}"
        return Problem(ProblemKind.UNAVAILABLE, f"Not {verb}. {reason}", error, reason=reason)
    if isinstance(error, DomainError):
        kind = (
            ProblemKind.NOT_ALLOWED if isinstance(error, PermissionDenied) else ProblemKind.REFUSED
        )
        return Problem(kind, f"Not {verb}. {error}", error, reason=str(error))
    # The type and where it happened, never the message: a driver's message can quote the
    # values that were being saved.
    log.error("%s failed: %s", where or f"work to be {verb}", describe_failure(error))
    after = f" {kept} You can try again, and the" if kept else " The"
    reason = f"an unexpected error.{after} log says where it happened."
    return Problem(ProblemKind.UNEXPECTED, f"Not {verb} because of {reason}", error, reason=reason)
