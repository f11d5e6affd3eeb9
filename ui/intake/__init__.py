"""The intake forms (SPEC §4): member inquiry, provider inquiry and CSR callback request.

Each is a QDialog with ``saved = Signal(int)`` emitting the new inquiry's id; after saving it
turns into a page with the reference number and the acknowledgement text to copy.
"""

from ui.intake.callback import CallbackRequestDialog
from ui.intake.member import MemberIntakeDialog
from ui.intake.provider import ProviderIntakeDialog

__all__ = ["CallbackRequestDialog", "MemberIntakeDialog", "ProviderIntakeDialog"]
