"""Policies as data: the default standards of SPEC section 3, deadline arithmetic, met_by
tokens, and the admin's edits (which never move an existing milestone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry, Inquiry, Milestone, Policy
from liaison_desk.domain import Priority, Role
from liaison_desk.errors import ConflictError, PermissionDenied, ValidationError
from liaison_desk.policies import (
    PolicySpec,
    compute_times,
    describe_amount,
    entry_meets,
    token_matches,
    validate_token,
)
from liaison_desk.services import policy_admin
from liaison_desk.services.context import Actor, ServiceContext
from liaison_desk.services.intake import MemberIntake, create_member_inquiry
from liaison_desk.services.reference_data import default_policy_rows
from tests.conftest import CHICAGO, make_user


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


@dataclass
class Entry:
    kind: str
    party: str | None = None
    channel: str | None = None
    outcome: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


def defaults() -> dict[str, PolicySpec]:
    return {row["key"]: PolicySpec.from_dict(row) for row in default_policy_rows()}


# ------------------------------------------------------------------ the default file


def test_default_file_holds_the_spec_table() -> None:
    got = {
        (s.track, s.priority, s.milestone): (
            s.starts_on,
            (s.warn_amount, s.warn_unit),
            (s.due_amount, s.due_unit),
            s.follow_up_on_miss,
        )
        for s in defaults().values()
        if s.enabled
    }
    h, d = "business_hours", "business_days"
    assert got == {
        ("mco_member", "high", "contact_originator"): ("received", (2, h), (4, h), False),
        ("mco_member", "high", "mco_contact"): ("referral", (None, None), (0, d), True),
        ("mco_member", "escalated", "contact_originator"): (
            "received",
            (None, None),
            (1, d),
            False,
        ),
        ("mco_member", "escalated", "mco_contact"): ("referral", (None, None), (1, d), True),
        ("mco_provider", "high", "contact_originator"): ("received", (1, d), (2, d), False),
        ("mco_provider", "high", "mco_contact"): ("referral", (1, d), (2, d), True),
        ("mco_provider", "escalated", "contact_originator"): ("received", (3, d), (4, d), False),
        ("mco_provider", "escalated", "mco_contact"): ("referral", (3, d), (5, d), True),
        ("ime_callback", None, "callback"): ("received", (None, None), (2, d), False),
        ("*", None, "follow_up_mco"): ("missed", (None, None), (0, d), False),
        ("email", None, "email_first_response"): ("received", (None, None), (1, d), False),
        # seed 000's three resolution standards share a milestone: keyed by the last one
        ("email", None, "email_resolution"): ("received", (None, None), (15, d), False),
        # Seed 003's steps (no times in the seed: 2, 5 and 2 business days, the admin's to set)
        ("consideration", None, "qc_vetting"): ("received", (None, None), (2, d), False),
        ("consideration", None, "monitor_processing"): (
            "state_monitor",
            (None, None),
            (5, d),
            False,
        ),
        ("consideration", None, "outreach"): ("outreach_again", (None, None), (2, d), False),
    }


def test_email_standards_ship_for_the_email_track() -> None:
    """Seed 000's set is on for e-mail inquiries, seed 004's is there to be chosen."""
    email = [s for s in defaults().values() if s.milestone.startswith("email_")]
    assert {(s.milestone, s.due_amount, s.target_percent, s.enabled) for s in email} == {
        ("email_first_response", 1, 100, True),
        ("email_resolution", 2, 95, True),
        ("email_resolution", 5, 98, True),
        ("email_resolution", 15, 100, True),
        ("email_response", 5, 90, False),
        ("email_resolution", 15, 100, False),
    }
    assert {s.track for s in email} == {"email"}
    first = defaults()["email.first_response"]
    assert set(first.met_by) == {"contact@email", "contact@secure_message"}


def test_policies_are_loaded_into_the_database_on_upgrade(db: Database) -> None:
    with db.session() as s:
        rows = {p.key: PolicySpec.from_row(p) for p in s.scalars(select(Policy))}
    assert rows == defaults()
    assert all(spec.policy_id is not None for spec in rows.values())


def test_snapshot_round_trip_and_json_file_form() -> None:
    spec = defaults()["mco_provider.high.mco_contact"]
    assert PolicySpec.from_dict(spec.snapshot()) == spec
    raw = {
        "key": "k",
        "track": "mco_member",
        "milestone": "contact_originator",
        "warn": [2, "business_hours"],
        "due": [4, "business_hours"],
        "met_by": ["contact:member"],
    }
    parsed = PolicySpec.from_dict(raw)
    assert (parsed.warn_amount, parsed.due_amount, parsed.met_by) == (2.0, 4.0, ("contact:member",))
    assert parsed.starts_on == "received"


def test_applies_to_track_and_priority() -> None:
    p = defaults()
    assert p["mco_member.high.contact_originator"].applies_to("mco_member", "high")
    assert not p["mco_member.high.contact_originator"].applies_to("mco_member", "escalated")
    assert not p["mco_member.high.contact_originator"].applies_to("mco_provider", "high")
    assert p["ime_callback.call_back"].applies_to("ime_callback", "escalated")
    assert p["follow_up.mco"].applies_to("mco_provider", "high")


# ------------------------------------------------------------------ deadline arithmetic


def test_compute_times_for_every_default_standard(calendar: BusinessCalendar) -> None:
    p = defaults()
    mon9 = at(23, 9)

    def times(key: str, start: datetime) -> tuple[datetime | None, datetime]:
        warn, due = compute_times(calendar, p[key], start)
        assert due.utcoffset() is not None and due.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        return warn, due

    assert times("mco_member.high.contact_originator", mon9) == (at(23, 11), at(23, 13))
    assert times("mco_member.high.mco_contact", at(23, 14)) == (at(23, 16, 15), at(23, 17))
    assert times("mco_member.escalated.contact_originator", mon9) == (at(24, 12, 45), at(24, 17))
    assert times("mco_member.escalated.mco_contact", at(23, 14)) == (at(24, 14), at(24, 17))
    assert times("mco_provider.high.contact_provider", mon9) == (at(24, 17), at(25, 17))
    # Thanksgiving (Thu 26) and the Friday after are Iowa state holidays (Iowa Code §1C.2).
    assert times("mco_provider.high.mco_contact", at(24, 10)) == (at(25, 17), at(30, 17))
    assert times("mco_provider.escalated.contact_provider", mon9) == (
        at(30, 17),
        at(1, 17, month=12),
    )
    assert times("mco_provider.escalated.mco_contact", mon9) == (
        at(30, 17),
        at(2, 17, month=12),
    )
    assert times("ime_callback.call_back", mon9) == (at(25, 10, 30), at(25, 17))
    # A miss at closing time: the follow-up is due at the end of the next business day.
    assert times("follow_up.mco", at(23, 17)) == (at(24, 14, 45), at(24, 17))
    assert times("follow_up.mco", at(25, 17)) == (at(30, 14, 45), at(30, 17))


def test_compute_times_deems_receipt_and_rolls_hours_over_night(
    calendar: BusinessCalendar,
) -> None:
    high = defaults()["mco_member.high.contact_originator"]
    # Saturday → deemed Monday 08:00.
    assert compute_times(calendar, high, at(28, 10)) == (at(30, 10), at(30, 12))
    # 16:30 + 4 business hours = next day 11:30; warn (2 h) = next day 09:30.
    assert compute_times(calendar, high, at(23, 16, 30)) == (at(24, 9, 30), at(24, 11, 30))
    # Received on Thanksgiving evening → deemed Monday 08:00 (the Friday after is closed too).
    assert compute_times(calendar, high, at(26, 19)) == (at(30, 10), at(30, 12))
    # A deadline exactly at closing stays at closing.
    assert compute_times(calendar, high, at(23, 13))[1] == at(23, 17)


def test_compute_times_drops_a_warn_that_is_not_before_due(calendar: BusinessCalendar) -> None:
    spec = PolicySpec.from_dict(
        {
            "key": "k",
            "track": "*",
            "milestone": "m",
            "warn": [9, "business_hours"],
            "due": [0, "business_days"],
        }
    )
    assert compute_times(calendar, spec, at(23, 9)) == (None, at(23, 17))


def test_compute_times_refuses_bad_units(calendar: BusinessCalendar) -> None:
    base = {"key": "k", "track": "*", "milestone": "m"}
    with pytest.raises(ValueError, match="whole number"):
        compute_times(
            calendar, PolicySpec.from_dict({**base, "due": [1.5, "business_days"]}), at(23, 9)
        )
    with pytest.raises(ValueError, match="unknown unit"):
        compute_times(calendar, PolicySpec.from_dict({**base, "due": [1, "weeks"]}), at(23, 9))


def test_describe_amount() -> None:
    assert describe_amount(4, "business_hours") == "4 business hours"
    assert describe_amount(1, "business_days") == "1 business day"
    assert describe_amount(5, "business_days", "referral") == "5 business days after the referral"
    assert describe_amount(0, "business_days", "referral") == (
        "end of the business day of the referral"
    )
    assert describe_amount(0, "business_days", "missed") == "end of the next business day"
    assert defaults()["mco_member.high.contact_originator"].warn_text == "2 business hours"


# ------------------------------------------------------------------ met_by tokens


TOKEN_CASES = [
        ("contact:member", Entry("contact", "member", "phone", "reached"), True),
        ("contact:member", Entry("contact", "member", "email", "sent"), True),
        ("contact:member", Entry("contact", "member", "letter"), True),
        # Only a contact the member can see counts: no channel, a failed call, a note — no.
        ("contact:member", Entry("contact", "member", None), False),
        ("contact:member", Entry("contact", "member", "phone", "no_answer"), False),
        ("contact:member", Entry("contact", "member", "phone", "voicemail"), False),
        ("contact:member", Entry("contact", "member", "phone", "Busy"), False),
        ("contact:member", Entry("note", "member", "phone"), False),
        ("contact:member", Entry("contact", "mco", "phone"), False),
        ("contact:member", Entry("contact", "provider", "phone"), False),
        ("contact:provider", Entry("contact", "provider", "phone"), True),
        ("contact", Entry("contact", "provider", "phone"), True),
        ("contact", Entry("contact", "mco", "phone"), False),
        ("contact", Entry("contact", "other", "email"), False),
        ("mco_update:contacted", Entry("mco_update", "mco", "phone", "contacted"), True),
        ("mco_update:contacted", Entry("mco_update", "mco", None, "Contacted"), True),
        (
            "mco_update:contacted",
            Entry("mco_update", "mco", "email", "resolved", {"contacted": True}),
            True,
        ),
        ("mco_update:contacted", Entry("mco_update", "mco", "email", "working"), False),
        (
            "mco_update:contacted",
            Entry("mco_update", "mco", "email", "working", {"contacted": "yes"}),
            False,
        ),
        ("mco_update", Entry("mco_update", "mco", None, "working"), True),
        ("callback_attempt:reached", Entry("callback_attempt", "member", "phone", "reached"), True),
        ("callback_attempt:reached", Entry("callback_attempt", None, "phone", "no_answer"), False),
        ("letter", Entry("letter"), True),
        ("follow_up", Entry("follow_up", "mco", "phone", "asked for an update"), True),
        ("follow_up", Entry("mco_update"), False),
        ("resolution", Entry("resolution"), True),
        ("note", Entry("note"), False),
        # The e-mail standard: only the agency's written reply (seed 000 VII.1.a-b).
        ("contact@email", Entry("contact", "member", "email", "sent"), True),
        ("contact@email", Entry("contact", "provider", "email", None), True),
        ("contact@email", Entry("contact", "member", "phone", "reached"), False),
        ("contact@email", Entry("contact", "member", "email", "acknowledgement"), False),
        ("contact@email", Entry("contact", "member", "email", "received"), False),
        ("contact:member@email", Entry("contact", "provider", "email", "sent"), False),
        ("contact@secure_message", Entry("contact", "member", "secure_message", "sent"), True),
        ("contact:member", Entry("contact", "member", "email", "acknowledgement"), False),
]  # fmt: skip


@pytest.mark.parametrize(("token", "entry", "expected"), TOKEN_CASES)
def test_token_matching(token: str, entry: Entry, expected: bool) -> None:
    assert token_matches(token, entry) is expected


@pytest.mark.postgres
def test_the_server_reads_every_token_as_the_app_does(pg_db: Database) -> None:
    """The server's copy of token matching (it checks who met a clock) agrees case by case."""
    import json

    with pg_db.read_session() as s:
        for token, entry, expected in TOKEN_CASES:
            got = s.execute(
                text("SELECT liaison_desk_entry_meets(CAST(:t AS json), :k, :p, :c, :o, "
                     "CAST(:d AS json))"),
                {"t": json.dumps([token]), "k": entry.kind, "p": entry.party,
                 "c": entry.channel, "o": entry.outcome, "d": json.dumps(entry.data or {})},
            ).scalar_one()  # fmt: skip
            assert got is expected, (token, entry)


