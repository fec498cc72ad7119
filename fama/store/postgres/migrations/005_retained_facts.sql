-- fama on PostgreSQL, schema 5: the self-assessment facts of records purged at the end of
-- their retention period (no code, no words anyone typed), so the figures of past periods
-- stay as they were. Written in the same transaction as the purge's deletion; counted by
-- fama_assessment_facts beside the records'.

CREATE TABLE retained_facts (
    id bigserial PRIMARY KEY,
    facts jsonb NOT NULL,
    retained_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON retained_facts FROM PUBLIC;
GRANT INSERT ON retained_facts TO fama_lead;
GRANT USAGE ON SEQUENCE retained_facts_id_seq TO fama_lead;

CREATE OR REPLACE FUNCTION fama_assessment_facts(first_day date, last_day date)
    RETURNS SETOF jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT facts FROM clients
    WHERE facts IS NOT NULL
      AND episode_start <= last_day
      AND (discharged IS NULL OR discharged >= first_day)
    UNION ALL
    SELECT facts FROM retained_facts
    WHERE (facts->>'episode_start')::date <= last_day
      AND (facts->>'discharged' IS NULL OR (facts->>'discharged')::date >= first_day)
$$;
