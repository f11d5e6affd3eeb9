"""The converter's reading of an e-mail log's row (seed 004's "Member Services E-mail Report"
and our own E-mail sheet), and of the columns every sheet may have since issue 14: channel,
e-mail address, issue category and sub-category, outcome."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from ..domain import Channel, Party, Status
from ..errors import ValidationError
from ..services import email_replies
from ..services.choices import ChoiceKind
from ..services.lookups import fold
from ..validation import normalize_email
from .cells import shown
from .import_fields import _FieldReading
from .import_values import _E_CONTACT, _E_RESOLUTION, _first, _RowProblems
from .milestones import EntryDraft

log = logging.getLogger("liaison_desk.excel")

_C_EMAIL = Channel.EMAIL.value
# Seed 004's report is of the Member Services mailbox: a row that names no channel came in
# there.
_DEFAULT_CHANNEL = "Member Services mailbox"


# "Name <address>" as mailbox logs write it, read without the standard library's full RFC 5322
# parser (ten times slower); anything else (quotes, comments, groups) goes to that parser.
_NAME_ADDRESS = re.compile(r"\s*([^\"<>(),;@]*?)\s*<([^<>\s\"(),;]+@[^<>\s\"(),;]+)>\s*")


def _sender(text: str) -> tuple[str, str]:
    if not text:
        return "", ""
    if "<" not in text and '"' not in text and "(" not in text:
        return ("", text.strip()) if "@" in text else (text, "")
    m = _NAME_ADDRESS.fullmatch(text)
    if m:
        return m.group(1), m.group(2)
    return parseaddr(text)


class _EmailReading(_FieldReading):
    def _email(
        self, cells: dict[str, Any], p: _RowProblems, fields: dict[str, Any], subject: list[str]
    ) -> tuple[list[int], str]:
        """Who wrote (From: "Name <address>", an address, or a name), about whom, through
        which channel. An address that is not valid is kept as written in the sender's name,
        with a note: the old log is the record, and nothing in it is dropped."""
        raw_from = self._text(cells, "sender")
        name, address = _sender(raw_from)
        if raw_from and "@" not in address:
            name, address = raw_from, ""
        column = self._text(cells, "email")
        email = None
        for key, text in (("email", column), ("sender", address)):
            if not text or email is not None:
                continue
            try:
                email = normalize_email(text)
            except ValidationError as exc:
                p.note(key, f"{_first(exc)}; kept as written in the sender's name")
                name = name or text
        if not name:
            name = (email or "").partition("@")[0]
        if not name and not email:
            p.error("sender", "who wrote is empty (give the sender's name or e-mail address)")
        phone = self._phone(cells, "phone", p, required=False)
        state_id = self._state_id(cells, p)
        npi = self._npi(cells, p, required=False)
        provider_name = self._text(cells, "provider_name")
        said = fold(self._text(cells, "written_by"))
        provider = said.startswith("prov") if said else bool(npi or provider_name)
        mco_ids: list[int] = []
        names = ""
        mco_text = self._text(cells, "mco")
        if mco_text:
            mco_ids, unknown, names = self._mcos(mco_text)
            if unknown or not mco_ids:
                p.error("mco", f"“{mco_text}” is not an MCO we know")
        channel_text = self._text(cells, "channel")
        choices = self.look.choices
        channel = choices.name(ChoiceKind.CHANNEL, channel_text or _DEFAULT_CHANNEL)
        if channel_text and channel is None:
            p.note("channel", f"“{channel_text}” is not a channel on the list; kept as written")
        fields.update(
            source=email_replies.FROM_PROVIDER if provider else email_replies.FROM_MEMBER,
            channel=(channel or channel_text or _DEFAULT_CHANNEL),
            email=email,
            subject=self._text(cells, "subject") or None,
            caller_name=name or None,
            caller_phone=phone,
            member_name=self._text(cells, "member_name") or None,
            member_state_id=state_id,
            npi=npi,
            provider_name=provider_name or None,
            contact_name=(name or None) if provider else None,
            contact_phone=phone if provider else None,
        )
        subject.extend([fold(name), email or "", fold(self._text(cells, "subject"))])
        return mco_ids, names

    def _email_history(
        self,
        cells: dict[str, Any],
        p: _RowProblems,
        received_at: datetime,
        entries: list[EntryDraft],
        user_id: int | None,
        status: Status | None,
        resolution: str | None,
        synthesize: bool,
        provider: bool,
    ) -> tuple[datetime | None, Status]:
        """Date Responded is the e-mailed reply that meets the first-response standard (the
        log records the reply copied to the mailbox, seed 004 step 3); Date Completed closes
        it."""
        responded = self._date(cells, "date_responded", p)
        completed = self._date(cells, "date_completed", p)
        day = received_at.astimezone(self.tz).date()
        moments: dict[str, datetime] = {}
        for key, value in (("date_responded", responded), ("date_completed", completed)):
            if value is None:
                continue
            at = self.event_at(value, received_at)
            if (value.date() if isinstance(value, datetime) else value) < day:
                p.error(key, f"{shown(value)} is before the e-mail was received")
            elif at > self.now:
                p.error(key, f"{shown(value)} is in the future")
            moments[key] = at
        resolved_at = moments.get("date_completed")
        if status in (Status.PENDING_APPROVAL, Status.SENT_BACK):
            p.error("status", f"“{shown(cells.get('status'))}” is a callback request status")
        elif status == Status.AWAITING_MCO:
            status = Status.IN_PROGRESS  # "Sent", "Referred": the e-mail is still being worked
        if status is None:
            if resolved_at is not None:
                status = Status.RESOLVED
            else:
                status = Status.IN_PROGRESS if "date_responded" in moments else Status.OPEN
        elif status == Status.RESOLVED and resolved_at is None and not resolution:
            if "date_responded" not in moments:
                p.error(
                    "status",
                    "the status says completed, but neither the date completed nor the date "
                    "responded is filled in",
                )
        elif status != Status.RESOLVED and resolved_at is not None:
            p.error(
                "status",
                f"the status is “{shown(cells.get('status'))}” but a date completed is filled in",
            )
        if p.failed or not synthesize:
            return resolved_at, status
        if "date_responded" in moments:
            party = Party.PROVIDER if provider else Party.MEMBER
            entries.append(
                EntryDraft(
                    moments["date_responded"],
                    _E_CONTACT,
                    "Reply e-mailed to the sender (from the log)",
                    party=party.value,
                    channel=_C_EMAIL,
                    outcome="sent",
                    data={"reached": True, "imported": True, "email": email_replies.REPLY},
                    user_id=user_id,
                )
            )
        if status == Status.RESOLVED:
            if resolved_at is None:
                resolved_at = max(e.at for e in entries)
                p.note("date_completed", "no date completed: taken as the last date in the row")
            entries.append(
                EntryDraft(
                    resolved_at,
                    _E_RESOLUTION,
                    "Completed",
                    notes=resolution,
                    data={"imported": True},
                    user_id=user_id,
                )
            )
        return resolved_at, status

    def _work_fields(
        self,
        cells: dict[str, Any],
        p: _RowProblems,
        fields: dict[str, Any],
        closed: bool,
        written: bool,
        imported: EntryDraft,
    ) -> None:
        """Issue type and outcome as on the admin's lists. A name not on them is kept as
        written (with a note); an outcome that is not one of ours becomes the resolution's
        words (or joins them); what has no column of its own (a bad address, an open row's
        outcome) is kept in the imported entry, so nothing typed in the log is lost."""
        matcher = self.look.choices
        kept: list[str] = []
        if "email" in cells and "email" not in fields:
            text = self._text(cells, "email")
            try:
                fields["email"] = normalize_email(text)
            except ValidationError as exc:
                p.note("email", f"{_first(exc)}; kept in the inquiry's history")
                kept.append(f"e-mail address in the log: {text}")
        if "channel" in cells and "channel" not in fields:
            text = self._text(cells, "channel")
            found = matcher.name(ChoiceKind.CHANNEL, text)
            if found is None:
                p.note("channel", f"“{text}” is not a channel on the list; kept as written")
            fields["channel"] = found or text
        cat_text, sub_text = self._text(cells, "category"), self._text(cells, "sub_category")
        category, sub = matcher.issue_type(cat_text) if cat_text else (None, None)
        if cat_text and category is None:
            p.note("category", f"“{cat_text}” is not a category on the list; kept as written")
            category = cat_text
        if sub_text:
            parent, found_sub = matcher.issue_type(sub_text)
            if found_sub is not None and (category is None or parent == category):
                category, sub = parent, found_sub
            else:
                p.note("sub_category", f"“{sub_text}” is not a sub-category of "
                       f"{category or 'a category'} on the list; kept as written")  # fmt: skip
                sub = sub_text
        if category is not None or sub is not None:
            fields["category"], fields["sub_category"] = category, sub
        outcome_text = self._text(cells, "outcome")
        if outcome_text:
            outcome = matcher.name(ChoiceKind.OUTCOME, outcome_text)
            if not closed:
                p.note("outcome", "an open inquiry has no outcome yet; kept in its history")
                kept.append(f"outcome in the log: {outcome_text}")
            elif outcome is not None:
                fields["outcome"] = outcome
            elif not written:
                p.note("outcome", f"“{outcome_text}” is not an outcome on the list; kept as "
                       "the resolution")  # fmt: skip
                fields["resolution"] = outcome_text
            else:
                p.note("outcome", f"“{outcome_text}” is not an outcome on the list; kept "
                       "with the resolution")  # fmt: skip
                fields["resolution"] = f"{fields['resolution']}\nOutcome: {outcome_text}"
        if kept:
            imported.summary += " (" + "; ".join(kept) + ")"
            (imported.data or {}).setdefault("kept", []).extend(kept)
