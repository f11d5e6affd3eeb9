"""Starting the desktop app: logging, the database (upgraded if it is new or old), the
person at the desk, and the main window.

``run_app(db_url, demo)`` is what ``liaison-desk`` runs without a command. It never adds
demo data unless asked (``--demo``), and then only to a database without inquiries.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
import time
from typing import Any

from liaison_desk.errors import BadDatabaseUrl, DomainError
from liaison_desk.logs import setup_logging
from liaison_desk.paths import keep_private

log = logging.getLogger("liaison_desk.ui.app")

# Benchmarks and smoke tests: print "READY <epoch seconds>" once the queue is on screen, then
# quit (benchmarks/startup.py measures process start → filled queue this way).
EXIT_WHEN_READY = "LIAISON_DESK_EXIT_WHEN_READY"

_QT_LEVELS = {
    "QtDebugMsg": logging.DEBUG,
    "QtInfoMsg": logging.INFO,
    "QtWarningMsg": logging.WARNING,
    "QtCriticalMsg": logging.ERROR,
    "QtFatalMsg": logging.CRITICAL,
}


def _route_qt_messages() -> None:
    """Qt's own warnings go to the log file instead of a console nobody reads."""
    from ui.qt import qInstallMessageHandler

    qt_log = logging.getLogger("liaison_desk.qt")

    qInstallMessageHandler(_qt_message_handler(qt_log))


def _qt_message_handler(qt_log: logging.Logger) -> Any:
    def handler(mode: Any, context: Any, message: str) -> None:
        level = _QT_LEVELS.get(getattr(mode, "name", str(mode)), logging.INFO)
        where = f" ({context.file}:{context.line})" if getattr(context, "file", None) else ""
        qt_log.log(level, "%s%s", message, where)
        if level >= logging.CRITICAL:
            # Qt aborts right after a fatal message: say it where the person can see it.
            print(f"Liaison Desk cannot continue: {message}", file=sys.stderr, flush=True)

    return handler


# Qt 6.5+ needs this library for its X11 platform plugin; without it Qt aborts before any
# window or message box can say why.
_XCB_CURSOR = "libxcb-cursor.so.0"


def missing_display_library(platform: str | None = None, loadable: Any = None) -> str | None:
    """The reason in words, and the fix, when the window cannot open on this Linux desktop."""
    if not sys.platform.startswith("linux"):
        return None
    wanted = (os.environ.get("QT_QPA_PLATFORM", "") if platform is None else platform).strip()
    if wanted and not wanted.startswith("xcb"):
        return None  # offscreen, wayland, …: the X11 plugin is not used
    if wanted == "" and os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return None
    if (loadable or _loadable)(_XCB_CURSOR):
        return None
    return (
        "Liaison Desk cannot open its window: the system library libxcb-cursor0 is missing.\n"
        "Install it and start again:\n"
        "  Debian, Ubuntu:  sudo apt install libxcb-cursor0\n"
        "  Fedora, RHEL:    sudo dnf install xcb-util-cursor\n"
        "  openSUSE:        sudo zypper install libxcb-cursor0"
    )


