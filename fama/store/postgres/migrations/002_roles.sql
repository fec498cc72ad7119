-- fama on PostgreSQL, schema 2: who may do what, enforced by the database itself.
--
-- Every person connects as their own login, made a member of one of three group roles:
--   fama_keyworker  the team's clients (their own, and the caseload when covering) and
--                   everything in a session; reads the directory, staff and assessments,
--                   and may flag meetings;
--   fama_lead       everything, the staff list and the self-assessment ratings included;
--   fama_report     figures only: the directory, staff and assessments, never a client row.
-- A login is mapped to a staff member by staff.login. Row-level security makes every
-- change to a client carry the login that made it (changed_by), so "recorded by" cannot
-- be written in someone else's name.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fama_keyworker') THEN
        CREATE ROLE fama_keyworker NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fama_lead') THEN
        CREATE ROLE fama_lead NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fama_report') THEN
        CREATE ROLE fama_report NOLOGIN;
    END IF;
END
$$;

ALTER TABLE staff ADD COLUMN login text UNIQUE;
ALTER TABLE staff ADD COLUMN access text NOT NULL DEFAULT 'keyworker'
    CHECK (access IN ('keyworker', 'lead', 'report'));

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;

GRANT SELECT ON fama_schema, meetings, locations, staff, assessments
    TO fama_keyworker, fama_lead, fama_report;

GRANT SELECT, INSERT, UPDATE ON clients TO fama_keyworker;
GRANT UPDATE ON meetings TO fama_keyworker;

GRANT SELECT, INSERT, UPDATE, DELETE ON clients, meetings, locations, staff, assessments,
    erasures TO fama_lead;

ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
CREATE POLICY clients_team ON clients FOR ALL TO fama_keyworker, fama_lead
    USING (true)
    WITH CHECK (changed_by = current_user);
