DROP INDEX IF EXISTS dues_year_id_idx;
DROP INDEX IF EXISTS applications_name_bigrams_idx;
DROP INDEX IF EXISTS companies_name_bigrams_idx;
DROP FUNCTION IF EXISTS cpca_bigrams(text);
