#!/usr/bin/env bash
# The pipeline board and bulk changes at scale, each beside PostgreSQL running the same
# statements:
# - the board's first page (`GET /board`: the columns' totals from their rollup and the
#   cards of each column that has any), with no filter, one rep's, the most common tag's and
#   the rarest tag's, one client and four, against pgbench running its statements as one
#   transaction at as many clients;
# - a bulk reassign of 100,000 leads (`POST /leads/bulk`, every lead created since a day
#   picked so that 100,000 match), back and forth between two reps so that each run changes
#   them all: how soon the list answers, and how soon the change (made in the background)
#   is made, against psql running the same UPDATE with the triggers off (no rollup
#   follows) in a transaction it rolls back.
#
#   bench/board.sh                            # 1M leads, 10M calls, loaded fresh
#   BENCH_DB=leadline_bench_10000000 bench/board.sh   # an existing database, as it is
#   BENCH_LEADS=100000 BENCH_CALLS=1000000 BENCH_SECONDS=5 bench/board.sh   # a quick look
#   BENCH_BULK_LEADS=10000 BENCH_REPEAT=1 ...   # a smaller bulk reassign, once
#
# Needs what bench/run.sh needs (wrk, pgbench, psql). Results go to stdout and to
# bench/results/board-<time>.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
name=board
title="the board and bulk changes"
pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
leads="${BENCH_LEADS:-1000000}"
calls="${BENCH_CALLS:-10000000}"
seconds="${BENCH_SECONDS:-15}"
repeat="${BENCH_REPEAT:-3}"
bulk_leads="${BENCH_BULK_LEADS:-100000}"
db="${BENCH_DB:-leadline_board_$leads}"
port=18090
# shellcheck source=bench/app.sh
. "$here/app.sh"
bench_app_start

owner=$(psql "$DATABASE_URL" -Atc "SELECT id FROM users WHERE role = 'rep' ORDER BY name LIMIT 1")
other=$(psql "$DATABASE_URL" -Atc "SELECT id FROM users WHERE role = 'rep' ORDER BY name OFFSET 1 LIMIT 1")
tag=$(psql "$DATABASE_URL" -Atc "SELECT t.name FROM tags t JOIN lead_tags lt ON lt.tag_id = t.id
                                  GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1")
rare=$(psql "$DATABASE_URL" -Atc "SELECT t.name FROM tags t JOIN lead_tags lt ON lt.tag_id = t.id
                                   GROUP BY t.name ORDER BY count(*), t.name LIMIT 1")
say ""
say "open leads on the board: $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM leads WHERE status = 'open'")"
say ""
say "## the board's first page: p95 ms (requests/s), leadline against pgbench on its statements"
say "| filter | 1 client | pgbench 1 | ratio | 4 clients | pgbench 4 | ratio |"
say "|---|---|---|---|---|---|---|"
for filter in none rep tag rare; do
    case "$filter" in
        none) query=""; owner_sql="NULL"; tag_sql="NULL" ;;
        rep) query="?owner_id=$owner"; owner_sql="'$owner'"; tag_sql="NULL" ;;
        tag) query="?tag=$(printf %s "$tag" | sed 's/ /%20/g')"; owner_sql="NULL"; tag_sql="'$tag'" ;;
        rare) query="?tag=$(printf %s "$rare" | sed 's/ /%20/g')"; owner_sql="NULL"; tag_sql="'$rare'" ;;
    esac
    url="http://127.0.0.1:$port/board$query"
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")" = 200 ] || { echo "board: $url did not answer 200" >&2; exit 1; }
    # The page's statements: the totals from the board's rollup, then the first 20 cards of
    # each column that has any.
    owners_sql="NULL"
    [ "$owner_sql" = NULL ] || owners_sql="ARRAY[$owner_sql]"
    tag_id_sql="(SELECT t.id FROM tags t WHERE t.name = $tag_sql::text)"
    {
        echo "BEGIN;"
        echo "SELECT r.stage, sum(r.leads), sum(r.deal_value) FROM (
              SELECT b.stage, b.leads, b.deal_value FROM rollup_board b
              WHERE ($tag_sql::text IS NULL AND b.tag_id IS NULL OR b.tag_id = $tag_id_sql) AND b.source IS NULL
                AND ($owners_sql::uuid[] IS NULL AND b.owner_id IS NULL OR b.owner_id = ANY ($owners_sql::uuid[]))
              UNION ALL
              SELECT d.stage, d.leads, d.deal_value FROM rollup_board_delta d
              WHERE ($tag_sql::text IS NULL AND d.tag_id IS NULL OR d.tag_id = $tag_id_sql)
                AND ($owners_sql::uuid[] IS NULL OR d.owner_id = ANY ($owners_sql::uuid[]))) r
              GROUP BY r.stage;"
        for stage in $(psql "$DATABASE_URL" -Atc "SELECT s FROM generate_series(0, 4) s WHERE EXISTS (
                           SELECT 1 FROM leads l WHERE l.status = 'open' AND l.stage = s
                             AND ($owner_sql::uuid IS NULL OR l.owner_id = $owner_sql::uuid)
                             AND ($tag_sql::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id
                                                                    WHERE lt.lead_id = l.id AND t.name = $tag_sql::text)))"); do
            # As `storage::board::cards` writes it: only the filters given.
            echo "SELECT l.id, l.name, l.company, l.phone, l.owner_id, l.stage, l.deal_value, l.next_contact_at,
                  coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id
                            WHERE lt.lead_id = l.id), '{}'), l.created_at
                  FROM leads l WHERE l.status = 'open' AND l.stage = $stage
                  $([ "$owner_sql" = NULL ] || echo "AND l.owner_id = $owner_sql::uuid")
                  $([ "$tag_sql" = NULL ] || echo "AND EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id
                                                              WHERE lt.lead_id = l.id AND t.name = $tag_sql::text)")
                  ORDER BY l.created_at DESC, l.id DESC LIMIT 20;"
        done
        echo "COMMIT;"
    } | tr '\n' ' ' | sed 's/; /;\n/g' >"$work/board-$filter.sql"
    read -r rps1 _ p95_1 err1 < <(WRK_COOKIE="$cookie" load 1 "$url")
    read -r rps4 _ p95_4 err4 < <(WRK_COOKIE="$cookie" load 4 "$url")
    [ "${err1:-0}" = 0 ] && [ "${err4:-0}" = 0 ] || { echo "board: errors under load" >&2; exit 1; }
    pg1=$(pgbench_p95 1 "$work/board-$filter.sql")
    pg4=$(pgbench_p95 4 "$work/board-$filter.sql")
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
    say "| $filter | $p95_1 ($rps1/s) | $pg1 | $(ratio "$p95_1" "$pg1") | $p95_4 ($rps4/s) | $pg4 | $(ratio "$p95_4" "$pg4") |"
