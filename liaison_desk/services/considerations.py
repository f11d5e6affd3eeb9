"""Enrollment consideration cases (seed 003), step by step: recorded with the participants,
the reason and what is asked for; vetted by QC as a true case (the State Monitors' list) or a
false one (the supervisor's outreach); processed by the State Monitors, or not with a reason
(back to the supervisor, where QC sees it too); the supervisor's outreach, two attempts and
then "Outreach max attempts". Each step is a timeline entry that meets its clock and starts
the next step's (the consideration standards in the policies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..considerations import (
    FOR_CAUSE_REASONS,
    MAX_OUTREACH_ATTEMPTS,
    NOT_PROCESSED,
    NOT_REACHED,
    OUTCOME_CORRECTED,
    OUTCOME_MAX_ATTEMPTS,
    OUTCOME_REACHED,
    PROCESSED,
    QC_FALSE,
    QC_TRUE,
    REACHED,
    ConsiderationKind,
)
from ..db.models import Inquiry, Mco
from ..domain import Channel, EntryKind, Party, Priority, Status, Track
from ..errors import DomainError, ValidationError
from ..text_clean import clean
from ..validation import normalize_phone, normalize_state_id
from . import audit
from .actions.editing import close_inquiry
from .actions.guards import (
    ActionResult,
    load_checked,
    optional_text,
    required_text,
    result,
    set_status,
    touch,
)
from .context import ServiceContext
from .history import add_entry
from .intake import IntakeResult, _new_inquiry, _received, _start, _try
from .permissions import Action, require

MAX_PARTICIPANTS = 12


@dataclass
class Participant:
    name: str
    state_id: str | None = None


@dataclass
class ConsiderationIntake:
    kind: str
    participants: list[Participant]
    requested_change: str  # the new MCO or provider, the requested or correct MCO
    for_cause_reason: str | None = None
    requested_mco_id: int | None = None  # when what is asked for is one of the MCOs
    caller_phone: str | None = None
    description: str | None = None
    supervisor_requested: bool = False
    received_at: datetime | None = None


def _kind(value: str, problems: dict[str, str]) -> ConsiderationKind | None:
    try:
        return ConsiderationKind(value)
    except ValueError:
        problems["kind"] = "Choose what kind of consideration case it is."
        return None


def _participants(
    given: list[Participant], problems: dict[str, str]
) -> list[dict[str, str | None]]:
    people: list[dict[str, str | None]] = []
    for n, p in enumerate(given):
        name = clean(p.name or "").strip()
        raw_id = (p.state_id or "").strip()
        if not name and not raw_id:
            continue
        if not name:
            problems[f"participant_{n}"] = "Give each participant's name."
            continue
        try:
            state_id = normalize_state_id(raw_id) if raw_id else None
        except ValidationError as exc:
            problems[f"participant_{n}"] = next(iter(exc.problems.values()))
            continue
        people.append({"name": name, "state_id": state_id})
    if not people:
        problems["participants"] = "Name the participant (each member the request is for)."
    elif len(people) > MAX_PARTICIPANTS:
        problems["participants"] = f"At most {MAX_PARTICIPANTS} participants on one case."
    return people


def create_consideration(
    session: Session, ctx: ServiceContext, data: ConsiderationIntake
) -> IntakeResult:
    """Record the case; it waits for QC's vetting (its clock runs from receipt)."""
    require(ctx.actor, Action.CREATE_CONSIDERATION)
    problems: dict[str, str] = {}
    kind = _kind(data.kind, problems)
    people = _participants(list(data.participants), problems)
    requested = clean(data.requested_change or "").strip()
    mco = session.get(Mco, data.requested_mco_id) if data.requested_mco_id else None
    if data.requested_mco_id and mco is None:
        problems["requested_change"] = "That MCO is not on the list."
    if not requested and mco is not None:
        requested = mco.name
    if not requested:
        label = kind.request_label if kind else "What is asked for"
        problems["requested_change"] = f"{label} is required."
    reason = clean(data.for_cause_reason or "").strip() or None
    if kind == ConsiderationKind.FOR_CAUSE and reason is None:
        problems["for_cause_reason"] = (
            "Name the For Cause reason (" + ", ".join(FOR_CAUSE_REASONS) + ")."
        )
    elif kind != ConsiderationKind.FOR_CAUSE:
        reason = None
    phone = None
    if (data.caller_phone or "").strip():
        phone = _try(problems, normalize_phone, data.caller_phone)
    received_at = _received(ctx, data.received_at, problems)
    if problems:
        raise ValidationError(problems)
    assert kind is not None
    subject = kind.label + (f" – {reason}" if reason else "")
    names = "; ".join(str(p["name"]) for p in people)
    description = optional_text(data.description) or (
        f"{subject}: {names}. {kind.request_label}: {requested}."
    )
    inquiry = _new_inquiry(
        session,
        ctx,
        Track.CONSIDERATION,
        received_at,
        priority=str(Priority.ESCALATED),
        status=str(Status.QC_VETTING),
        source="CSR",
        member_name=people[0]["name"],
        member_state_id=people[0]["state_id"],
        caller_name=people[0]["name"],
        caller_phone=phone,
        enrolled_in_mco=True,
        mco_id=mco.id if mco is not None else None,
        description=description,
        subject=subject,
        consideration_kind=str(kind),
        for_cause_reason=reason,
        requested_change=requested[:300],
        participants=people,
        supervisor_requested=bool(data.supervisor_requested),
        outreach_attempts=0,
    )
    _start(session, ctx, inquiry, f"Enrollment consideration recorded: {subject}")
    return IntakeResult(inquiry, _what_to_tell(ctx, inquiry))


