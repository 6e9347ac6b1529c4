#!/usr/bin/env bash
# A read replica by hand: a private primary PostgreSQL cluster and a hot standby cloned
# from it with pg_basebackup, streaming on loopback, and `leadline serve` with
# DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby. It writes a few
# leads and calls, prints /healthz and the replica's lines of /metrics, pauses replay
# on the standby to show the lag grow and the dashboard stay behind, then resumes it.
#
#   scale/replica.sh            # the walk-through; everything is removed at the end
#   KEEP=1 scale/replica.sh     # then keep serving on http://127.0.0.1:$REPLICA_APP_PORT until Ctrl-C
#
# Needs the PostgreSQL server binaries (Debian: postgresql) and curl. Run as root, the
# clusters run as the `postgres` OS user. Uses target/release/leadline when
# LEADLINE_BIN is unset and it exists, else builds and uses the debug binary.
set -euo pipefail
# shellcheck source=scale/lib.sh
. "$(dirname "$0")/lib.sh"

primary_port="${REPLICA_PRIMARY_PORT:-18432}"
standby_port="${REPLICA_STANDBY_PORT:-18433}"
app_port="${REPLICA_APP_PORT:-18280}"
max_lag="${LEADLINE_REPLICA_MAX_LAG:-30}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$pgbin/pg_basebackup" ] || { echo "replica: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }
command -v curl >/dev/null || { echo "replica: curl is missing" >&2; exit 1; }
bin="$(leadline_bin "$root")"

work="$(mktemp -d /tmp/leadline-replica.XXXXXX)"
chmod 755 "$work"
server=""
# PostgreSQL refuses to run as root: as root, run its tools as `postgres`.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_start() { # data dir, port, log
    as_pg "$pgbin/pg_ctl" -D "$1" -l "$3" -w -o "-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
}
since() { awk -v from="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.2f", now - from }'; }
cleanup() {
    [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null
    for cluster in standby primary; do
        [ -f "$work/$cluster/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$work/$cluster" -m fast -w stop >/dev/null 2>&1
    done
    rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres: "$work"

echo "== primary on 127.0.0.1:$primary_port (initdb; wal_level=replica and replication from loopback are initdb's defaults)"
as_pg "$pgbin/initdb" -D "$work/primary" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
pg_start "$work/primary" "$primary_port" "$work/primary.log"
primary="postgres://postgres@127.0.0.1:$primary_port"
as_pg "$pgbin/psql" -qX "$primary/postgres" -c "CREATE DATABASE leadline"

echo "== standby on 127.0.0.1:$standby_port (pg_basebackup -R -X stream from the primary)"
started=$(date +%s.%N)
as_pg "$pgbin/pg_basebackup" -D "$work/standby" -h 127.0.0.1 -p "$primary_port" -U postgres -X stream -R --checkpoint=fast
echo "hot_standby_feedback = on" | as_pg tee -a "$work/standby/postgresql.auto.conf" >/dev/null
pg_start "$work/standby" "$standby_port" "$work/standby.log"
standby="postgres://postgres@127.0.0.1:$standby_port"
printf '   cloned and started in %s s; in recovery: %s\n' "$(since "$started")" \
    "$(as_pg "$pgbin/psql" -AtX "$standby/postgres" -c "SELECT pg_is_in_recovery()")"

echo "== leadline serve on http://127.0.0.1:$app_port"
export DATABASE_URL="$primary/leadline" DATABASE_REPLICA_URL="$standby/leadline"
export LEADLINE_ADDR="127.0.0.1:$app_port" LEADLINE_LOG="${LEADLINE_LOG:-warn}" LEADLINE_REPLICA_MAX_LAG="$max_lag"
"$bin" serve 2>"$work/serve.log" &
server=$!
wait_healthy "http://127.0.0.1:$app_port" 0.1 || true
token=$("$bin" token add --user admin@leadline.local --name replica 2>/dev/null)
api="http://127.0.0.1:$app_port/api/v1"
auth=(-H "Authorization: Bearer $token")

health() { curl -s "http://127.0.0.1:$app_port/healthz"; echo; }
replica_metrics() { curl -s "${auth[@]}" "http://127.0.0.1:$app_port/metrics" | grep -E '^leadline_(replica|dashboard_reads)' | sed 's/^/   /'; }
dials() { curl -s "${auth[@]}" "$api/metrics/calls" | sed -n 's/.*"current":.*"dials":\([0-9]*\).*"previous".*/\1/p'; }
log_calls() { # how many
    for n in $(seq 1 "$1"); do
        lead=$(curl -s "${auth[@]}" -H 'content-type: application/json' "$api/leads" \
            -d "{\"name\": \"Replica Lead $RANDOM\", \"phone\": \"+1202555$(printf %04d $((RANDOM % 10000)))\"}" | grep -o '"id":"[^"]*"' | head -n1 | cut -d'"' -f4)
        curl -s "${auth[@]}" -H 'content-type: application/json' "$api/calls" \
            -d "{\"lead_id\": \"$lead\", \"outcome\": \"connected\", \"intent\": \"clear\", \"talk_seconds\": 60}" >/dev/null
    done
}
wait_for_replica() {
    for _ in $(seq 1 100); do
        health | grep -q '"lag_seconds":0.0,"status":"ok"' && return 0
        sleep 0.1
    done
}

wait_for_replica
echo "== /healthz with the replica caught up"
health
log_calls 5
sleep 0.5
echo "== 5 calls logged on the primary; dashboard dials (read from the replica): $(dials)"
replica_metrics

echo "== pause replay on the standby, log 3 more calls on the primary, wait 3 s"
as_pg "$pgbin/psql" -qAtX "$standby/leadline" -c "SELECT pg_wal_replay_pause()" >/dev/null
log_calls 3
sleep 3
echo "   calls on the primary: $(as_pg "$pgbin/psql" -AtX "$primary/leadline" -c "SELECT count(*) FROM calls"), dashboard dials (replica): $(dials)"
health
replica_metrics

echo "== resume replay"
resumed=$(date +%s.%N)
as_pg "$pgbin/psql" -qAtX "$standby/leadline" -c "SELECT pg_wal_replay_resume()" >/dev/null
wait_for_replica
printf '   caught up in %s s; dashboard dials: %s\n' "$(since "$resumed")" "$(dials)"
health

if [ -n "${KEEP:-}" ]; then
    echo "== serving on http://127.0.0.1:$app_port with the token $token; Ctrl-C stops everything"
    wait "$server"
fi
