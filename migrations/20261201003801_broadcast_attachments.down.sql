DROP TABLE IF EXISTS broadcast_files;
DELETE FROM files WHERE kind = 'broadcast_attachment';
ALTER TABLE broadcasts DROP COLUMN IF EXISTS markdown;