def test_entry_meets_any_token() -> None:
    tokens = ("callback_attempt:reached", "letter")
    assert entry_meets(tokens, Entry("letter"))
    assert not entry_meets(tokens, Entry("callback_attempt", outcome="busy"))
    assert not entry_meets((), Entry("letter"))


def test_validate_token() -> None:
    assert validate_token("contact:member") is None
    assert validate_token("mco_update:contacted") is None
    assert validate_token("note") is not None
    assert validate_token("phone_call") is not None
    assert validate_token("contact:neighbour") is not None
    assert validate_token("callback_attempt:maybe") is not None


# ------------------------------------------------------------------ admin edits


def _admin_ctx(db: Database, clock: ManualClock, calendar: BusinessCalendar) -> ServiceContext:
    return ServiceContext(make_user(db, "admin1", Role.ADMIN), clock, calendar)


def _member_inquiry(db: Database, ctx: ServiceContext) -> int:
    with db.session() as s:
        from liaison_desk.db.models import Mco

        mco_id = s.scalars(select(Mco.id).order_by(Mco.id)).first()
        result = create_member_inquiry(
            s,
            ctx,
            MemberIntake(
                source="CSR",
                member_name="Mary Smith",
                caller_name="Mary Smith",
                caller_phone="515-555-0142",
                enrolled_in_mco=True,
                priority=Priority.HIGH,
                description="Needs a ride to dialysis",
                mco_id=mco_id,
            ),
        )
        return result.inquiry.id


