-- Chinese names are searched by 2-character fragments (深圳, 电路), which pg_trgm cannot index.
-- cpca_bigrams splits a text into its distinct 2-character pieces; a GIN index over it answers
-- "contains every bigram of the query" and the ILIKE that follows confirms the order.
CREATE FUNCTION cpca_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
    FROM generate_series(1, greatest(char_length(t) - 1, 0)) AS i
$$;

CREATE INDEX companies_name_bigrams_idx ON companies USING gin (cpca_bigrams(name));
CREATE INDEX applications_name_bigrams_idx ON applications USING gin (cpca_bigrams(search_name));

-- The finance list is ordered by year and id: with this index a filtered page stops early.
CREATE INDEX dues_year_id_idx ON dues (year DESC, id DESC);
