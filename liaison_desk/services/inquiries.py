"""Loading inquiries for a change, with the optimistic-locking check every action shares."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Inquiry
from ..errors import ConflictError, NotFoundError

# What the conflict dialog shows side by side.
CONFLICT_FIELDS = (
    "status",
    "priority",
    "assignee_id",
    "mco_id",
    "description",
    "member_name",
    "member_state_id",
    "caller_name",
    "caller_phone",
    "mailing_address",
    "provider_name",
    "npi",
    "contact_name",
    "contact_phone",
    "resolution",
    "decision",
)


def snapshot(inquiry: Inquiry) -> dict[str, Any]:
    return {name: getattr(inquiry, name) for name in CONFLICT_FIELDS}


def get_inquiry(session: Session, inquiry_id: int) -> Inquiry:
    inquiry = session.get(Inquiry, inquiry_id)
    if inquiry is None:
        raise NotFoundError("That inquiry no longer exists.")
    return inquiry


def load_for_update(
    session: Session,
    inquiry_id: int,
    expected_version: int | None,
    mine: dict[str, Any] | None = None,
) -> Inquiry:
    """The inquiry, provided nobody saved over the version the person was looking at.

    ``expected_version`` None means "whatever is current" (actions that only append history,
    such as logging a contact, cannot lose anybody's update).
    """
    inquiry = get_inquiry(session, inquiry_id)
    if expected_version is not None and inquiry.version != expected_version:
        raise ConflictError(
            f"Inquiry {inquiry.reference}",
            expected_version=expected_version,
            current_version=inquiry.version,
            mine=mine or {},
            theirs=snapshot(inquiry),
        )
    return inquiry


def conflict_names(session: Session, exc: ConflictError) -> dict[str, dict[int, str]]:
    """Names for the ids a conflict shows (people, MCOs), per field, for the conflict dialog."""
    from ..db.models import Mco, User

    found: dict[str, dict[int, str]] = {"assignee_id": {}, "mco_id": {}}
    for side in (exc.mine, exc.theirs):
        user_id, mco_id = side.get("assignee_id"), side.get("mco_id")
        if isinstance(user_id, int) and (user := session.get(User, user_id)) is not None:
            found["assignee_id"][user_id] = user.display_name
        if isinstance(mco_id, int) and (mco := session.get(Mco, mco_id)) is not None:
            found["mco_id"][mco_id] = mco.name
    return found


def id_for_reference(session: Session, text: str) -> int:
    """The inquiry a typed reference names ("261123-0001", with or without the dash, spaces
    around it); NotFoundError in words when there is none the person may see."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 10:
        raise NotFoundError(
            "A reference number is six digits, a dash and four digits, such as 261123-0001."
        )
    reference = f"{digits[:6]}-{digits[6:]}"
    found = session.scalar(select(Inquiry.id).where(Inquiry.reference == reference))
    if found is None:
        raise NotFoundError(f"There is no inquiry {reference} that you may see.")
    return int(found)
