#!/usr/bin/env bash
# Our server beside a hand-written pgx + html/template server (tests/bench/handwritten) doing
# the same statements per request, on 50k companies / 500k dues: wrk -t2 -c64, ABBA pairs
# (ours, hand-written, hand-written, ours) per page, with one member session and with 1,000
# distinct member sessions taken in turn. Prints a Markdown table of throughput ratios
# (ours ÷ hand-written) and p99s, and our RSS after the runs.
# Usage: bash tests/bench/compare.sh   (DUR=5s by default; needs wrk, installed if missing)
#   KEEP=1 keeps the seeded database for the next run (and reuses it when there);
#   PAGES="/dues /home" measures only those pages; COMPANIES=1000 seeds that many companies
#   (a database of its own) instead of 50,000; LAST_SEEN="now() + interval '1 hour'" makes the
#   member sessions' last-seen young enough that no request refreshes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMPANIES=${COMPANIES:-50000}
DBNAME=cpca_compare; [ "$COMPANIES" = 50000 ] || DBNAME=cpca_compare_$COMPANIES
export CPCA_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DBNAME?sslmode=disable"
export CPCA_ADDR=127.0.0.1:8090 CPCA_QUEUE=compare
DUR=${DUR:-5s}
PSQL="psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres"
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
make -s build
go build -o bin/handwritten ./tests/bench/handwritten
KEEP=${KEEP:-}
if [ -n "$KEEP" ] && $PSQL -d $DBNAME -c "SELECT 1 FROM users WHERE username = 'benchadmin'" 2>/dev/null | grep -q .; then
  ./bin/cpca migrate up >/dev/null
  $PSQL -d $DBNAME -c "DELETE FROM sessions" >/dev/null
else
$PSQL -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" postgres
./bin/cpca migrate up >/dev/null
$PSQL -d $DBNAME -v companies="$COMPANIES" -f tests/bench/seed.sql >/dev/null
CPCA_ADMIN_PASSWORD='Bench#2026load' ./bin/cpca admin create --username benchadmin --email bench@cpca.test >/dev/null
fi
# Sessions made directly: cookie values known to the script, the table holding their SHA-256.
$PSQL -d $DBNAME >/dev/null <<SQL
INSERT INTO sessions (id_hash, user_id, csrf_token, data, created_at, last_seen_at, ip, user_agent)
SELECT sha256(convert_to('b' || lpad(u.id::text, 42, '0'), 'UTF8')), u.id, 'bench', '{}', now(), ${LAST_SEEN:-now()}, '127.0.0.1', 'wrk'
FROM users u WHERE u.username LIKE 'bench%' AND u.role = 'member' ORDER BY u.id LIMIT 1000;
INSERT INTO sessions (id_hash, user_id, csrf_token, data, created_at, last_seen_at, ip, user_agent)
SELECT sha256(convert_to('s' || lpad(u.id::text, 42, '0'), 'UTF8')), u.id, 'bench', '{}', now(), now(), '127.0.0.1', 'wrk'
FROM users u WHERE u.username = 'benchadmin';
SQL
tmp=$(mktemp -d)
$PSQL -At -d $DBNAME -c "SELECT 'b' || lpad(id::text, 42, '0') FROM users WHERE username LIKE 'bench%' AND role = 'member'
  ORDER BY id LIMIT 1000" >"$tmp/members"
head -1 "$tmp/members" >"$tmp/member1"
$PSQL -At -d $DBNAME -c "SELECT 's' || lpad(id::text, 42, '0') FROM users WHERE username = 'benchadmin'" >"$tmp/staff"
cat >"$tmp/rotate.lua" <<'LUA'
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end
local i = math.random(#cookies)
request = function()
  i = i % #cookies + 1
  return wrk.format("GET", os.getenv("PAGE"), { ["Cookie"] = "cpca_sid=" .. cookies[i] })
end
LUA

env ${OURS_ENV:-} ./bin/cpca serve --worker=false >"$tmp/ours.log" 2>&1 &
ours=$!
trap 'kill $ours $hand 2>/dev/null; wait 2>/dev/null; [ -n "$KEEP" ] || $PSQL -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" postgres; rm -rf "$tmp"' EXIT
hand=
for _ in $(seq 1 50); do curl -sf http://$CPCA_ADDR/healthz >/dev/null && break; sleep 0.2; done

pages=(/dues /home "/admin/applications?status=pending" "/admin/dues?year=2026&status=pending")
[ -z "${PAGES:-}" ] || read -r -a pages <<<"$PAGES"
cookie_for() { case $1 in /admin/*) cat "$tmp/staff";; *) cat "$tmp/member1";; esac; }
sizes=""
for p in "${pages[@]}"; do
  n=$(curl -s -H "Cookie: cpca_sid=$(cookie_for "$p")" "http://$CPCA_ADDR$p" | wc -c)
  [ "$n" -gt 2000 ] || { echo "our $p answered $n bytes: not logged in?" >&2; exit 1; }
  sizes+="${p%%\?*}=$n,"
done
./bin/handwritten -addr 127.0.0.1:8091 -sizes "$sizes" >"$tmp/hand.log" 2>&1 &
hand=$!
for _ in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:8091/dues && break; sleep 0.2; done

one() { # port page cookies-file → "rps p99ms"
  local out
  out=$(COOKIES=$3 PAGE=$2 wrk -t2 -c64 -d"$DUR" --latency -s "$tmp/rotate.lua" "http://127.0.0.1:$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from :$1$2" >&2; grep Non-2xx <<<"$out" >&2; exit 1; fi
  local rps p99
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' <<<"$out")
  sleep 1
  echo "$rps $p99"
}
echo "| page | sessions | ours req/s | hand-written req/s | ratio (ABBA) | p99 ours / hand-written (ms) |"
echo "|---|---|---|---|---|---|"
for p in "${pages[@]}"; do
  for sessions in 1 1000; do
    case $p in /admin/*) [ $sessions = 1 ] || continue; f="$tmp/staff";; *) f="$tmp/member1"; [ $sessions = 1 ] || f="$tmp/members";; esac
    one 8090 "$p" "$f" >/dev/null; one 8091 "$p" "$f" >/dev/null # warm both
    read -r a1 pa1 < <(one 8090 "$p" "$f")
    read -r b1 pb1 < <(one 8091 "$p" "$f")
    read -r b2 pb2 < <(one 8091 "$p" "$f")
    read -r a2 pa2 < <(one 8090 "$p" "$f")
    awk -v p="$p" -v s="$sessions" -v a1="$a1" -v a2="$a2" -v b1="$b1" -v b2="$b2" -v pa1="$pa1" -v pa2="$pa2" -v pb1="$pb1" -v pb2="$pb2" \
      'BEGIN { printf "| `%s` | %s | %.0f | %.0f | %.2f | %.1f / %.1f |\n", p, s, (a1+a2)/2, (b1+b2)/2, (a1+a2)/(b1+b2), (pa1+pa2)/2, (pb1+pb2)/2 }'
  done
done
echo
echo "RSS after the runs: ours $(( $(ps -o rss= -p $ours) / 1024 )) MB, hand-written $(( $(ps -o rss= -p $hand) / 1024 )) MB"
