-- 会员缴费管理 sorted by amount (应缴): without these a sort over 500k dues rows is a
-- parallel seq scan (~360 ms on the bench seed); with them the page is an index scan. The
-- (year, amount) one serves the year filter staff usually have on.
CREATE INDEX IF NOT EXISTS dues_amount_id_idx ON dues (amount_fen, id);
CREATE INDEX IF NOT EXISTS dues_year_amount_id_idx ON dues (year, amount_fen, id);
