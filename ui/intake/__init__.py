"""The intake forms (SPEC §4): member inquiry, provider inquiry, CSR callback request,
e-mail inquiry (issue 14: a dropped Outlook message or .eml fills it) and enrollment
consideration case (seed 003).

Each is a QDialog (``MemberIntakeDialog``, ``ProviderIntakeDialog``, ``CallbackRequestDialog``,
all ``(app_ctx, parent=None)``) with ``saved = Signal(int)`` emitting the new inquiry's id.
After saving, the dialog turns into a page with the reference number and the
acknowledgement text to copy ("New inquiry" starts a blank one, "Close" accepts).

Built in code, not Designer: the rows depend on the database (sources, MCOs, the policies
behind the deadline preview) and share behaviour (validation, autosave) that a .ui file
could not carry. The parts:

* ``base.IntakeDialog`` — layout (header, scrolling sections with one aligned label column,
  footer with the Save status), reference lists, Save enabled only when valid (Ctrl+Enter),
  saving on the thread pool (an operation of ``ui.ops``), service errors shown next to their
  fields, the saved page, Cancel asking before discarding, drafts offered back.
* ``common`` — field widgets: labels with buddy, mnemonic and required asterisk (and
  "required" in the accessible description), line edits checked as typed (NPI check digit,
  state ID, phone; a clear mistake is said at once, an unfinished entry when the person
  leaves the field), the phone field that formats on focus-out, banners with an icon,
  the received time (wall-clock time of the business calendar, never later than now) and
  the live deadline preview.
* ``deadlines`` — the preview's arithmetic: the enabled policies and
  ``liaison_desk.policies.compute_times``, the same code that starts the stored milestones.
* ``autosave`` — one JSON draft per open form in ``liaison_desk.paths.autosave_dir()``,
  written by a throttled, named ``autosaveTimer``; drafts of forms that are no longer open
  (a crash, a lost connection) are offered back by the next form of the same kind.
* ``saved`` — the "Saved — reference 261123-0007" page.

Screenshots: ``docs/screenshots/intake-*.png``, made by ``docs/screenshots/intake_shots.py``.
"""

from ui.intake.callback import CallbackRequestDialog
from ui.intake.consideration import ConsiderationIntakeDialog
from ui.intake.email import EmailIntakeDialog
from ui.intake.member import MemberIntakeDialog
from ui.intake.provider import ProviderIntakeDialog

__all__ = [
    "CallbackRequestDialog",
    "ConsiderationIntakeDialog",
    "EmailIntakeDialog",
    "MemberIntakeDialog",
    "ProviderIntakeDialog",
]
