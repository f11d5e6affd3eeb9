"""Who may do what (pure table; the services' enforcement is tested with each service)."""

from __future__ import annotations

import pytest

from liaison_desk.domain import Role
from liaison_desk.errors import PermissionDenied
from liaison_desk.services.context import Actor
from liaison_desk.services.permissions import (
    Action,
    allowed_actions,
    can,
    can_view_inquiry,
    describe_roles,
    require,
    roles_allowed,
)

# Actions that change something; a manager may do none of them.
MUTATING = {
    Action.CREATE_INQUIRY,
    Action.CREATE_CALLBACK_REQUEST,
    Action.RESUBMIT_CALLBACK,
    Action.ADD_NOTE,
    Action.EDIT_DETAILS,
    Action.LOG_CONTACT,
    Action.REFER_TO_MCO,
    Action.RECORD_MCO_UPDATE,
    Action.LOG_FOLLOW_UP,
    Action.ASSIGN,
    Action.RECORD_DECISION,
    Action.CHANGE_PRIORITY,
    Action.RESOLVE,
    Action.REOPEN,
    Action.APPROVE_CALLBACK,
    Action.RECORD_CALLBACK_ATTEMPT,
    Action.WRITE_LETTER,
    Action.COMPLETE_CALLBACK,
    Action.ADMINISTER,
    Action.LOG_EMAIL,
    Action.ASSIGN_EMAIL,
    Action.CREATE_CONSIDERATION,
    Action.VET_CONSIDERATION,
    Action.RECORD_MONITOR_RESULT,
    Action.RECORD_OUTREACH,
}


def test_every_action_is_either_mutating_or_read_only() -> None:
    read_only = set(Action) - MUTATING
    assert read_only == {
        Action.VIEW_ALL,
        Action.VIEW_LETTER,
        Action.EXPORT,
        Action.VIEW_REPORTS,
        Action.QC_AUDIT,
        Action.VIEW_ACCESS_LOG,
        Action.VIEW_CONSIDERATIONS,
        Action.VIEW_AUDIT,
    }


def test_csr_only_requests_callbacks_and_sees_their_own() -> None:
    assert allowed_actions(Role.CSR) == {
        Action.CREATE_CALLBACK_REQUEST,
        Action.RESUBMIT_CALLBACK,
        Action.ADD_NOTE,
        Action.EDIT_DETAILS,  # their own requests, until approved (the service checks)
        Action.VIEW_LETTER,
        Action.CREATE_CONSIDERATION,  # seed 003: the CSR records the case
    }
    assert not can(Role.CSR, Action.VIEW_ALL)
    csr = Actor("csr1", Role.CSR, user_id=7)
    assert can_view_inquiry(csr, 7)
    assert not can_view_inquiry(csr, 8)
    assert not can_view_inquiry(csr, None)
    assert not can_view_inquiry(Actor("anon", Role.CSR), None)


def test_manager_reads_and_exports_and_changes_only_email_intake() -> None:
    """Seed 004: the account manager logs each e-mail and assigns it; works nothing else."""
    manager = allowed_actions(Role.MANAGER)
    assert Action.EXPORT in manager and Action.VIEW_ALL in manager
    assert manager & MUTATING == {Action.LOG_EMAIL, Action.ASSIGN_EMAIL}
    assert can_view_inquiry(Actor("m", Role.MANAGER, user_id=1), 99)


def test_liaison_works_mco_escalations_but_not_callbacks() -> None:
    for action in (
        Action.CREATE_INQUIRY,
        Action.LOG_CONTACT,
        Action.REFER_TO_MCO,
        Action.RECORD_MCO_UPDATE,
        Action.LOG_FOLLOW_UP,
        Action.ASSIGN,
        Action.RECORD_DECISION,
        Action.CHANGE_PRIORITY,
        Action.RESOLVE,
        Action.REOPEN,
        Action.WRITE_LETTER,
    ):
        assert can(Role.LIAISON, action), action
    for action in (
        Action.APPROVE_CALLBACK,
        Action.RECORD_CALLBACK_ATTEMPT,
        Action.COMPLETE_CALLBACK,
        Action.ADMINISTER,
        Action.EXPORT,
    ):
        assert not can(Role.LIAISON, action), action


