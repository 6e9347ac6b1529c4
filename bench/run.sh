#!/usr/bin/env bash
# Leadline's benchmarks: each figure beside its raw-PostgreSQL baseline, measured in
# the same run on the same server. See BENCHMARKS.md for what is measured and why.
#
#   bench/run.sh                    # the full set: 10k/100k, 100k/1M and 1M/10M leads/calls
#   BENCH_SIZES="10000:100000" BENCH_SECONDS=5 bench/run.sh     # a quick look
#   BENCH_PERIODS="30 730"      the dashboard periods, in days (default 30 365 730); "30p" is
#                               30 days from 09:30 UTC to 16:45 yesterday, as an API client may
#                               ask: whole days from the rollups, the hours at either end from
#                               the raw tables, but for calls, whole hours from their hour rows
#                               and the minutes around them (inside the data set's working
#                               hours, 09:00-18:00) from the raw table
#   BENCH_FILTERS="none tag"    the dashboard filters (default none rep channel tag): none, one
#                               rep, one channel, one tag (the tag most leads carry)
#   BENCH_READS=0               skip the dashboard reads (writes and import only)
#   BENCH_WRITES=0              skip the daily work and the call batches (at the largest size):
#                               bench/daily.sh's calls, lead creation, search and dashboard by
#                               16 managers, each beside pgbench
#   BENCH_RAW_REPEAT=1          time each raw-table read once (at 10M calls one takes minutes)
#   BENCH_RAW=0                 skip the raw-table reads (the rollups' alone)
#   BENCH_ZONES="UTC Asia/Jakarta America/New_York"
#                               the company's time zones to read in (default UTC), one after
#                               another on the same data: `leadline rollups time-zone` recounts
#                               the rollups in each (timed), a CHECKPOINT writes the recount's
#                               pages out (timed), then the reads run with the dates of that zone
#   BENCH_REUSE=1               keep a database leadline_bench_<calls> from an earlier run
#   BENCH_IMPORT_ROWS=0         skip the CSV import (default 1000000 rows)
#   BENCH_IMPORT_REPEAT=3       import and \copy runs, alternating (the ratio of their medians)
#   BENCH_IMPORTS="plain"       the imports (default plain tagged): leads alone, and leads with
#                               a Tags column against \copy of leads and lead_tags
#   BENCH_BIN=path              measure this leadline binary instead of building the checkout
#                               (two builds side by side: run once with each, alternating)
#   BENCH_OTHER_CRM=0           skip bench/other_crm.sh, Leadline beside DjangoCRM (pip-installed
#                               from PyPI into a virtualenv outside the checkout), run last
#
# Needs: a PostgreSQL server (BENCH_PG, default the local one on 127.0.0.1:5432 as
# user postgres), and wrk, pgbench, psql, /usr/bin/time (Debian: wrk, postgresql-client, time).
# Results go to stdout and to bench/results/<time>.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scale/lib.sh
. "$here/../scale/lib.sh"
bench_env "$here"
pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
sizes="${BENCH_SIZES:-10000:100000 100000:1000000 1000000:10000000}"
seconds="${BENCH_SECONDS:-15}"
solo_seconds="${BENCH_SOLO_SECONDS:-5}"
periods="${BENCH_PERIODS:-30 365 730}"
filters="${BENCH_FILTERS:-none rep channel tag}"
repeat="${BENCH_REPEAT:-3}"
raw_repeat="${BENCH_RAW_REPEAT:-$repeat}"
raw_reads="${BENCH_RAW:-1}"
zones="${BENCH_ZONES:-UTC}"
reuse="${BENCH_REUSE:-0}"
writes="${BENCH_WRITES:-1}"
reads="${BENCH_READS:-1}"
import_rows="${BENCH_IMPORT_ROWS:-1000000}"
import_repeat="${BENCH_IMPORT_REPEAT:-3}"
imports="${BENCH_IMPORTS:-plain tagged}"
work="$(mktemp -d /tmp/leadline-bench.XXXXXX)"
mkdir -p "$here/results"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
pids=()

# Each server runs under /usr/bin/time: signal the server itself (time's child), so that
# it shuts down cleanly and time writes its peak RSS.
stop_children() {
    for pid in "${pids[@]}"; do pkill -INT -P "$pid" 2>/dev/null || true; done
}