def _what_to_tell(ctx: ServiceContext, inquiry: Inquiry) -> str:
    """What the CSR tells the consumer: the reference, and when the review is due."""
    review = next((m for m in inquiry.milestones if m.kind == "qc_vetting"), None)
    when = (
        f" It is reviewed by {review.due_at.astimezone(ctx.calendar.timezone):%A, %B} "
        f"{review.due_at.astimezone(ctx.calendar.timezone).day}."
        if review is not None
        else ""
    )
    return (
        "We have sent your request to change your MCO enrollment for review, under reference "
        f"{inquiry.reference}.{when} We will contact you if anything more is needed or if the "
        "change cannot be made; please quote the reference if you call us about it."
    )


def _step(
    session: Session, ctx: ServiceContext, inquiry_id: int, version: int | None,
    action: Action, waiting: Status, words: str,
) -> Inquiry:  # fmt: skip
    require(ctx.actor, action)
    inquiry = load_checked(session, ctx, inquiry_id, version)
    if inquiry.track != Track.CONSIDERATION:
        raise DomainError(f"{inquiry.reference} is not an enrollment consideration case.")
    if inquiry.closed or inquiry.status != waiting:
        raise DomainError(f"{inquiry.reference} is not waiting for {words}.")
    return inquiry


def vet(
    session: Session, ctx: ServiceContext, inquiry_id: int, expected_version: int | None,
    *, true_case: bool, note: str | None = None,
) -> ActionResult:  # fmt: skip
    """QC's vetting: a true case goes on the State Monitors' list, a false one back to the
    supervisor for outreach."""
    inquiry = _step(session, ctx, inquiry_id, expected_version, Action.VET_CONSIDERATION,
                    Status.QC_VETTING, "QC vetting")  # fmt: skip
    text = optional_text(note)
    if true_case:
        summary = "QC vetting: a true case, on the State Monitors' list"
        nxt, step = Status.STATE_MONITOR, "state_monitor"
    else:
        summary = "QC vetting: not a true case, back to the supervisor for outreach"
        nxt, step = Status.OUTREACH, "outreach"
    inquiry.qc_result = QC_TRUE if true_case else QC_FALSE
    changes = set_status(inquiry, nxt)
    touch(ctx, inquiry)
    entry = add_entry(session, ctx, inquiry, EntryKind.VETTING, summary, notes=text,
                      outcome=inquiry.qc_result,
                      data={"result": inquiry.qc_result, "starts_step": step})  # fmt: skip
    audit.record(session, ctx, "inquiry", inquiry.id, "vet",
                 {"entry_id": entry.id, "result": inquiry.qc_result, **changes})  # fmt: skip
    said = summary.removeprefix("QC vetting: ")
    return result(session, inquiry, entry, f"{inquiry.reference}: {said}.")