def test_edit_applies_to_new_inquiries_only(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    admin = _admin_ctx(db, clock, calendar)
    first = _member_inquiry(db, admin)
    key = "mco_member.high.contact_originator"
    with db.session() as s:
        policy = policy_admin.get_policy(s, key)
        version = policy.version
        policy_admin.update_policy(
            s,
            admin,
            key,
            version,
            warn=(1, "business_hours"),
            due=(3, "business_hours"),
            label="Call the member",
        )
    second = _member_inquiry(db, admin)
    with db.session() as s:
        old = s.scalars(
            select(Milestone).where(
                Milestone.inquiry_id == first, Milestone.kind == "contact_originator"
            )
        ).one()
        new = s.scalars(
            select(Milestone).where(
                Milestone.inquiry_id == second, Milestone.kind == "contact_originator"
            )
        ).one()
        assert (old.label, old.warn_at, old.due_at) == (
            "Contact originator",
            at(23, 11),
            at(23, 13),
        )
        assert old.policy_snapshot["due_amount"] == 4
        assert (new.label, new.warn_at, new.due_at) == ("Call the member", at(23, 10), at(23, 12))
        assert new.policy_snapshot["due_amount"] == 3
        policy = policy_admin.get_policy(s, key)
        assert policy.version == version + 1
        assert policy.updated_at == clock.now()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "policy")).one()
        assert audit.changes["due_amount"] == {"from": 4.0, "to": 3.0}
        assert audit.actor == "admin1"