cleanup() {
    stop_children
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$out"; }

need_tools bench "wrk postgresql-client time" wrk pgbench psql /usr/bin/time

if [ -n "${BENCH_BIN:-}" ]; then
    bin="$(realpath "$BENCH_BIN")"
else
    (cd "$root" && cargo build --release --quiet)
    bin="$root/target/release/leadline"
fi

say "# Leadline benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
say "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(psql "$pg/postgres" -Atc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL"
say "# leadline $(git -C "$root" rev-parse --short HEAD)${BENCH_BIN:+, binary $bin}"

fresh_db() {
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
    DATABASE_URL="$pg/$1" "$bin" migrate 2>/dev/null
}

# Start `leadline serve` on a port under /usr/bin/time (for its peak RSS), wait for health.
serve() {
    local db="$1" port="$2" source="$3"
    DATABASE_URL="$pg/$db" LEADLINE_ADDR="127.0.0.1:$port" LEADLINE_METRICS_SOURCE="$source" \
        LEADLINE_LOG=warn LEADLINE_REQUEST_TIMEOUT=600 LEADLINE_DB_POOL_SIZE=20 \
        /usr/bin/time -v -o "$work/rss-$port" "$bin" serve 2>"$work/serve-$port.log" &
    pids+=("$!")
    wait_healthy "http://127.0.0.1:$port" 0.2 && return 0
    echo "bench: the server on $port did not start" >&2
    cat "$work/serve-$port.log" >&2
    exit 1
}

stop_servers() {
    stop_children
    wait 2>/dev/null || true
    pids=()
}

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

peak_rss_mb() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }

# wrk, printing its RESULT line's fields: rps p50 p95 p99 errors. WRK_THREADS overrides
# the number of threads (two, or one for one connection).
load() {
    local script="$1" connections="$2" duration="$3" url="$4"
    wrk -t "${WRK_THREADS:-$(( connections < 2 ? 1 : 2 ))}" -c "$connections" -d "${duration}s" --timeout 120s \
        -s "$here/$script" "$url" | wrk_result rps p50_ms p95_ms p99_ms errors requests
}

session_cookie() {
    local port="$1"
    local jar="$work/jar-$port"
    local csrf
    csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -fs -b "$jar" -c "$jar" -o /dev/null \
        --data-urlencode "email=bench@example.com" --data-urlencode "password=bench password 2026" \
        --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/login"
    sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}'
}

# The median time of $repeat single requests, in ms; fails unless each answers 200.
median_ms() {
    for _ in $(seq "$repeat"); do
        curl -sS --max-time 600 -o /dev/null -w '%{http_code} %{time_total}\n' "$@"
    done | sort -k2 -n | awk '$1 != 200 { print "bench: answered " $1 > "/dev/stderr"; bad = 1 }
        { t[NR] = $2 } END { if (bad) exit 1; printf "%.1f", t[int((NR + 1) / 2)] * 1000 }'
}

