#!/usr/bin/env bash
# The daily work at the limit: logging a call, creating a lead, searching leads and the
# dashboard page with many managers at once, each beside pgbench running the same
# statements on the same database in the same run. See BENCHMARKS.md.
#
#   DAILY_DB=leadline_bench_10000000 bench/daily.sh         # a database bench-data loaded
#   BEFORE=/path/to/old/leadline DAILY_DB=... bench/daily.sh # two builds, alternating, same data
#
#   DAILY_DB        the database (required), as `leadline bench-data` loaded it: bench/run.sh
#                   runs this script on each size's database, and BENCH_REUSE=1 keeps them
#   DAILY_BIN       the leadline binary (default: this checkout's release build, built)
#   BEFORE          an older leadline binary: each measure runs on it too, right after
#                   DAILY_BIN's, so that the machine's noise falls on both alike
#   DAILY_BEFORE_DB the database BEFORE serves, when DAILY_BIN has migrations BEFORE lacks (a
#                   copy of DAILY_DB from before they ran, which BEFORE's server accepts);
#                   pgbench then runs this checkout's statements on DAILY_DB alone
#   DAILY_SECONDS   seconds per load (default 15)
#   DAILY_PARTS     what to measure (default "calls leads search dashboard")
#   DAILY_POOL      LEADLINE_DB_POOL_SIZE of the servers (default: the service's default, 10)
#   DAILY_FIGURES_POOL  LEADLINE_FIGURES_POOL_SIZE of the servers (default: the service's, 16;
#                   a build from before that pool read its figures on the pool above)
#
# Call logging: POST /api/v1/calls at 16 and 64 clients against pgbench_calls.sql.
# Lead creation: POST /api/v1/leads with two tags at 16 clients against pgbench_leads.sql.
# Search: GET /api/v1/leads?q= over names, companies, e-mails and numbers as typed, at 1
# and 16 clients, against pgbench_search.sql with the same terms.
# Dashboard: GET /dashboard (30 days) by 16 managers at once, and the share of each
# request's time it waited for database connections, from /metrics.
#
# Needs what bench/run.sh needs. Results go to stdout and to bench/results/daily-<time>.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../scale/lib.sh
. "$here/../scale/lib.sh"
bench_env "$here"
need_tools daily "wrk postgresql-client curl" wrk pgbench psql curl

pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
db="${DAILY_DB:?set DAILY_DB to a database bench-data loaded}"
seconds="${DAILY_SECONDS:-15}"
parts="${DAILY_PARTS:-calls leads search dashboard}"
if [ -n "${DAILY_BIN:-}" ]; then
    bin="$(realpath "$DAILY_BIN")"
else
    (cd "$root" && cargo build --release --quiet --bin leadline)
    bin="$root/target/release/leadline"
fi
builds=("$bin")
[ -z "${BEFORE:-}" ] || builds+=("$(realpath "$BEFORE")")
work="$(mktemp -d /tmp/leadline-daily.XXXXXX)"
mkdir -p "$here/results"
out="${DAILY_OUT:-$here/results/daily-$(date -u +%Y%m%dT%H%M%SZ).txt}"
port=18090
server=""

