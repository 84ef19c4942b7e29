DROP TABLE IF EXISTS inbox_marks;
DROP TABLE IF EXISTS broadcast_reads;
DROP TABLE IF EXISTS broadcast_recipients;
DROP TABLE IF EXISTS broadcasts;
