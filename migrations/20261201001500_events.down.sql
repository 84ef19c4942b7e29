DROP TABLE email_attachments;
DROP TABLE event_attendees;
DROP TABLE event_registrations;
DROP TABLE events;
DROP FUNCTION cpca_events_bigrams();
