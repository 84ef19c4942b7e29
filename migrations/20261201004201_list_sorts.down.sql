DROP INDEX IF EXISTS dues_year_amount_id_idx;
DROP INDEX IF EXISTS dues_amount_id_idx;
