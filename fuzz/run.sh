#!/usr/bin/env bash
# Fuzz the REST API with schemathesis against the OpenAPI document the app serves: no 5xx,
# and every response's status, content type and body as documented.
#
# Needs PostgreSQL on 127.0.0.1:5432 (or the server named by DATABASE_URL) and python3.
# Makes a throwaway database with the demo data, an admin and an API token, starts
# `leadline serve`, runs schemathesis until FUZZ_REQUESTS requests have been made, then stops
# the server and drops the database. Exits non-zero on any failure.
#
#   FUZZ_REQUESTS  requests to make at least (default 10000; CI runs 1000)
#   FUZZ_SEED      schemathesis seed; the same seed generates the same requests (default 1)
#   FUZZ_PORT      where the server listens (default 18300)
#   DATABASE_URL   a database on the PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail
# shellcheck source=fuzz/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
FUZZ_REQUESTS=${FUZZ_REQUESTS:-10000}
FUZZ_SEED=${FUZZ_SEED:-1}
FUZZ_PORT=${FUZZ_PORT:-18300}
DB_NAME="fuzz_run_$$"
FUZZ_DIR=target/fuzz
BASE="http://127.0.0.1:${FUZZ_PORT}/api/v1"
# Rounds after the first run only the random phases, each with the next seed.
MAX_ROUNDS=20

FUZZ_DIR=$(work_dir "$FUZZ_DIR")
SERVER_LOG="$FUZZ_DIR/server.log"

log() { echo "fuzz: $*" >&2; }

# schemathesis, pinned, in its own virtualenv unless the pinned version is already on PATH.
if command -v schemathesis >/dev/null 2>&1 &&
  schemathesis --version 2>/dev/null | grep -q " ${SCHEMATHESIS_VERSION}\$"; then
  ST=$(command -v schemathesis)
else
  VENV="$FUZZ_DIR/venv"
  if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q " ${SCHEMATHESIS_VERSION}\$"; then
    log "installing schemathesis ${SCHEMATHESIS_VERSION} into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}"
  fi
  ST="$VENV/bin/schemathesis"
fi

use_leadline

log "database $DB_NAME with the demo data"
demo_database "$FUZZ_SEED" fuzz@leadline.local "$(head -c 24 /dev/urandom | base64)" "$FUZZ_DIR/setup.log"
TOKEN_NAME="fuzz-$$"
TOKEN=$("$LEADLINE" token add --user fuzz@leadline.local --name "$TOKEN_NAME")

start_server "127.0.0.1:${FUZZ_PORT}"

FUZZ_TOKEN_ID=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/tokens" |
  python3 -c 'import json, sys; print(next(t["id"] for t in json.load(sys.stdin) if t["name"] == sys.argv[1]))' "$TOKEN_NAME")
export FUZZ_TOKEN_ID
export SCHEMATHESIS_HOOKS=hooks
export PYTHONPATH="$PWD/fuzz${PYTHONPATH:+:$PYTHONPATH}"

# The requests made, but for the OpenAPI document's.
requests_made() {
  finished_requests | grep -vc 'route=/api/v1/openapi.json' || true
}

OPERATIONS=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/openapi.json" |
  python3 -c 'import json, sys; print(sum(len(p) for p in json.load(sys.stdin)["paths"].values()))')
# Each round asks for this many generated cases per operation; the coverage phase of the
# first round and the stateful phase add to it.
EXAMPLES=$((FUZZ_REQUESTS / OPERATIONS / 2))
[ "$EXAMPLES" -ge 10 ] || EXAMPLES=10

status=0
round=0
while :; do
  seed=$((FUZZ_SEED + round))
  phases=examples,coverage,fuzzing,stateful
  [ "$round" -eq 0 ] || phases=fuzzing,stateful
  log "round $((round + 1)): seed $seed, phases $phases, $EXAMPLES cases per operation"
  # One worker: the same seed then makes the same requests in the same order.
  # Run from target/fuzz, where schemathesis keeps its state.
  (cd "$FUZZ_DIR" && "$ST" run "$BASE/openapi.json" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases "$phases" \
    --max-examples "$EXAMPLES" \
    --seed "$seed" \
    --workers 1 \
    --generation-database none \
    --request-timeout 30 \
    --suppress-health-check all \
    --report junit --report-dir "$FUZZ_DIR/report-$round" \
    --no-color) || status=1
  made=$(requests_made)
  round=$((round + 1))
  if [ "$made" -ge "$FUZZ_REQUESTS" ] || [ "$round" -ge "$MAX_ROUNDS" ]; then
    break
  fi
done

errors=$(server_errors)
# 401 is a documented answer, so a run whose token stopped working would pass unnoticed.
if ! curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/me"; then
  log "the run's API token no longer works: the requests after it was lost proved nothing"
  status=1
fi
echo "fuzz: $made requests in $round round(s), seed $FUZZ_SEED; $errors answered 5xx; schemathesis $([ "$status" -eq 0 ] && echo passed || echo found failures)"
if [ "$made" -lt "$FUZZ_REQUESTS" ]; then
  log "fewer requests than the $FUZZ_REQUESTS asked for"
  status=1
fi
if [ "$errors" -gt 0 ]; then
  status=1
fi
exit "$status"
