"""Text at the boundary: NUL and control characters never reach the database or break a
search; an unexpected error puts neither the SQL values nor what was typed into the log or
onto the screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.excel.cells import text_value
from liaison_desk.logs import LOG_FILE_NAME, describe_failure, setup_logging
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.queues import QueueFilter, QueueKey, load_queue
from liaison_desk.text_clean import clean
from tests.action_helpers import load, member_inquiry


def test_control_characters_are_dropped_line_breaks_kept() -> None:
    assert clean("Ana\x00 Ruiz\x07") == "Ana Ruiz"
    assert clean("line one\r\nline two\rthree\tfour") == "line one\nline two\nthree\tfour"
    # The workbook reader has decoded Excel's _x000D_ by now; the CR LF it gives is one break.
    assert text_value("Lives at 12 Elm\r\nAmes") == "Lives at 12 Elm\nAmes"


def test_a_nul_in_typed_text_is_saved_without_it(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx, member_name="Ma\x00ría Ló\x1bpez")
    assert load(db, inquiry_id).member_name == "María López"


def test_a_nul_in_the_search_box_finds_what_the_rest_says(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    maria = member_inquiry(db, ctx, member_name="María López")
    member_inquiry(db, ctx, member_name="Bob Olsen")
    with db.read_session() as s:
        for typed in ("maria\x00", "\x00maría"):
            page = load_queue(
                s, QueueKey.RESOLVED, actor=ctx.actor, now=clock.now(), filt=QueueFilter(text=typed)
            )
            assert page.rows == []  # none resolved; and no error from the database
            rows = load_queue(s, QueueKey.ALL_OPEN, actor=ctx.actor, now=clock.now()).rows
            assert [r.id for r in rows if QueueFilter(text=typed).matches(r)] == [maria]
        found = s.scalars(select(Inquiry.id)).all()
    assert len(found) == 2


def test_an_unexpected_error_is_logged_by_kind_and_place_only(tmp_path: Path) -> None:
    try:
        raise RuntimeError("INSERT … ('María López', '1234567A', '+15155550142')")
    except RuntimeError as exc:
        text = describe_failure(exc)
    assert text.startswith("RuntimeError at test_text_boundary.py:")
    assert "María" not in text and "1234567A" not in text


@pytest.mark.usefixtures("qtbot")
def test_a_scripted_session_leaves_no_typed_data_in_the_log(
    qtbot, sqlite_db: Database, clock: ManualClock, calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison_desk.domain import Role
    from tests.conftest import make_user
    from ui.context import AppContext
    from ui.intake import MemberIntakeDialog
    from ui.intake.base import IntakeDialog

    monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)
    path = setup_logging()
    actor = make_user(sqlite_db, "lee", Role.LIAISON, "Lee Liaison")
    app = AppContext(db=sqlite_db, actor=actor, clock=clock, calendar=calendar)
    dialog = MemberIntakeDialog(app)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.lists_ready, timeout=5000)
    dialog.source.setCurrentIndex(0)
    dialog.member_name.set_text("Zoë Quartermaine")
    dialog.state_id.set_text("7654321Q")
    dialog.caller_name.set_text("Zoë Quartermaine")
    dialog.caller_phone.set_text("(641) 555-0199")
    dialog.enrolled_yes.setChecked(True)
    dialog.mco.setCurrentIndex(0)
    dialog.high.setChecked(True)
    dialog.description.set_text("Wheelchair repair\x00 denied; lives at 77 Quarry Road.")

    def boom(*_a: object) -> object:
        raise RuntimeError("INSERT … ('Zoë Quartermaine', '7654321Q', '77 Quarry Road')")

    monkeypatch.setattr(dialog, "service", lambda: boom)
    dialog.save()
    qtbot.waitUntil(dialog.error_banner.isVisible, timeout=5000)
    shown = dialog.error_banner.text.text()
    assert "unexpected error" in shown
    for handler in logging.getLogger("liaison_desk").handlers:
        handler.flush()
    logged = (path.parent / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "saving an intake form failed: RuntimeError" in logged
    for typed in ("Zoë", "Quartermaine", "7654321Q", "555-0199", "5550199", "Quarry"):
        assert typed not in logged
        assert typed not in shown
