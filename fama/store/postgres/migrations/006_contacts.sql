-- fama on PostgreSQL, schema 6: the contacts register (the local people who link clients to
-- meetings, who agreed to be listed) and the visits fellowship members make to talk to
-- clients or staff. Contacts hold volunteers' first names and phone numbers, so team leads
-- keep them, keyworkers read them to make a call, and a report login reads neither.

CREATE TABLE contacts (
    id          text PRIMARY KEY,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text NOT NULL DEFAULT current_user
);

CREATE TABLE visits (
    id          text PRIMARY KEY,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text NOT NULL DEFAULT current_user
);

REVOKE ALL ON contacts, visits FROM PUBLIC;
GRANT SELECT ON contacts, visits TO fama_keyworker;
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts, visits TO fama_lead;