def record_monitor_result(
    session: Session, ctx: ServiceContext, inquiry_id: int, expected_version: int | None,
    *, processed: bool, reason: str | None = None,
) -> ActionResult:  # fmt: skip
    """The State Monitors' result: processed in MMIS (the case closes, plan selection
    corrected), or not, with the reason (back to the supervisor for outreach, QC seeing it)."""
    inquiry = _step(session, ctx, inquiry_id, expected_version, Action.RECORD_MONITOR_RESULT,
                    Status.STATE_MONITOR, "the State Monitors")  # fmt: skip
    if processed:
        inquiry.monitor_result = PROCESSED
        entry = add_entry(session, ctx, inquiry, EntryKind.MONITOR_RESULT,
                          "Processed by the State Monitors in MMIS", outcome=PROCESSED,
                          notes=optional_text(reason), data={"result": PROCESSED})  # fmt: skip
        inquiry.outcome = OUTCOME_CORRECTED
        audit.record(session, ctx, "inquiry", inquiry.id, "monitor",
                     {"entry_id": entry.id, "result": PROCESSED})  # fmt: skip
        return close_inquiry(session, ctx, inquiry, "Plan selection corrected by the State "
                             "Monitors.", {"outcome": OUTCOME_CORRECTED})  # fmt: skip
    why = required_text(reason, "reason", "Say why the case could not be processed.", 500)
    inquiry.monitor_result = NOT_PROCESSED
    inquiry.monitor_reason = why
    changes = set_status(inquiry, Status.OUTREACH)
    touch(ctx, inquiry)
    entry = add_entry(session, ctx, inquiry, EntryKind.MONITOR_RESULT,
                      "Not processed by the State Monitors: back to QC and the supervisor "
                      "for outreach", outcome=NOT_PROCESSED, notes=why,
                      data={"result": NOT_PROCESSED, "starts_step": "outreach"})  # fmt: skip
    audit.record(session, ctx, "inquiry", inquiry.id, "monitor",
                 {"entry_id": entry.id, "result": NOT_PROCESSED, **changes})  # fmt: skip
    return result(session, inquiry, entry, f"{inquiry.reference}: not processed; sent for "
                  "outreach.")  # fmt: skip


def record_outreach(
    session: Session, ctx: ServiceContext, inquiry_id: int, expected_version: int | None,
    *, reached: bool, note: str | None = None, at: datetime | None = None,
) -> ActionResult:  # fmt: skip
    """One of the supervisor's outreach attempts: reached closes the case; a second attempt
    that does not reach the consumer closes it as "Outreach max attempts"."""
    inquiry = _step(session, ctx, inquiry_id, expected_version, Action.RECORD_OUTREACH,
                    Status.OUTREACH, "outreach")  # fmt: skip
    n = (inquiry.outreach_attempts or 0) + 1
    inquiry.outreach_attempts = n
    last = not reached and n >= MAX_OUTREACH_ATTEMPTS
    data: dict[str, Any] = {"attempt": n, "result": REACHED if reached else NOT_REACHED}
    if not reached and not last:
        data["starts_step"] = "outreach_again"
    words = "reached the consumer" if reached else "did not reach the consumer"
    touch(ctx, inquiry)
    entry = add_entry(session, ctx, inquiry, EntryKind.OUTREACH_ATTEMPT,
                      f"Outreach attempt {n}: {words}", at=at, party=str(Party.MEMBER),
                      channel=str(Channel.PHONE), outcome=data["result"],
                      notes=optional_text(note), data=data)  # fmt: skip
    audit.record(session, ctx, "inquiry", inquiry.id, "outreach",
                 {"entry_id": entry.id, "attempt": n, "result": data["result"]})  # fmt: skip
    if reached or last:
        inquiry.outcome = OUTCOME_REACHED if reached else OUTCOME_MAX_ATTEMPTS
        text = optional_text(note) or (
            "The supervisor reached the consumer."
            if reached
            else f"Outreach max attempts: {n} attempts did not reach the consumer."
        )
        return close_inquiry(session, ctx, inquiry, text, {"outcome": inquiry.outcome})
    return result(session, inquiry, entry, f"{inquiry.reference}: outreach attempt {n} logged.")


def case_summary(
    session: Session, ctx: ServiceContext, inquiry_id: int
) -> tuple[tuple[tuple[str, str], ...], int]:
    """What a step's dialog shows of the case — the detail pane's lines (kind, participants,
    request, the steps so far) — and the outreach attempts made."""
    from .queues.detail import case_lines

    inquiry = load_checked(session, ctx, inquiry_id, None)
    return case_lines(inquiry), inquiry.outreach_attempts or 0
