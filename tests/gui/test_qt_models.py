"""Every Qt model of the client passes Qt's own model checks (pytest-qt's qtmodeltester), with
data in it and after it changes."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import Role
from liaison_desk.excel.importer import ERROR, NOTE, Problem
from liaison_desk.services.queues import QueueKey, queues_for
from ui.import_problems import ProblemsModel
from ui.queue_list import QueueListModel


def test_the_queue_list_model(qapp: Any, qtmodeltester: Any) -> None:
    model = QueueListModel(queues_for(Role.LIAISON))
    qtmodeltester.check(model)
    model.set_counts({QueueKey.MY_WORK: 3, QueueKey.ALL_OPEN: 12, QueueKey.RESOLVED: 0})
    qtmodeltester.check(model)


def test_the_import_problems_model(qapp: Any, qtmodeltester: Any) -> None:
    model = ProblemsModel()
    qtmodeltester.check(model)
    model.set_problems(
        [
            Problem("Member", 9, "State ID", "“1234567” is a number", ERROR),
            Problem("Member", 11, None, "a totals row, not an inquiry; skipped", NOTE),
            Problem("", None, None, "holds macros; they are ignored (never run)", NOTE),
        ],
        ["Member"],
    )
    qtmodeltester.check(model)
    model.set_show_notes(False)
    qtmodeltester.check(model)
