"""The rules the PostgreSQL server checks on every write by a Liaison Desk login, so that a
login in psql can do no more than the app (SPEC §5): what :mod:`server_roles`' grants cannot
say, because it depends on the row.

* **History is the server's.** A timeline entry's ``recorded_at`` and author, an audit entry's
  ``at`` and ``actor``, an inquiry's ``created_at`` are set by the server (``now()``, the
  session's login), whatever the client sent. The time a person states for an event (a call
  made earlier) is kept, but not in the future and not before the inquiry was received.
* **Nothing changes unrecorded.** A change to an inquiry or to one of its clocks is refused at
  commit unless the same transaction wrote a timeline or audit entry for that inquiry (the
  server-set ``now()`` marks the transaction's own entries).
* **A clock is met only by its entry.** ``met_at`` can be set once, only to the time of a
  timeline entry of the same inquiry that meets the clock's standard (its ``met_by`` tokens,
  as :func:`liaison_desk.policies.token_matches` reads them, and the MCO of an MCO clock);
  deadlines (start, warn, due, standard) never change — a clock is replaced, not moved.
* **What may never change:** an inquiry's reference, maker and creation time; a version
  moves by one per save.
* **Per role:** a CSR cannot approve, assign or resolve (their requests stay pending or sent
  back) and writes only the entries their work makes; a manager adds imported inquiries with
  their clocks but no clock to existing work.

Triggers, not column privileges: the rules depend on the row (the old value, the entry a
clock points at, the role), and one trigger states each rule once for every role. The owner
and superusers are not checked (they can change the schema anyway). On SQLite the services
are the guard and follow the same rules.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

_DENY = "USING ERRCODE = 'insufficient_privilege'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _array(names: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + n.replace("'", "''") + "'" for n in names) + "]::text[]"


def statements(schema: str, groups: dict[str, str]) -> list[str]:
    """The functions and triggers for ``groups`` (role value → group role name)."""
    definer = f"SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp"
    every = _array(list(groups.values()))
    workers = _array([g for r, g in groups.items() if r not in ("csr", "manager")])
    csr = _array([groups["csr"]] if "csr" in groups else [])
    importers = _array([g for r, g in groups.items() if r in ("manager", "admin")])
    return [
        # Whose writes are checked: a member of a Liaison Desk group who is not a superuser.
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_member_of(names text[]) RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
            SELECT EXISTS (
                SELECT 1 FROM pg_roles g
                WHERE g.rolname = ANY (names) AND pg_has_role(session_user, g.oid, 'MEMBER')
            ) AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_limited() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$ SELECT liaison_desk_member_of({every}) $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_only_csr() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
            SELECT liaison_desk_member_of({csr}) AND NOT liaison_desk_member_of({workers})
                AND NOT liaison_desk_member_of({importers})
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_only_importer() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
            SELECT liaison_desk_member_of({importers}) AND NOT liaison_desk_member_of({workers})
        $$
        """,
        # policies.token_matches in SQL: does an entry meet one of a clock's met_by tokens?
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_entry_meets(
            tokens json, e_kind text, e_party text, e_channel text, e_outcome text, e_data json
        ) RETURNS boolean LANGUAGE plpgsql IMMUTABLE {definer} AS $$
        DECLARE
            token text;
            rest text;
            t_kind text;
            t_qual text;
            t_channel text;
            outcome text := lower(trim(coalesce(e_outcome, '')));
        BEGIN
            FOR token IN SELECT json_array_elements_text(coalesce(tokens, '[]'::json)) LOOP
                rest := split_part(token, '@', 1);
                t_channel := trim(substr(token, length(rest) + 2));
                t_kind := trim(split_part(rest, ':', 1));
                t_qual := trim(substr(rest, length(split_part(rest, ':', 1)) + 2));
                CONTINUE WHEN t_kind IS DISTINCT FROM e_kind OR t_kind IN ('note', 'correction');
                IF t_kind = 'contact' THEN
                    CONTINUE WHEN e_channel IS NULL OR e_party IS NULL;
                    CONTINUE WHEN outcome IN ('no_answer', 'voicemail', 'busy', 'wrong_number',
                                              'acknowledgement');
                    CONTINUE WHEN t_channel <> ''
                        AND (e_channel IS DISTINCT FROM t_channel OR outcome = 'received');
                    IF t_qual <> '' THEN
                        CONTINUE WHEN e_party IS DISTINCT FROM t_qual;
                    ELSE
                        CONTINUE WHEN e_party NOT IN ('member', 'provider');
                    END IF;
                    RETURN true;
                END IF;
                IF t_qual = '' THEN
                    RETURN true;
                END IF;
                IF t_kind = 'mco_update' AND t_qual = 'contacted' THEN
                    IF outcome = 'contacted' OR (e_data ->> 'contacted') = 'true' THEN
                        RETURN true;
                    END IF;
                    CONTINUE;
                END IF;
                IF outcome = lower(t_qual) THEN
                    RETURN true;
                END IF;
            END LOOP;
            RETURN false;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_stamp_entry() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        DECLARE
            received timestamptz;
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NEW;
            END IF;
            NEW.recorded_at := now();
            NEW.user_id := liaison_desk_user_id();
            IF NEW.at > now() + interval '5 minutes' THEN
                RAISE EXCEPTION 'an entry cannot be dated in the future' {_DENY};
            END IF;
            SELECT received_at INTO received FROM inquiries WHERE id = NEW.inquiry_id;
            IF NEW.kind NOT IN ('created', 'imported')
               AND NEW.at < received - interval '1 second' THEN
                RAISE EXCEPTION 'an entry cannot be dated before the inquiry was received'
                    {_DENY};
            END IF;
            IF liaison_desk_only_csr() AND NOT (
                NEW.kind IN ('created', 'note', 'correction')
                OR (NEW.kind = 'approval' AND NEW.outcome = 'resubmitted')
            ) THEN
                RAISE EXCEPTION 'a CSR records only their request, notes and corrections' {_DENY};
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_stamp_audit() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF liaison_desk_limited() THEN
                NEW.at := now();
                NEW.actor := session_user;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_stamp_view() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF liaison_desk_limited() THEN
                NEW.at := now();
                NEW.user_id := liaison_desk_user_id();
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_check_inquiry() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NEW;
            END IF;
            IF NEW.received_at > now() + interval '5 minutes' THEN
                RAISE EXCEPTION 'the received time cannot be in the future' {_DENY};
            END IF;
            IF TG_OP = 'INSERT' THEN
                NEW.created_at := now();
                -- An import keeps the CSR the log names (so they see their requests).
                IF NOT liaison_desk_member_of({importers}) THEN
                    NEW.created_by_id := liaison_desk_user_id();
                END IF;
                IF liaison_desk_only_csr() AND (
                    NEW.status <> CASE NEW.track WHEN 'consideration' THEN 'qc_vetting'
                                   ELSE 'pending_approval' END
                    OR NEW.approved_at IS NOT NULL OR NEW.closed
                    OR NEW.qc_result IS NOT NULL OR NEW.monitor_result IS NOT NULL
                    OR NEW.outcome IS NOT NULL
                ) THEN
                    RAISE EXCEPTION 'a CSR''s request waits for a Unit Lead''s approval' {_DENY};
                END IF;
                RETURN NEW;
            END IF;
            IF (NEW.reference, NEW.created_by_id, NEW.created_at, NEW.import_key)
               IS DISTINCT FROM (OLD.reference, OLD.created_by_id, OLD.created_at, OLD.import_key)
            THEN
                RAISE EXCEPTION 'an inquiry''s reference, maker and creation time do not change'
                    {_DENY};
            END IF;
            IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
                RAISE EXCEPTION 'a save moves the version by one' {_DENY};
            END IF;
            IF liaison_desk_only_csr() AND (
                NOT (NEW.status = 'pending_approval'
                     OR (NEW.status = 'sent_back' AND OLD.status = 'sent_back')
                     OR (NEW.status = 'qc_vetting' AND OLD.status = 'qc_vetting'))
                OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
                OR NEW.closed OR NEW.resolution IS NOT NULL
                OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
                OR NEW.track IS DISTINCT FROM OLD.track
            ) THEN
                RAISE EXCEPTION 'a CSR cannot approve, assign or resolve a callback' {_DENY};
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_check_clock() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NEW;
            END IF;
            IF TG_OP = 'UPDATE' THEN
                IF (NEW.inquiry_id, NEW.policy_id, NEW.kind, NEW.label, NEW.mco_id,
                    NEW.started_at, NEW.warn_at, NEW.due_at, NEW.policy_snapshot::text)
                   IS DISTINCT FROM
                   (OLD.inquiry_id, OLD.policy_id, OLD.kind, OLD.label, OLD.mco_id,
                    OLD.started_at, OLD.warn_at, OLD.due_at, OLD.policy_snapshot::text) THEN
                    RAISE EXCEPTION 'a clock''s deadline does not move; it is replaced' {_DENY};
                END IF;
                IF OLD.met_at IS NOT NULL AND NEW.met_at IS DISTINCT FROM OLD.met_at THEN
                    RAISE EXCEPTION 'a met clock stays met when it was met' {_DENY};
                END IF;
                IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
                    RAISE EXCEPTION 'a save moves the version by one' {_DENY};
                END IF;
            END IF;
            -- Only an import brings clocks already met, and only with its own inquiries.
            IF TG_OP = 'INSERT' AND NEW.met_at IS NOT NULL AND NOT (
                liaison_desk_member_of({importers}) AND EXISTS (
                    SELECT 1 FROM inquiries WHERE id = NEW.inquiry_id AND created_at = now()
                )
            ) THEN
                RAISE EXCEPTION 'a new clock starts unmet; the entry that meets it meets it'
                    {_DENY};
            END IF;
            IF NEW.met_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.met_at IS NULL) AND
               NOT EXISTS (
                   SELECT 1 FROM timeline_entries e
                   WHERE e.id = NEW.met_by_entry_id AND e.inquiry_id = NEW.inquiry_id
                     AND abs(extract(epoch FROM e.at - NEW.met_at)) < 1
                     AND (NEW.mco_id IS NULL OR e.party IS DISTINCT FROM 'mco'
                          OR (e.data ->> 'mco_id') IS NULL
                          OR (e.data ->> 'mco_id') = NEW.mco_id::text)
                     AND liaison_desk_entry_meets(NEW.policy_snapshot -> 'met_by', e.kind,
                                                  e.party, e.channel, e.outcome, e.data)
               ) THEN
                RAISE EXCEPTION 'a clock is met only by the timeline entry that meets it'
                    {_DENY};
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_needs_entry() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        DECLARE
            target integer;
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NULL;
            END IF;
            IF TG_TABLE_NAME = 'inquiries' THEN
                target := NEW.id;
            ELSIF TG_OP = 'DELETE' THEN
                target := OLD.inquiry_id;
            ELSE
                target := NEW.inquiry_id;
            END IF;
            IF TG_TABLE_NAME = 'milestones' AND TG_OP = 'INSERT' AND liaison_desk_only_importer()
               AND NOT EXISTS (SELECT 1 FROM inquiries WHERE id = target AND created_at = now())
            THEN
                RAISE EXCEPTION 'clocks are added only to the inquiries being imported' {_DENY};
            END IF;
            -- A clock starts only with what starts clocks: intake, a referral, a priority
            -- change, a correction, a missed clock's follow-up (or an import).
            IF TG_TABLE_NAME = 'milestones' AND TG_OP = 'INSERT'
               AND NOT liaison_desk_only_importer() AND NOT EXISTS (
                   SELECT 1 FROM timeline_entries WHERE inquiry_id = target
                   AND recorded_at = now() AND kind IN
                   ('created', 'imported', 'referral', 'priority_change', 'correction',
                    'milestone', 'vetting', 'monitor_result', 'outreach_attempt')
               ) THEN
                RAISE EXCEPTION 'a clock starts only with the entry that starts it' {_DENY};
            END IF;
            IF TG_TABLE_NAME = 'inquiries' THEN
{_change_rules()}
            END IF;
            IF EXISTS (SELECT 1 FROM timeline_entries
                       WHERE inquiry_id = target AND recorded_at = now())
               OR EXISTS (SELECT 1 FROM audit_entries
                          WHERE entity = 'inquiry' AND entity_id = target AND at = now()) THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION 'a change to an inquiry or its clocks is recorded in its timeline'
                {_DENY};
        END
        $$
        """,
    ]


# What an inquiry's change must come with: the entry the app's action for it writes, so a
# covering note in psql does not pass for a resolution, an approval or a new priority.
_IDENTITY = (
    "member_name", "member_state_id", "caller_name", "caller_phone", "npi", "provider_name",
    "contact_name", "contact_phone", "source", "enrolled_in_mco", "description",
    "channel", "email", "subject", "category", "sub_category",
)  # fmt: skip
_CHANGE_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("NEW.closed AND NOT OLD.closed", ("resolution",), "resolving needs its resolution"),
    ("OLD.closed AND NOT NEW.closed", ("reopen",), "reopening needs its reason"),
    ("{priority}", ("priority_change",), "a new priority needs its reason"),
    ("{received_at,track}", ("correction",), "moving the received time is a correction"),
    ("{assignee_id}", ("assignment", "approval"), "an assignment is recorded as one"),
    ("{approved_at}", ("approval",), "an approval is recorded as one"),
    ("{decision}", ("decision", "referral"), "a decision is recorded as one"),
    ("{referred_at,mco_department,mco_contact}", ("referral",), "a referral is recorded"),
    ("{mco_id}", ("referral", "correction", "mco_update", "follow_up"), "an MCO change is noted"),
    ("{" + ",".join(_IDENTITY) + "}", ("correction", "approval"), "details change by correction"),
    ("{mailing_address}", ("correction", "approval", "letter"), "an address change is recorded"),
    ("{resolution,resolved_at,callback_completed_at,outcome}", ("resolution", "reopen"),
     "a resolution is recorded as one"),
    # An enrollment consideration case's steps (seed 003) and what it asks for.
    ("{qc_result}", ("vetting",), "a vetting is recorded as one"),
    ("{monitor_result,monitor_reason}", ("monitor_result",), "the State Monitors' result "
     "is recorded as one"),
    ("{outreach_attempts}", ("outreach_attempt",), "an outreach attempt is recorded as one"),
    ("{consideration_kind,for_cause_reason,requested_change,participants::text,"
     "supervisor_requested}", ("correction",), "a case's request changes by correction"),
)  # fmt: skip


def _changed(spec: str) -> str:
    if not spec.startswith("{"):
        return spec
    cols = spec.strip("{}").split(",")
    new = ", ".join(f"NEW.{c}" for c in cols)
    old = ", ".join(f"OLD.{c}" for c in cols)
    return f"ROW({new}) IS DISTINCT FROM ROW({old})"


def _change_rules() -> str:
    out = []
    for condition, kinds, words in _CHANGE_RULES:
        wanted = ", ".join(f"'{k}'" for k in kinds)
        words = words.replace("'", "''")  # inside a quoted SQL string
        out.append(
            f"""                IF {_changed(condition)} AND NOT EXISTS (
                    SELECT 1 FROM timeline_entries WHERE inquiry_id = target
                    AND recorded_at = now() AND kind IN ({wanted})) THEN
                    RAISE EXCEPTION '{words}' {_DENY};
                END IF;"""
        )
    return "\n".join(out)


_TRIGGERS = (
    ("ld_stamp_entry", "BEFORE INSERT", "timeline_entries", "liaison_desk_stamp_entry", False),
    ("ld_stamp_audit", "BEFORE INSERT", "audit_entries", "liaison_desk_stamp_audit", False),
    ("ld_stamp_view", "BEFORE INSERT", "inquiry_views", "liaison_desk_stamp_view", False),
    ("ld_check_inquiry", "BEFORE INSERT OR UPDATE", "inquiries", "liaison_desk_check_inquiry",
     False),
    ("ld_check_clock", "BEFORE INSERT OR UPDATE", "milestones", "liaison_desk_check_clock",
     False),
    ("ld_recorded", "AFTER UPDATE", "inquiries", "liaison_desk_needs_entry", True),
    ("ld_recorded", "AFTER INSERT OR UPDATE", "milestones", "liaison_desk_needs_entry", True),
    ("ld_recorded", "AFTER INSERT OR DELETE", "inquiry_mcos", "liaison_desk_needs_entry", True),
)  # fmt: skip


def apply(conn: Connection, schema: str, groups: dict[str, str], present: set[str]) -> None:
    """Create (or replace) the functions and triggers; idempotent."""
    needed = {
        "inquiries", "milestones", "timeline_entries", "audit_entries", "inquiry_views",
        "inquiry_mcos",
    }  # fmt: skip
    if not needed <= present or not groups:
        return
    for statement in statements(schema, groups):
        conn.execute(text(statement))
    for name, when, table, function, deferred in _TRIGGERS:
        create_trigger(conn, name, when, table, function, deferred=deferred)


def create_trigger(
    conn: Connection, name: str, when: str, table: str, function: str, *, deferred: bool = False
) -> None:
    """(Re)create a row trigger; ``deferred``: checked at commit (a constraint trigger)."""
    conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {_q(table)}"))
    kind = "CONSTRAINT TRIGGER" if deferred else "TRIGGER"
    defer = " DEFERRABLE INITIALLY DEFERRED" if deferred else ""
    conn.execute(
        text(
            f"CREATE {kind} {name} {when} ON {_q(table)}{defer} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    )
