#!/usr/bin/env bash
# Two builds of Leadline side by side on the dashboard reads: each build gets its own copy of
# the same benchmark data set (same seed, its own migrations), both serve at once, and every
# request is timed on one and then the other, alternating, so that the machine's noise falls
# on both alike. Also checks that both answer every request with the same figures.
#
#   BEFORE=/path/to/old/leadline bench/compare.sh          # against this checkout's release build
#   BEFORE=old AFTER=new COMPARE_SIZE=10000:100000 bench/compare.sh
#
#   BEFORE, AFTER        the two binaries (AFTER defaults to target/release/leadline, built)
#   COMPARE_SIZE         leads:calls of the data set (default 100000:1000000)
#   COMPARE_REPEAT       requests per build and read, alternating; the median counts (default 7)
#   COMPARE_PERIODS      dashboard periods in days (default 30 365 730)
#
# Needs what bench/run.sh needs (a PostgreSQL server in BENCH_PG, psql, curl). Results go to
# stdout and to bench/results/compare-<time>.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../scale/lib.sh
. "$here/../scale/lib.sh"
bench_env "$here"
need_tools compare "postgresql-client curl" psql curl

pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
size="${COMPARE_SIZE:-100000:1000000}"
repeat="${COMPARE_REPEAT:-7}"
periods="${COMPARE_PERIODS:-30 365 730}"
[ -n "${BEFORE:-}" ] || { echo "compare: set BEFORE to the older leadline binary" >&2; exit 2; }
before="$(realpath "$BEFORE")"
if [ -n "${AFTER:-}" ]; then
    after="$(realpath "$AFTER")"
else
    (cd "$root" && cargo build --release --quiet --bin leadline)
    after="$root/target/release/leadline"
fi
leads="${size%%:*}"; calls="${size##*:}"
work="$(mktemp -d /tmp/leadline-compare.XXXXXX)"
mkdir -p "$here/results"
out="$here/results/compare-$(date -u +%Y%m%dT%H%M%SZ).txt"
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    drop_database "$pg" leadline_compare_before
    drop_database "$pg" leadline_compare_after
    rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$out"; }

# `prepare NAME BIN PORT`: NAME's database with the data set, migrated and loaded by BIN,
# and served by BIN on PORT; the admin's token in $work/token-NAME.
prepare() {
    local name="$1" bin="$2" port="$3" db="leadline_compare_$1" started
    drop_database "$pg" "$db"
    new_database "$pg" "$db" "$bin"
    started=$(date +%s)
    "$bin" bench-data --leads "$leads" --calls "$calls" >/dev/null 2>&1
    echo "$name: data set loaded in $(($(date +%s) - started)) s" >&2
    admin_token "$bin" compare@example.com "compare password 2026" compare >"$work/token-$name"
    LEADLINE_ADDR="127.0.0.1:$port" LEADLINE_LOG=warn LEADLINE_REQUEST_TIMEOUT=600 \
        "$bin" serve >/dev/null 2>"$work/serve-$name.log" &
    pids+=("$!")
    wait_healthy "http://127.0.0.1:$port" 0.2 || { cat "$work/serve-$name.log" >&2; exit 1; }
}

prepare before "$before" 18090
prepare after "$after" 18091
token_before=$(cat "$work/token-before")
token_after=$(cat "$work/token-after")
db=leadline_compare_after

# One request: its time in ms; its body goes to $work/body-NAME. Fails unless it answers 200.
timed() {
    local name="$1" port="$2" token="$3" path="$4" answer
    answer=$(curl -sS --max-time 600 -o "$work/body-$name" -w '%{http_code} %{time_total}' \
        -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")
    [ "${answer%% *}" = 200 ] || { echo "compare: $name answered ${answer%% *} to $path" >&2; exit 1; }
    awk -v t="${answer##* }" 'BEGIN { printf "%.1f\n", t * 1000 }'
}

median() { sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }

tomorrow=$(date -u -d "$(date -u +%F) + 1 day" +%F)
owner=$(psql "$pg/$db" -Atc "SELECT id FROM users WHERE role = 'rep' ORDER BY name LIMIT 1")
channel=$(psql "$pg/$db" -Atc "SELECT source FROM leads WHERE source IS NOT NULL LIMIT 1" | sed 's/ /%20/g')
tag=$(psql "$pg/$db" -Atc "SELECT t.name FROM tags t JOIN lead_tags lt ON lt.tag_id = t.id
                           GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1" | sed 's/ /%20/g')

say "# Two builds side by side, $(date -u +%Y-%m-%dT%H:%MZ), $leads leads and $calls calls"
say "# machine: $(nproc) cores, $(uname -sr); $(psql "$pg/postgres" -Atc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL"
say "# before: $before"
say "# after:  $after"
say "# each read $repeat times on each build, alternating; the median, in ms"
say "$(printf '%-44s %10s %10s %8s %6s' 'read' 'before ms' 'after ms' 'after/before' 'same')"
ratios="$work/ratios"
for days in $periods; do
    from=$(date -u -d "$tomorrow - $days days" +%F)
    for filter in "" "&owner_id=$owner" "&channel=$channel" "&tag=$tag"; do
        for path in /api/v1/metrics/funnel /api/v1/metrics/calls /api/v1/metrics/cost /api/v1/metrics/reps; do
            request="$path?from=$from&to=$tomorrow$filter"
            : >"$work/times-before"; : >"$work/times-after"
            for _ in $(seq "$repeat"); do
                timed before 18090 "$token_before" "$request" >>"$work/times-before"
                timed after 18091 "$token_after" "$request" >>"$work/times-after"
            done
            same=no
            cmp -s "$work/body-before" "$work/body-after" && same=yes
            b=$(median <"$work/times-before"); a=$(median <"$work/times-after")
            ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
            echo "$ratio" >>"$ratios"
            label="$path ${days}d${filter:+ ${filter%%=*}}"
            say "$(printf '%-44s %10s %10s %8s %6s' "${label//&/}" "$b" "$a" "$ratio" "$same")"
        done
    done
done
say ""
say "after/before over $(wc -l <"$ratios") reads: median $(median <"$ratios"), geometric mean $(awk '{ s += log($1) } END { printf "%.2f", exp(s / NR) }' "$ratios")"
say "reads answered alike by both builds: $(grep -c ' yes$' "$out") of $(wc -l <"$ratios")"
