DROP TABLE event_attachments;
