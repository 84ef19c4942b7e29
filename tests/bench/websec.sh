#!/usr/bin/env bash
# Web-layer attack run on loopback (issue 6, "Memory" and "Anonymous writes"): one real
# `cpca serve --worker=false` on a throw-away demo database, then
#   1. 32 parallel POST /login with a 9 MB body each (no cookie, no token),
#   2. 25 parallel voucher uploads of 4 MB (a logged-in member, valid token),
#   3. 10,000 anonymous GET /login (no cookie jar, like a bot) and a GET of a missing page.
# It prints the process's RSS (VmRSS, and the peak VmHWM) after each step, the status codes,
# and the sessions rows before and after step 3.
# Usage: bash tests/bench/websec.sh [binary]   (default: builds bin/cpca)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-}
if [ -z "$BIN" ]; then make -s build; BIN=./bin/cpca; fi
export CPCA_DATABASE_URL="postgres://postgres@127.0.0.1:5432/cpca_websec?sslmode=disable"
export CPCA_ADDR=127.0.0.1:8091 CPCA_QUEUE=websec-bench
base=http://$CPCA_ADDR
tmp=$(mktemp -d)
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cpca_websec WITH (FORCE)" postgres
"$BIN" migrate up >/dev/null
"$BIN" demo >/dev/null
"$BIN" serve --worker=false >"$tmp/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cpca_websec WITH (FORCE)" postgres' EXIT
for _ in $(seq 1 50); do curl -sf $base/healthz >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS|VmHWM/{printf "%s %d MB  ", $1, $2/1024}' /proc/$pid/status; echo; }
rows() { psql -tA -h 127.0.0.1 -U postgres -d cpca_websec -c "SELECT count(*) FROM sessions"; }

echo "start:            $(rss)"
head -c $((9 << 20)) /dev/zero | tr '\0' 'a' >"$tmp/big"
seq 32 | xargs -P 32 -I{} curl -s -o /dev/null -w '%{http_code}\n' --data-binary @"$tmp/big" \
  -H 'Content-Type: application/x-www-form-urlencoded' $base/login | sort | uniq -c | sed 's/^/  login 9 MB: /' || true
echo "after login flood: $(rss)"

jar="$tmp/jar"
tok() { curl -s -c "$jar" -b "$jar" "$base$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
t=$(tok /login)
curl -s -c "$jar" -b "$jar" -o /dev/null -d "_csrf=$t&username=huadian&password=Demo%232026cpca" $base/login
id=$(curl -s -b "$jar" $base/dues | grep -o '/dues/[0-9]*/voucher' | head -1 | grep -o '[0-9]*')
t=$(tok /dues/$id/voucher)
{ printf '%%PDF-1.4\n'; head -c $((4 << 20)) /dev/zero | tr '\0' ' '; } >"$tmp/voucher.pdf"
seq 25 | xargs -P 25 -I{} curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" -F "_csrf=$t" -F "file=@$tmp/voucher.pdf" \
  -F transfer_date=$(date +%F) -F amount=1 -F payer=bench $base/dues/$id/voucher | sort | uniq -c | sed 's/^/  voucher 4 MB: /' || true
echo "after uploads:     $(rss)"
sleep 10
echo "10 s later:        $(rss)"

before=$(rows)
for i in $(seq 10000); do printf 'url = "%s/login"\noutput = "/dev/null"\n' $base; done >"$tmp/urls"
curl -s --parallel --parallel-max 8 -K "$tmp/urls" -w '%{http_code}\n' 2>/dev/null | sort | uniq -c | sed 's/^/  anonymous GET \/login: /'
curl -s -o /dev/null -w '  missing page: %{http_code}\n' $base/no/such/page
echo "sessions rows: before $before, after 10,000 anonymous requests $(rows)"
