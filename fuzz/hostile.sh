#!/usr/bin/env bash
# Hostile clients, with tools of their own: wfuzz sends every payload of its attack lists
# (and Leadline's own list of bytes and dates a database cannot store) into every filter of
# the pages and the API and into the fields of the page forms, signed in; slowhttptest holds
# connections open the slow ways (headers that never end, a body that never ends, an answer
# never read). The run fails on any 5xx answer, and when the service stops answering while
# the slow connections are held.
#
# Needs PostgreSQL on 127.0.0.1:5432 (or the server named by DATABASE_URL), and Debian's
# wfuzz and slowhttptest (installed here if missing and apt-get can).
#
#   HOSTILE_PORT       where the server listens (default 18400)
#   HOSTILE_PAYLOADS   payloads per parameter, from the top of the list (default: all)
#   HOSTILE_SLOW       seconds each slow attack lasts (default 30)
#   DATABASE_URL       a database on the PostgreSQL server to use
set -euo pipefail
# shellcheck source=fuzz/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

HOSTILE_PORT=${HOSTILE_PORT:-18400}
HOSTILE_SLOW=${HOSTILE_SLOW:-30}
DB_NAME="hostile_run_$$"
WORK=target/hostile
HOST="127.0.0.1:${HOSTILE_PORT}"
ROOT="http://${HOST}"

log() { echo "hostile: $*" >&2; }

if ! command -v wfuzz >/dev/null 2>&1 || ! command -v slowhttptest >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wfuzz slowhttptest >/dev/null
fi

WORK=$(work_dir "$WORK")
SERVER_LOG="$WORK/server.log"

use_leadline

PASSWORD="hostile password $$"
demo_database 7 hostile@leadline.local "$PASSWORD" "$WORK/setup.log"
TOKEN=$("$LEADLINE" token add --user hostile@leadline.local --name "hostile-$$")

start_server "$HOST" LEADLINE_HEADER_READ_TIMEOUT=5 LEADLINE_IDLE_TIMEOUT=10

# Sign in as a browser does, for the pages.
JAR="$WORK/cookies"
rm -f "$JAR"
LOGIN_CSRF=$(curl -fsS -c "$JAR" "$ROOT/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null "$ROOT/login" \
  --data-urlencode "email=hostile@leadline.local" --data-urlencode "password=$PASSWORD" \
  --data-urlencode "csrf=$LOGIN_CSRF"
SESSION=$(awk '$6 == "ll_session" { print $7 }' "$JAR")
CSRF=$(curl -fsS -b "ll_session=$SESSION" "$ROOT/leads/new" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n1)
[ -n "$SESSION" ] && [ -n "$CSRF" ] || {
  log "could not sign in"
  exit 1
}
LEAD=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$ROOT/api/v1/leads?limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')

# The payloads: wfuzz's attack lists, then bytes and values a database or a parser chokes on.
PAYLOADS="$WORK/payloads.txt"
{
  cat <<'EOF'
%00
a%00b
%C0%80
%FF%FE
%EF%BC%9D1%2B1
0000-01-01
-4713-01-01
%2B262142-01-01
9999-12-31T23:59:59Z
-1
99999999999999999999999
9223372036854775807
NaN
1e309
00000000-0000-0000-0000-000000000000
%E2%80%AE
EOF
  cat /usr/share/wfuzz/wordlist/Injections/All_attack.txt /usr/share/wfuzz/wordlist/Injections/bad_chars.txt
} | grep -av '^$' >"$PAYLOADS.all"
if [ -n "${HOSTILE_PAYLOADS:-}" ]; then head -n "$HOSTILE_PAYLOADS" "$PAYLOADS.all" >"$PAYLOADS"; else cp "$PAYLOADS.all" "$PAYLOADS"; fi
log "$(wc -l <"$PAYLOADS") payloads per parameter"

# Each target: method, URL (FUZZ marks the place), body, auth (page or api).
TARGETS=(
  "GET|$ROOT/leads?q=FUZZ||page"
  "GET|$ROOT/leads?tag=FUZZ||page"
  "GET|$ROOT/leads?source=FUZZ||page"
  "GET|$ROOT/leads?stage=FUZZ||page"
  "GET|$ROOT/leads?owner=FUZZ||page"
  "GET|$ROOT/leads?page=FUZZ||page"
  "GET|$ROOT/leads/export.csv?q=FUZZ||page"
  "GET|$ROOT/leads/FUZZ||page"
  "GET|$ROOT/dashboard?tag=FUZZ||page"
  "GET|$ROOT/dashboard?channel=FUZZ||page"
  "GET|$ROOT/dashboard?owner=FUZZ||page"
  "GET|$ROOT/dashboard?period=FUZZ||page"
  "GET|$ROOT/dashboard?from=FUZZ&to=2026-12-01||page"
  "GET|$ROOT/dashboard?view=FUZZ||page"
  "GET|$ROOT/dashboard/export.csv?table=FUZZ||page"
  "GET|$ROOT/spend?month=FUZZ||page"
  "GET|$ROOT/queue?saved=FUZZ||page"
  "GET|$ROOT/login?next=FUZZ||none"
  "POST|$ROOT/leads/new|csrf=$CSRF&name=FUZZ&phone=%2B12025550100&allow_duplicate=on|page"
  "POST|$ROOT/leads/new|csrf=$CSRF&name=Hostile&phone=FUZZ|page"
  "POST|$ROOT/leads/new|csrf=$CSRF&name=Hostile&email=FUZZ&allow_duplicate=on|page"
  "POST|$ROOT/leads/new|csrf=$CSRF&name=Hostile&deal_value=FUZZ&stage=decide|page"
  "POST|$ROOT/leads/new|csrf=$CSRF&name=Hostile&next_contact=FUZZ|page"
  "POST|$ROOT/leads/$LEAD|csrf=$CSRF&name=Hostile&notes=FUZZ|page"
  "POST|$ROOT/leads/$LEAD/move|csrf=$CSRF&to=FUZZ|page"
  "POST|$ROOT/spend|csrf=$CSRF&date=FUZZ&amount=10&category=other|page"
  "POST|$ROOT/spend|csrf=$CSRF&date=2026-11-02&amount=FUZZ&category=other|page"
  "POST|$ROOT/queue/log|csrf=$CSRF&lead_id=$LEAD&outcome=no_answer&talk=FUZZ|page"
  "GET|$ROOT/api/v1/leads?q=FUZZ||api"
  "GET|$ROOT/api/v1/leads?stage=FUZZ||api"
  "GET|$ROOT/api/v1/leads?cursor=FUZZ||api"
  "GET|$ROOT/api/v1/leads/FUZZ||api"
  "GET|$ROOT/api/v1/calls?from=FUZZ||api"
  "GET|$ROOT/api/v1/calls?outcome=FUZZ||api"
  "GET|$ROOT/api/v1/metrics/funnel?from=FUZZ||api"
  "GET|$ROOT/api/v1/metrics/cost?tag=FUZZ||api"
  "GET|$ROOT/api/v1/metrics/reps?channel=FUZZ||api"
  "GET|$ROOT/api/v1/spend?from=FUZZ||api"
)

total=0
errors=0
: >"$WORK/wfuzz.txt"
for target in "${TARGETS[@]}"; do
  IFS='|' read -r method url body auth <<<"$target"
  args=(-z "file,$PAYLOADS" -X "$method" --sc 500,501,502,503,504 -t 4 -o raw)
  case "$auth" in
    page) args+=(-b "ll_session=$SESSION") ;;
    api) args+=(-H "Authorization: Bearer $TOKEN") ;;
  esac
  [ -n "$body" ] && args+=(-d "$body")
  out=$(wfuzz "${args[@]}" "$url" 2>/dev/null || true)
  echo "$out" >>"$WORK/wfuzz.txt"
  processed=$(echo "$out" | sed -n 's/^Processed Requests: *\([0-9]*\).*/\1/p')
  shown=$(echo "$out" | grep -cE '^[0-9]{9}:' || true)
  total=$((total + ${processed:-0}))
  errors=$((errors + shown))
  [ "$shown" -eq 0 ] || log "$method $url: $shown answers 5xx"
