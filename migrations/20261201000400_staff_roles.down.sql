ALTER TABLE users DROP CONSTRAINT users_staff_role_only_staff;
ALTER TABLE users DROP COLUMN staff_role;
