#!/usr/bin/env bash
# Load run on loopback: a throw-away database with 50k companies and 500k dues rows, one web
# process (no worker), wrk -t2 -c64 against the pages staff and members use most.
# Usage: bash tests/bench/run.sh   (needs wrk: apt-get install wrk). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CPCA_DATABASE_URL="postgres://postgres@127.0.0.1:5432/cpca_bench?sslmode=disable"
export CPCA_ADDR=127.0.0.1:8090 CPCA_QUEUE=bench
DUR=${DUR:-10s}
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
make -s build
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cpca_bench WITH (FORCE)" postgres
./bin/cpca migrate up >/dev/null
psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d cpca_bench -f tests/bench/seed.sql >/dev/null
psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d cpca_bench -f tests/bench/seed_events.sql >/dev/null
CPCA_ADMIN_PASSWORD='Bench#2026load' ./bin/cpca admin create --username benchadmin --email bench@cpca.test >/dev/null
psql -q -h 127.0.0.1 -U postgres -d cpca_bench -c \
  "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'benchadmin') WHERE username = 'bench8'" >/dev/null
./bin/cpca serve --worker=false >/tmp/cpca-bench.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cpca_bench WITH (FORCE)" postgres' EXIT
for _ in $(seq 1 50); do curl -sf http://$CPCA_ADDR/healthz >/dev/null && break; sleep 0.2; done

login() { # prints a session cookie for user $1
  local jar; jar=$(mktemp)
  local tok; tok=$(curl -s -c "$jar" -b "$jar" http://$CPCA_ADDR/login | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "_csrf=$tok&username=$1&password=Bench%232026load" http://$CPCA_ADDR/login
  awk '$6=="cpca_sid"{print $7}' "$jar"
}
staff=$(login benchadmin)
member=$(login bench8)

echo "| page | req/s | p50 | p99 |"
echo "|---|---|---|---|"
run() { # name cookie path
  local out
  out=$(wrk -t2 -c64 -d"$DUR" --latency -H "Cookie: cpca_sid=$2" "http://$CPCA_ADDR$3")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  local non2xx; non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
  sleep 2 # let requests still queued in the server drain before the next run
  echo "| $1 \`$3\` | $rps | $p50 | $p99 |${non2xx:+ non-2xx: $non2xx}"
}
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$1"; }
run "healthz" "" /healthz
run "login page (anonymous, new session each)" "" /login
run "入会审核 pending" "$staff" "/admin/applications?status=pending"
run "入会审核 search 2 chars" "$staff" "/admin/applications?q=$(enc 深圳)"
run "缴费管理 year+status" "$staff" "/admin/dues?year=2026&status=pending"
run "缴费管理 search 2 chars" "$staff" "/admin/dues?q=$(enc 电路)"
run "缴费管理 htmx fragment" "$staff" "/admin/dues?year=2025&invoice=requested"
run "member 会员缴费" "$member" "/dues"
run "member 待办事项" "$member" "/home"
# 展会活动 (seed_events.sql: 3,000 events, 200,000 registrations)
busiest=$(psql -tA -h 127.0.0.1 -U postgres -d cpca_bench -c "SELECT event_id FROM event_registrations GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
run "member 展会活动 list" "$member" "/events"
run "member 展会活动 报名中" "$member" "/events?phase=open"
run "member 展会活动 search 2 chars" "$member" "/events?q=$(enc 覆铜)"
run "member 展会活动 type+date range" "$member" "/events?kind=conference&from=2020-01-01&to=2024-12-31"
run "staff 展会活动管理" "$staff" "/admin/events"
run "staff registrations of the busiest event (fee state)" "$staff" "/admin/events/$busiest"
run "缴费管理 活动费 待确认" "$staff" "/admin/dues?kind=event&status=pending"
