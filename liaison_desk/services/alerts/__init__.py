"""Nobody misses a deadline (SPEC §11): each person's inbox of announcements, who is told of
what (and their cover while they are away), and the sweep that announces every clock's
warning and due time once, whichever workstation or service sees it first."""