def test_disabling_a_policy_stops_new_clocks(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    admin = _admin_ctx(db, clock, calendar)
    key = "mco_member.high.contact_originator"
    with db.session() as s:
        policy_admin.set_enabled(s, admin, key, policy_admin.get_policy(s, key).version, False)
        assert key not in {p.key for p in policy_admin.list_policies(s, include_disabled=False)}
    inquiry_id = _member_inquiry(db, admin)
    with db.session() as s:
        assert s.get(Inquiry, inquiry_id).milestones == []  # type: ignore[union-attr]
        assert s.get(Inquiry, inquiry_id).next_due_at is None  # type: ignore[union-attr]


def test_the_email_standards_time_email_inquiries_only(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    admin = _admin_ctx(db, clock, calendar)
    inquiry_id = _member_inquiry(db, admin)
    with db.session() as s:
        kinds = {m.kind: m.due_at for m in s.get(Inquiry, inquiry_id).milestones}  # type: ignore[union-attr]
    assert kinds == {"contact_originator": at(23, 13)}


def test_stale_edit_is_refused_with_both_sides(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    admin = _admin_ctx(db, clock, calendar)
    key = "ime_callback.call_back"
    with db.session() as s:
        version = policy_admin.get_policy(s, key).version
        policy_admin.update_policy(s, admin, key, version, description="Two business days.")
    with pytest.raises(ConflictError) as caught, db.session() as s:
        policy_admin.update_policy(s, admin, key, version, due=(3, "business_days"))
    assert caught.value.theirs["description"] == "Two business days."
    assert caught.value.current_version == version + 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due": (1.5, "business_days")}, "due_amount"),
        ({"due": (-1, "business_hours")}, "due_amount"),
        ({"due": (2, "fortnights")}, "due_unit"),
        ({"warn": (3, "business_days")}, "warn_amount"),  # warn after due (2 days)
        ({"warn": (2, "business_days")}, "warn_amount"),  # warn at due
        ({"met_by": ["note"]}, "met_by"),
        ({"met_by": []}, "met_by"),
        ({"label": "  "}, "label"),
    ],
)
def test_invalid_edits_are_refused(
    db: Database,
    clock: ManualClock,
    calendar: BusinessCalendar,
    changes: dict[str, Any],
    field: str,
) -> None:
    admin = _admin_ctx(db, clock, calendar)
    key = "ime_callback.call_back"
    with pytest.raises(ValidationError) as caught, db.session() as s:
        policy_admin.update_policy(s, admin, key, None, **changes)
    assert field in caught.value.problems


def test_warn_in_hours_before_due_in_days_is_accepted_and_removable(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    admin = _admin_ctx(db, clock, calendar)
    key = "ime_callback.call_back"
    with db.session() as s:
        p = policy_admin.update_policy(s, admin, key, None, warn=(9, "business_hours"))
        assert (p.warn_amount, p.warn_unit) == (9.0, "business_hours")
        p = policy_admin.update_policy(s, admin, key, None, warn=None)
        assert (p.warn_amount, p.warn_unit) == (None, None)


def test_only_an_admin_edits_policies(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    liaison = ServiceContext(make_user(db, "lee", Role.LIAISON), clock, calendar)
    with pytest.raises(PermissionDenied), db.session() as s:
        policy_admin.update_policy(s, liaison, "ime_callback.call_back", None, label="x")


def test_policy_identity_is_not_editable() -> None:
    # The keys that define a standard are not parameters of update_policy.
    import inspect

    params = set(inspect.signature(policy_admin.update_policy).parameters)
    assert not params & {"track", "priority", "milestone", "starts_on", "key"}


def test_a_policy_dated_today_still_leaves_yesterdays_milestones(
    db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    # Editing after time has moved on: yesterday's milestone keeps yesterday's numbers.
    admin = _admin_ctx(db, clock, calendar)
    first = _member_inquiry(db, admin)
    clock.set(at(24, 9))
    with db.session() as s:
        policy_admin.update_policy(
            s, admin, "mco_member.high.contact_originator", None, due=(8, "business_hours")
        )
    with db.session() as s:
        m = s.get(Inquiry, first).milestones[0]  # type: ignore[union-attr]
        assert m.due_at == at(23, 13)
        assert date(2026, 11, 24) == clock.now().astimezone(CHICAGO).date()


def test_a_standard_without_a_warning_warns_at_its_share_of_the_time(
    calendar: BusinessCalendar,
) -> None:
    """SPEC §11: every clock warns before it is due. No warning named: 75 % of the business
    time by default, counted over the closed days (Thanksgiving week)."""
    base = {"key": "k", "track": "*", "milestone": "m", "due": [2, "business_days"]}
    # Wed 25 9:00 → due Tue 1 Dec 17:00: 8 + 9 + 9 = 26 business hours, 75 % = 19.5 h.
    warn, due = compute_times(calendar, PolicySpec.from_dict(base), at(25, 9))
    assert due == datetime(2026, 12, 1, 17, tzinfo=CHICAGO)
    assert warn == datetime(2026, 12, 1, 10, 30, tzinfo=CHICAGO)
    half = PolicySpec.from_dict({**base, "default_warn_percent": 50})
    assert compute_times(calendar, half, at(25, 9))[0] == datetime(2026, 11, 30, 13, tzinfo=CHICAGO)


def test_the_default_warning_share_is_an_admins_setting(db: Database) -> None:
    admin = ServiceContext(Actor("ada", Role.ADMIN))
    key = "mco_member.escalated.mco_contact"
    with db.session() as s:
        with pytest.raises(ValidationError) as err:
            policy_admin.update_policy(s, admin, key, None, default_warn_percent=100)
        assert "default_warn_percent" in err.value.problems
        policy_admin.update_policy(s, admin, key, None, default_warn_percent=50)
    with db.read_session() as s:
        spec = PolicySpec.from_row(policy_admin.get_policy(s, key))
    assert spec.default_warn_percent == 50
    assert spec.snapshot()["default_warn_percent"] == 50
