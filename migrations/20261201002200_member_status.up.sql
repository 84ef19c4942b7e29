-- 会员管理: a member company can be suspended (暂停: services closed, data kept) or withdrawn
-- (已退会: no more dues, certificates revoked). companies.status is applicant | member |
-- suspended | withdrawn; the reason and time of the last change are kept with the row.
ALTER TABLE companies ADD COLUMN status_reason text NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN status_changed_at timestamptz;
ALTER TABLE companies ADD CONSTRAINT companies_status_check
    CHECK (status IN ('applicant', 'member', 'suspended', 'withdrawn'));
CREATE INDEX companies_member_list_idx ON companies (status, joined_on DESC, id DESC);
