-- 会员管理's default order (newest members first: joined_on DESC NULLS LAST, id DESC) had no
-- matching index (companies_member_list_idx is joined_on DESC, which puts NULLs first), so
-- the first page was a top-N sort of every company: 86 ms on the 50k-company bench seed,
-- 0.4 ms with this index (tests/bench/REPORT.md, issue 10).
CREATE INDEX companies_joined_idx ON companies (joined_on DESC NULLS LAST, id DESC);
