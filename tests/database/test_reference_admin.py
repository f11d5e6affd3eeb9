"""The admin's reference data: users and roles, MCOs with former names and departments."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry, Mco, User
from liaison_desk.domain import Role
from liaison_desk.errors import ConflictError, PermissionDenied, ValidationError
from liaison_desk.services import reference_admin as ra
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.lookups import McoMatcher
from tests.conftest import make_user


@pytest.fixture
def admin(db: Database, ctx: ServiceContext) -> ServiceContext:
    return replace(ctx, actor=make_user(db, "aadmin", Role.ADMIN, "Ada Admin"))


def test_an_admin_changes_a_role_and_deactivates_a_user(
    db: Database, ctx: ServiceContext, admin: ServiceContext
) -> None:
    target = make_user(db, "rdiaz", Role.LIAISON, "Rosa Diaz")
    with db.read_session() as s:
        version = s.get(User, target.user_id).version  # type: ignore[union-attr]
    with db.session() as s:
        user = ra.update_user(
            s,
            admin,
            target.user_id,
            version,
            role=Role.MSA_ESR,
            title="MSA",
            email="rosa.diaz@example.gov",
        )
        assert (user.role, user.title) == ("msa_esr", "MSA")
    # The version the admin saw is gone: a second save from the old screen is refused.
    with pytest.raises(ConflictError), db.session() as s:
        ra.update_user(s, admin, target.user_id, version, active=False)
    with db.session() as s:
        ra.update_user(s, admin, target.user_id, None, active=False)
    with db.read_session() as s:
        user = s.get(User, target.user_id)
        assert user is not None and user.active is False
        assert s.scalars(select(AuditEntry).where(AuditEntry.entity == "user")).all()
    with pytest.raises(PermissionDenied), db.session() as s:
        ra.update_user(s, ctx, target.user_id, None, active=True)  # a liaison may not
    with pytest.raises(ValidationError, match="not an e-mail"), db.session() as s:
        ra.update_user(s, admin, target.user_id, None, email="rosa at home")


def test_the_last_admin_stays_an_admin(db: Database, admin: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="your own admin role"), db.session() as s:
        ra.update_user(s, admin, admin.actor.user_id, None, role=Role.LIAISON)  # type: ignore[arg-type]
    other = make_user(db, "badmin", Role.ADMIN, "Bo Admin")
    with db.session() as s:  # with another admin, the other may be moved
        ra.update_user(s, admin, other.user_id, None, role=Role.MANAGER)  # type: ignore[arg-type]


def test_mcos_departments_and_former_names(db: Database, admin: ServiceContext) -> None:
    with db.session() as s:
        mco = ra.add_mco(
            s,
            admin,
            name="Prairie Health Plan",
            short_name="PHP",
            synonyms=["Prairie", " prairie ", "PHP Iowa"],
            phone="515 555 0100",
        )
        assert mco.synonyms == ["Prairie", "PHP Iowa"]  # trimmed, case-insensitive duplicates out
        assert mco.phone == "+15155550100"
        dept = ra.add_department(
            s,
            admin,
            mco.id,
            name="Utilization Management",
            contact_name="Dana",
            phone="(515) 555-0111",
        )
        mco_id, version, dept_id = mco.id, mco.version, dept.id
    with pytest.raises(ValidationError, match="already an MCO"), db.session() as s:
        ra.add_mco(s, admin, name="prairie health plan", short_name="X")
    with pytest.raises(ValidationError, match="already has a department"), db.session() as s:
        ra.add_department(s, admin, mco_id, name="utilization management")
    # Renamed (a merger): the old name stays a synonym, so older logs still import.
    with db.session() as s:
        ra.update_mco(s, admin, mco_id, version, name="Heartland Health Plan")
    with db.read_session() as s:
        renamed = s.get(Mco, mco_id)
        assert renamed is not None and "Prairie Health Plan" in renamed.synonyms
        matcher = McoMatcher.load(s)
        found = matcher.match("Prairie Health Plan")
        assert found is not None and found.id == mco_id
    with db.session() as s:
        ra.update_department(s, admin, dept_id, None, active=False)
        ra.update_mco(s, admin, mco_id, None, active=False)
    with db.read_session() as s:
        gone = s.get(Mco, mco_id)
        assert gone is not None and gone.active is False and not gone.departments[0].active
    with pytest.raises(ValidationError, match="phone"), db.session() as s:
        ra.update_mco(s, admin, mco_id, None, phone="call them")


def test_sources_renamed_keep_their_old_name_for_the_import(
    db: Database, admin: ServiceContext
) -> None:
    from liaison_desk.db.models import Source
    from liaison_desk.services.lookups import SourceMatcher

    with db.session() as s:
        src = ra.add_source(
            s, admin, name="Governor's Office", for_provider=False, synonyms=["Gov Office"]
        )
        source_id = src.id
    with pytest.raises(ValidationError, match="already a source"), db.session() as s:
        ra.add_source(s, admin, name="governor's office")
    with pytest.raises(ValidationError, match="members, providers or both"), db.session() as s:
        ra.update_source(s, admin, source_id, None, for_member=False)
    with db.session() as s:
        ra.update_source(s, admin, source_id, None, name="Office of the Governor")
    with db.read_session() as s:
        row = s.get(Source, source_id)
        assert row is not None and row.synonyms == ["Gov Office", "Governor's Office"]
        found = SourceMatcher.load(s).match("GOVERNOR'S OFFICE")
        assert found is not None and found.id == source_id
