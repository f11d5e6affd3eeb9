"""One demo inquiry: its track, priority and people, its clocks from the policies, its
timeline as the work would have gone, and where it stands now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ..db.models import (
    Inquiry,
    Milestone,
    Policy,
    TimelineEntry,
    inquiry_mcos,
)
from ..domain import (
    MEMBER_SOURCES,
    PROVIDER_SOURCES,
    CallOutcome,
    Channel,
    EntryKind,
    Party,
    Priority,
    Status,
    Track,
)
from ..policies import compute_times
from .fakes import _Env, _matching, _npi, _phone, _state_id
from .writer import _Writer


def _make_one(env: _Env, w: _Writer, received: datetime, is_open: bool, ref: str) -> None:
    rng, cal, recipe = env.rng, env.cal, env.recipe
    roll = rng.random()
    track = (
        Track.MCO_MEMBER
        if roll < 0.45
        else Track.MCO_PROVIDER
        if roll < 0.77
        else Track.IME_CALLBACK
        if roll < 0.88
        else Track.EMAIL
    )
    priority = Priority.HIGH if rng.random() < 0.35 else Priority.ESCALATED
    city, zip_code, area = rng.choice(recipe["cities"])
    first, last = rng.choice(recipe["first_names"]), rng.choice(recipe["last_names"])
    person = f"{first} {last}"
    address = f"{rng.randint(100, 9899)} {rng.choice(recipe['streets'])}\n{city}, IA {zip_code}"
    iid = w.new_id(Inquiry)
    liaisons = env.staff["liaison"] + env.staff["msa_esr"]
    row: dict[str, Any] = {
        "id": iid,
        "reference": ref,
        "track": str(track),
        "priority": str(priority),
        "received_at": received,
        "created_at": received,
        "updated_at": received,
        "closed": not is_open,
        "version": 1,
        "description": "",
        "mailing_address": address,
    }
    mco = rng.choice(env.mcos)
    if track == Track.MCO_MEMBER:
        caller = person if rng.random() < 0.6 else f"{rng.choice(recipe['first_names'])} {last}"
        row.update(
            source=rng.choice(MEMBER_SOURCES),
            member_name=person,
            member_state_id=_state_id(rng) if rng.random() < 0.9 else None,
            caller_name=caller,
            caller_phone=_phone(rng, area),
            enrolled_in_mco=True,
            mco_id=mco.id,
            description=rng.choice(recipe["member_issues"]),
            assignee_id=rng.choice(liaisons),
        )
        mcos_for = [mco]
    elif track == Track.MCO_PROVIDER:
        mcos_for = rng.sample(env.mcos, k=1 if rng.random() < 0.8 else 2)
        mco = mcos_for[0]  # the one it is referred to
        row.update(
            source=rng.choice(PROVIDER_SOURCES),
            provider_name=rng.choice(recipe["providers"]),
            npi=_npi(rng),
            contact_name=person,
            contact_phone=_phone(rng, area),
            mco_id=mcos_for[0].id,
            description=rng.choice(recipe["provider_issues"]),
            assignee_id=rng.choice(liaisons),
        )
    elif track == Track.EMAIL:
        mcos_for = []
        _email_fields(env, row, person, mco, liaisons)
        priority = Priority.ESCALATED  # an e-mail is not asked one
        row["priority"] = str(priority)
    else:
        mcos_for = []
        row.update(
            source="CSR",
            member_name=person,
            member_state_id=_state_id(rng),
            caller_name=person,
            caller_phone=_phone(rng, area),
            enrolled_in_mco=False,
            priority=str(Priority.ESCALATED),
            description=rng.choice(recipe["callback_questions"]),
            assignee_id=rng.choice(env.staff["unit_lead"]) if rng.random() < 0.7 else None,
        )
    for m in mcos_for:
        w.add(inquiry_mcos, {"inquiry_id": iid, "mco_id": m.id})
    row.setdefault("category", _category(recipe, row["description"]))

    entries: list[dict[str, Any]] = []

    def entry(kind: EntryKind, at: datetime, summary: str, **extra: Any) -> int:
        eid = w.new_id(TimelineEntry)
        entries.append(
            {
                "id": eid,
                "inquiry_id": iid,
                "at": at,
                "recorded_at": at,
                "kind": str(kind),
                "summary": summary,
                "data": extra.pop("data", {}),
                "user_id": extra.pop("user_id", row.get("assignee_id")),
                **extra,
            }
        )
        return eid

    entry(EntryKind.CREATED, received, f"{track.label} inquiry taken in", user_id=None)
    deemed = cal.next_open(received).astimezone(UTC)
    now = env.now
    milestones: list[dict[str, Any]] = []

    def start(policies: list[Policy], at: datetime) -> list[dict[str, Any]]:
        made = []
        for p in policies:
            spec = env.specs[p.id]
            warn_at, due_at = compute_times(cal, spec, at)
            ms = {
                "id": w.new_id(Milestone),
                "inquiry_id": iid,
                "policy_id": p.id,
                "kind": p.milestone,
                "label": p.label,
                "started_at": cal.next_open(at),
                "warn_at": warn_at,
                "due_at": due_at,
                "met_at": None,
                "closed_reason": None,
                "met_by_entry_id": None,
                "policy_snapshot": spec.snapshot(),
                "version": 1,
                "notified": None,
            }
            milestones.append(ms)
            made.append(ms)
        return made

    def meet(ms: dict[str, Any], at: datetime, eid: int) -> None:
        ms.update(met_at=at, closed_reason="met", met_by_entry_id=eid)

    def work(at: datetime) -> datetime:
        """People work in office hours: a moment that falls while closed moves to the opening."""
        return cal.next_open(at).astimezone(UTC)

    def when(ms: dict[str, Any], on_time: float) -> datetime:
        """A moment the milestone was met, in office hours: usually before due, sometimes late."""
        start_at: datetime = ms["started_at"]
        due_at: datetime = ms["due_at"]
        if rng.random() < on_time:
            span = max(0.25, cal.business_hours_between(start_at, due_at))
            at = cal.add_business_hours(start_at, rng.uniform(0.1, 0.95) * span)
        else:
            at = cal.add_business_hours(due_at, rng.uniform(1, 20))
        return at.astimezone(UTC)

    first_ms = start(_matching(env, str(track), str(priority), "received"), received)
    status = Status.OPEN
    last_at = deemed
    # How far along the work is: resolved history went all the way; open items vary.
    stage = 4 if not is_open else rng.choice([0, 0, 1, 1, 2, 2, 3])

    if track == Track.IME_CALLBACK:
        approved = not is_open or rng.random() < 0.8
        if not approved:
            status = Status.PENDING_APPROVAL
        else:
            row["approved_at"] = deemed
            entry(EntryKind.APPROVAL, deemed, "Callback approved by the Unit Lead")
            cb = first_ms[0] if first_ms else None
            attempts = 0 if is_open and stage == 0 else rng.choice([1, 2, 2])
            reached = False
            at = deemed
            for n in range(attempts):
                at = work(at + timedelta(minutes=rng.randint(20, 300)))
                if at > now:
                    break
                outcome = (
                    CallOutcome.REACHED
                    if rng.random() < 0.55
                    else rng.choice(
                        [CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.BUSY]
                    )
                )
                eid = entry(
                    EntryKind.CALLBACK_ATTEMPT,
                    at,
                    f"Callback attempt {n + 1}: {outcome.replace('_', ' ')}",
                    outcome=str(outcome),
                    party=str(Party.MEMBER),
                    channel=str(Channel.PHONE),
                    data={"attempt": n + 1, "number": row["caller_phone"]},
                )
                last_at = at
                status = Status.IN_PROGRESS
                if outcome == CallOutcome.REACHED:
                    reached = True
                    if cb is not None:
                        meet(cb, at, eid)
                    break
            if not is_open:
                if not reached:
                    at = work(at + timedelta(hours=rng.uniform(1, 8)))
                    eid = entry(
                        EntryKind.LETTER,
                        at,
                        "Letter sent: unable to reach you by phone",
                        party=str(Party.MEMBER),
                        channel=str(Channel.LETTER),
                    )
                    if cb is not None:
                        meet(cb, at, eid)
                row["callback_completed_at"] = at
                last_at = at
    elif track == Track.EMAIL:
        entry(EntryKind.CONTACT, work(received + timedelta(minutes=rng.randint(5, 90))),
              "Acknowledgement e-mailed by hand to the sender", party=_writer(row),
              channel=str(Channel.EMAIL), outcome="acknowledgement")  # fmt: skip
        first = next((m for m in first_ms if m["kind"] == "email_first_response"), None)
        if stage >= 1 and first is not None:
            at = when(first, 0.93)
            if at < now:
                eid = entry(
                    EntryKind.CONTACT, at, "Reply e-mailed by hand to the sender",
                    party=_writer(row), channel=str(Channel.EMAIL), outcome="sent",
                )  # fmt: skip
                meet(first, at, eid)
                status, last_at = Status.IN_PROGRESS, at
    else:
        contact = next((m for m in first_ms if m["kind"] == "contact_originator"), None)
        if stage >= 1 and contact is not None:
            at = when(contact, 0.9)
            if at < now:
                party = Party.MEMBER if track == Track.MCO_MEMBER else Party.PROVIDER
                eid = entry(
                    EntryKind.CONTACT,
                    at,
                    f"Contacted the {party.value} by phone",
                    party=str(party),
                    channel=str(Channel.PHONE),
                    outcome="Reached",
                )
                meet(contact, at, eid)
                status, last_at = Status.IN_PROGRESS, at
        if stage >= 2 and last_at < now:
            at = work(last_at + timedelta(minutes=rng.randint(15, 240)))
            if at < now:
                dept = rng.choice(env.departments[mco.id])
                row["mco_department"] = dept
                row["referred_at"] = at
                row["decision"] = "mco"
                entry(
                    EntryKind.REFERRAL,
                    at,
                    f"Referred to {mco.name}, {dept}",
                    party=str(Party.MCO),
                    data={"mco_id": mco.id, "department": dept},
                )
                status, last_at = Status.AWAITING_MCO, at
                for ms in start(_matching(env, str(track), str(priority), "referral"), at):
                    if stage >= 3:
                        met = when(ms, 0.85)
                        if met < now:
                            eid = entry(
                                EntryKind.MCO_UPDATE,
                                met,
                                rng.choice(recipe["mco_updates"]),
                                party=str(Party.MCO),
                                outcome="contacted",
                                data={"contacted": True},
                            )
                            meet(ms, met, eid)
                            last_at = max(last_at, met)
    if not is_open:
        at = work(last_at + timedelta(hours=rng.uniform(2, 60)))
        at = min(at, now - timedelta(minutes=5))
        resolution = rng.choice(recipe["resolutions"])
        eid = entry(EntryKind.RESOLUTION, at, "Resolved", notes=resolution)
        status = Status.RESOLVED
        chosen = recipe["resolution_outcomes"].get(resolution)
        if track == Track.EMAIL and rng.random() < 0.5:
            chosen = "Information provided"
        row.update(resolution=resolution, resolved_at=at, updated_at=at, outcome=chosen)
        for ms in milestones:
            if ms["met_at"] is not None:
                continue
            if any(str(t).startswith("resolution") for t in env.specs[ms["policy_id"]].met_by):
                meet(ms, at, eid)  # a standard the resolution meets (the e-mail ones)
            else:
                ms["closed_reason"] = "cancelled" if ms["due_at"] > at else "breached"
    else:
        row["updated_at"] = max(last_at, received)
    row["status"] = str(status)
    open_due = [
        m["due_at"] for m in milestones if m["met_at"] is None and m["closed_reason"] is None
    ]
    row["next_due_at"] = min(open_due) if open_due and is_open else None
    w.add(Inquiry.__table__, row)
    for e in entries:
        w.add(TimelineEntry.__table__, e)
    for ms in milestones:
        w.add(Milestone.__table__, ms)


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.casefold() if c.isalnum())


def _email_fields(
    env: _Env, row: dict[str, Any], person: str, mco: Any, liaisons: list[int]
) -> None:
    """An e-mail to the mailbox (seed 004): who wrote, through which channel, about what."""
    rng, recipe = env.rng, env.recipe
    subject, body, category = rng.choice(recipe["email_subjects"])
    first, _, last = person.partition(" ")
    from_provider = "office" in body.casefold() or "we faxed" in body.casefold()
    row.update(
        source="Provider" if from_provider else "Member",
        channel=rng.choice(recipe["email_channels"]),
        email=f"{_ascii(first)}.{_ascii(last)}@example.org",
        subject=subject,
        caller_name=person,
        description=body,
        category=category,
        member_name=None if from_provider else person,
        provider_name=rng.choice(recipe["providers"]) if from_provider else None,
        npi=_npi(rng) if from_provider else None,
        contact_name=person if from_provider else None,
        mco_id=mco.id if rng.random() < 0.6 else None,
        assignee_id=rng.choice(liaisons) if rng.random() < 0.9 else None,
    )


def _writer(row: dict[str, Any]) -> str:
    return str(Party.PROVIDER if row.get("source") == "Provider" else Party.MEMBER)


def _category(recipe: dict[str, Any], description: str) -> str | None:
    """The demo's issue category, from words in the description."""
    low = description.casefold()
    return next((name for word, name in recipe["issue_categories"] if word in low), None)