for size in $sizes; do
    leads="${size%%:*}"; calls="${size##*:}"
    db="leadline_bench_$calls"
    say ""
    say "## $leads leads, $calls calls"
    if [ "$reuse" = 1 ] && psql "$pg/$db" -Atc "SELECT 1" >/dev/null 2>&1; then
        DATABASE_URL="$pg/$db" "$bin" migrate 2>/dev/null
        say "bench-data: reusing the database $db as it is"
    else
        fresh_db "$db"
        start=$(date +%s.%N)
        DATABASE_URL="$pg/$db" /usr/bin/time -v -o "$work/rss-data" "$bin" bench-data --leads "$leads" --calls "$calls" >/dev/null 2>"$work/data.log"
        say "bench-data: $(since "$start") s, peak RSS $(peak_rss_mb "$work/rss-data") MB"
    fi
    # (A reused database has the user already.)
    echo "bench password 2026" | DATABASE_URL="$pg/$db" "$bin" user add bench@example.com --role admin >/dev/null 2>&1 || true
    token=$(DATABASE_URL="$pg/$db" "$bin" token add --user bench@example.com --name bench 2>/dev/null)
    today=$(date -u +%F)
    month_ago=$(date -u -d "$today - 30 days" +%F)
    tomorrow=$(date -u -d "$today + 1 day" +%F)
    channel=$(psql "$pg/$db" -Atc "SELECT source FROM leads WHERE source IS NOT NULL LIMIT 1" | sed 's/ /%20/g')
    owner=$(psql "$pg/$db" -Atc "SELECT id FROM users WHERE role = 'rep' ORDER BY name LIMIT 1")
    tag=$(psql "$pg/$db" -Atc "SELECT t.name FROM tags t JOIN lead_tags lt ON lt.tag_id = t.id
                               GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1" | sed 's/ /%20/g')

    serve "$db" 18080 rollups
    serve "$db" 18081 raw
    cookie=$(session_cookie 18080)
    cookie_raw=$(session_cookie 18081)

    for zone in $zones; do
    if [ "$reads" = 1 ]; then
    start=$(date +%s.%N)
    DATABASE_URL="$pg/$db" "$bin" rollups time-zone "$zone" >/dev/null 2>"$work/zone.log" \
        || { cat "$work/zone.log" >&2; exit 1; }
    say ""
    say "time zone $zone: the rollups counted in it in $(since "$start") s (nothing to do when they were)"
    # A recount rewrites every rollup row; PostgreSQL then writes those pages out in the
    # checkpoints of the next minutes, and reads meanwhile measure the disk, not the
    # dashboard. Write them out now, and say how long it took.
    start=$(date +%s.%N)
    psql "$pg/$db" -qc "CHECKPOINT"
    say "checkpoint after it: $(since "$start") s"
    today=$(TZ="$zone" date +%F)
    month_ago=$(date -u -d "$today - 30 days" +%F)
    tomorrow=$(date -u -d "$today + 1 day" +%F)
    say ""
    say "### Dashboard reads ($zone)"
    say "Each request alone, median of $repeat: rollups (the default) against raw GROUP BY over the"
    say "base tables (LEADLINE_METRICS_SOURCE=raw). Then the rollups server under wrk: one connection"
    say "for $solo_seconds s (p95 of requests one after another), and 4 connections for ${seconds} s."
    say "$(printf '%-48s %10s %10s %9s %9s %9s %9s %9s %7s' 'request' 'rollups ms' 'raw ms' 'speed-up' '1c p95' '4c p50' '4c p95' '4c req/s' 'errors')"
    for period in $periods; do
        days="${period%p}"
        from=$(date -u -d "$tomorrow - $days days" +%F)
        to="$tomorrow"
        span="${days}d"
        if [ "$period" != "$days" ]; then
            from="$(date -u -d "$today - 1 day - $days days" +%F)T09:30:00Z"
            to="$(date -u -d "$today - 1 day" +%F)T16:45:00Z"
            span="${days}d@09:30-16:45"
        fi
        for which in $filters; do
            case "$which" in
                none) filter="" ;;
                rep) filter="&owner_id=$owner" ;;
                channel) filter="&channel=$channel" ;;
                tag) filter="&tag=$tag" ;;
                *) echo "bench: unknown filter $which (none, rep, channel or tag)" >&2; exit 2 ;;
            esac
            # The page offers whole days only.
            pages=/dashboard
            [ "$period" = "$days" ] || pages=""
            for path in /api/v1/metrics/funnel /api/v1/metrics/calls /api/v1/metrics/cost /api/v1/metrics/reps $pages; do
                query="?from=$from&to=$to$filter"
                if [ "$path" = /dashboard ]; then
                    fast_ms=$(median_ms -H "Cookie: $cookie" "http://127.0.0.1:18080$path$query")
                    raw_ms=-
                    [ "$raw_reads" = 0 ] || raw_ms=$(repeat=$raw_repeat median_ms -H "Cookie: $cookie_raw" "http://127.0.0.1:18081$path$query")
                    alone=$(WRK_COOKIE="$cookie" load get.lua 1 "$solo_seconds" "http://127.0.0.1:18080$path$query")
                    under_load=$(WRK_COOKIE="$cookie" load get.lua 4 "$seconds" "http://127.0.0.1:18080$path$query")
                else
                    fast_ms=$(median_ms -H "Authorization: Bearer $token" "http://127.0.0.1:18080$path$query")
                    raw_ms=-
                    [ "$raw_reads" = 0 ] || raw_ms=$(repeat=$raw_repeat median_ms -H "Authorization: Bearer $token" "http://127.0.0.1:18081$path$query")
                    alone=$(WRK_TOKEN="$token" load get.lua 1 "$solo_seconds" "http://127.0.0.1:18080$path$query")
                    under_load=$(WRK_TOKEN="$token" load get.lua 4 "$seconds" "http://127.0.0.1:18080$path$query")
                fi
                read -r _ _ a_p95 _ a_err _ <<<"$alone"
                read -r f_rps f_p50 f_p95 _ f_err _ <<<"$under_load"
                label="$path $span${filter:+ ${filter%%=*}}"
                label="${label//&/}"
                say "$(printf '%-48s %10s %10s %9s %9s %9s %9s %9s %7s' "$label" "$fast_ms" "$raw_ms" \
                    "$(awk -v a="$raw_ms" -v b="$fast_ms" 'BEGIN { if (b > 0 && a != "-") printf "%.1fx", a / b; else print "-" }')" \
                    "$a_p95" "$f_p50" "$f_p95" "$f_rps" "$((a_err + f_err))")"
            done
        done
    done

    # pgbench: the calls figures for the 30-day period straight from the raw tables.
    pgb=$(pgbench -n -c 1 -T "$seconds" -D "from='$month_ago'" -D "to='$tomorrow'" -f "$here/pgbench_calls_counts.sql" "$pg/$db" 2>/dev/null \
        | awk '/latency average/ {print $4}')
    say "pgbench, calls figures by GROUP BY over raw tables, 30 days: ${pgb} ms average"
    fi
    done

    if [ "$writes" = 1 ] && { [ "$size" = "$(echo "$sizes" | awk '{print $NF}')" ] || [ -n "${BENCH_WRITES_EVERY_SIZE:-}" ]; }; then
        say ""
        # The daily work (calls, lead creation, search, the dashboard by 16 managers), each
        # beside pgbench: bench/daily.sh on this database, with its own server. pgbench's 64
        # clients and the servers' pools must fit in PostgreSQL's default max_connections
        # (100), so this size's servers stop first; the rollups' server comes back for the
        # batches after.
        stop_servers
        DAILY_DB="$db" DAILY_BIN="$bin" DAILY_OUT="$out" DAILY_SECONDS="$seconds" "$here/daily.sh"
        # The seeds' mix of single calls at 16 clients, beside which the batches are read.
        single16=$(awk '$1 == "after" && $2 == "seeds" && $3 == 16 { print $4; exit }' "$out")
        serve "$db" 18080 rollups
        say ""
        say "### Call batches (wrk ${seconds} s)"
        psql "$pg/$db" -q <<SQL