def test_msa_works_escalations_and_callbacks_but_does_not_set_priority_or_approve() -> None:
    assert can(Role.MSA_ESR, Action.RECORD_CALLBACK_ATTEMPT)
    assert can(Role.MSA_ESR, Action.COMPLETE_CALLBACK)
    assert can(Role.MSA_ESR, Action.RECORD_DECISION)
    assert not can(Role.MSA_ESR, Action.CHANGE_PRIORITY)
    assert not can(Role.MSA_ESR, Action.APPROVE_CALLBACK)


def test_unit_lead_approves_and_covers_everyone_who_works_inquiries() -> None:
    lead = allowed_actions(Role.UNIT_LEAD)
    assert Action.APPROVE_CALLBACK in lead
    assert allowed_actions(Role.LIAISON) <= lead | {Action.CREATE_INQUIRY}
    assert allowed_actions(Role.MSA_ESR) <= lead
    assert Action.ADMINISTER not in lead


def test_admin_may_do_everything() -> None:
    assert allowed_actions(Role.ADMIN) == frozenset(Action)
    assert roles_allowed(Action.ADMINISTER) == [Role.ADMIN]


@pytest.mark.parametrize("role", ["", "supervisor", "ADMIN "])
def test_unknown_roles_may_do_nothing(role: str) -> None:
    assert allowed_actions(role) == frozenset()
    assert not can(role, Action.VIEW_ALL)


def test_unknown_actions_are_refused() -> None:
    assert not can(Role.ADMIN, "launch_rockets")


def test_strings_work_as_well_as_enums() -> None:
    assert can("unit_lead", "approve_callback")
    assert not can("liaison", "approve_callback")


def test_require_explains_the_refusal_in_plain_words() -> None:
    with pytest.raises(PermissionDenied, match="Managers cannot resolve"):
        require(Actor("m", Role.MANAGER), Action.RESOLVE)
    with pytest.raises(PermissionDenied, match="Liaisons cannot approve or send back"):
        require(Actor("l", Role.LIAISON), Action.LOG_CONTACT, Action.APPROVE_CALLBACK)
    require(Actor("u", Role.UNIT_LEAD), Action.LOG_CONTACT, Action.APPROVE_CALLBACK)


def test_roles_allowed_reads_well_in_a_tooltip() -> None:
    roles = roles_allowed(Action.APPROVE_CALLBACK)
    assert roles == [Role.UNIT_LEAD, Role.ADMIN]
    assert describe_roles(roles) == "Unit Lead and Admin"
    assert describe_roles(roles_allowed(Action.CHANGE_PRIORITY)) == "Liaison, Unit Lead and Admin"


def test_qc_reviewers_and_state_monitors_take_their_step_of_consideration_cases_only() -> None:
    qc, monitor = allowed_actions(Role.QC_REVIEWER), allowed_actions(Role.STATE_MONITOR)
    assert Action.VET_CONSIDERATION in qc and Action.RECORD_MONITOR_RESULT not in qc
    assert Action.RECORD_MONITOR_RESULT in monitor and Action.VET_CONSIDERATION not in monitor
    for role in (Role.QC_REVIEWER, Role.STATE_MONITOR):
        who = Actor("x", role, user_id=3)
        assert not can(role, Action.VIEW_ALL)
        assert not {Action.RESOLVE, Action.ASSIGN, Action.LOG_CONTACT} & allowed_actions(role)
        assert can_view_inquiry(who, 9, "consideration")
        assert not can_view_inquiry(who, 3, "mco_member")  # not even one they made
    assert can(Role.UNIT_LEAD, Action.RECORD_OUTREACH)  # the supervisor's outreach
    assert not can(Role.LIAISON, Action.RECORD_OUTREACH)
