-- 展会活动 load data (after seed.sql): 3,000 events over 2017–2027 (one in eight council-only,
-- a third with fees), 200,000 registrations of the 50,000 companies (two attendees each, so
-- 400,000 attendees), and an event charge (a dues row of the registration) for each confirmed
-- registration of an event with fees. bench8 is registered for upcoming events, so its
-- 待办事项 card has real lines.
INSERT INTO events (name, kind, published, council_only, starts_at, ends_at, venue, organiser, summary,
                    reg_opens_at, reg_closes_at, cancel_until, capacity, max_per_company, fee_member_fen, fee_council_fen, council_free_places)
SELECT (ARRAY['深圳','苏州','上海','东莞','广州','珠海','昆山','惠州','杭州','天津'])[1 + i % 10]
       || (ARRAY['电路板','覆铜板','HDI','封装基板','电子装联','PCB'])[1 + (i / 10) % 6]
       || (ARRAY['技术研讨会','展览会','培训班','年会','论坛'])[1 + (i / 60) % 5] || ' 第' || i || '期',
       (ARRAY['exhibition','conference','training','other'])[1 + i % 4],
       i % 20 <> 0, i % 8 = 0,
       s, s + interval '2 days', '深圳会展中心', 'CPCA', '研讨与交流',
       s - interval '40 days', s - interval '5 days', s - interval '7 days', 200, 5,
       CASE WHEN i % 3 = 0 THEN 80000 ELSE 0 END, CASE WHEN i % 3 = 0 THEN 50000 ELSE 0 END, CASE WHEN i % 3 = 0 THEN 2 ELSE 0 END
FROM generate_series(1, 3000) AS i,
     LATERAL (SELECT timestamptz '2017-01-10 09:00+08' + (i * interval '1 day') * 3650 / 3000 AS s) AS d;

-- Registration k goes to the (k % 3000)th event from the ((k / 3000) * 7 + (k % 3000) * 13) % 50000th
-- company: a company has about four registrations, never two for the same event.
INSERT INTO event_registrations (event_id, company_id, status, places, waitlisted_at, created_at)
SELECT e.id, c.id,
       (ARRAY['confirmed','confirmed','confirmed','confirmed','cancelled','waitlisted','pending','confirmed'])[1 + k % 8],
       2, CASE WHEN k % 8 = 5 THEN e.reg_opens_at END, e.reg_opens_at + (k % 30) * interval '1 day'
FROM generate_series(0, 199999) AS k
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, reg_opens_at FROM events) e ON e.n = k % 3000
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM companies WHERE member_no LIKE 'B%') c ON c.n = ((k / 3000) * 7 + (k % 3000) * 13) % 50000
ON CONFLICT DO NOTHING;

-- bench8: live registrations for the next open events.
INSERT INTO event_registrations (event_id, company_id, status, places)
SELECT e.id, (SELECT company_id FROM users WHERE username = 'bench8'), 'confirmed', 2
FROM events e WHERE e.published AND NOT e.council_only AND e.starts_at > now() ORDER BY e.starts_at LIMIT 3
ON CONFLICT DO NOTHING;

INSERT INTO event_attendees (registration_id, position, name, title, mobile)
SELECT r.id, p, (ARRAY['王芳','李强','张伟','刘洋'])[1 + (r.id + p) % 4], '工程师', '13800138000'
FROM event_registrations r, generate_series(0, 1) AS p;

INSERT INTO dues (company_id, event_registration_id, subject, level, amount_fen, status, invoice_status)
SELECT r.company_id, r.id, e.name, '',
       CASE WHEN c.level = 'member' THEN 2 * e.fee_member_fen ELSE greatest(2 - e.council_free_places, 0) * e.fee_council_fen END,
       (ARRAY['unpaid','pending','confirmed','confirmed'])[1 + r.id % 4], (ARRAY['none','requested','issued','none'])[1 + r.id % 4]
FROM event_registrations r JOIN events e ON e.id = r.event_id JOIN companies c ON c.id = r.company_id
WHERE r.status = 'confirmed' AND e.fee_member_fen > 0
  AND CASE WHEN c.level = 'member' THEN 2 * e.fee_member_fen ELSE greatest(2 - e.council_free_places, 0) * e.fee_council_fen END > 0;

ANALYZE;
