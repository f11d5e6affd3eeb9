"""The parts of the main window (``ui.main_window.MainWindow`` assembles them):

* :mod:`ui.main.actions_table` — every window command as one row of a table (text, name,
  shortcut, icon, tip, who may use it), and the menus and toolbar as lists of those names;
* :mod:`ui.main.queue_loader` — loading the chosen queue, the counts and the watched clocks
  (one operation per refresh), paging the resolved queue, counting search matches;
* :mod:`ui.main.detail_loader` — which inquiry is selected or pinned, and loading its detail;
* :mod:`ui.main.layout_state` — the window's geometry, splitters and columns, kept between
  sessions;
* :mod:`ui.main.commands` — what the commands open: intake forms, Excel, reports, settings.
"""
