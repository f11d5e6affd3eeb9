"""Starting the app where Qt cannot: the reason and the fix on stderr, not a silent abort."""

from __future__ import annotations

import logging
import sys
from types import SimpleNamespace

import pytest

from ui import app


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an X11 library of Linux")
def test_a_missing_xcb_cursor_library_is_explained_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(app, "_loadable", lambda name: False)
    assert app.run_app(None, demo=False) == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor0 is missing" in err
    assert "sudo apt install libxcb-cursor0" in err


def test_the_check_stays_out_of_the_way() -> None:
    assert app.missing_display_library("offscreen", lambda name: False) is None
    assert app.missing_display_library("wayland", lambda name: False) is None
    if sys.platform.startswith("linux"):
        assert app.missing_display_library("xcb", lambda name: True) is None
        assert app.missing_display_library("xcb", lambda name: False) is not None


def test_a_fatal_qt_message_reaches_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    handler = app._qt_message_handler(logging.getLogger("test.qt"))
    handler(SimpleNamespace(name="QtFatalMsg"), SimpleNamespace(file=None), "no platform plugin")
    handler(SimpleNamespace(name="QtWarningMsg"), SimpleNamespace(file=None), "just a warning")
    err = capsys.readouterr().err
    assert "Liaison Desk cannot continue: no platform plugin" in err
    assert "just a warning" not in err


def test_unlocking_checks_the_password_with_the_server() -> None:
    from liaison_desk.db.engine import Database
    from liaison_desk.errors import DomainError
    from liaison_desk.services.workstation_lock import check_password

    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/nowhere")
    with pytest.raises(DomainError, match="Type your database password"):
        check_password(db, "")
    with pytest.raises(DomainError, match="cannot be reached"):
        check_password(db, "secret")
    db.dispose()
