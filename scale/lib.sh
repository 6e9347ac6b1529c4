# shellcheck shell=bash
# Shared by the scale/ and bench/ scripts (sourced). Sourcing it sets `root`, the
# checkout's top directory.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The harnesses measure throughput from one address and one token: the API's rate limits
# would measure themselves instead, so the servers they start have none unless asked.
export LEADLINE_RATE_LIMIT_PER_TOKEN="${LEADLINE_RATE_LIMIT_PER_TOKEN:-0}"
export LEADLINE_RATE_LIMIT_PER_ADDRESS="${LEADLINE_RATE_LIMIT_PER_ADDRESS:-0}"

# `bench_env DIR`: the environment of a harness in bench/ (DIR): BENCH_DIR, where the wrk
# scripts find report.lua, and PGOPTIONS that keep psql's notices quiet.
bench_env() {
    export BENCH_DIR="$1"
    export PGOPTIONS="-c client_min_messages=warning"
}

# `need_tools WHO PACKAGES TOOL...`: exits, naming the Debian PACKAGES to install, unless
# every TOOL is on the PATH (or in /usr/sbin).
need_tools() {
    local who="$1" packages="$2" tool
    shift 2
    for tool in "$@"; do
        command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || {
            echo "$who: $tool is missing (apt-get install $packages)" >&2; exit 1; }
    done
}

# `leadline_bin ROOT` prints the binary to run: $LEADLINE_BIN if set, else
# target/release/leadline if built, else a debug build (and fails if that build fails).
leadline_bin() {
    local root="$1"
    if [ -n "${LEADLINE_BIN:-}" ]; then
        echo "$LEADLINE_BIN"
    elif [ -x "$root/target/release/leadline" ]; then
        echo "$root/target/release/leadline"
    else
        (cd "$root" && cargo build --quiet) >&2 || return
        echo "$root/target/debug/leadline"
    fi
}

# `new_database PG DB BIN`: creates the database DB on the PostgreSQL server PG (a URL
# without a database name), exports DATABASE_URL for it and migrates it with BIN.
new_database() {
    psql "$1/postgres" -qc "CREATE DATABASE $2" >/dev/null
    export DATABASE_URL="$1/$2"
    "$3" migrate 2>/dev/null
}

# `drop_database PG DB`: drops it again, if it is there (for an EXIT trap: never fails).
drop_database() {
    psql "$1/postgres" -qc "DROP DATABASE IF EXISTS $2 WITH (FORCE)" >/dev/null 2>&1 || true
}

# `admin_token BIN EMAIL PASSWORD NAME`: adds the admin EMAIL to DATABASE_URL's database
# and prints a new API token of theirs, named NAME.
admin_token() {
    echo "$3" | "$1" user add "$2" --role admin >/dev/null 2>&1 || return
    "$1" token add --user "$2" --name "$4" 2>/dev/null
}

# `wait_healthy URL PAUSE`: asks URL/healthz up to 100 times, PAUSE seconds apart, until
# it answers; fails if it never does.
wait_healthy() {
    for _ in $(seq 100); do
        curl -fs "$1/healthz" >/dev/null 2>&1 && return 0
        sleep "$2"
    done
    return 1
}

# `wrk_result FIELD...`: of wrk's output on stdin, the named fields (requests, rps,
# p50_ms, p95_ms, p99_ms, errors) of the RESULT line bench/report.lua writes, on one line.
wrk_result() {
    awk -v fields="$*" '/^RESULT/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        n = split(fields, f, " ")
        for (i = 1; i <= n; i++) printf "%s%s", v[f[i]], (i < n ? " " : "\n") }'
}
