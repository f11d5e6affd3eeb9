"""Render the inbox screenshots (offscreen) from demo data: the main window with the unread
count at the top of the queue list, and the Inbox window.

    .venv/bin/python docs/screenshots/inbox_shots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from main_window_shots import MORNING, Shots, wait

from liaison_desk.services.queues import QueueKey


def main() -> None:
    shots = Shots()
    w = shots.window(QueueKey.MY_WORK, MORNING)
    wait(w.inbox_watch.checked)
    for _ in range(10):
        shots.app.processEvents()
    shots.save(w.grab().toImage(), "main-window-inbox.png")
    inbox = w.commands.open_inbox()
    inbox.resize(1120, 440)
    wait(inbox.watch.checked, 2000)
    for _ in range(20):
        shots.app.processEvents()
    shots.save(inbox.grab().toImage(), "inbox.png")


if __name__ == "__main__":
    main()
