#!/usr/bin/env bash
# Soak: a steady mixed load (calls logged with their stage side effects, lists, leads,
# dashboard figures) against one `leadline serve` for SOAK_SECONDS (default 600), with
# the server's memory sampled from /metrics every SOAK_SAMPLE seconds. Fails on any
# error answer or when memory keeps growing: the last third of the run may not sit
# more than SOAK_GROWTH_MB (default 20) above the middle third.
#
#   bench/soak.sh                                   # the full 10 minutes
#   SOAK_SECONDS=60 bench/soak.sh                   # the short form CI runs
#
# Needs: PostgreSQL (SOAK_PG, default postgres://postgres@127.0.0.1:5432 as a superuser),
# wrk, curl, psql. Uses target/release/leadline when SOAK_BIN is unset and it exists,
# else builds and uses the debug binary.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scale/lib.sh
. "$here/../scale/lib.sh"
bench_env "$here"
pg="${SOAK_PG:-postgres://postgres@127.0.0.1:5432}"
seconds="${SOAK_SECONDS:-600}"
sample="${SOAK_SAMPLE:-5}"
growth_mb="${SOAK_GROWTH_MB:-20}"
connections="${SOAK_CONNECTIONS:-8}"
interval_ms="${SOAK_INTERVAL_MS:-100}"
port="${SOAK_PORT:-18180}"
db="leadline_soak_$$"
work="$(mktemp -d /tmp/leadline-soak.XXXXXX)"
server=""

need_tools soak "wrk curl postgresql-client" wrk curl psql
# SOAK_BIN plays the part of LEADLINE_BIN.
bin="$(LEADLINE_BIN="${SOAK_BIN:-}" leadline_bin "$root")"

cleanup() {
    [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null
    drop_database "$pg" "$db"
    rm -rf "$work"
}
trap cleanup EXIT

new_database "$pg" "$db" "$bin"
"$bin" bench-data --leads 5000 --calls 50000 >/dev/null 2>&1
token=$(admin_token "$bin" soak@example.com "soak password 2026" soak)
psql "$DATABASE_URL" -Atc "SELECT id FROM leads WHERE status = 'open' AND NOT do_not_call ORDER BY id LIMIT 2000" >"$work/leads.txt"
psql "$DATABASE_URL" -Atc "SELECT id FROM users WHERE role = 'rep'" >"$work/reps.txt"

LEADLINE_ADDR="127.0.0.1:$port" LEADLINE_LOG=warn "$bin" serve 2>"$work/serve.log" &
server=$!
wait_healthy "http://127.0.0.1:$port" 0.2 || true

rss_mb() {
    curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" \
        | awk '/^process_resident_memory_bytes/ { printf "%.1f", $2 / 1048576 }'
}

echo "soak: $seconds s, $connections connections, one request per connection every $interval_ms ms"
(
    while kill -0 "$server" 2>/dev/null; do
        echo "$(date +%s) $(rss_mb)"
        sleep "$sample"
    done
) >"$work/rss.txt" &
sampler=$!
result=$(BENCH_LEADS="$work/leads.txt" BENCH_REPS="$work/reps.txt" WRK_TOKEN="$token" WRK_INTERVAL_MS="$interval_ms" \
    wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 30s -s "$here/mixed.lua" "http://127.0.0.1:$port" 2>"$work/wrk.err")
kill "$sampler" 2>/dev/null || true
echo "$result" | grep -E "^RESULT" || { echo "$result"; exit 1; }
cat "$work/wrk.err" >&2

read -r requests rps errors <<<"$(echo "$result" | wrk_result requests rps errors)"
non_2xx=$(grep -c "^soak: answered" "$work/wrk.err" || true)
read -r first middle last <<<"$(awk 'NF == 2 && $2 != "" { m[++n] = $2 }
    END {
        if (n < 3) { print "0 0 0"; exit }
        a = int(n / 3); b = int(2 * n / 3)
        for (i = a + 1; i <= b; i++) { s2 += m[i] } ; for (i = b + 1; i <= n; i++) { s3 += m[i] }
        printf "%s %.1f %.1f\n", m[1], s2 / (b - a), s3 / (n - b)
    }' "$work/rss.txt")"
echo "soak: $requests requests ($rps/s), $errors errors; server RSS ${first} MB at the start, ${middle} MB mean over the middle third, ${last} MB over the last"
[ "$errors" = 0 ] && [ "$non_2xx" = 0 ] || { echo "soak: FAILED, error answers" >&2; exit 1; }
awk -v m="$middle" -v l="$last" -v g="$growth_mb" 'BEGIN { exit !(l <= m + g) }' \
    || { echo "soak: FAILED, memory grew by more than $growth_mb MB from the middle to the last third" >&2; exit 1; }
echo "soak: passed"
