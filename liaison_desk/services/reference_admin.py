"""The admin's reference data: users and their roles, MCOs (names, short names, former names
and abbreviations for the import, phone, departments with their contacts).

Every change needs the admin role, checks the version the admin was looking at (a save
over someone else's newer save is refused with both sides), and is audited. Nothing is
deleted: a user who leaves, an MCO that exits Iowa Medicaid, a department that closes is
made inactive, so the inquiries that name them keep their history (and the lists offered in
the forms no longer show them). On PostgreSQL a role change also moves the person's server
login into the role's group, so the server's grants follow (see ``db/server_roles.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Mco, McoDepartment, Source, User
from ..domain import Role
from ..errors import ConflictError, NotFoundError, ValidationError
from ..validation import normalize_phone
from . import audit
from .context import ServiceContext
from .permissions import Action, require
from .policy_admin import UNSET, _Unset

__all__ = [
    "UNSET",
    "add_department",
    "add_mco",
    "add_source",
    "update_department",
    "update_mco",
    "update_source",
    "update_user",
]


def _check_version(
    what: str, row: Any, expected: int | None, mine: dict[str, Any], theirs: dict[str, Any]
) -> None:
    if expected is not None and row.version != expected:
        raise ConflictError(
            what,
            expected_version=expected,
            current_version=row.version,
            mine=mine,
            theirs=theirs,
        )


def _text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str | None:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        if required:
            raise ValidationError({field: f"The {label} cannot be empty."})
        return None
    if len(cleaned) > limit:
        raise ValidationError(
            {field: f"The {label} is {len(cleaned)} characters; at most {limit} fit."}
        )
    return cleaned


def _phone(value: str | None, field: str = "phone") -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError({field: next(iter(exc.problems.values()), str(exc))}) from None


def _rename(
    wanted: dict[str, Any], old_name: str, new_name: str, synonyms: Sequence[str] | _Unset
) -> None:
    """The new name, with the old one kept among the spellings the import matches."""
    if not isinstance(synonyms, _Unset):
        wanted["synonyms"] = _synonyms(synonyms)
    if new_name != old_name:
        wanted["synonyms"] = _synonyms([*wanted["synonyms"], old_name])
    wanted["name"] = new_name


def _apply(row: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for name, value in wanted.items():
        if getattr(row, name) != value:
            changes[name] = {"from": getattr(row, name), "to": value}
            setattr(row, name, value)
    return changes


# ------------------------------------------------------------------------------ users


def _user_values(user: User) -> dict[str, Any]:
    return {
        "display_name": user.display_name,
        "role": user.role,
        "title": user.title,
        "email": user.email,
        "active": user.active,
    }


def update_user(
    session: Session,
    ctx: ServiceContext,
    user_id: int,
    expected_version: int | None,
    *,
    display_name: str | _Unset = UNSET,
    role: Role | _Unset = UNSET,
    title: str | _Unset | None = UNSET,
    email: str | _Unset | None = UNSET,
    active: bool | _Unset = UNSET,
) -> User:
    require(ctx.actor, Action.ADMINISTER)
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"There is no user number {user_id}.")
    wanted = _user_values(user)
    if not isinstance(display_name, _Unset):
        wanted["display_name"] = _text(display_name, "display_name", "name", 200)
    if not isinstance(role, _Unset):
        wanted["role"] = str(Role(role))
    if not isinstance(title, _Unset):
        wanted["title"] = _text(title or "", "title", "title", 200, required=False)
    if not isinstance(email, _Unset):
        address = _text(email or "", "email", "e-mail address", 200, required=False)
        if address is not None and ("@" not in address or " " in address):
            raise ValidationError({"email": f"“{address}” is not an e-mail address."})
        wanted["email"] = address
    if not isinstance(active, _Unset):
        wanted["active"] = bool(active)
    _check_version(f"User {user.login}", user, expected_version, wanted, _user_values(user))
    if user.id == ctx.actor.user_id and (wanted["role"] != str(Role.ADMIN) or not wanted["active"]):
        raise ValidationError(
            {
                "role": "You cannot take away your own admin role or deactivate yourself; ask "
                "another admin."
            }
        )
    if wanted["role"] != str(Role.ADMIN) or not wanted["active"]:
        others = session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == str(Role.ADMIN), User.active.is_(True), User.id != user.id)
        )
        if user.role == str(Role.ADMIN) and not others:
            raise ValidationError({"role": "The last active admin must stay an admin."})
    role_changed = wanted["role"] != user.role
    active_changed = wanted["active"] != user.active
    changes = _apply(user, wanted)
    if not changes:
        return user
    session.flush()
    if (role_changed or active_changed) and session.get_bind().dialect.name == "postgresql":
        from ..db import server_logins

        # The server's grants follow the app: the login moves to the new group, or leaves
        # the groups and stops logging in when the person leaves the team.
        if user.active:
            server_logins.move_login(session.connection(), user.login, Role(user.role))
        else:
            server_logins.disable_login(session.connection(), user.login)
    audit.record(session, ctx, "user", user.id, "update", {"login": user.login, **changes})
    return user


# ------------------------------------------------------------------------------ MCOs


def _synonyms(values: Sequence[str], field: str = "synonyms") -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for v in values:
        cleaned = " ".join(str(v).split())
        if not cleaned:
            continue
        if len(cleaned) > 200:
            raise ValidationError({field: f"“{cleaned[:40]}…” is too long for a name."})
        if cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            out.append(cleaned)
    return out


def _mco_values(mco: Mco) -> dict[str, Any]:
    return {
        "name": mco.name,
        "short_name": mco.short_name,
        "synonyms": list(mco.synonyms or []),
        "phone": mco.phone,
        "active": mco.active,
    }


def _unique_mco_name(session: Session, name: str, other_id: int | None) -> None:
    for mco_id, existing in session.execute(select(Mco.id, Mco.name)):
        if mco_id == other_id:
            continue
        if existing.casefold() == name.casefold():
            raise ValidationError({"name": f"There is already an MCO called “{existing}”."})


def add_mco(
    session: Session,
    ctx: ServiceContext,
    *,
    name: str,
    short_name: str,
    synonyms: Sequence[str] = (),
    phone: str | None = None,
) -> Mco:
    require(ctx.actor, Action.ADMINISTER)
    clean_name = _text(name, "name", "MCO's name", 200)
    assert clean_name is not None
    _unique_mco_name(session, clean_name, None)
    mco = Mco(
        name=clean_name,
        short_name=_text(short_name, "short_name", "short name", 40),
        synonyms=_synonyms(synonyms),
        phone=_phone(phone),
        active=True,
    )
    session.add(mco)
    session.flush()
    audit.record(session, ctx, "mco", mco.id, "insert", _mco_values(mco))
    return mco


def update_mco(
    session: Session,
    ctx: ServiceContext,
    mco_id: int,
    expected_version: int | None,
    *,
    name: str | _Unset = UNSET,
    short_name: str | _Unset = UNSET,
    synonyms: Sequence[str] | _Unset = UNSET,
    phone: str | _Unset | None = UNSET,
    active: bool | _Unset = UNSET,
) -> Mco:
    """A renamed MCO keeps its old name among its synonyms, so older logs still import."""
    require(ctx.actor, Action.ADMINISTER)
    mco = session.get(Mco, mco_id)
    if mco is None:
        raise NotFoundError(f"There is no MCO number {mco_id}.")
    wanted = _mco_values(mco)
    new_name = mco.name
    if not isinstance(name, _Unset):
        new_name = _text(name, "name", "MCO's name", 200) or mco.name
        _unique_mco_name(session, new_name, mco.id)
    _rename(wanted, mco.name, new_name, synonyms)
    if not isinstance(short_name, _Unset):
        wanted["short_name"] = _text(short_name, "short_name", "short name", 40)
    if not isinstance(phone, _Unset):
        wanted["phone"] = _phone(phone)
    if not isinstance(active, _Unset):
        wanted["active"] = bool(active)
    _check_version(f"MCO {mco.name}", mco, expected_version, wanted, _mco_values(mco))
    changes = _apply(mco, wanted)
    if changes:
        session.flush()
        audit.record(session, ctx, "mco", mco.id, "update", changes)
    return mco


def _department_values(d: McoDepartment) -> dict[str, Any]:
    return {
        "name": d.name,
        "contact_name": d.contact_name,
        "phone": d.phone,
        "email": d.email,
        "active": d.active,
    }


def add_department(
    session: Session,
    ctx: ServiceContext,
    mco_id: int,
    *,
    name: str,
    contact_name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> McoDepartment:
    require(ctx.actor, Action.ADMINISTER)
    mco = session.get(Mco, mco_id)
    if mco is None:
        raise NotFoundError(f"There is no MCO number {mco_id}.")
    clean = _text(name, "name", "department's name", 200)
    assert clean is not None
    if any(d.name.casefold() == clean.casefold() for d in mco.departments):
        raise ValidationError({"name": f"{mco.name} already has a department “{clean}”."})
    department = McoDepartment(
        mco_id=mco.id,
        name=clean,
        contact_name=_text(contact_name or "", "contact_name", "contact", 200, required=False),
        phone=_phone(phone),
        email=_text(email or "", "email", "e-mail address", 200, required=False),
        active=True,
    )
    session.add(department)
    session.flush()
    audit.record(
        session, ctx, "mco_department", department.id, "insert",
        {"mco": mco.name, **_department_values(department)},
    )  # fmt: skip
    return department


def update_department(
    session: Session,
    ctx: ServiceContext,
    department_id: int,
    expected_version: int | None,
    *,
    name: str | _Unset = UNSET,
    contact_name: str | _Unset | None = UNSET,
    phone: str | _Unset | None = UNSET,
    email: str | _Unset | None = UNSET,
    active: bool | _Unset = UNSET,
) -> McoDepartment:
    require(ctx.actor, Action.ADMINISTER)
    d = session.get(McoDepartment, department_id)
    if d is None:
        raise NotFoundError(f"There is no department number {department_id}.")
    wanted = _department_values(d)
    if not isinstance(name, _Unset):
        wanted["name"] = _text(name, "name", "department's name", 200)
    if not isinstance(contact_name, _Unset):
        wanted["contact_name"] = _text(contact_name or "", "contact_name", "contact", 200,
                                       required=False)  # fmt: skip
    if not isinstance(phone, _Unset):
        wanted["phone"] = _phone(phone)
    if not isinstance(email, _Unset):
        wanted["email"] = _text(email or "", "email", "e-mail address", 200, required=False)
    if not isinstance(active, _Unset):
        wanted["active"] = bool(active)
    _check_version(f"Department {d.name}", d, expected_version, wanted, _department_values(d))
    changes = _apply(d, wanted)
    if changes:
        session.flush()
        audit.record(session, ctx, "mco_department", d.id, "update", changes)
    return d


# ------------------------------------------------------------------------------ sources


def _source_values(src: Source) -> dict[str, Any]:
    return {
        "name": src.name,
        "for_member": src.for_member,
        "for_provider": src.for_provider,
        "synonyms": list(src.synonyms or []),
        "active": src.active,
    }


def _unique_source(session: Session, name: str, other_id: int | None) -> None:
    for source_id, existing in session.execute(select(Source.id, Source.name)):
        if source_id != other_id and existing.casefold() == name.casefold():
            raise ValidationError({"name": f"There is already a source “{existing}”."})


def add_source(
    session: Session,
    ctx: ServiceContext,
    *,
    name: str,
    for_member: bool = True,
    for_provider: bool = True,
    synonyms: Sequence[str] = (),
) -> Source:
    """A new "Received From" choice for the intake forms (and its spellings for the import)."""
    require(ctx.actor, Action.ADMINISTER)
    clean = _text(name, "name", "source's name", 200)
    assert clean is not None
    _unique_source(session, clean, None)
    if not (for_member or for_provider):
        raise ValidationError({"for_member": "Offer the source for members, providers or both."})
    src = Source(
        name=clean,
        for_member=for_member,
        for_provider=for_provider,
        synonyms=_synonyms(synonyms),
        active=True,
    )
    session.add(src)
    session.flush()
    audit.record(session, ctx, "source", src.id, "insert", _source_values(src))
    return src


def update_source(
    session: Session,
    ctx: ServiceContext,
    source_id: int,
    expected_version: int | None,
    *,
    name: str | _Unset = UNSET,
    for_member: bool | _Unset = UNSET,
    for_provider: bool | _Unset = UNSET,
    synonyms: Sequence[str] | _Unset = UNSET,
    active: bool | _Unset = UNSET,
) -> Source:
    """A renamed source keeps its old name among its spellings, like an MCO."""
    require(ctx.actor, Action.ADMINISTER)
    src = session.get(Source, source_id)
    if src is None:
        raise NotFoundError(f"There is no source number {source_id}.")
    wanted = _source_values(src)
    new_name = src.name
    if not isinstance(name, _Unset):
        new_name = _text(name, "name", "source's name", 200) or src.name
        _unique_source(session, new_name, src.id)
    _rename(wanted, src.name, new_name, synonyms)
    for key, value in (("for_member", for_member), ("for_provider", for_provider),
                       ("active", active)):  # fmt: skip
        if not isinstance(value, _Unset):
            wanted[key] = bool(value)
    if not (wanted["for_member"] or wanted["for_provider"]):
        raise ValidationError({"for_member": "Offer the source for members, providers or both."})
    _check_version(f"Source {src.name}", src, expected_version, wanted, _source_values(src))
    changes = _apply(src, wanted)
    if changes:
        session.flush()
        audit.record(session, ctx, "source", src.id, "update", changes)
    return src
