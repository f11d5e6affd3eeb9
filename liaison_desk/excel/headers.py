"""The legacy log's sheets and headers, and the synonyms real files use for them.

Each sheet kind has a list of fields; each field has the header the legacy workbook uses
(and the export writes, so pivot tables keep working) and the other spellings seen in the
wild ("Date Rec'd", "Phone #", "Member State ID"). Headers are compared folded: case,
punctuation, spacing and line breaks do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .callback_fields import _CALLBACK
from .email_fields import EMAIL_FIELDS, WORK_FIELDS
from .fields import _MEMBER, _PROVIDER, Field, SheetKind

FIELDS: dict[SheetKind, tuple[Field, ...]] = {
    SheetKind.MEMBER: (*_MEMBER, *WORK_FIELDS),
    SheetKind.PROVIDER: (*_PROVIDER, *WORK_FIELDS),
    SheetKind.CALLBACK: (*_CALLBACK, *WORK_FIELDS),
    SheetKind.EMAIL: EMAIL_FIELDS,
}

# The legacy headers in the legacy order: what the export writes (Reference first, then
# these, then the extra columns), so a manager's pivot tables find their columns.
LEGACY_HEADERS: dict[SheetKind, tuple[str, ...]] = {
    SheetKind.MEMBER: (
        "Date Received",
        "Time Received",
        "Received From",
        "Member Name",
        "State ID",
        "Caller Name",
        "Caller Phone",
        "MCO",
        "Priority",
        "Issue Description",
        "Assigned To",
        "Date Member Contacted",
        "MCO Department",
        "Date Sent to MCO",
        "Date MCO Contacted Member",
        "Updates",
        "Resolution",
        "Date Resolved",
        "Status",
    ),
    SheetKind.PROVIDER: (
        "Date Received",
        "Time Received",
        "Received From",
        "Provider Name",
        "NPI",
        "Contact Name",
        "Contact Number",
        "MCO(s)",
        "Priority",
        "Issue Description",
        "Assigned To",
        "Date Provider Contacted",
        "MCO Department",
        "Date Sent to MCO",
        "Date MCO Contacted Provider",
        "Updates",
        "Resolution",
        "Date Resolved",
        "Status",
    ),
    SheetKind.CALLBACK: (
        "Date Received",
        "CSR",
        "Caller Name",
        "Member Name",
        "State ID",
        "NPI",
        "Phone",
        "Question",
        "Attempt 1",
        "Attempt 2",
        "Letter Sent",
        "Callback Complete",
        "Notes",
    ),
}

# Columns our own exports and rejects workbooks add that an import reads past quietly.
QUIET_HEADERS = frozenset(
    {"overdue", "problems", "rejectreasons", "reasons", "sourcerow", "row", "rownum"}
)

_NOISE = re.compile(r"[^a-z0-9#]+")


def fold_header(text: object) -> str:
    """ "Date\\nRec'd " → "daterecd"; "Phone #" keeps its #, which tells it from "Phone"."""
    if text is None:
        return ""
    s = str(text).casefold().replace("number", "#").replace(" no.", " #").replace(" no ", " # ")
    s = s.replace("&", "and")
    return _NOISE.sub("", s)


def _index(kind: SheetKind) -> dict[str, str]:
    table: dict[str, str] = {}
    fields = FIELDS[kind]
    for f in fields:
        table.setdefault(fold_header(f.header), f.key)
    for f in fields:
        for syn in f.synonyms:
            table.setdefault(fold_header(syn), f.key)
    return table


_INDEX: dict[SheetKind, dict[str, str]] = {k: _index(k) for k in SheetKind}


def field_for(kind: SheetKind, header: object) -> str | None:
    key = fold_header(header)
    if not key:
        return None
    found = _INDEX[kind].get(key)
    if found is None and key.endswith("#"):
        found = _INDEX[kind].get(key[:-1])
    return found


def field_label(kind: SheetKind, key: str) -> str:
    for f in FIELDS[kind]:
        if f.key == key:
            return f.header
    return key


@dataclass
class ColumnMap:
    """One column of a sheet: its letter index (0-based), header text and the field it
    feeds (``None``: ignored)."""

    index: int
    header: str
    field: str | None
    note: str = ""


