"""Small helpers shared by the benchmark scripts: timing and the printed figures.

Every benchmark prints its figures, then as its LAST line
``RESULT <name>=<value> target=<target> ok|MISS`` so a script (or a person) can grep it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def ensure_repo_on_path() -> None:
    """Make ``liaison_desk`` importable when the package is not installed in the venv."""
    root = str(REPO_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Fastest of ``repeat`` runs of ``fn``, in seconds (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def figure(label: str, value: float, unit: str = "") -> None:
    shown = f"{value:>12,}" if isinstance(value, int) else f"{value:>12,.3f}"
    print(f"  {label:<48} {shown} {unit}".rstrip())


def result(name: str, value: str, target: str, ok: bool) -> None:
    print(f"RESULT {name}={value} target={target} {'ok' if ok else 'MISS'}")
