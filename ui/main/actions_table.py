"""The main window's commands as a table, and its menus and toolbar as lists of their names.

A row says what a person sees (text with its Alt+letter, tip, icon), how to reach it (a
shortcut, with a fallback where the platform has no standard one) and who may use it (the
permission); ``slot`` names the window method it runs. Adding a command is adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from liaison_desk.services.permissions import Action, can
from ui.icons import icon
from ui.qt import QAction, QKeySequence, QMenu, QSize, Qt, QToolBar
from ui.queue_columns import HEADERS

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class Command:
    attr: str  # the window attribute that holds the QAction
    text: str
    name: str  # objectName
    slot: str  # a window method, or "attr.method" of a window part
    keys: Keys = None
    icon: str | None = None
    tip: str = ""
    fallback: str = ""  # the shortcut where the platform has no standard one
    allowed: tuple[Action, ...] = ()  # any of these; () = everyone
    checkable: bool = False
    team_only: bool = False  # a team (PostgreSQL) database only: each person signs in


_SK = QKeySequence.StandardKey

COMMANDS: tuple[Command, ...] = (
    Command("act_new_member", "New &member inquiry…", "actionNewMember",
            "commands.open_member_intake", "Ctrl+M", "action-new-member",
            "Take in an MCO escalation from member services",
            allowed=(Action.CREATE_INQUIRY,)),
    Command("act_new_provider", "New &provider inquiry…", "actionNewProvider",
            "commands.open_provider_intake", "Ctrl+P", "action-new-provider",
            "Take in an MCO escalation from provider services", allowed=(Action.CREATE_INQUIRY,)),
    Command("act_new_callback", "New &callback request…", "actionNewCallback",
            "commands.open_callback_request", "Ctrl+B", "action-new-callback",
            "Request a supervisor callback for an IME escalated call",
            allowed=(Action.CREATE_CALLBACK_REQUEST,)),
    Command("act_new_email", "New from e-mai&l…", "actionNewEmail",
            "commands.open_email_intake", "Ctrl+Shift+T", "action-new-member",
            "Take in an e-mail inquiry: drop an Outlook message or an .eml on the form",
            allowed=(Action.LOG_EMAIL,)),
    Command("act_new_consideration", "New enrollment consi&deration…", "actionNewConsideration",
            "commands.open_consideration_intake", "Ctrl+Shift+C", "action-new-member",
            "Record a request to change an MCO enrollment outside the normal window (QC vets it)",
            allowed=(Action.CREATE_CONSIDERATION,)),
    Command("act_monitor_list", "Export the State Monitors' lis&t…", "actionMonitorList",
            "commands.export_monitor_list", None, None,
            "The true consideration cases, for the State Monitors to process in MMIS",
            allowed=(Action.VET_CONSIDERATION, Action.RECORD_MONITOR_RESULT)),
    Command("act_monitor_results", "Record the State Monitors' res&ults…",
            "actionMonitorResults", "commands.record_monitor_results", None, None,
            "Read the list the State Monitors filled in: each case processed or not, and why",
            allowed=(Action.RECORD_MONITOR_RESULT,)),
    Command("act_refresh", "&Refresh", "actionRefresh", "commands.refresh_now", _SK.Refresh,
            "action-refresh", "Reload the queues and the selected inquiry", fallback="F5"),
    Command("act_show_matches", "Show the &matches in other queues", "actionShowMatches",
            "loader.show_other_matches", "F3"),
    Command("act_find", "&Find…", "actionFind", "commands.focus_search", _SK.Find, "action-find",
            "Search by reference, name, state ID, NPI, phone or e-mail"),
    Command("act_clear", "C&lear search and filters", "actionClearFilters", "filters.clear",
            "Ctrl+Shift+X"),
    Command("act_go_to", "&Go to reference…", "actionGoTo", "commands.go_to_reference",
            "Ctrl+G", None, "Open an inquiry by its reference number"),
    Command("act_search_all", "Search &all inquiries…", "actionSearchAll",
            "commands.open_search_all", "Ctrl+Shift+F", None,
            "Every inquiry, open and resolved, by reference, name, ID, phone or words"),
    Command("act_person", "This &person's inquiries…", "actionPerson",
            "commands.open_person_of_current", "Ctrl+Shift+H", None,
            "Every inquiry of the shown member (state ID) or provider (NPI)"),
    Command("act_link", "Lin&k a related inquiry…", "actionLinkRelated",
            "commands.link_related", "Ctrl+Shift+J", None,
            "Link the shown inquiry to another about the same issue",
            allowed=(Action.ADD_NOTE,)),
    Command("act_bulk_assign", "&Reassign the selected…", "actionBulkAssign",
            "commands.bulk_reassign", None, None,
            "Hand every selected inquiry to someone (each gets its own timeline entry)",
            allowed=(Action.ASSIGN,)),
    Command("act_bulk_priority", "Change pr&iority of the selected…", "actionBulkPriority",
            "commands.bulk_priority", None, None, "A new priority for every selected inquiry",
            allowed=(Action.CHANGE_PRIORITY,)),
    Command("act_bulk_note", "Add a &note to the selected…", "actionBulkNote",
            "commands.bulk_note", None, None, "The same note in every selected inquiry",
            allowed=(Action.ADD_NOTE,)),
    Command("act_inbox", "I&nbox", "actionInbox", "commands.open_inbox", "Ctrl+Shift+I", None,
            "Warnings, breaches and hand-offs for you"),
    # Bringing the legacy log in is an administrator's (or a manager's) job.
    Command("act_import", "&Import from Excel…", "actionImport", "commands.open_import", None,
            "action-import", "Import the legacy MCO Inquiry Log workbook",
            allowed=(Action.ADMINISTER, Action.EXPORT)),
    Command("act_export", "&Export to Excel…", "actionExport", "commands.open_export", "Ctrl+E",
            "action-export", "Export the log (or the selected queue) to an Excel workbook",
            allowed=(Action.EXPORT,)),
    Command("act_reports", "&Dashboard and compliance…", "actionReports", "commands.open_reports",
            "Ctrl+Shift+M", None,
            "Open work by track, MCO and assignee; compliance with each standard",
            allowed=(Action.VIEW_REPORTS,)),
    Command("act_qc", "&QC audits…", "actionQcAudits", "commands.open_qc", "Ctrl+Shift+Q", None,
            "Draw and score a random sample of resolved inquiries (quality control)",
            allowed=(Action.QC_AUDIT,)),
    Command("act_daily", "Export the d&aily report…", "actionDailyReport",
            "commands.export_daily_report", None, None,
            "The morning report: open work by assignee, completed, due today",
            allowed=(Action.VIEW_REPORTS,)),
    Command("act_packet", "Compliance &packet…", "actionPacket", "commands.open_packet", None,
            None, "One PDF and workbook for a period to hand to the state or an MCO",
            allowed=(Action.VIEW_AUDIT,)),
    Command("act_admin", "&Administration…", "actionAdmin", "commands.open_admin", None, None,
            "Users and roles, MCOs, the business calendar, response-time policies",
            allowed=(Action.ADMINISTER,)),
    Command("act_away", "A&way and cover…", "actionAway", "commands.open_away", None, None,
            "Mark yourself away with someone covering: your new hand-offs and alerts go to them",
            allowed=(Action.ASSIGN, Action.APPROVE_CALLBACK, Action.LOG_CONTACT)),
    Command("act_settings", "&Settings…", "actionSettings", "commands.open_settings",
            _SK.Preferences, fallback="Ctrl+,"),
    Command("act_sign_out", "Sign &out…", "actionSignOut", "commands.sign_out", None, None,
            "Close the window so someone else can sign in (a remembered password is forgotten)",
            team_only=True),
    Command("act_quit", "&Quit", "actionQuit", "close", _SK.Quit, fallback="Ctrl+Q"),
    Command("act_detail_below", "Inquiry &below the queue", "actionDetailBelow",
            "commands.toggle_detail_below", "Ctrl+Shift+B", checkable=True),
    Command("act_focus_queues", "Go to the queue &list", "actionFocusQueues",
            "queue_list.setFocus", "Ctrl+0"),
    Command("act_focus_table", "Go to the &table", "actionFocusTable", "table.setFocus",
            "Ctrl+T"),
    Command("act_focus_detail", "Go to the &inquiry", "actionFocusDetail",
            "detail_pane.setFocus", "Ctrl+I"),
    Command("act_shortcuts", "&Keyboard shortcuts", "actionShortcuts",
            "commands.show_shortcuts", "F1"),
    Command("act_logs", "Open the &log folder", "actionLogs", "commands.open_log_folder"),
    Command("act_about", "&About Liaison Desk", "actionAbout", "commands.show_about"),
)  # fmt: skip

# Menus: (title, objectName, entries); "-" is a separator, "queues" the queue submenu and
# "columns" the column submenu. A menu whose commands are all hidden is left out.
MENUS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("&File", "fileMenu", ("act_new_member", "act_new_provider", "act_new_callback",
                           "act_new_email", "act_new_consideration", "-",
                           "act_monitor_list", "act_monitor_results", "-",
                           "act_import", "act_export", "-", "act_away", "act_admin",
                           "act_settings", "-", "act_sign_out", "act_quit")),
    ("&Edit", "editMenu", ("act_find", "act_show_matches", "act_clear", "-", "act_search_all",
                           "act_go_to", "act_person", "act_link", "-", "act_bulk_assign",
                           "act_bulk_priority", "act_bulk_note")),
    ("&View", "viewMenu", ("act_inbox", "act_refresh", "-", "queues", "columns",
                           "act_detail_below", "-", "act_focus_queues", "act_focus_table",
                           "act_focus_detail")),
    ("&Reports", "reportsMenu", ("act_reports", "act_qc", "-", "act_packet", "act_daily")),
)  # fmt: skip
HELP_MENU = ("&Help", "helpMenu", ("act_shortcuts", "act_logs", "-", "act_about"))
TOOLBAR = ("act_new_member", "act_new_provider", "act_new_callback", "-", "act_refresh")


def make_action(
    window: MainWindow, text: str, name: str, slot: Any, keys: Keys = None, icon_name: str = "",
    tip: str = "",
) -> QAction:  # fmt: skip
    action = QAction(text, window)
    action.setObjectName(name)
    if icon_name:
        action.setIcon(icon(icon_name))
        window.icon_actions.append((action, icon_name))
    if keys:
        action.setShortcut(QKeySequence(keys))
    plain = text.replace("&", "").rstrip("…")
    shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or plain} ({shown})" if shown else tip or plain)
    action.setStatusTip(tip or plain)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work wherever the focus is
    return action


def _slot(window: MainWindow, path: str) -> Any:
    target: Any = window
    for part in path.split("."):
        target = getattr(target, part)
    return target


def build_actions(window: MainWindow) -> None:
    role = window.app_ctx.actor.role
    for c in COMMANDS:
        action = make_action(
            window, c.text, c.name, _slot(window, c.slot), c.keys, c.icon or "", c.tip
        )
        if c.fallback and action.shortcut().isEmpty():
            action.setShortcut(QKeySequence(c.fallback))
        hidden = c.team_only and not window.app_ctx.db.is_postgres
        if hidden or (c.allowed and not any(can(role, a) for a in c.allowed)):
            action.setVisible(False)
            action.setEnabled(False)
        action.setCheckable(c.checkable)
        setattr(window, c.attr, action)
    window.queue_actions = [
        make_action(window, q.label, f"actionQueue_{q.key}",
                    partial(window.queue_list.choose, q.key), f"Ctrl+{i + 1}")
        for i, q in enumerate(window.queues[:9])
    ]  # fmt: skip


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    for title, name, entries in MENUS:
        if not any(e.startswith("act_") and getattr(window, e).isVisible() for e in entries):
            continue
        menu = bar.addMenu(title)
        menu.setObjectName(name)
        _fill(window, menu, entries)
    window.inquiry_menu = bar.addMenu("&Inquiry")  # the working actions join it (plug-ins)
    window.inquiry_menu.setObjectName("inquiryMenu")
    placeholder = window.inquiry_menu.addAction("Select an inquiry to work it")
    placeholder.setEnabled(False)
    window.inquiry_placeholder = placeholder
    title, name, entries = HELP_MENU
    help_menu = bar.addMenu(title)
    help_menu.setObjectName(name)
    _fill(window, help_menu, entries)
    header = window.table.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda pos: window.columns_menu.exec(header.mapToGlobal(pos))
    )


def _fill(window: MainWindow, menu: QMenu, entries: tuple[str, ...]) -> None:
    for entry in entries:
        if entry == "-":
            menu.addSeparator()
        elif entry == "queues":
            menu.addMenu("&Queue").addActions(window.queue_actions)
        elif entry == "columns":
            window.columns_menu = menu.addMenu("&Columns")
            window.columns_menu.setObjectName("columnsMenu")
            window.column_actions = []
            header = window.table.horizontalHeader()
            for col, name in enumerate(HEADERS):
                act = QAction(name, window)
                act.setCheckable(True)
                act.setChecked(not header.isSectionHidden(col))
                act.toggled.connect(lambda on, c=col: window.table.setColumnHidden(c, not on))
                window.columns_menu.addAction(act)
                window.column_actions.append(act)
        else:
            menu.addAction(getattr(window, entry))


def build_toolbar(window: MainWindow) -> QToolBar:
    bar = QToolBar("Main toolbar")
    bar.setObjectName("mainToolBar")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for entry in TOOLBAR:
        if entry == "-":
            bar.addSeparator()
        else:
            bar.addAction(getattr(window, entry))
    window.toolbar_actions_separator = bar.addSeparator()
    window.toolbar_actions_separator.setVisible(False)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
