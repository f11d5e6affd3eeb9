"""The response-time clocks of an inquiry: milestones started, met, replaced and closed.

Rules (where the spec and the seeds are silent, these are the decisions):

* **Start.** At intake every enabled policy with ``starts_on == "received"`` for the
  inquiry's track and priority (track ``*`` and priority None match any) starts a milestone
  at the deemed receipt (``calendar.next_open(received_at)``). A referral entry starts the
  ``"referral"`` policies from the entry's ``at``. The policy's numbers and words are copied
  into ``policy_snapshot``; a later policy edit never moves an existing milestone.
* **Met.** A timeline entry meets every open milestone whose ``met_by`` tokens it matches
  (see :mod:`liaison_desk.policies`) provided it did not happen before the milestone's clock
  could start (``calendar.next_open(entry.at) >= started_at``; a Saturday contact meets a
  clock deemed started on Monday). ``met_at`` is when it happened (``entry.at``), which may be
  earlier than when it was recorded. A newly started milestone also looks back over the
  timeline, so entries recorded out of order (imports, back-dated updates) still count.
* **Re-referral.** A referral while an MCO clock of the same policy is still running does not
  restart it: the original deadline stands (a new referral does not buy time). Once the
  previous MCO clock is met or closed, a new referral starts a new one.
* **Missed MCO contact.** :func:`raise_follow_ups` gives each open, overdue milestone whose
  policy has ``follow_up_on_miss`` one *follow-up with MCO* milestone (policy
  ``starts_on == "missed"``), started at the missed due time, so with the default "0
  business days" it is due at the close of the next business day when the miss was at
  closing time. The missed milestone stays open (an MCO update saying contact was made still
  meets it, late). Follow-ups exist only once raised: the client calls
  :func:`raise_follow_ups` on refresh, the compliance report calls it before counting.
* **Priority change.** Open milestones of priority-specific policies are closed as
  "superseded" and the new priority's milestones of the same kind start from the original
  start (receipt or referral), then look back over the timeline. Met milestones stay: a
  contact made under High was made. Superseded milestones leave the compliance counts.
* **Resolution.** :func:`close_open_milestones`: an open milestone met by ``resolution`` is
  met at the resolution time; one already past due is closed "breached" (it stays a breach in
  compliance, shown as "not met"); one not yet due is "cancelled" (no longer applies, left
  out of compliance).
* **Reopen.** :func:`reopen_milestones` puts back "breached" milestones (they can still be
  met, late) and "cancelled" ones that are not yet due; a cancelled one whose due time passed
  while the inquiry was resolved stays cancelled.

:mod:`.rules` starts, meets, closes and reopens the clocks; :mod:`.plans` works them out
again when the priority or the details change; :mod:`.follow_ups` raises the follow-up with
the MCO when its contact was missed.
"""

from .follow_ups import follow_ups_not_raised, raise_follow_ups, raise_follow_ups_where_allowed
from .plans import PlannedClock, change_priority, describe_replan, priority_plan, replan
from .rules import (
    FOLLOWS,
    STARTS_MISSED,
    STARTS_RECEIVED,
    STARTS_REFERRAL,
    apply_entry,
    close_open_milestones,
    enabled_policies,
    log,
    recompute_next_due,
    reopen_milestones,
    start_milestones,
)

__all__ = [
    "FOLLOWS",
    "STARTS_MISSED",
    "STARTS_RECEIVED",
    "STARTS_REFERRAL",
    "PlannedClock",
    "apply_entry",
    "change_priority",
    "close_open_milestones",
    "describe_replan",
    "enabled_policies",
    "follow_ups_not_raised",
    "log",
    "priority_plan",
    "raise_follow_ups",
    "raise_follow_ups_where_allowed",
    "recompute_next_due",
    "reopen_milestones",
    "replan",
    "start_milestones",
]
