"""GUI tests: the client's windows, dialogs, models and operations, driven with pytest-qt on
the offscreen platform (Qt warnings fail them)."""
