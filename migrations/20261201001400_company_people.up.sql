-- 会员信息 and 单位成员 after joining: change requests for the key fields, the history of every
-- profile change, the people's roles and directory consent, company accounts and one-time links.

-- 单位成员: department, 会议联系人, and each person's separate consent (单独同意) to the directory.
ALTER TABLE company_people
    ADD COLUMN department      text        NOT NULL DEFAULT '',
    ADD COLUMN is_meeting      boolean     NOT NULL DEFAULT false,
    ADD COLUMN consent_at      timestamptz,
    ADD COLUMN consent_version text        NOT NULL DEFAULT '',
    ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now();

-- At most one 主要联系人 per company (an index), and at least one once the company has people:
-- a constraint trigger checked at commit (so a transaction may move the role from one row to
-- another, or delete a company with its people) refuses a company left without one.
CREATE UNIQUE INDEX company_people_one_primary ON company_people (company_id) WHERE is_primary;

CREATE FUNCTION company_people_need_primary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cid bigint;
BEGIN
    cid := CASE WHEN TG_OP = 'DELETE' THEN OLD.company_id ELSE NEW.company_id END;
    IF EXISTS (SELECT 1 FROM companies WHERE id = cid)
       AND NOT EXISTS (SELECT 1 FROM company_people WHERE company_id = cid AND is_primary) THEN
        RAISE EXCEPTION 'company % has no primary contact', cid USING ERRCODE = '23514',
            CONSTRAINT = 'company_people_need_primary';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER company_people_need_primary
    AFTER INSERT OR UPDATE OR DELETE ON company_people
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION company_people_need_primary();

-- Consent history: every grant and withdrawal, with the text version the person agreed to.
CREATE TABLE people_consents (
    id          bigserial PRIMARY KEY,
    person_id   bigint      NOT NULL REFERENCES company_people(id) ON DELETE CASCADE,
    granted     boolean     NOT NULL,
    version     text        NOT NULL,
    by_user     bigint REFERENCES users(id) ON DELETE SET NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_consents_person_idx ON people_consents (person_id, at DESC);

-- Profile changes: a key-field change request (pending → approved | rejected) with its
-- evidence, or a change applied at once (status applied). Both keep old and new values, so
-- the rows are the history of the profile.
CREATE TABLE company_changes (
    id           bigserial PRIMARY KEY,
    company_id   bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    kind         text        NOT NULL,            -- key | profile
    status       text        NOT NULL,            -- pending | approved | rejected | applied
    old_values   jsonb       NOT NULL DEFAULT '{}',
    new_values   jsonb       NOT NULL DEFAULT '{}',
    evidence_id  text REFERENCES files(id) ON DELETE SET NULL,
    note         text        NOT NULL DEFAULT '',
    reason       text        NOT NULL DEFAULT '',
    requested_by bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_by   bigint REFERENCES users(id) ON DELETE SET NULL,
    decided_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX company_changes_company_idx ON company_changes (company_id, id DESC);
CREATE INDEX company_changes_status_idx ON company_changes (status, id DESC);
-- One open key-field request per company.
CREATE UNIQUE INDEX company_changes_one_pending ON company_changes (company_id) WHERE status = 'pending';

-- Company accounts: the main account (the one that registered) invites colleagues.
ALTER TABLE users ADD COLUMN is_main boolean NOT NULL DEFAULT false;
UPDATE users u SET is_main = true
 WHERE u.company_id IS NOT NULL AND u.role IN ('applicant', 'member')
   AND u.id = (SELECT min(x.id) FROM users x WHERE x.company_id = u.company_id);

-- One-time links (invitations, password resets): only the SHA-256 of the token is kept.
CREATE TABLE onetime_links (
    id          bigserial PRIMARY KEY,
    purpose     text        NOT NULL,             -- invite | reset
    user_id     bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  bytea       NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX onetime_links_user_idx ON onetime_links (user_id, purpose);
