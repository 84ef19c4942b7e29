-- 通讯录: who may see which field of a member company's entry. Staff set a default audience
-- per field (and may lock it); a company may only tighten its own, and may hide itself.
CREATE TABLE directory_fields (
    field    text PRIMARY KEY,
    audience text    NOT NULL CHECK (audience IN ('public', 'members', 'council', 'staff')),
    locked   boolean NOT NULL DEFAULT false
);
INSERT INTO directory_fields (field, audience) VALUES
    ('address', 'members'), ('website', 'members'), ('products', 'members'), ('intro', 'members'),
    ('contacts', 'members'), ('mobile', 'council'), ('email', 'members'), ('brochure', 'members');

-- A company's own settings: hidden from the directory, and per field a tighter audience.
CREATE TABLE directory_settings (
    company_id bigint PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    hidden     boolean     NOT NULL DEFAULT false,
    fields     jsonb       NOT NULL DEFAULT '{}',
    -- 附件简介: the company's brochure; the file's visibility is the field's audience for it.
    brochure_id text REFERENCES files(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A brochure's visibility is one of the directory's audiences.
ALTER TABLE files DROP CONSTRAINT files_visibility_check,
    ADD CONSTRAINT files_visibility_check CHECK (visibility IN ('public', 'members', 'council', 'staff'));