done

# Every lead created since this day: as near $bulk_leads as whole days come.
since=$(psql "$DATABASE_URL" -Atc "SELECT (created_at AT TIME ZONE 'UTC')::date FROM leads
                                    ORDER BY created_at DESC OFFSET $bulk_leads LIMIT 1")
matching=$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM leads WHERE created_at >= '$since'::date")
say ""
say "## a bulk reassign of the $matching leads created since $since: seconds"
say "More leads than LEADLINE_BULK_INLINE_LIMIT: the list answers at once and the change is made"
say "in the background; 'made' is until its page shows the list."
say "| run | answered | made | changed | psql, the same UPDATE without the rollups | made / psql |"
say "|---|---|---|---|---|---|"
to="$other"
for run in $(seq "$repeat"); do
    start=$(date +%s.%N)
    location=$(curl -s --max-time 1800 -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" \
        --data-urlencode "csrf=$csrf" --data-urlencode "filters=created_from=$since" \
        --data-urlencode "target=matching" --data-urlencode "action=reassign" \
        --data-urlencode "to_owner=$to" "http://127.0.0.1:$port/leads/bulk" || true)
    answered=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    case "$location" in
        "303 "*/leads/bulk/*)
            queued="${location#303 }"
            while :; do
                location=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" "$queued" || true)
                case "$location" in
                    303*) break ;;
                    200*) sleep 0.2 ;;
                    *) break ;;
                esac
            done ;;
    esac
    took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    case "$location" in
        303*changed=*) changed="${location##*changed=}" ;;
        *) say "| $run | $answered | $took | failed: ${location:-no answer} | | |"; break ;;
    esac
    [ "$to" = "$other" ] && back="$owner" || back="$other"
    # What PostgreSQL takes to lock and update those rows alone: the same UPDATE with the
    # triggers off (so no rollup follows), rolled back, leaving the data as it was.
    start=$(date +%s.%N)
    psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
BEGIN;
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE targets ON COMMIT DROP AS
    SELECT id FROM leads WHERE created_at >= '$since'::date ORDER BY id FOR UPDATE;
UPDATE leads l SET owner_id = '$back', claimed_by = NULL, updated_at = now()
    FROM targets t WHERE l.id = t.id AND l.owner_id IS DISTINCT FROM '$back';
ROLLBACK;
SQL
    raw=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    say "| $run | $answered | $took | $changed | $raw | $(awk -v a="$took" -v b="$raw" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }') |"
    to="$back"
done
say ""
say "results: $out"
