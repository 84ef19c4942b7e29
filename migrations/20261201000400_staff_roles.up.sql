-- Staff sub-roles (协会工作人员的岗位): 会员部, 财务, 会展, 信息, 系统管理员. Each maps to a casbin
-- role (staff_<sub-role>) in policies/policy.csv. Existing staff keep every right they had:
-- they become 系统管理员. Only staff rows carry a sub-role, and every staff row carries one.
ALTER TABLE users ADD COLUMN staff_role text NOT NULL DEFAULT ''
    CHECK (staff_role IN ('', 'membership', 'finance', 'events', 'info', 'sysadmin'));
UPDATE users SET staff_role = 'sysadmin' WHERE role = 'admin';
ALTER TABLE users ADD CONSTRAINT users_staff_role_only_staff CHECK ((role = 'admin') = (staff_role <> ''));
