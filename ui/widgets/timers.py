"""Named timers (as qutebrowser's ``usertypes.Timer``): every timer of the client has a name,
an interval and a slot set in one call, so a test or a debugger can find it by name and the
reader sees at once what fires and when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.qt import QObject, Qt, QTimer


def named_timer(
    parent: QObject,
    name: str,
    interval_ms: int,
    slot: Callable[..., Any],
    *,
    single_shot: bool = False,
    precise: bool = False,
) -> QTimer:
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single_shot)
    if precise:
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(slot)
    return timer
