"""Render the enrollment consideration screenshots (seed 003): the CSR's form filled in, and
QC's vetting of the saved case.

    .venv/bin/python docs/screenshots/consideration_shots.py     # consideration-*.png here
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from email_shots import wait  # noqa: E402
from intake_shots import ready, shoot, start  # noqa: E402

from liaison_desk.db.models import User  # noqa: E402
from liaison_desk.domain import Role  # noqa: E402
from liaison_desk.services.context import Actor  # noqa: E402
from ui.actions.consideration import VetDialog  # noqa: E402
from ui.intake import ConsiderationIntakeDialog  # noqa: E402


def main() -> None:
    _app, out, ctx = start("Render the enrollment consideration screenshots.")
    form = ConsiderationIntakeDialog(ctx)
    ready(form)
    form.kind.setCurrentIndex(form.kind.findData("provider_ended"))
    form.requested.setCurrentText("Wellpoint Iowa")
    (name1, id1), (name2, id2) = form.rows
    name1.set_text("Ana Lopez")
    id1.set_text("1234567A")
    name2.set_text("Luis Lopez")
    id2.set_text("7654321B")
    form.supervisor.setChecked(True)
    form.notes.set_text(
        "Their pediatrician left Iowa Total Care's network on 11/1; the family wants to follow "
        "her to Wellpoint. Letter of 10/15 received."
    )
    shoot(form, out / "consideration-intake.png")
    form.save()
    for _ in range(50):
        if form.saved_info is not None:
            break
        wait(100)
    assert form.saved_info is not None, "the case was not saved"
    with ctx.db.session() as s:
        user = User(login="qqc", display_name="Quinn QC", role=str(Role.QC_REVIEWER))
        s.add(user)
        s.flush()
        qc = Actor("qqc", Role.QC_REVIEWER, user_id=user.id, display_name="Quinn QC")
    vet = VetDialog(replace(ctx, actor=qc), form.saved_info.inquiry_id)
    vet.show()
    for _ in range(50):
        if vet.ready:
            break
        wait(100)
    vet.choice.set_value(True)
    vet.text.setPlainText("MMIS screen 9 shows the provider's termination on 11/1.")
    wait(200)
    vet.grab().save(str(out / "consideration-vetting.png"))
    print(out / "consideration-vetting.png")


if __name__ == "__main__":
    main()
