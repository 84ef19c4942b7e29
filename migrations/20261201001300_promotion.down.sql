DROP TABLE IF EXISTS level_history;
DROP TABLE IF EXISTS seats;
DROP TABLE IF EXISTS ratifications;
DROP TABLE IF EXISTS promotion_events;
DROP TABLE IF EXISTS promotion_materials;
DROP TABLE IF EXISTS promotion_applications;
DROP TABLE IF EXISTS promotion_templates;
DROP TABLE IF EXISTS terms;
