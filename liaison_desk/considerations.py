"""The vocabulary of an enrollment "consideration" case (seed 003): a request that an MCO
enrollment be changed outside the normal window, vetted by QC, processed by the State
Monitors or followed up by the supervisor's outreach."""

from __future__ import annotations

from enum import StrEnum


class ConsiderationKind(StrEnum):
    # Seed 003's first kind (named there after a project): the MCO ended its relationship
    # with the member's provider; the member may choose another PCP or MCO in a set window.
    PROVIDER_ENDED = "provider_ended"
    MCT_SPAN = "mct_span"  # enrolled in Medicaid, but no MCT span in MMIS to enrol them
    FOR_CAUSE = "for_cause"  # a valid For Cause reason that HBX will not process
    INCORRECT_SELECTION = "incorrect_selection"  # an MCO selection processed in error

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def request_label(self) -> str:
        """What the case asks for, in the words of the seed's CRM documentation."""
        return _REQUESTS[self]


_LABELS = {
    ConsiderationKind.PROVIDER_ENDED: "Provider relationship ended",
    ConsiderationKind.MCT_SPAN: "MCT span missing",
    ConsiderationKind.FOR_CAUSE: "For Cause reason not processing",
    ConsiderationKind.INCORRECT_SELECTION: "Incorrect MCO selection (exchange error)",
}
_REQUESTS = {
    ConsiderationKind.PROVIDER_ENDED: "New MCO or new provider",
    ConsiderationKind.MCT_SPAN: "Requested MCO",
    ConsiderationKind.FOR_CAUSE: "New MCO",
    ConsiderationKind.INCORRECT_SELECTION: "Correct MCO choice",
}
# MMIS screen 9's reasons a consumer may change MCO (seed 003).
FOR_CAUSE_REASONS = (
    "Homeless consumer",
    "Foster care consumer",
    "ARC",
    "New county",
    "Family unification",
)

QC_TRUE, QC_FALSE = "true", "false"
PROCESSED, NOT_PROCESSED = "processed", "not_processed"
REACHED, NOT_REACHED = "reached", "not_reached"
# The outcomes a case closes with (kept in the inquiry's outcome, as the taxonomy says them).
OUTCOME_CORRECTED = "Plan selection corrected"
OUTCOME_REACHED = "Outreach completed"
OUTCOME_MAX_ATTEMPTS = "Outreach max attempts"
# "They will be responsible for two (2) outreach attempts" (seed 003).
MAX_OUTREACH_ATTEMPTS = 2
