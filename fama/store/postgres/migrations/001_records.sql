-- fama on PostgreSQL, schema 1: one JSONB document per record, plus the columns the
-- caseload and the figures query. Hand-written; applied once, in order, by
-- fama.store.postgres.schema (the number in the file name is the schema version).

CREATE TABLE clients (
    code          text PRIMARY KEY,
    keyworker     text NOT NULL,
    stage         text NOT NULL,
    next_due      date,
    next_review   date,
    episode_start date NOT NULL,
    discharged    date,
    summary       jsonb NOT NULL,   -- the caseload row (ClientSummary), kept with the record
    record        jsonb NOT NULL,   -- the whole ClientRecord
    version       bigint NOT NULL DEFAULT 1,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    changed_by    text NOT NULL DEFAULT current_user
);
CREATE INDEX clients_by_keyworker ON clients (keyworker);
CREATE INDEX clients_by_next_due ON clients (next_due);

CREATE TABLE meetings (
    id          text PRIMARY KEY,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text NOT NULL DEFAULT current_user
);

CREATE TABLE locations (
    outcode     text PRIMARY KEY,
    latitude    double precision NOT NULL,
    longitude   double precision NOT NULL
);

CREATE TABLE staff (
    id          text PRIMARY KEY,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text NOT NULL DEFAULT current_user
);

CREATE TABLE assessments (
    id            text PRIMARY KEY,
    service       text NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    doc           jsonb NOT NULL,
    version       bigint NOT NULL DEFAULT 1,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    changed_by    text NOT NULL DEFAULT current_user,
    UNIQUE (service, period_start, period_end)
);

-- Erasures begun and not finished: the files written about the client outside the database
-- still to delete. Named by a random id, never the client's code.
CREATE TABLE erasures (
    id          text PRIMARY KEY,
    records     integer NOT NULL,
    files       jsonb NOT NULL,
    begun_at    timestamptz NOT NULL DEFAULT now()
);
