-- fama on PostgreSQL, schema 3: the self-assessment counted from facts kept with each
-- record (dates, counts, scores, vocabulary values: no client code, no words anyone typed),
-- so the figures read a few small values per client instead of every record, and a report
-- login, which may not read a client row, counts them through one function.

ALTER TABLE clients ADD COLUMN facts jsonb;

-- The facts of every client in treatment at some point from first_day to last_day.
CREATE FUNCTION fama_assessment_facts(first_day date, last_day date)
    RETURNS SETOF jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT facts FROM clients
    WHERE facts IS NOT NULL
      AND episode_start <= last_day
      AND (discharged IS NULL OR discharged >= first_day)
$$;

REVOKE ALL ON FUNCTION fama_assessment_facts(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fama_assessment_facts(date, date)
    TO fama_keyworker, fama_lead, fama_report;
