# Sourced by the benchmarks that run Leadline at scale (board.sh, manager.sh): the database
# loaded fresh with `bench-data` or used as it is (BENCH_DB), the release binary (or
# BENCH_BIN) serving it on $port, an admin signed in (`cookie`, `csrf`), the results file
# (`out`, written by `say`), and the two measures: `load` (wrk) and `pgbench_p95`.
#
# The caller sets `here`, `name` (the results file's prefix), `title`, `pg`, `leads`,
# `calls`, `seconds`, `db` and `port`, then calls `bench_app_start`.

# shellcheck source=scale/lib.sh
. "$here/../scale/lib.sh"
bench_env "$here"

bench_app_stop() {
    [ -z "${server:-}" ] || kill -INT "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}

say() { echo "$*" | tee -a "$out"; }

bench_app_start() {
    root="$(cd "$here/.." && pwd)"
    work="$(mktemp -d "/tmp/leadline-$name.XXXXXX")"
    mkdir -p "$here/results"
    out="$here/results/$name-$(date -u +%Y%m%dT%H%M%SZ).txt"
    server=""
    trap bench_app_stop EXIT
    need_tools bench "wrk postgresql-client" wrk pgbench psql
    if [ -n "${BENCH_BIN:-}" ]; then
        bin="$(realpath "$BENCH_BIN")"
    else
        (cd "$root" && cargo build --release --quiet)
        bin="$root/target/release/leadline"
    fi
    export DATABASE_URL="$pg/$db"
    say "# Leadline: $title, $(date -u +%Y-%m-%dT%H:%MZ)"
    say "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql "$pg/postgres" -Atc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL"
    say "# leadline $(git -C "$root" rev-parse --short HEAD)${BENCH_BIN:+, binary $bin}"
    if [ -n "${BENCH_DB:-}" ]; then
        "$bin" migrate 2>/dev/null
        say "data: the database $db as it is ($(psql "$DATABASE_URL" -Atc 'SELECT count(*) FROM leads') leads)"
    else
        psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
        "$bin" migrate 2>/dev/null
        local start
        start=$(date +%s)
        "$bin" bench-data --leads "$leads" --calls "$calls" >/dev/null 2>"$work/data.log"
        say "data: $leads leads, $calls calls loaded in $(( $(date +%s) - start )) s"
    fi
    psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null
    echo "bench password 2026" | "$bin" user add bench@example.com --role admin >/dev/null 2>&1 || true

    LEADLINE_ADDR="127.0.0.1:$port" LEADLINE_LOG=warn LEADLINE_REQUEST_TIMEOUT=600 \
        "$bin" serve 2>"$work/serve.log" &
    server=$!
    wait_healthy "http://127.0.0.1:$port" 0.2 || { cat "$work/serve.log" >&2; exit 1; }
    local jar="$work/jar"
    csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=bench@example.com" \
        --data-urlencode "password=bench password 2026" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/login"
    cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}')
    csrf=$(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port/leads?q=zzzz" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
}

# wrk at $1 clients on the URL $2 for `seconds`: requests/s, p50 and p95 ms, errors.
load() {
    wrk -t "$(( $1 < 2 ? 1 : 2 ))" -c "$1" -d "${seconds}s" --timeout 120s -s "$here/get.lua" "$2" \
        | wrk_result rps p50_ms p95_ms errors
}

# pgbench's p95 over a run, in ms, from its per-transaction log.
pgbench_p95() {
    local clients="$1" script="$2"
    rm -f "$work"/pgbench_log.*
    (cd "$work" && pgbench -n -f "$script" -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" -T "$seconds" -l \
        --log-prefix=pgbench_log "$DATABASE_URL" >/dev/null 2>&1)
    cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n |
        awk '{ t[NR] = $1 } END { i = int(NR * 0.95); if (i < 1) i = 1; printf "%.1f", t[i] / 1000 }'
}
