-- Files the association publishes (promotion templates, event and project attachments) are
-- readable by everyone ('public') or by logged-in members ('members'), per file; other kinds
-- leave it NULL and are read by the rule of their kind (internal/files/access.go).
ALTER TABLE files ADD COLUMN visibility text CHECK (visibility IN ('public', 'members'));
-- The per-company upload quota sums the sizes of the company's own uploads.
CREATE INDEX files_company_kind_size_idx ON files (company_id, kind) INCLUDE (size);
