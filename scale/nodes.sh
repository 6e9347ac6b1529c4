#!/usr/bin/env bash
# Several app nodes by hand: NODES (default 2) `leadline serve` processes on one
# database, behind nginx as a round-robin load balancer with a generated configuration.
# It checks that requests through nginx reach every node, and, where wrk is installed,
# measures GET /api/v1/leads through nginx against one node alone for NODES_WRK_SECONDS
# (default 10; 0 skips it).
#
#   scale/nodes.sh                   # the walk-through; everything is removed at the end
#   NODES=3 KEEP=1 scale/nodes.sh    # three nodes, then keep serving until Ctrl-C
#
# Needs PostgreSQL (NODES_PG, default postgres://postgres@127.0.0.1:5432 as a superuser),
# psql, curl and nginx (Debian: nginx-light). Uses target/release/leadline when
# LEADLINE_BIN is unset and it exists, else builds and uses the debug binary.
set -euo pipefail
# shellcheck source=scale/lib.sh
. "$(dirname "$0")/lib.sh"

pg="${NODES_PG:-postgres://postgres@127.0.0.1:5432}"
nodes="${NODES:-2}"
first_port="${NODES_FIRST_PORT:-18281}"
lb_port="${NODES_LB_PORT:-18290}"
wrk_seconds="${NODES_WRK_SECONDS:-10}"
db="leadline_nodes_$$"
need_tools nodes "postgresql-client curl nginx-light" psql curl nginx
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
bin="$(leadline_bin "$root")"

work="$(mktemp -d /tmp/leadline-nodes.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    drop_database "$pg" "$db"
    rm -rf "$work"
}
trap cleanup EXIT

new_database "$pg" "$db" "$bin"
"$bin" demo >/dev/null 2>&1
token=$(admin_token "$bin" nodes@example.com "nodes password 2026" nodes)
auth=(-H "Authorization: Bearer $token")

upstreams=""
for n in $(seq 0 $((nodes - 1))); do
    port=$((first_port + n))
    LEADLINE_ADDR="127.0.0.1:$port" LEADLINE_LOG=warn LEADLINE_TRUST_FORWARDED_FOR=true \
        "$bin" serve 2>"$work/node$n.log" &
    pids+=($!)
    upstreams+="        server 127.0.0.1:$port;"$'\n'
done
for n in $(seq 0 $((nodes - 1))); do
    wait_healthy "http://127.0.0.1:$((first_port + n))" 0.1 || true
done
echo "== $nodes nodes on 127.0.0.1:$first_port.. against one database"

# nginx runs in the foreground with its files under $work; as root its workers run as
# nobody, so the temporary directories are open to them.
mkdir -p "$work/nginx/tmp"
chmod 777 "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    # Round-robin over the nodes; no stickiness is needed, sessions live in PostgreSQL.
    upstream leadline {
$upstreams        keepalive 32;
        keepalive_timeout 5s;
    }
    server {
        listen 127.0.0.1:$lb_port;
        client_max_body_size 60m;
        location / {
            proxy_pass http://leadline;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            # The nodes take the client's address from the last entry (LEADLINE_TRUST_FORWARDED_FOR).
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 60s;
        }
    }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
lb="http://127.0.0.1:$lb_port"
wait_healthy "$lb" 0.1 || true
echo "== nginx on $lb: $(curl -s "$lb/healthz")"

served() { # node number: GET /api/v1/leads answered 200
    curl -s "${auth[@]}" "http://127.0.0.1:$(($first_port + $1))/metrics" |
        grep -F 'leadline_http_requests_total{method="GET",route="/api/v1/leads",status="200"}' | awk '{print $2}'
}
for _ in $(seq 1 20); do curl -s "${auth[@]}" "$lb/api/v1/leads?limit=5" >/dev/null; done
echo "== 20 requests through nginx, answered by:"
for n in $(seq 0 $((nodes - 1))); do echo "   node $n: $(served "$n")"; done

if command -v wrk >/dev/null && [ "$wrk_seconds" != 0 ]; then
    export BENCH_DIR="$root/bench" WRK_TOKEN="$token"
    run_wrk() { wrk -t2 -c16 -d"${wrk_seconds}s" -s "$root/bench/get.lua" "$1" 2>&1 | grep -E '^RESULT' | sed 's/^/   /'; }
    echo "== wrk, 16 connections, ${wrk_seconds}s, GET /api/v1/leads?limit=20 on one node directly"
    run_wrk "http://127.0.0.1:$first_port/api/v1/leads?limit=20"
    echo "== the same through nginx over $nodes nodes"
    run_wrk "$lb/api/v1/leads?limit=20"
    echo "   (this machine has $(nproc) cores: nodes, nginx, wrk and PostgreSQL share them)"
fi

if [ -n "${KEEP:-}" ]; then
    echo "== serving on $lb (nodes@example.com / nodes password 2026); Ctrl-C stops everything"
    wait "${pids[0]}"
fi
