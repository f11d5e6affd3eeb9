"""Render the lock screen (docs/screenshots/lock-screen.png): the main window on demo data,
locked after its idle time, showing no member's data.

    .venv/bin/python docs/screenshots/lock_shots.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from main_window_shots import HERE, MORNING, Shots

from liaison_desk.services.queues import QueueKey


def main() -> None:
    shots = Shots()
    w = shots.window(QueueKey.MY_WORK, MORNING, (1280, 800))
    w.workstation_lock.lock()
    for _ in range(5):
        shots.app.processEvents()
    w.grab().toImage().save(str(HERE / "lock-screen.png"))
    print("wrote", HERE / "lock-screen.png")
    w.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
