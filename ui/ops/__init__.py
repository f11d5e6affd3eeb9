"""Background operations: everything the client asks of the core runs here.

A dialog, tab or window never opens a session or a thread itself. It builds an operation —
:func:`read` (one read transaction), :func:`write` (one unit of work, committed when it
returns), :func:`background` (no database: a PDF, a file) or :func:`job` (progress and a
cooperative cancel, for the Excel import and export) — gives it what to do on success and on
failure, and starts it. The work runs on the thread pool; the outcome comes back on the GUI
thread. A failure arrives as one :class:`Problem`, worded once for all of the client by
:func:`explain`; a write that changed an inquiry announces it on the app-wide
:func:`changes` bus, which the windows listen to.

The shape follows Anki's ``aqt/operations`` (QueryOp / CollectionOp).
"""

from ui.ops.changes import Changes, changes
from ui.ops.operation import Operation, background, job, read, write
from ui.ops.problems import KEPT, Problem, ProblemKind, explain

__all__ = [
    "KEPT",
    "Changes",
    "Operation",
    "Problem",
    "ProblemKind",
    "background",
    "changes",
    "explain",
    "job",
    "read",
    "write",
]
