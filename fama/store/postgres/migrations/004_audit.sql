-- fama on PostgreSQL, schema 4: the audit trail, append-only and hash-chained.
--
-- A login adds an entry by inserting only what was done (action, what, record); a trigger
-- fills in the rest under an advisory lock: the next number, the time, the login itself
-- (session_user, so nobody writes in someone else's name) and the hash of the entry
-- chained onto the one before, the same SHA-256 over the same canonical form that
-- fama.audit.chain computes, so `fama audit verify` checks it. Another trigger refuses
-- UPDATE, DELETE and TRUNCATE, whoever asks; logins may only INSERT and SELECT.
-- Records are named by a keyed hash of the client code (audit_key, made here), never the
-- code in clear.

CREATE TABLE audit (
    seq bigint PRIMARY KEY,
    at text NOT NULL,
    who text NOT NULL,
    action text NOT NULL
        CHECK (action IN ('view', 'change', 'export', 'erase', 'failed-unlock')),
    what text NOT NULL,
    record text,
    prev text NOT NULL,
    hash text NOT NULL
);

CREATE TABLE audit_key (
    only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
    key bytea NOT NULL
);
INSERT INTO audit_key (key)
    VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));

CREATE FUNCTION audit_escaped(field text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT replace(replace(field, E'\\', E'\\\\'), E'\n', E'\\n') $$;

CREATE FUNCTION audit_seal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    last_seq bigint;
    last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(7377297928750200164);  -- "fama-aud": one entry at a time
    SELECT seq, hash INTO last_seq, last_hash FROM audit ORDER BY seq DESC LIMIT 1;
    NEW.seq := coalesce(last_seq, 0) + 1;
    NEW.prev := coalesce(last_hash, repeat('0', 64));
    NEW.at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    NEW.who := session_user;
    NEW.hash := encode(sha256(convert_to(concat_ws(E'\n',
        'fama-audit-1',
        NEW.seq::text,
        audit_escaped(NEW.at),
        audit_escaped(NEW.who),
        audit_escaped(NEW.action),
        audit_escaped(NEW.what),
        audit_escaped(coalesce(NEW.record, '')),
        NEW.prev), 'UTF8')), 'hex');
    RETURN NEW;
END
$$;

CREATE FUNCTION audit_refuse() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: entries are never changed or removed'
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_seal BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_seal();
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();

-- Adding an entry and getting it back, for a login that may not read the trail (report).
-- The entry is sealed by the trigger as session_user, whoever owns this function.
CREATE FUNCTION audit_add(action text, what text, record text) RETURNS audit
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ INSERT INTO audit (action, what, record) VALUES (action, what, record) RETURNING * $$;

REVOKE ALL ON audit, audit_key FROM PUBLIC;
GRANT SELECT ON audit, audit_key TO fama_keyworker, fama_lead;
GRANT INSERT (action, what, record) ON audit TO fama_keyworker, fama_lead, fama_report;