@dataclass
class HeaderMatch:
    kind: SheetKind
    columns: list[ColumnMap] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field}

    @property
    def score(self) -> int:
        return len(self.fields)

    @property
    def rank(self) -> tuple[int, int, int]:
        """How well this kind explains the header row: columns it knows less columns it
        does not, then its distinctive columns."""
        unknown = sum(1 for c in self.columns if c.field is None)
        return (self.score - unknown, self.distinctive, self.score)

    @property
    def distinctive(self) -> int:
        keys = {f.key for f in FIELDS[self.kind] if f.distinctive}
        return len(keys & set(self.fields))


def match_headers(kind: SheetKind, headers: Sequence[object]) -> HeaderMatch:
    result = HeaderMatch(kind)
    taken: set[str] = set()
    for i, h in enumerate(headers):
        text = "" if h is None else " ".join(str(h).split())
        if not text:
            continue
        key = field_for(kind, text)
        if key is None:
            note = "" if fold_header(text) in QUIET_HEADERS else "not a column we know"
            result.columns.append(ColumnMap(i, text, None, note))
        elif key in taken:
            result.columns.append(ColumnMap(i, text, None, "a second column for the same field"))
        else:
            taken.add(key)
            result.columns.append(ColumnMap(i, text, key))
    return result


_SHEET_NAMES: dict[str, SheetKind] = {}
for _kind, _names in (
    (
        SheetKind.MEMBER,
        (
            "member",
            "members",
            "member services",
            "mbr",
            "mem",
            "member log",
            "member escalations",
            "member issues",
            "ms",
        ),
    ),
    (
        SheetKind.PROVIDER,
        (
            "provider",
            "providers",
            "provider services",
            "prv",
            "prov",
            "provider log",
            "provider escalations",
            "provider issues",
            "ps",
        ),
    ),
    (
        SheetKind.CALLBACK,
        (
            "supervisor callbacks",
            "supervisor callback",
            "callbacks",
            "callback",
            "sup callbacks",
            "supervisor call backs",
            "call backs",
            "supervisor contacts",
            "ime callbacks",
            "sup cb",
            "cb",
        ),
    ),
):
    for _n in _names:
        _SHEET_NAMES[_NOISE.sub("", _n)] = _kind


# "Member Services E-mail Report SFY2011", "Emails 2024", "Mailbox log": an e-mail log.
_EMAIL_SHEET = re.compile(r"e-?mails?\b|\bmail\s*box|\bsecure\s+messages?\b", re.IGNORECASE)


def kind_from_sheet_name(name: str) -> SheetKind | None:
    return _SHEET_NAMES.get(_NOISE.sub("", name.casefold()))


def email_named(name: str) -> bool:
    """A name that speaks of e-mail: a hint, not a verdict ("Member e-mail escalations" may
    well be a Member log), so the sheet's headers still decide."""
    return bool(_EMAIL_SHEET.search(name))


def best_match(
    headers: Sequence[object], hint: SheetKind | None, prefer: SheetKind | None = None
) -> HeaderMatch | None:
    """The sheet kind these headers describe best, or None when they are not a log header.

    A header row needs at least three known columns and, unless the sheet's name already
    said which log it is, one column only that kind of log has (NPI, Attempt 1, ...).
    ``prefer`` (a name that speaks of e-mail) waives that for its kind and wins a tie.
    """
    kinds: Iterable[SheetKind] = (hint,) if hint else tuple(SheetKind)
    best: HeaderMatch | None = None
    for kind in kinds:
        m = match_headers(kind, headers)
        if m.score < 3 or (hint is None and m.distinctive == 0 and kind != prefer):
            continue
        if best is None or (m.rank, m.kind == prefer) > (best.rank, best.kind == prefer):
            best = m
    return best


__all__ = [
    "FIELDS",
    "LEGACY_HEADERS",
    "QUIET_HEADERS",
    "ColumnMap",
    "Field",
    "HeaderMatch",
    "SheetKind",
    "best_match",
    "email_named",
    "field_for",
    "field_label",
    "fold_header",
    "kind_from_sheet_name",
    "match_headers",
]