stop_server() {
    [ -z "$server" ] || { kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
    server=""
}

cleanup() {
    stop_server
    psql "$pg/$db" -qc "DROP TABLE IF EXISTS bench_leads, bench_reps, bench_terms" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$out"; }

# Which build: "after" (DAILY_BIN) or "before".
label() { if [ "$1" = "$bin" ]; then echo after; else echo before; fi; }

# The database a build serves, and the admin's API token there.
db_of() { if [ "$1" = "$bin" ]; then echo "$db"; else echo "${DAILY_BEFORE_DB:-$db}"; fi; }
token_of() { if [ "$1" = "$bin" ] || [ -z "${DAILY_BEFORE_DB:-}" ]; then echo "$token"; else echo "$before_token"; fi; }

# pgbench beside a build: after every build, unless the before build has a database of its own,
# whose schema this checkout's statements may not fit.
baseline_for() {
    local build="$1"
    shift
    if [ "$build" = "$bin" ] || [ -z "${DAILY_BEFORE_DB:-}" ]; then baseline "$@"; else echo "- - -"; fi
}

serve() {
    stop_server
    DATABASE_URL="$pg/$(db_of "$1")" LEADLINE_ADDR="127.0.0.1:$port" LEADLINE_LOG=warn \
        ${DAILY_POOL:+LEADLINE_DB_POOL_SIZE=$DAILY_POOL} \
        ${DAILY_FIGURES_POOL:+LEADLINE_FIGURES_POOL_SIZE=$DAILY_FIGURES_POOL} "$1" serve 2>>"$work/serve.log" &
    server=$!
    wait_healthy "http://127.0.0.1:$port" 0.2 && return 0
    echo "daily: the server did not start" >&2
    cat "$work/serve.log" >&2
    exit 1
}

# wrk's RESULT fields: rps p50 p95 p99 errors requests.
load() {
    local script="$1" connections="$2"
    wrk -t "$(( connections < 2 ? 1 : 2 ))" -c "$connections" -d "${seconds}s" --timeout 120s \
        -s "$here/$script" "http://127.0.0.1:$port" | wrk_result rps p50_ms p95_ms p99_ms errors requests
}

# pgbench on a script: tps, then latency p50 p95 (ms) from its per-transaction log.
baseline() {
    local script="$1" clients="$2"
    shift 2
    rm -f "$work"/pgbench_log.*
    local tps
    tps=$(cd "$work" && pgbench -n -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" -T "$seconds" -l "$@" \
        -f "$here/$script" "$pg/$db" 2>/dev/null | awk '/^tps/ {printf "%.1f", $3}')
    # The log's third field is each transaction's time in microseconds.
    read -r p50 p95 <<<"$(cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n \
        | awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[int(NR * 0.5) + 1] / 1000, v[int(NR * 0.95) + 1] / 1000 }')"
    echo "$tps $p50 $p95"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

say "# Leadline: the daily work at the limit, $(date -u +%Y-%m-%dT%H:%MZ)"
say "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $(psql "$pg/postgres" -Atc 'SHOW server_version' | cut -d' ' -f1), max_connections $(psql "$pg/postgres" -Atc 'SHOW max_connections')"
say "# database $db: $(psql "$pg/$db" -Atc "SELECT (SELECT count(*) FROM leads) || ' leads, ' || (SELECT count(*) FROM calls) || ' calls'")"
for build in "${builds[@]}"; do say "# $(label "$build"): $build"; done
say "# ${seconds} s a load; server pools ${DAILY_POOL:-10} connections, figures ${DAILY_FIGURES_POOL:-16}"

echo "bench password 2026" | DATABASE_URL="$pg/$db" "$bin" user add bench@example.com --role admin >/dev/null 2>&1 || true
token=$(DATABASE_URL="$pg/$db" "$bin" token add --user bench@example.com --name daily 2>/dev/null)
before_token=""
if [ -n "${DAILY_BEFORE_DB:-}" ]; then
    say "# the before build serves $DAILY_BEFORE_DB"
    echo "bench password 2026" | DATABASE_URL="$pg/$DAILY_BEFORE_DB" "${builds[1]:?DAILY_BEFORE_DB needs BEFORE}" \
        user add bench@example.com --role admin >/dev/null 2>&1 || true
    before_token=$(DATABASE_URL="$pg/$DAILY_BEFORE_DB" "${builds[1]}" token add --user bench@example.com --name daily 2>/dev/null)
fi

psql "$pg/$db" -q <<SQL
DROP TABLE IF EXISTS bench_leads, bench_reps, bench_terms;
CREATE TABLE bench_leads AS SELECT row_number() OVER () AS n, id FROM (SELECT id FROM leads ORDER BY id LIMIT 100000) l;
CREATE UNIQUE INDEX ON bench_leads (n);
CREATE TABLE bench_reps AS SELECT row_number() OVER () AS n, id FROM users WHERE role = 'rep';
CREATE UNIQUE INDEX ON bench_reps (n);
-- The search terms, from leads picked by a fixed order: what a user types, and the condition
-- the API makes of it (for a number, its digits as numbers are stored, the company's
-- country's code first; else the text). The numbers are +1 and ten digits.
CREATE TABLE bench_terms (n int PRIMARY KEY, kind text, term text, condition text);
WITH picked AS (
    SELECT row_number() OVER () AS k, name, company, email, substr(phone, 3) AS national
    FROM (SELECT name, company, email, phone FROM leads
          WHERE phone ~ '^\+1[0-9]{10}$' AND company LIKE '% %' AND email IS NOT NULL
          ORDER BY md5(id::text) LIMIT 3) l),
terms AS (
    SELECT 'name' AS kind, name AS term, NULL AS digits FROM picked
    UNION ALL SELECT 'surname', split_part(name, ' ', 2), NULL FROM picked
    UNION ALL SELECT 'company', company, NULL FROM picked
    UNION ALL SELECT 'e-mail', email, NULL FROM picked
    UNION ALL SELECT 'number (202) 555-0143', '(' || substr(national, 1, 3) || ') ' || substr(national, 4, 3) || '-' || substr(national, 7), '1' || national FROM picked
    UNION ALL SELECT 'number 202-555-0143', substr(national, 1, 3) || '-' || substr(national, 4, 3) || '-' || substr(national, 7), '1' || national FROM picked
    UNION ALL SELECT 'part +1 202 555', '+1 ' || substr(national, 1, 3) || ' ' || substr(national, 4, 3), '1' || substr(national, 1, 6) FROM picked)
INSERT INTO bench_terms
SELECT row_number() OVER (), kind, term,
       CASE WHEN digits IS NULL THEN format('s.text LIKE lower(%L)', '%' || term || '%')
            ELSE format('s.text LIKE %L', '%' || digits || '%') END
FROM terms;
-- Whether the search's walk through the newest 5,000 search rows fills a page of 50 for the
-- term, or the API goes on to sort all its matches (pgbench_search.sql runs what it runs).
ALTER TABLE bench_terms ADD COLUMN walk_fills int;
DO \$\$
DECLARE
    t record;
    found bigint;
BEGIN
    FOR t IN SELECT n, condition FROM bench_terms LOOP
        EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM (SELECT s.lead_id, s.text FROM lead_search s '
                       'ORDER BY s.created_at DESC, s.lead_id DESC LIMIT 5000) s JOIN leads l ON l.id = s.lead_id '
                       'WHERE %s LIMIT 50) page', t.condition) INTO found;
        UPDATE bench_terms SET walk_fills = (found >= 50)::int WHERE n = t.n;
    END LOOP;
END
\$\$;
SQL
psql "$pg/$db" -Atc "SELECT id FROM bench_leads" >"$work/leads.txt"
psql "$pg/$db" -Atc "SELECT id FROM bench_reps" >"$work/reps.txt"
psql "$pg/$db" -Atc "SELECT replace(replace(replace(replace(term, '%', '%25'), ' ', '%20'), '+', '%2B'), '@', '%40') FROM bench_terms ORDER BY n" >"$work/terms.txt"
n_leads=$(wc -l <"$work/leads.txt"); n_reps=$(wc -l <"$work/reps.txt"); n_terms=$(wc -l <"$work/terms.txt")
tags=$(psql "$pg/$db" -Atc "SELECT string_agg(name, ',') FROM (SELECT t.name FROM tags t JOIN lead_tags lt ON lt.tag_id = t.id
                                 GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 2) t")

# The pool-wait series of one route from /metrics: requests, those that waited at most a
# third of their time, seconds waited, seconds taken.
pool_waits() {
    local route="$1"
    curl -fs -H "Authorization: Bearer $(token_of "$build")" "http://127.0.0.1:$port/metrics" | awk -v r="route=\"$route\"" '
        index($0, r) && /^leadline_http_request_pool_wait_share_count/ { n = $2 }
        index($0, r) && /^leadline_http_request_pool_wait_share_bucket/ && /le="0.333"/ { third = $2 }
        index($0, r) && /^leadline_http_request_pool_wait_seconds_total/ { waited = $2 }
        index($0, r) && /^leadline_http_request_duration_seconds_sum/ { took = $2 }
        END { printf "%d %d %.6f %.6f", n, third, waited, took }'
}

if [[ " $parts " == *" calls "* ]]; then
    say ""
    say "### Call logging: POST /api/v1/calls against pgbench_calls.sql"
    say "The same statements: no call connects, so none moves its lead (WRK_CONNECTED=0), as in pgbench's"
    say "script. The seeds' mix: 38% connect and some move their lead along the funnel, which pgbench's"
    say "script does not (the ratio is then below the same statements' by what the moves write)."
    say "$(printf '%-8s %-16s %-8s %10s %8s %8s %12s %8s %8s' build calls clients calls/s 'p50 ms' 'p99 ms' 'pgbench tps' ratio errors)"
    for c in 16 64; do
        for mix in same seeds; do
            connected=0; [ "$mix" = same ] || connected=0.38
            for build in "${builds[@]}"; do
                serve "$build"
                read -r rps p50 _ p99 err _ <<<"$(BENCH_LEADS="$work/leads.txt" BENCH_REPS="$work/reps.txt" WRK_TOKEN="$(token_of "$build")" \
                    WRK_CONNECTED="$connected" load calls.lua "$c")"
                stop_server
                read -r tps _ _ <<<"$(baseline_for "$build" pgbench_calls.sql "$c" -D "leads=$n_leads" -D "reps=$n_reps")"
                say "$(printf '%-8s %-16s %-8s %10s %8s %8s %12s %8s %8s' "$(label "$build")" "${mix/same/same statements}" "$c" "$rps" "$p50" "$p99" \
                    "$tps" "$(ratio "$rps" "$tps")" "$err")"
            done
        done
    done
fi

if [[ " $parts " == *" leads "* ]]; then
    say ""
    say "### Lead creation: POST /api/v1/leads (two tags: $tags) against pgbench_leads.sql"
    say "$(printf '%-8s %-8s %10s %8s %8s %12s %8s %8s' build clients leads/s 'p50 ms' 'p99 ms' 'pgbench tps' ratio errors)"
    for build in "${builds[@]}"; do
        serve "$build"
        read -r rps p50 _ p99 err _ <<<"$(BENCH_TAGS="$tags" WRK_TOKEN="$(token_of "$build")" load leads.lua 16)"
        stop_server
        read -r tps _ _ <<<"$(baseline_for "$build" pgbench_leads.sql 16 -D "tags={$tags}")"
        say "$(printf '%-8s %-8s %10s %8s %8s %12s %8s %8s' "$(label "$build")" 16 "$rps" "$p50" "$p99" "$tps" "$(ratio "$rps" "$tps")" "$err")"
    done
fi

# The writes above leave dead rows in the rollups' delta tables, which every dashboard read
# scans until they are vacuumed: a server with autovacuum does that within a minute or
# so, the service itself after every 50,000 rows it folds. Vacuum them now, so that the
# reads measure the reads.
if [[ " $parts " == *" search "* || " $parts " == *" dashboard "* ]]; then
    dead=$(psql "$pg/$db" -Atc "SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relname LIKE '%\_delta'")
    deltas=$(psql "$pg/$db" -Atc "SELECT string_agg(relname, ', ') FROM pg_stat_user_tables WHERE relname LIKE '%\_delta'")
    psql "$pg/$db" -qc "VACUUM (ANALYZE) $deltas"
    say ""
    say "(the delta tables vacuumed before the reads: $dead dead rows)"
fi

if [[ " $parts " == *" search "* ]]; then
    say ""
    say "### Search: GET /api/v1/leads?q=...&limit=50 over $n_terms terms, against pgbench_search.sql with the same terms"
    psql "$pg/$db" -Atc "SELECT kind || ': ' || string_agg(term, ', ' ORDER BY n) FROM bench_terms GROUP BY kind ORDER BY min(n)" \
        | sed 's/^/    /' | tee -a "$out"
    say "$(printf '%-8s %-8s %9s %8s %8s %9s %8s %8s %10s %8s %8s' build clients req/s 'p50 ms' 'p95 ms' 'pg tps' 'pg p50' 'pg p95' 'tps ratio' 'p95 x' errors)"
    for c in 1 16; do
        for build in "${builds[@]}"; do
            serve "$build"
            read -r rps p50 p95 _ err _ <<<"$(BENCH_TERMS="$work/terms.txt" WRK_TOKEN="$(token_of "$build")" load search.lua "$c")"
            stop_server
            read -r tps g50 g95 <<<"$(baseline_for "$build" pgbench_search.sql "$c" -D "terms=$n_terms")"
            say "$(printf '%-8s %-8s %9s %8s %8s %9s %8s %8s %10s %8s %8s' "$(label "$build")" "$c" "$rps" "$p50" "$p95" "$tps" "$g50" "$g95" \
                "$(ratio "$rps" "$tps")" "$(times "$p95" "$g95")" "$err")"
        done
    done
    say "Each term alone (one client, 20 requests each): p50 and p95 in ms, each build"
    say "$(printf '    %-24s %-28s' kind term)$(for build in "${builds[@]}"; do printf ' %8s %8s' "$(label "$build")" p95; done)"
    for build in "${builds[@]}"; do
        serve "$build"
        while IFS='|' read -r _ _ encoded; do
            for _ in $(seq 20); do
                curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $(token_of "$build")" \
                    "http://127.0.0.1:$port/api/v1/leads?limit=50&q=$encoded"
            done | sort -n | awk '{ v[NR] = $1 * 1000 } END { printf "%8.1f %8.1f\n", v[10], v[19] }'
        done < <(psql "$pg/$db" -Atc "SELECT kind, term, replace(replace(replace(term, ' ', '%20'), '+', '%2B'), '@', '%40') FROM bench_terms ORDER BY n") \
            >"$work/terms-$(label "$build").txt"
        stop_server
    done
    columns=()
    for build in "${builds[@]}"; do columns+=("$work/terms-$(label "$build").txt"); done
    psql "$pg/$db" -Atc "SELECT kind, term FROM bench_terms ORDER BY n" | awk -F'|' '{ printf "    %-24s %-28s\n", $1, $2 }' \
        | paste -d' ' - "${columns[@]}" | tee -a "$out"
fi

if [[ " $parts " == *" dashboard "* ]]; then
    say ""
    say "### The dashboard page (its default period) by 1 and by 16 managers at once, and their waits for database connections (/metrics)"
    say "$(printf '%-8s %-8s %9s %8s %8s %8s %10s %16s %12s' build clients req/s 'p50 ms' 'p95 ms' 'p99 ms' requests 'waited <= 1/3' 'wait share')"
    for build in "${builds[@]}"; do
        serve "$build"
        csrf=$(curl -fs -c "$work/jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
        curl -fs -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "email=bench@example.com" \
            --data-urlencode "password=bench password 2026" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/login"
        cookie=$(sed 's/^#HttpOnly_//' "$work/jar" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}')
        for c in 1 16; do
            read -r n0 t0 w0 d0 <<<"$(pool_waits /dashboard)"
            read -r rps p50 p95 p99 err _ <<<"$(WRK_COOKIE="$cookie" wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${seconds}s" --timeout 120s \
                -s "$here/get.lua" "http://127.0.0.1:$port/dashboard" | wrk_result rps p50_ms p95_ms p99_ms errors requests)"
            read -r n1 t1 w1 d1 <<<"$(pool_waits /dashboard)"
            # (A build from before the pool's waits were counted has no such series.)
            n=$((n1 - n0)); within=$((t1 - t0)); [ "$n" -gt 0 ] || { n=-; within=-; }
            share=$(awk -v w="$w1" -v x="$w0" -v d="$d1" -v y="$d0" 'BEGIN { if (d > y) printf "%.1f%%", 100 * (w - x) / (d - y); else print "-" }')
            say "$(printf '%-8s %-8s %9s %8s %8s %8s %10s %16s %12s' "$(label "$build")" "$c" "$rps" "$p50" "$p95" "$p99" "$n" "$within" "$share")$([ "$err" = 0 ] || echo "  errors: $err")"
        done
        stop_server
    done
fi
say ""
say "results: $out"
