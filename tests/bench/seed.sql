-- Load data for benchmarks: 50,000 companies, 10 years of dues (500,000 rows), an
-- application per company. Names are built from city and trade words so 2-character searches
-- (深圳, 电路) hit realistic fractions of the table. `psql -v companies=1000` loads fewer
-- (compare.sh COMPANIES=1000: latency at 1,000 against 50,000 companies).
\if :{?companies}
\else
\set companies 50000
\endif
INSERT INTO companies (name, uscc, status, level, member_no, joined_on, province, city)
SELECT (ARRAY['深圳','苏州','上海','东莞','广州','珠海','昆山','惠州','杭州','天津'])[1 + i % 10]
       || (ARRAY['华','精','宏','鼎','联','新','创','恒','泰','盛'])[1 + (i / 10) % 10]
       || (ARRAY['电路','电子','科技','覆铜板','材料','设备','装联','线路板'])[1 + (i / 100) % 8]
       || '有限公司' || i,
       'X' || lpad(i::text, 17, '0'),
       'member',
       (ARRAY['member','member','member','member','council','standing','vice_president','president'])[1 + i % 8],
       'B' || i, date '2015-01-01' + (i % 3000), '广东省', '深圳市'
FROM generate_series(1, :companies) AS i;

INSERT INTO users (username, password_hash, role, company_id, email)
SELECT 'bench' || c.id, '$2a$04$abcdefghijklmnopqrstuuMZ3rqE0d3s9pl0hrbNfN0sWyqJ5W1Hy', 'member', c.id, 'bench' || c.id || '@example.com'
FROM companies c WHERE c.member_no LIKE 'B%';

INSERT INTO applications (company_id, user_id, status, submitted_at, search_name, uscc, paper_received)
SELECT c.id, u.id, (ARRAY['approved','approved','approved','submitted','rejected','resubmitted'])[1 + c.id % 6],
       now() - (c.id % 900) * interval '1 day', c.name, c.uscc, c.id % 3 = 0
FROM companies c JOIN users u ON u.company_id = c.id WHERE c.member_no LIKE 'B%';

INSERT INTO fee_schedules (year, level, amount_fen)
SELECT y, l, 500000 FROM generate_series(2017, 2027) y,
  unnest(ARRAY['member','council','standing','vice_president','president']) l
ON CONFLICT DO NOTHING;

INSERT INTO dues (company_id, year, level, amount_fen, status, invoice_status, received_fen, received_on)
SELECT c.id, y, c.level, 500000,
       (ARRAY['confirmed','confirmed','confirmed','unpaid','pending','rejected','waived','confirmed'])[1 + (c.id + y) % 8],
       (ARRAY['issued','issued','requested','none'])[1 + (c.id * y) % 4],
       CASE WHEN (c.id + y) % 8 IN (0,1,2,7) THEN 500000 END,
       CASE WHEN (c.id + y) % 8 IN (0,1,2,7) THEN make_date(y, 3, 1) END
FROM companies c, generate_series(2017, 2026) y WHERE c.member_no LIKE 'B%';

ANALYZE;