def _loadable(name: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def run_app(db_url: str | None, demo: bool) -> int:
    started = time.perf_counter()
    keep_private()
    setup_logging()
    problem = missing_display_library()
    if problem is not None:
        log.error("display library missing: %s", _XCB_CURSOR)
        print(problem, file=sys.stderr, flush=True)
        return 1
    _route_qt_messages()
    log.info("starting (db=%s, demo=%s)", "given" if db_url else "default", demo)

    from ui.qt import QApplication, QGuiApplication, Qt

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    from ui import settings as cfg

    app.setOrganizationName(cfg.ORGANIZATION)
    app.setApplicationName(cfg.APPLICATION)
    app.setApplicationDisplayName("Liaison Desk")
    app.setDesktopFileName("liaison-desk")

    from ui.main_window import MainWindow

    signed_out = False
    while True:
        ctx = open_context(db_url, demo, signed_out=signed_out)
        if ctx is None:
            return 0 if signed_out else 1
        window = MainWindow(ctx, start=False)
        if os.environ.get(EXIT_WHEN_READY):
            window.firstQueueShown.connect(_ready_then_quit(app, window, started))
        window.start()  # the first load runs while the window is laid out and painted
        window.show()
        code = app.exec()
        ctx.db.dispose()
        if not window.signed_out:
            return int(code)
        # File → Sign out: the window is closed; the next person signs in.
        signed_out, demo = True, False


def _ready_then_quit(app: Any, window: Any, started: float) -> Any:
    def ready() -> None:
        window.repaint()  # the filled queue really painted, not just queued to paint
        print(f"READY {time.time():.3f}", flush=True)
        log.info("ready in %.2f s after run_app", time.perf_counter() - started)
        window.close()
        app.quit()

    return ready


def _is_postgres(url: str) -> bool:
    return url.strip().lower().startswith(("postgresql", "postgres:"))


def open_context(db_url: str | None, demo: bool, *, signed_out: bool = False) -> Any:
    """Connect, upgrade, add demo data if asked, and find the person; None if they gave up.

    A database that cannot be reached, or an address that is not one, is explained in a
    dialog offering to try again or to change the address in the settings.
    """
    from liaison_desk.db.engine import ENV_VAR, Database, resolve_url
    from liaison_desk.presets import load_presets
    from liaison_desk.services.startup import open_workstation
    from ui import settings as cfg
    from ui.context import AppContext
    from ui.qt import QMessageBox

    while True:
        presets = load_presets()  # IT's machine-wide file: its database, if it set one
        url = resolve_url(db_url, presets.choose_database(cfg.DATABASE_URL.get() or None))
        if _is_postgres(url):
            from ui.signin import CHOOSE_AGAIN, sign_in_at_start

            # The address came from the settings or IT (not --db or the environment): what
            # IT locked is shown locked, and what the person may change is kept as theirs.
            from_settings = not db_url and not os.environ.get(ENV_VAR)
            locked = presets.locked_database_fields() if from_settings else frozenset()
            chosen = sign_in_at_start(url, demo, store=from_settings and not locked,
                                      signed_out=signed_out, locked=locked,
                                      other_database=from_settings and not locked)  # fmt: skip
            if chosen == CHOOSE_AGAIN:  # they chose another database in the settings
                signed_out = False
                continue
            return chosen
        try:
            db = Database(url)
            actor, calendar = open_workstation(db, getpass.getuser(), demo=demo)
            return AppContext(db=db, actor=actor, calendar=calendar)
        except BadDatabaseUrl as exc:
            if db_url:
                raise  # the CLI prints it and exits 2
            choice = _problem_dialog("The database address is not valid.", str(exc))
        except DomainError as exc:
            choice = _problem_dialog("The database cannot be opened.", str(exc))
        except Exception as exc:  # driver errors the engine did not translate
            log.exception("opening the database failed")
            choice = _problem_dialog("The database cannot be opened.", _first_line(exc))
        if choice == QMessageBox.StandardButton.Retry:
            continue
        if choice == QMessageBox.StandardButton.Open:
            dialog = cfg.SettingsDialog()
            dialog.exec()
            db_url = None  # the settings address now counts (unless the environment wins)
            continue
        return None


def _problem_dialog(title: str, detail: str) -> Any:
    from ui.qt import QMessageBox

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Liaison Desk")
    box.setText(f"<b>{title}</b>")
    box.setInformativeText(
        f"{detail}\n\nCheck the network or VPN connection, or change the database address in "
        "the settings."
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Retry
        | QMessageBox.StandardButton.Open
        | QMessageBox.StandardButton.Close
    )
    box.button(QMessageBox.StandardButton.Open).setText("&Settings…")
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
