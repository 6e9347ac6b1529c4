# shellcheck shell=bash
# Shared by fuzz/run.sh and fuzz/hostile.sh (sourced; they run from the checkout's top
# directory): a throwaway database with the demo data and an admin, one `leadline serve`
# on it, and the requests the server logged. The functions use the script's DB_NAME (the
# run's database, on the PostgreSQL server DATABASE_URL names, by default the local one)
# and SERVER_LOG (where the server writes); they set SERVER_URL (that server, without a
# database name), LEADLINE (the binary) and SERVER_PID.

# The fuzzers send thousands of requests a minute from one address with one token, to
# read the API's answers to them: the server they start has no rate limits unless asked.
export LEADLINE_RATE_LIMIT_PER_TOKEN="${LEADLINE_RATE_LIMIT_PER_TOKEN:-0}"
export LEADLINE_RATE_LIMIT_PER_ADDRESS="${LEADLINE_RATE_LIMIT_PER_ADDRESS:-0}"

# Makes DIR (relative to the checkout) and prints its absolute path.
work_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# Builds the binary and points DATABASE_URL at DB_NAME; from here on, the script's exit
# stops the server and drops the database.
use_leadline() {
  SERVER_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  SERVER_URL=${SERVER_URL%/*}
  cargo build -q --bin leadline
  LEADLINE=target/debug/leadline
  export DATABASE_URL="$SERVER_URL/$DB_NAME"
  SERVER_PID=""
  trap cleanup EXIT
}

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  psql -q "$SERVER_URL/postgres" -c "drop database if exists $DB_NAME with (force)" >/dev/null 2>&1 || true
}

# `demo_database SEED EMAIL PASSWORD SETUP_LOG`: creates DB_NAME, migrates it, adds the demo
# data made with SEED and an admin EMAIL with PASSWORD; on failure it shows what the
# commands wrote (kept in SETUP_LOG) and exits.
demo_database() {
  psql -q "$SERVER_URL/postgres" -c "create database $DB_NAME" >/dev/null
  {
    "$LEADLINE" migrate &&
      "$LEADLINE" demo --seed "$1" &&
      echo "$3" | "$LEADLINE" user add "$2" --role admin
  } >"$4" 2>&1 || {
    cat "$4" >&2
    exit 1
  }
}

# `start_server ADDRESS [NAME=VALUE...]`: starts `leadline serve` on ADDRESS (host:port),
# with the environment given, and waits up to a minute for /healthz to answer; exits with
# the server's log if the server stops. Request spans at debug level log one "finished
# processing request" line per request, which is how the requests are counted.
start_server() {
  local address="$1"
  shift
  env LEADLINE_ADDR="$address" LEADLINE_LOG="info,sqlx=warn,tower_http=debug" NO_COLOR=1 "$@" \
    "$LEADLINE" serve >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    curl -fsS "http://${address}/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || {
      cat "$SERVER_LOG" >&2
      exit 1
    }
    sleep 1
  done
}

# The server log's lines for finished requests, one per request (fails when there are none).
finished_requests() {
  sed 's/\x1b\[[0-9;]*m//g' "$SERVER_LOG" | grep 'finished processing request'
}

# How many requests the server answered with a 5xx status.
server_errors() {
  finished_requests | grep -c 'status=5[0-9][0-9]' || true
}
