-- 展会活动: events staff publish, one registration per company and event with its attendees,
-- the waitlist (registrations waiting, then offered a freed place until an expiry) and the
-- check-in of each attendee. Places are counted in attendees; every change of an event's
-- registrations locks the event row first, so the places held never exceed the capacity.
CREATE TABLE events (
    id              bigserial   PRIMARY KEY,
    name            text        NOT NULL,
    name_bigrams    text[]      NOT NULL DEFAULT '{}',
    kind            text        NOT NULL,                  -- exhibition | conference | training | other
    published       boolean     NOT NULL DEFAULT false,
    council_only    boolean     NOT NULL DEFAULT false,    -- only 理事单位 and above see it
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    venue           text        NOT NULL DEFAULT '',
    organiser       text        NOT NULL DEFAULT '',
    summary         text        NOT NULL DEFAULT '',
    agenda          text        NOT NULL DEFAULT '',
    fee_info        text        NOT NULL DEFAULT '',       -- fees as information; paid offline
    reg_opens_at    timestamptz NOT NULL,
    reg_closes_at   timestamptz NOT NULL,
    cancel_until    timestamptz NOT NULL,
    capacity        integer     NOT NULL CHECK (capacity >= 0),
    max_per_company integer     NOT NULL DEFAULT 5 CHECK (max_per_company >= 1),
    needs_approval  boolean     NOT NULL DEFAULT false,
    offer_hours     integer     NOT NULL DEFAULT 48 CHECK (offer_hours >= 1),
    created_by      bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at >= starts_at),
    CHECK (reg_closes_at >= reg_opens_at)
);
CREATE INDEX events_list_idx ON events (published, starts_at DESC, id DESC);
CREATE INDEX events_name_bigrams_idx ON events USING gin (name_bigrams);

CREATE FUNCTION cpca_events_bigrams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_bigrams := cpca_bigrams(NEW.name);
    RETURN NEW;
END $$;
CREATE TRIGGER events_bigrams BEFORE INSERT OR UPDATE OF name ON events
    FOR EACH ROW EXECUTE FUNCTION cpca_events_bigrams();

CREATE TABLE event_registrations (
    id               bigserial   PRIMARY KEY,
    event_id         bigint      NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    company_id       bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    status           text        NOT NULL,  -- pending | confirmed | waitlisted | offered | cancelled | rejected | expired
    places           integer     NOT NULL CHECK (places >= 1),
    waitlisted_at    timestamptz,           -- when it joined the waitlist (the queue is in id order)
    offer_expires_at timestamptz,
    offers           integer     NOT NULL DEFAULT 0,
    note             text        NOT NULL DEFAULT '',
    reason           text        NOT NULL DEFAULT '',
    created_by       bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- One live registration per company and event (registering twice is refused).
CREATE UNIQUE INDEX event_registrations_live_key ON event_registrations (event_id, company_id)
    WHERE status IN ('pending', 'confirmed', 'waitlisted', 'offered');
CREATE INDEX event_registrations_event_idx ON event_registrations (event_id, status, id);
CREATE INDEX event_registrations_company_idx ON event_registrations (company_id, event_id);
CREATE INDEX event_registrations_offers_idx ON event_registrations (offer_expires_at) WHERE status = 'offered';

CREATE TABLE event_attendees (
    id              bigserial   PRIMARY KEY,
    registration_id bigint      NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
    position        integer     NOT NULL DEFAULT 0,
    name            text        NOT NULL,
    title           text        NOT NULL DEFAULT '',
    mobile          text        NOT NULL DEFAULT '',
    email           text        NOT NULL DEFAULT '',
    checked_in_at   timestamptz,
    checked_in_by   bigint      REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX event_attendees_registration_idx ON event_attendees (registration_id, position);

-- Attachments of an outbox email (the e-ticket's QR codes), sent with it.
CREATE TABLE email_attachments (
    email_id     bigint  NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
    position     integer NOT NULL,
    name         text    NOT NULL,
    content_type text    NOT NULL,
    data         bytea   NOT NULL,
    PRIMARY KEY (email_id, position)
);