DROP TABLE IF EXISTS bench_leads, bench_reps;
CREATE TABLE bench_leads AS SELECT row_number() OVER () AS n, id FROM (SELECT id FROM leads ORDER BY id LIMIT 100000) l;
CREATE UNIQUE INDEX ON bench_leads (n);
CREATE TABLE bench_reps AS SELECT row_number() OVER () AS n, id FROM users WHERE role = 'rep';
CREATE UNIQUE INDEX ON bench_reps (n);
SQL
        psql "$pg/$db" -Atc "SELECT id FROM bench_leads" >"$work/leads.txt"
        psql "$pg/$db" -Atc "SELECT id FROM bench_reps" >"$work/reps.txt"
        # Four dialers, each sending batches of 500 calls: first each working its own list
        # (as the queue hands leads out), then all four drawing from the same leads, so
        # that most batches share a lead with another in flight and wait for its lock.
        for lists in own shared; do
            # One thread per dialer: a wrk thread's connections share its list.
            if [ "$lists" = own ]; then dialers=4; else dialers=""; fi
            read -r rps p50 _ p99 err _ <<<"$(WRK_THREADS="$dialers" WRK_OWN_LEADS="${dialers:-0}" BENCH_LEADS="$work/leads.txt" \
                BENCH_REPS="$work/reps.txt" WRK_TOKEN="$token" WRK_BATCH=500 load calls.lua 4 "$seconds" "http://127.0.0.1:18080")"
            rows=$(awk -v r="$rps" 'BEGIN { printf "%.0f", r * 500 }')
            say "$(printf '%-30s %10s %8s %8s' "POST /calls/batch x500, 4 $lists" "$rows" "$p50" "$p99")  rows/s; $(awk -v a="$rows" -v b="$single16" 'BEGIN { printf "%.1fx", a / b }') single-call rows/s at 16 clients$([ "$err" = 0 ] || echo "  errors: $err")"
        done
        psql "$pg/$db" -qc "DROP TABLE bench_leads, bench_reps"
    fi

    stop_servers
    say ""
    say "peak RSS: server (rollups) $(peak_rss_mb "$work/rss-18080") MB, server (raw) $(peak_rss_mb "$work/rss-18081") MB"
    # What the servers logged at error level, so that a run's errors can be told apart.
    for port in 18080 18081; do
        grep -a 'ERROR' "$work/serve-$port.log" | tail -20 | sed "s/^/server $port: /" | tee -a "$out" || true
    done
    [ "$reuse" = 1 ] || psql "$pg/postgres" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