done
log "wfuzz: $total requests over ${#TARGETS[@]} parameters, $errors answered 5xx"

# The sockets the server process holds: its database pools' and its clients'.
sockets_held() {
  { find "/proc/$SERVER_PID/fd" -lname 'socket:*' 2>/dev/null || true; } | wc -l
}

# The slow attacks, each with 200 connections, while a plain client checks the service.
slow_failed=0
log "the server holds $(sockets_held) sockets before the slow attacks"
for mode in H B X; do
  case "$mode" in
    H) name="headers that never end (slowloris)"; extra=(-H -i 3 -u "$ROOT/healthz") ;;
    B) name="a body that never ends"; extra=(-B -i 3 -s 8192 -u "$ROOT/login") ;;
    X) name="an answer never read"; extra=(-X -k 3 -n 5 -w 1 -y 2 -z 1 -u "$ROOT/static/app.css") ;;
  esac
  slowhttptest -c 200 -r 50 -l "$HOSTILE_SLOW" -p 3 -g -o "$WORK/slow-$mode" "${extra[@]}" >"$WORK/slow-$mode.log" 2>&1 &
  attack=$!
  answered=0
  asked=0
  held=0
  while kill -0 "$attack" 2>/dev/null; do
    asked=$((asked + 1))
    curl -fsS -m 5 -o /dev/null -H "Authorization: Bearer $TOKEN" "$ROOT/api/v1/me" && answered=$((answered + 1))
    # The sockets the server process itself holds (a connection it closed may still sit in
    # the kernel, sending its last bytes to a reader that does not read).
    held=$(sockets_held)
    sleep 1
  done
  wait "$attack" || true
  # slowhttptest's CSV: seconds, closed, pending, connected, service available.
  closed=$(awk -F, 'NR > 1 && $2 > c { c = $2 } END { print c + 0 }' "$WORK/slow-$mode.csv" 2>/dev/null || echo "?")
  log "slowhttptest, $name: $answered of $asked requests beside it answered; at most $closed of 200 connections closed at once; the server held $held sockets at the end"
  [ "$answered" -eq "$asked" ] || slow_failed=1
done

server_errors=$(server_errors)
requests=$(finished_requests | grep -c '' || true)
log "server: $requests requests finished, $server_errors answered 5xx"
if [ "$errors" -gt 0 ] || [ "$server_errors" -gt 0 ] || [ "$slow_failed" -ne 0 ]; then
  log "FAILED (see $WORK)"
  exit 1
fi
log "passed"
