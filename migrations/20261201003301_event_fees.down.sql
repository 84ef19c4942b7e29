DROP INDEX IF EXISTS events_staff_list_idx;
DELETE FROM dues WHERE event_registration_id IS NOT NULL;
DROP INDEX IF EXISTS dues_event_status_idx;
DROP INDEX IF EXISTS dues_event_registration_key;
ALTER TABLE dues DROP CONSTRAINT dues_kind_check, DROP COLUMN subject, DROP COLUMN event_registration_id,
    ALTER COLUMN year SET NOT NULL;
ALTER TABLE events DROP COLUMN council_free_places, DROP COLUMN fee_council_fen, DROP COLUMN fee_member_fen;