done

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }

if [ "$import_rows" -gt 0 ]; then
    for kind in $imports; do
        say ""
        # The baseline: \copy of the leads and, with tags, the tags first and lead_tags after.
        copy=(-c "\\copy leads (id, name, phone, email, company, source) FROM '$work/leads-copy.csv' WITH (FORMAT csv, HEADER true)")
        if [ "$kind" = tagged ]; then
            say "### CSV import of $import_rows leads with tags, a third none, a third one, a third two ($import_repeat runs each, alternating)"
            tag_sql=$(python3 "$here/make_csv.py" "$import_rows" "$work/leads.csv" "$work/leads-copy.csv" "$work/lead-tags-copy.csv")
            copy=(-c "$tag_sql" "${copy[@]}" -c "\\copy lead_tags (lead_id, tag_id) FROM '$work/lead-tags-copy.csv' WITH (FORMAT csv, HEADER true)")
        else
            say "### CSV import of $import_rows leads ($import_repeat runs each, alternating)"
            python3 "$here/make_csv.py" "$import_rows" "$work/leads.csv" "$work/leads-copy.csv"
        fi
        : >"$work/t-import"; : >"$work/t-copy"
        for run in $(seq "$import_repeat"); do
            fresh_db leadline_bench_import
            start=$(date +%s.%N)
            DATABASE_URL="$pg/leadline_bench_import" /usr/bin/time -v -o "$work/rss-import" "$bin" import leads "$work/leads.csv" >/dev/null 2>"$work/import.log" \
                || { cat "$work/import.log" >&2; exit 1; }
            t_import=$(since "$start")
            imported=$(psql "$pg/leadline_bench_import" -Atc "SELECT count(*) || ' leads, ' || (SELECT count(*) FROM lead_tags) || ' tags' FROM leads")
            fresh_db leadline_bench_copy
            start=$(date +%s.%N)
            psql "$pg/leadline_bench_copy" -q -v ON_ERROR_STOP=1 "${copy[@]}"
            t_copy=$(since "$start")
            echo "$t_import" >>"$work/t-import"; echo "$t_copy" >>"$work/t-copy"
            say "$(printf 'run %s: leadline import %.1f s (%s, peak RSS %s MB); psql \\copy %.1f s; ratio %.2fx' \
                "$run" "$t_import" "$imported" "$(peak_rss_mb "$work/rss-import")" "$t_copy" "$(awk -v a="$t_import" -v b="$t_copy" 'BEGIN { print a / b }')")"
            psql "$pg/postgres" -qc "DROP DATABASE leadline_bench_import WITH (FORCE)" -c "DROP DATABASE leadline_bench_copy WITH (FORCE)" >/dev/null
        done
        m_import=$(median <"$work/t-import"); m_copy=$(median <"$work/t-copy")
        say "$(printf 'median: leadline import %s s; psql \\copy %s s; ratio %.2fx' "$m_import" "$m_copy" "$(awk -v a="$m_import" -v b="$m_copy" 'BEGIN { print a / b }')")"
    done
fi
if [ "${BENCH_OTHER_CRM:-1}" != 0 ]; then
    say ""
    OTHER_CRM_BIN="$bin" OTHER_CRM_SECONDS="$seconds" OTHER_CRM_OUT="$out" BENCH_PG="$pg" "$here/other_crm.sh"
fi
say ""
say "results: $out"
