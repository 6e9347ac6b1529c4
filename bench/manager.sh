#!/usr/bin/env bash
# The manager's tools at 1M leads / 10M calls, each beside PostgreSQL running its main
# statement in the same run:
# - the forecast page (`/forecast`) against pgbench on the pipeline's valuation and dating;
# - the tag breakdown (`/dashboard/tags`, this period and the one before) against pgbench on
#   its per-tag statement;
# - the dashboard under a tag group filter (read from the raw tables) beside the same
#   dashboard unfiltered (from the rollups);
# - the admin's audit page;
# - erasing a lead (`DELETE /api/v1/leads/{id}`) and merging two (`POST .../merge`), one at a
#   time, each against the rollups' oracle staying equal.
#
#   bench/manager.sh                                    # 1M leads, 10M calls, loaded fresh
#   BENCH_DB=leadline_board_1000000 bench/manager.sh     # an existing database, as it is
#
# Needs wrk, pgbench, psql and curl. Results go to bench/results/manager-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=manager
title="the manager's tools"
pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
leads="${BENCH_LEADS:-1000000}"
calls="${BENCH_CALLS:-10000000}"
seconds="${BENCH_SECONDS:-15}"
db="${BENCH_DB:-leadline_board_$leads}"
port=18091
# shellcheck source=bench/app.sh
. "$here/app.sh"
bench_app_start
token=$("$bin" token add --user bench@example.com --name "manager bench" 2>/dev/null | tail -1)

page() {
    local path="$1"
    local url="http://127.0.0.1:$port$path"
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")" = 200 ] ||
        { echo "manager: $url did not answer 200" >&2; exit 1; }
    WRK_COOKIE="$cookie" load 1 "$url"
}

group=$(psql "$DATABASE_URL" -Atc "SELECT tag_group FROM tags WHERE tag_group IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
say ""
say "open leads: $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM leads WHERE status = 'open'"), audit entries: $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM audit_log")"
say ""
say "## pages, 1 client: requests/s, p50 ms, p95 ms, errors"
say "| page | rps | p50 | p95 | errors |"
say "|---|---|---|---|---|"
for path in /dashboard "/dashboard?tag_group=$group" /dashboard/tags /forecast /admin/audit; do
    say "| $path | $(page "$path" | tr ' ' '|' | sed 's/|/ | /g') |"
done

# The forecast's heaviest statement (the open pipeline valued and dated), as the page runs it.
month=$(date -u +%Y)*12+$(( 10#$(date -u +%m) - 1 ))
cat > "$work/forecast.sql" <<SQL
SELECT l.owner_id, l.source,
       (extract(year FROM c.local) * 12 + extract(month FROM c.local) - 1)::int4 - ($month),
       sum((ARRAY[0.05, 0.1, 0.2, 0.4, 0.6]::float8[])[l.stage + 1] * coalesce(l.deal_value, 1000000)), count(*)
FROM leads l
LEFT JOIN stage_reaches r ON r.lead_id = l.id AND r.stage = l.stage
CROSS JOIN LATERAL (SELECT greatest(now(), coalesce(r.reached_at, l.created_at)
                                   + make_interval(secs => (ARRAY[9e6, 8e6, 6e6, 4e6, 2e6]::float8[])[l.stage + 1]))
                           AT TIME ZONE 'UTC' AS local) c
WHERE l.status = 'open' AND l.stage <= 4
GROUP BY 1, 2, 3;
SQL
forecast=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/forecast")
say ""
say "## the forecast's pipeline statement, 1 client: pgbench p95 $(pgbench_p95 1 "$work/forecast.sql") ms; GET /api/v1/forecast once: $(awk -v t="$forecast" 'BEGIN {printf "%.0f", t * 1000}') ms"

# The tag breakdown's per-tag statement for the last 30 days.
cat > "$work/tags.sql" <<SQL
WITH cohort AS (
    SELECT l.id, coalesce(l.source, '') AS source, l.max_stage,
           CASE WHEN l.status = 'won' THEN coalesce(l.deal_value, 0) ELSE 0 END AS won_value
    FROM leads l WHERE l.created_at >= now() - interval '30 days' AND l.created_at < now())
SELECT t.tag_group, t.name, c.source, c.max_stage, count(*), sum(c.won_value)::int8
FROM cohort c JOIN lead_tags lt ON lt.lead_id = c.id JOIN tags t ON t.id = lt.tag_id GROUP BY 1, 2, 3, 4;
SQL
say "## the tag breakdown's per-tag statement (30 days), 1 client: pgbench p95 $(pgbench_p95 1 "$work/tags.sql") ms"

# Erasing and merging, one at a time: each answer's time.
say ""
say "## erase and merge, one request each: ms"
for n in 1 2 3; do
    lead=$(psql "$DATABASE_URL" -Atc "SELECT id FROM leads WHERE erased_at IS NULL AND call_count > 5 ORDER BY created_at DESC OFFSET $n LIMIT 1")
    erase=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X DELETE -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/leads/$lead")
    pair=$(psql "$DATABASE_URL" -Atc "SELECT string_agg(id::text, ' ') FROM (SELECT id FROM leads WHERE erased_at IS NULL AND call_count > 5 ORDER BY created_at DESC OFFSET $(( 10 + 2 * n )) LIMIT 2) p")
    set -- $pair
    merge=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"from\": [\"$2\"]}" "http://127.0.0.1:$port/api/v1/leads/$1/merge")
    say "- erase: $(echo "$erase" | awk '{printf "%s in %.0f ms", $1, $2 * 1000}'); merge two leads: $(echo "$merge" | awk '{printf "%s in %.0f ms", $1, $2 * 1000}')"
done
say ""
say "results: $out"
