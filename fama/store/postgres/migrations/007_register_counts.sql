-- fama on PostgreSQL, schema 7: the self-assessment's counts of the contacts register and
-- of fellowship members' visits (1.1, 2.4, 2.5, 3.4), through one function, so a report
-- login, which may read neither table (they hold volunteers' names and numbers), gets how
-- many and never an entry: every contact, those past their check-by date (checked more
-- than check_days before last_day), and the visits dated from first_day to last_day by
-- whom they were for and the visitor's organisation.
--
-- The client facts kept beside each record gain each follow-up's linked goal and handover
-- and the calls made to the register (their form, "shape", 2): `fama store migrate` makes
-- them again from each record after this step; until then a row reads as having none.

CREATE FUNCTION fama_register_counts(first_day date, last_day date, check_days integer)
    RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT jsonb_build_object(
        'contacts', (SELECT count(*) FROM contacts),
        'stale', (
            SELECT count(*) FROM contacts
            WHERE (doc->>'last_checked')::date + check_days < last_day
        ),
        'visits', coalesce((
            SELECT jsonb_agg(jsonb_build_array(to_whom, organisation, visits))
            FROM (
                SELECT doc->>'to_whom' AS to_whom,
                       doc->>'organisation' AS organisation,
                       count(*) AS visits
                FROM visits
                WHERE (doc->>'date')::date BETWEEN first_day AND last_day
                GROUP BY 1, 2
            ) AS counted
        ), '[]'::jsonb)
    )
$$;

REVOKE ALL ON FUNCTION fama_register_counts(date, date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fama_register_counts(date, date, integer)
    TO fama_keyworker, fama_lead, fama_report;
