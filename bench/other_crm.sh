#!/usr/bin/env bash
# Leadline beside another open-source CRM, DjangoCRM, on this machine and the same PostgreSQL,
# measured the same way in one run: wrk at 16 clients on each, alternating, and the ratios.
#
#   bench/other_crm.sh                                   # this checkout's release build (built)
#   OTHER_CRM_BIN=/path/to/leadline OTHER_CRM_SECONDS=5 bench/other_crm.sh
#
#   OTHER_CRM_BIN       the leadline binary (default: this checkout's release build, built)
#   OTHER_CRM_SECONDS   seconds per load (default 15)
#   OTHER_CRM_ROUNDS    loads per system and measure, alternating Leadline and DjangoCRM; the
#                       ratio is of the medians (default 1)
#   OTHER_CRM_PARTS     what to measure (default "list calls leads")
#   OTHER_CRM_CLIENTS   wrk's connections (default 16)
#   OTHER_CRM_LEADS     leads each system holds before the loads (default 5000)
#   OTHER_CRM_CALLS_PER_LEAD  calls per lead before the loads (default 10): Leadline's
#                       `bench-data --calls`, and as many call lines in each DjangoCRM deal
#   OTHER_CRM_VENV      the virtualenv DjangoCRM is installed in (default
#                       /tmp/leadline-other-crm-venv; reused when it has the versions below)
#   OTHER_CRM_WORKERS   gunicorn's workers (default 3, sync)
#   OTHER_CRM_CONN_MAX_AGE  Django's CONN_MAX_AGE (default 60: each worker keeps its database
#                       connection, as a production deployment would set; DjangoCRM's shipped
#                       settings leave Django's 0, a new connection each request)
#   OTHER_CRM_OUT       the results file to add to (default bench/results/other-crm-<time>.txt;
#                       bench/run.sh gives its own)
#   BENCH_PG            the PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
#
# DjangoCRM (https://github.com/DjangoCRM/django-crm) is pip-installed from PyPI into the
# virtualenv, never into this checkout: django-crm-admin 1.7.0, the last release for Django
# 5.2 and Python 3.11 (2.x and later need Django 6 and Python 3.12). Its package pins
# mysqlclient, which needs MySQL's headers to build and which PostgreSQL does not use: the
# script installs the package without its dependencies, then every pinned dependency but
# that one, then gunicorn and psycopg. (PyPI's "django-crm" is an unrelated package.)
# It runs with its own settings (webcrm.settings) but for: the database (a fresh one on
# BENCH_PG), DEBUG off, ALLOWED_HOSTS 127.0.0.1, a dummy e-mail backend, 127.0.0.1 as the
# VoIP forwarding address (for the calls below), CONN_MAX_AGE above, and its flash
# messages in a cookie rather than in the session (Django's default storage: DjangoCRM
# keeps them in the session, where a browser's next page reads them; wrk follows no
# redirect, so one would pile up in the session per request and each request would read
# and write a growing session). It is served by gunicorn, OTHER_CRM_WORKERS sync workers,
# on 127.0.0.1. Its database gets `manage.py setupdata` (migrations and its fixtures:
# departments, stages, lead sources, ...), then a sales manager "rep" (groups "managers"
# and the department "Global sales", as its users are), and OTHER_CRM_LEADS leads with one
# active deal each (DjangoCRM's funnel is its deals' stages), half of the leads with each
# of two tags named as Leadline's two commonest, and OTHER_CRM_CALLS_PER_LEAD call lines
# in each deal's workflow, written through its ORM. Leadline's gets `bench-data` with as
# many leads and calls.
#
# The measures, each on Leadline and then on DjangoCRM, OTHER_CRM_ROUNDS times:
#   list   a page of leads as a user opens it, signed in: Leadline's /leads (50 a page)
#          against DjangoCRM's lead change list /en/123/crm/lead/ (100 a page, its
#          default), as the sales manager.
#   calls  a dialer reporting a finished call on an existing lead: Leadline's POST
#          /api/v1/calls (bench/calls.lua, the seeds' outcome mix) against DjangoCRM's VoIP
#          webhook POST /voip/zd/ with the event NOTIFY_OUT_END, signed as its Zadarma
#          backend checks. DjangoCRM has no model for calls: this webhook is its only code
#          that records one. It finds the lead by the dialed number (a regular expression
#          over the contacts' and then the leads' phone fields), sets the lead's "Last
#          contact date" (was_in_touch) to today, and writes a line "An outgoing call to
#          <name> (duration: N minutes)" at the top of its active deal's workflow: what a
#          call leaves in DjangoCRM, from what a dialer sends. (By hand, a user would open
#          the lead and change that date; no form records a call.) The calls are to
#          random leads of the data set; the webhook answers 200 whatever it did, so the
#          rows written are counted: the workflow lines added.
#   leads  creating a lead: Leadline's POST /api/v1/leads (bench/leads.lua: name, number,
#          e-mail, company, channel "web", two tags) against DjangoCRM's add-lead form, POST
#          /en/123/crm/lead/add/ as the browser sends it (every field of the form, with the
#          same values, lead source "website form", the same two tags), with the signed-in
#          manager's session cookie and CSRF token, got by signing in before the loads.
#          Django answers a saved form with a 302 to the change list and a form with errors
#          with a 200 (so a 200 there is a failure), and the rows are counted before and
#          after.
# Each reports requests/s, p50 and p99 latency, the answers by status, those failed (not
# 2xx or 3xx, or socket errors; for DjangoCRM, any but the 200 of the list and the webhook
# and the 302 of the form), the rows written (counted once the server is through the
# requests in flight when wrk stopped, so up to the connections' number more than wrk's
# answers), and the ratio of requests/s Leadline/DjangoCRM. Both servers run throughout
# (each idle while the other is measured); at the end, each one's peak RSS (VmHWM; for
# gunicorn the sum over its master and workers).
#
# Needs: wrk, psql, curl (Debian: wrk postgresql-client curl), python3 (3.11) with venv,
# and PyPI the first time. Results go to stdout and to bench/results/other-crm-<time>.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# (shellcheck -x follows it; without -x, root is the same as lib.sh sets it.)
# shellcheck source-path=SCRIPTDIR source=../scale/lib.sh disable=SC1091
. "$here/../scale/lib.sh"
root="$(cd "$here/.." && pwd)"
bench_env "$here"
need_tools other_crm "wrk postgresql-client curl python3 python3-venv" wrk psql curl python3

pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
seconds="${OTHER_CRM_SECONDS:-15}"
rounds="${OTHER_CRM_ROUNDS:-1}"
parts="${OTHER_CRM_PARTS:-list calls leads}"
clients="${OTHER_CRM_CLIENTS:-16}"
n_leads="${OTHER_CRM_LEADS:-5000}"
calls_per_lead="${OTHER_CRM_CALLS_PER_LEAD:-10}"
venv="${OTHER_CRM_VENV:-/tmp/leadline-other-crm-venv}"
workers="${OTHER_CRM_WORKERS:-3}"
conn_max_age="${OTHER_CRM_CONN_MAX_AGE:-60}"
crm_version=1.7.0
gunicorn_version=27.0.1
psycopg_version=3.3.9
if [ -n "${OTHER_CRM_BIN:-}" ]; then
    bin="$(realpath "$OTHER_CRM_BIN")"
else
    (cd "$root" && cargo build --release --quiet --bin leadline)
    bin="$root/target/release/leadline"
fi
ll_db=leadline_other_crm
dj_db=other_crm_djangocrm
ll_port=18097
dj_port=18197
ll_url="http://127.0.0.1:$ll_port"
dj_url="http://127.0.0.1:$dj_port"
password="bench password 2026"
work="$(mktemp -d /tmp/leadline-other-crm.XXXXXX)"
mkdir -p "$here/results"
out="${OTHER_CRM_OUT:-$here/results/other-crm-$(date -u +%Y%m%dT%H%M%SZ).txt}"
ll_pid=""
dj_pid=""

stop_servers() {
    [ -z "$ll_pid" ] || { kill -INT "$ll_pid" 2>/dev/null || true; wait "$ll_pid" 2>/dev/null || true; }
    [ -z "$dj_pid" ] || { kill -TERM "$dj_pid" 2>/dev/null || true; wait "$dj_pid" 2>/dev/null || true; }
    ll_pid=""; dj_pid=""
}

cleanup() {
    stop_servers
    drop_database "$pg" "$ll_db"
    drop_database "$pg" "$dj_db"
    rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$out"; }
q() { psql "$pg/$1" -Atc "$2"; }

# --- DjangoCRM: the virtualenv -----------------------------------------------------------

py="$venv/bin/python"
installed() {
    [ -x "$py" ] && "$py" - "$crm_version" "$gunicorn_version" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import psycopg  # noqa: F401
sys.exit(0 if (version("django-crm-admin"), version("gunicorn")) == (sys.argv[1], sys.argv[2]) else 1)
PY
}
if installed; then
    echo "other_crm: DjangoCRM $crm_version already in $venv" >&2
else
    echo "other_crm: installing DjangoCRM $crm_version into $venv" >&2
    [ -x "$py" ] || python3 -m venv "$venv"
    # (pip says that mysqlclient is missing: it is left out on purpose.)
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps "django-crm-admin==$crm_version"
    "$py" - >"$work/requirements.txt" <<'PY'
from importlib.metadata import requires
print("\n".join(r for r in requires("django-crm-admin") if not r.lower().startswith("mysqlclient")))
PY
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$work/requirements.txt" \
        "gunicorn==$gunicorn_version" "psycopg[binary]==$psycopg_version" 2>"$work/pip.log" \
        || { cat "$work/pip.log" >&2; exit 1; }
    installed || { echo "other_crm: the install in $venv did not work" >&2; exit 1; }
fi

# --- DjangoCRM: settings, database, data, server -----------------------------------------

mkdir -p "$work/djangocrm"
pg_host=$(echo "$pg" | sed -E 's#^[a-z]+://([^@/]*@)?([^:/]+).*#\2#')
pg_port=$(echo "$pg" | sed -nE 's#^[a-z]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p')
pg_user=$(echo "$pg" | sed -nE 's#^[a-z]+://([^:@/]+)(:[^@/]*)?@.*#\1#p')
pg_password=$(echo "$pg" | sed -nE 's#^[a-z]+://[^:@/]+:([^@/]*)@.*#\1#p')
cat >"$work/djangocrm/other_crm_settings.py" <<PY
# DjangoCRM's settings, but for what bench/other_crm.sh's header lists.
from webcrm.settings import *  # noqa: F401,F403

DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql", "NAME": "$dj_db", "HOST": "${pg_host:-127.0.0.1}",
    "PORT": "${pg_port:-5432}", "USER": "${pg_user:-postgres}", "PASSWORD": "$pg_password",
    "CONN_MAX_AGE": $conn_max_age, "CONN_HEALTH_CHECKS": True,
}}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
EMAIL_HOST = "127.0.0.1"
VOIP_FORWARDING_IP = "127.0.0.1"
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
PY
export PYTHONPATH="$work/djangocrm" DJANGO_SETTINGS_MODULE=other_crm_settings
django() { (cd "$work/djangocrm" && "$py" -m django "$@"); }

# The data set: the sales manager, the leads with their tags, a deal each with its calls in
# the workflow. Prints the manager's id, the two tags' ids and the lead source's.
cat >"$work/djangocrm/seed.py" <<'PY'
import datetime
import os
import random
import sys

import django

django.setup()
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.utils import timezone  # noqa: E402

from common.utils.helpers import token_default  # noqa: E402
from crm.models import Deal, Lead, LeadSource, Stage, Tag  # noqa: E402
from crm.utils.ticketproc import new_ticket  # noqa: E402

n, calls_per_lead, tag_names = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(",")
rng = random.Random(42)
dept = Group.objects.get(name="Global sales")
rep = get_user_model().objects.create_user(
    "rep", "rep@example.com", os.environ["OTHER_CRM_PASSWORD"], is_staff=True)
rep.groups.add(Group.objects.get(name="managers"), dept)
tags = [Tag.objects.create(name=name, department=dept) for name in tag_names]
web = LeadSource.objects.filter(name="website form", department=dept).first() \
    or LeadSource.objects.filter(department=dept).first()
sources = list(LeadSource.objects.filter(department=dept))
stages = list(Stage.objects.filter(department=dept).order_by("index_number"))[:4]
first = ["Ana", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko"]
last = ["Santoso", "Wijaya", "Halim", "Kusuma", "Pratama", "Saputra", "Lestari", "Hidayat"]
now = timezone.now()
seen, leads = set(), []
while len(leads) < n:
    phone = "+62 %s-%04d-%04d" % (
        rng.choice(["812", "813", "821", "822"]), rng.randrange(10000), rng.randrange(10000))
    if phone in seen:
        continue
    seen.add(phone)
    leads.append(Lead(
        first_name=rng.choice(first), last_name=rng.choice(last), email="seed%d@example.com" % len(leads),
        phone=phone, company_name="PT Seed %d" % rng.randrange(1, 5000), lead_source=rng.choice(sources),
        owner=rep, department=dept, token=token_default(),
        creation_date=now - datetime.timedelta(minutes=rng.randrange(90 * 24 * 60))))
Lead.objects.bulk_create(leads, batch_size=2000)
Lead.tags.through.objects.bulk_create(
    [Lead.tags.through(lead_id=lead.id, tag_id=tag.id) for lead in leads for tag in tags if rng.random() < 0.5],
    batch_size=5000)
deals = []
for lead in leads:
    day, lines = lead.creation_date, []
    for _ in range(calls_per_lead):
        day += datetime.timedelta(hours=rng.randrange(1, 48))
        lines.append("%s - An outgoing call to %s (duration: %.1f minutes)." % (
            day.strftime("%m/%d/%y"), lead.full_name, rng.randrange(1, 400) / 60))
    deals.append(Deal(
        name="Deal with %s" % lead.full_name, next_step="Call back", next_step_date=now.date(),
        stage=rng.choice(stages), lead=lead, owner=rep, department=dept, ticket=new_ticket(),
        workflow="\n".join(reversed(lines)), active=True, creation_date=lead.creation_date))
Deal.objects.bulk_create(deals, batch_size=2000)
print(rep.id, ",".join(str(tag.id) for tag in tags), web.id)
PY

# Webhook calls, one a line: the signature, a tab, the form body. Zadarma's signature, as
# voip/views/voipwebhook.py checks it: base64 of the hex HMAC-SHA1, keyed with the
# settings' secret, of the extension, the number dialed and the call's start.
cat >"$work/djangocrm/webhook_calls.py" <<'PY'
import base64
import datetime
import hashlib
import hmac
import random
import sys
from urllib.parse import urlencode

import django

django.setup()
from django.conf import settings  # noqa: E402

from crm.models import Lead  # noqa: E402

count = int(sys.argv[1])
secret = next(b for b in settings.VOIP if b["PROVIDER"] == "Zadarma")["OPTIONS"]["secret"].encode()
phones = list(Lead.objects.values_list("phone", flat=True))
rng = random.Random(7)
start = datetime.datetime(2026, 1, 5, 9)
for i in range(count):
    phone, internal = rng.choice(phones), str(100 + rng.randrange(50))
    call_start = (start + datetime.timedelta(seconds=37 * i)).strftime("%Y-%m-%d %H:%M:%S")
    signed = hmac.new(secret, (internal + phone + call_start).encode(), hashlib.sha1).hexdigest()
    answered = rng.random() < 0.38
    print("%s\t%s" % (base64.b64encode(signed.encode()).decode(), urlencode({
        "event": "NOTIFY_OUT_END", "call_start": call_start, "pbx_call_id": "out_%d" % i,
        "internal": internal, "destination": phone, "duration": rng.randrange(20, 400) if answered else 0,
        "disposition": "answered" if answered else "no answer", "status_code": 16 if answered else 19,
        "is_recorded": 0, "call_id_with_rec": ""})))
PY

# --- wrk scripts of their own (in the work directory) ------------------------------------

# Wraps a wrk script (WRK_INNER): the same, and a line "STATUS 201=n,... socket=n" after its
# RESULT, the answers by status over all threads.
cat >"$work/status.lua" <<'LUA'
dofile(os.getenv("WRK_INNER"))
local inner_setup, inner_done = setup, done
local threads = {}
statuses = {}

function setup(thread)
  threads[#threads + 1] = thread
  if inner_setup then inner_setup(thread) end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  if inner_done then inner_done(summary, latency, requests) end
  local all, out = {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do all[status] = (all[status] or 0) + n end
  end
  for status, n in pairs(all) do out[#out + 1] = status .. "=" .. n end
  table.sort(out)
  local e = summary.errors
  io.write(string.format("STATUS %s socket=%d\n", #out > 0 and table.concat(out, ",") or "-",
    e.connect + e.read + e.write + e.timeout))
end
LUA

# DjangoCRM's add-lead form as the browser posts it, with the values bench/leads.lua sends.
cat >"$work/djangocrm_leads.lua" <<'LUA'
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local prefixes = { "812", "813", "821", "822" }
local csrf, source, owner = os.getenv("OTHER_CSRF"), os.getenv("OTHER_SOURCE"), os.getenv("OTHER_OWNER")
local tags = ""
local n = 0

setup = report.setup

function init(args)
  math.randomseed(os.time() * 1000 + (wrk.thread:get("id") or 0))
  wrk.method = "POST"
  wrk.headers["Cookie"] = os.getenv("WRK_COOKIE")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  for tag in string.gmatch(os.getenv("OTHER_TAGS") or "", "[^,]+") do tags = tags .. "&tags=" .. tag end
end

function request()
  n = n + 1
  local id = wrk.thread:get("id") or 0
  local body = string.format(
    "csrfmiddlewaretoken=%s&lead_source=%s&massmail=on&contact=&company=&first_name=Bench"
      .. "&middle_name=&last_name=Lead+%d-%d&email=bench%d.%d%%40example.com&title="
      .. "&phone=%%2B62+%s-%04d-%04d&sex=M&birth_date=&was_in_touch=&secondary_email=&other_phone="
      .. "&mobile=&company_name=PT+Bench+%d&website=&company_email=&city=&country=&region="
      .. "&district=&address=&type=&description=%s&owner=%s&department=&_save=Save",
    csrf, source, id, n, id, n, prefixes[math.random(#prefixes)], math.random(0, 9999),
    math.random(0, 9999), math.random(1, 5000), tags, owner)
  return wrk.format(nil, "/en/123/crm/lead/add/", nil, body)
end

done = report.done
LUA

# DjangoCRM's VoIP webhook: the signed calls of OTHER_CALLS, one at random a request.
cat >"$work/djangocrm_calls.lua" <<'LUA'
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local calls

setup = report.setup

function init(args)
  math.randomseed(os.time() * 1000 + (wrk.thread:get("id") or 0))
  calls = report.lines(os.getenv("OTHER_CALLS"))
end

function request()
  local call = calls[math.random(#calls)]
  local tab = string.find(call, "\t", 1, true)
  return wrk.format("POST", "/voip/zd/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Signature"] = string.sub(call, 1, tab - 1),
  }, string.sub(call, tab + 1))
end

done = report.done
LUA

# --- the two systems' data and servers ---------------------------------------------------

say "# Leadline beside DjangoCRM, $(date -u +%Y-%m-%dT%H:%MZ)"
say "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $(q postgres 'SHOW server_version' | cut -d' ' -f1), max_connections $(q postgres 'SHOW max_connections')"
say "# leadline: $bin"
say "# DjangoCRM: django-crm-admin $("$py" -c 'import platform; from importlib.metadata import version as v
print("%s, Django %s, gunicorn %s, psycopg %s, Python %s" % (v("django-crm-admin"), v("django"), v("gunicorn"), v("psycopg"), platform.python_version()))'); $workers sync workers, CONN_MAX_AGE $conn_max_age"
say "# wrk: $clients connections, ${seconds} s a load, $rounds round(s) a measure, Leadline then DjangoCRM"

drop_database "$pg" "$ll_db"
drop_database "$pg" "$dj_db"

started=$(date +%s)
new_database "$pg" "$ll_db" "$bin"
"$bin" bench-data --leads "$n_leads" --calls $((n_leads * calls_per_lead)) >/dev/null 2>"$work/bench-data.log" \
    || { cat "$work/bench-data.log" >&2; exit 1; }
token=$(admin_token "$bin" bench@example.com "$password" other-crm)
echo "other_crm: Leadline's data in $(($(date +%s) - started)) s" >&2
q "$ll_db" "SELECT id FROM leads ORDER BY id LIMIT 100000" >"$work/leads.txt"
q "$ll_db" "SELECT id FROM users WHERE role = 'rep'" >"$work/reps.txt"
tags=$(q "$ll_db" "SELECT string_agg(name, ',') FROM (SELECT t.name FROM tags t JOIN lead_tags lt ON lt.tag_id = t.id
                   GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 2) t")
LEADLINE_ADDR="127.0.0.1:$ll_port" LEADLINE_LOG=warn "$bin" serve 2>"$work/leadline.log" &
ll_pid=$!
wait_healthy "$ll_url" 0.2 || { echo "other_crm: Leadline did not start" >&2; cat "$work/leadline.log" >&2; exit 1; }

started=$(date +%s)
psql "$pg/postgres" -qc "CREATE DATABASE $dj_db" >/dev/null
DJANGO_SUPERUSER_USERNAME=admin DJANGO_SUPERUSER_EMAIL=admin@example.com DJANGO_SUPERUSER_PASSWORD="$password" \
    django setupdata >"$work/setupdata.log" 2>&1 || { cat "$work/setupdata.log" >&2; exit 1; }
read -r dj_owner dj_tags dj_source <<<"$(cd "$work/djangocrm" && OTHER_CRM_PASSWORD="$password" \
    "$py" seed.py "$n_leads" "$calls_per_lead" "$tags" 2>"$work/seed.log")" || { cat "$work/seed.log" >&2; exit 1; }
(cd "$work/djangocrm" && "$py" webhook_calls.py 20000 >"$work/calls.txt" 2>"$work/seed.log") || { cat "$work/seed.log" >&2; exit 1; }
echo "other_crm: DjangoCRM's data in $(($(date +%s) - started)) s" >&2
"$venv/bin/gunicorn" --workers "$workers" --bind "127.0.0.1:$dj_port" --no-control-socket \
    --chdir "$work/djangocrm" webcrm.wsgi:application >"$work/gunicorn.log" 2>&1 &
dj_pid=$!
for _ in $(seq 100); do
    curl -fs -o /dev/null "$dj_url/en/123/789-login/" && break
    sleep 0.2
done
curl -fs -o /dev/null "$dj_url/en/123/789-login/" || { echo "other_crm: DjangoCRM did not start" >&2; cat "$work/gunicorn.log" >&2; exit 1; }

# Signing in: Leadline's form (as bench/daily.sh), DjangoCRM's (its login page's CSRF token,
# then the form): the cookies as a Cookie header.
jar_cookie() { sed 's/^#HttpOnly_//' "$1" | awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}'; }
csrf=$(curl -fs -c "$work/ll.jar" "$ll_url/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$work/ll.jar" -c "$work/ll.jar" -o /dev/null --data-urlencode "email=bench@example.com" \
    --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" "$ll_url/login"
ll_cookie=$(jar_cookie "$work/ll.jar")
curl -fs -c "$work/dj.jar" -o /dev/null "$dj_url/en/123/789-login/"
csrf=$(sed 's/^#HttpOnly_//' "$work/dj.jar" | awk '$6 == "csrftoken" {print $7}')
signed_in=$(curl -s -b "$work/dj.jar" -c "$work/dj.jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrfmiddlewaretoken=$csrf" \
    --data-urlencode "username=rep" --data-urlencode "password=$password" --data-urlencode "next=/en/123/" "$dj_url/en/123/789-login/")
dj_csrf=$(sed 's/^#HttpOnly_//' "$work/dj.jar" | awk '$6 == "csrftoken" {print $7}')
dj_cookie=$(jar_cookie "$work/dj.jar")
if [ "$signed_in" != 302 ] || [[ "$dj_cookie" != *sessionid=* ]]; then
    echo "other_crm: could not sign in to DjangoCRM (answered $signed_in)" >&2; exit 1
fi

# DjangoCRM's measures, tried once each before the loads: the form saves a lead, the
# webhook writes its line, the list shows the leads.
dj_rows() { q "$dj_db" "SELECT count(*) FROM crm_lead"; }
dj_call_lines() { q "$dj_db" "SELECT coalesce(sum(length(workflow) - length(replace(workflow, E'\n', '')) + (workflow <> '')::int), 0) FROM crm_deal"; }
before=$(dj_rows)
answer=$(curl -s -o "$work/form.html" -w '%{http_code}' -H "Cookie: $dj_cookie" --data "csrfmiddlewaretoken=$dj_csrf&lead_source=$dj_source&massmail=on&first_name=Bench&last_name=Try&email=try%40example.com&phone=%2B62+812-0000-0001&sex=M&company_name=PT+Try&owner=$dj_owner&_save=Save" \
    "$dj_url/en/123/crm/lead/add/")
if [ "$answer" != 302 ] || [ "$(dj_rows)" != $((before + 1)) ]; then
    echo "other_crm: DjangoCRM's add-lead form did not save (answered $answer)" >&2
    grep -o 'errorlist[^<]*<li>[^<]*' "$work/form.html" >&2 || true
    exit 1
fi
q "$dj_db" "DELETE FROM crm_lead WHERE email = 'try@example.com'" >/dev/null
before=$(dj_call_lines)
IFS=$'\t' read -r signature body <"$work/calls.txt"
curl -fs -o /dev/null -H "Signature: $signature" --data "$body" "$dj_url/voip/zd/"
[ "$(dj_call_lines)" = $((before + 1)) ] || { echo "other_crm: DjangoCRM's webhook recorded no call" >&2; exit 1; }
curl -fs -o "$work/list.html" -H "Cookie: $dj_cookie" "$dj_url/en/123/crm/lead/"
grep -q 'PT Seed' "$work/list.html" || { echo "other_crm: DjangoCRM's lead list shows no leads" >&2; exit 1; }

ll_leads=$(q "$ll_db" "SELECT count(*) FROM leads"); ll_calls=$(q "$ll_db" "SELECT count(*) FROM calls")
say "# data: Leadline $ll_leads leads, $ll_calls calls, $(q "$ll_db" "SELECT count(*) FROM users WHERE role = 'rep'") reps (bench-data);" \
    "DjangoCRM $(dj_rows) leads, $(q "$dj_db" "SELECT count(*) FROM crm_deal WHERE active") active deals, $(dj_call_lines) call lines in their workflows, 1 sales manager"
say "# tags on new leads: $tags (DjangoCRM: the tags of these names, ids $dj_tags)"

# --- the loads ----------------------------------------------------------------------------

# `load SCRIPT URL [VAR=VALUE...]`: wrk with SCRIPT (wrapped to count the answers by
# status): "rps p50 p99 statuses".
load() {
    local script="$1" url="$2"
    shift 2
    env "$@" WRK_INNER="$script" wrk -t 2 -c "$clients" -d "${seconds}s" --timeout 120s -s "$work/status.lua" "$url" >"$work/wrk.out"
    if [[ "$url" == "$ll_url"* ]]; then drain "$ll_url/healthz" "$ll_db"; else drain "$dj_url/en/123/789-login/" "$dj_db"; fi
    read -r rps p50 p99 <<<"$(wrk_result rps p50_ms p99_ms <"$work/wrk.out")"
    echo "$rps $p50 $p99 $(awk '/^STATUS/ {print $2 "," $3}' "$work/wrk.out")"
}

# `drain URL DB`: waits until the server is through the requests wrk left behind (a
# server goes on with those it had accepted, and gunicorn's sync workers with those queued
# for them): one request per gunicorn worker at once to the cheap URL, answered after
# them, then no query running on DB.
drain() {
    local pids=() pid
    for _ in $(seq "$workers"); do curl -s -o /dev/null --max-time 600 "$1" & pids+=("$!"); done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    for _ in $(seq 600); do
        [ "$(q postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '$2' AND state = 'active' AND pid <> pg_backend_pid()")" = 0 ] && return 0
        sleep 0.1
    done
}

# Answers not 2xx or 3xx (and socket errors), and those of STATUS that are not OK.
failed() {
    echo "$1" | tr ',' '\n' | awk -F= -v ok="${2:-}" '
        $1 == "socket" || $1 == "-" { n += $2; next }
        { if (ok != "") { if ($1 != ok) n += $2 } else if ($1 < 200 || $1 > 399) n += $2 }
        END { print n + 0 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2; else print 0 }'; }

row() { printf '%-10s %5s %10s %9s %9s  %-24s %7s  %s\n' "$@"; }

# `measure TITLE NOTE`, then the loads from the functions ll_TITLE and dj_TITLE, each
# printing "rps p50 p99 statuses failed rows".
measure() {
    local part="$1" system fn rps p50 p99 statuses bad rows
    : >"$work/rps-leadline"; : >"$work/rps-djangocrm"; : >"$work/p50-leadline"; : >"$work/p50-djangocrm"
    say "$(row system round req/s 'p50 ms' 'p99 ms' 'answers' failed 'rows written')"
    for r in $(seq "$rounds"); do
        for system in leadline djangocrm; do
            sleep 1
            if [ "$system" = leadline ]; then fn="ll_$part"; else fn="dj_$part"; fi
            read -r rps p50 p99 statuses bad rows <<<"$("$fn")"
            echo "$rps" >>"$work/rps-$system"; echo "$p50" >>"$work/p50-$system"
            say "$(row "$system" "$r" "$rps" "$p50" "$p99" "$statuses" "$bad" "${rows//_/ }")"
        done
    done
    local l d
    l=$(median <"$work/rps-leadline"); d=$(median <"$work/rps-djangocrm")
    say "$(awk -v l="$l" -v d="$d" -v lp="$(median <"$work/p50-leadline")" -v dp="$(median <"$work/p50-djangocrm")" 'BEGIN {
        printf "ratio Leadline/DjangoCRM: %s requests/s", (d > 0 ? sprintf("%.1fx", l / d) : "-")
        if (lp > 0) printf " (p50 latency DjangoCRM/Leadline: %.1fx)", dp / lp }')"
}

ll_list() {
    read -r rps p50 p99 statuses <<<"$(load "$here/get.lua" "$ll_url/leads" WRK_COOKIE="$ll_cookie")"
    echo "$rps $p50 $p99 $statuses $(failed "$statuses" 200) -"
}
dj_list() {
    read -r rps p50 p99 statuses <<<"$(load "$here/get.lua" "$dj_url/en/123/crm/lead/" WRK_COOKIE="$dj_cookie")"
    echo "$rps $p50 $p99 $statuses $(failed "$statuses" 200) -"
}
ll_calls() {
    local before
    before=$(q "$ll_db" "SELECT count(*) FROM calls")
    read -r rps p50 p99 statuses <<<"$(load "$here/calls.lua" "$ll_url" BENCH_LEADS="$work/leads.txt" BENCH_REPS="$work/reps.txt" WRK_TOKEN="$token")"
    echo "$rps $p50 $p99 $statuses $(failed "$statuses") +$(($(q "$ll_db" "SELECT count(*) FROM calls") - before))_calls"
}
dj_calls() {
    local before
    before=$(dj_call_lines)
    read -r rps p50 p99 statuses <<<"$(load "$work/djangocrm_calls.lua" "$dj_url" OTHER_CALLS="$work/calls.txt")"
    echo "$rps $p50 $p99 $statuses $(failed "$statuses" 200) +$(($(dj_call_lines) - before))_workflow_lines"
}
ll_leads() {
    local before
    before=$(q "$ll_db" "SELECT count(*) FROM leads")
    read -r rps p50 p99 statuses <<<"$(load "$here/leads.lua" "$ll_url" BENCH_TAGS="$tags" WRK_TOKEN="$token")"
    echo "$rps $p50 $p99 $statuses $(failed "$statuses") +$(($(q "$ll_db" "SELECT count(*) FROM leads") - before))_leads"
}
dj_leads() {
    local before
    before=$(dj_rows)
    read -r rps p50 p99 statuses <<<"$(load "$work/djangocrm_leads.lua" "$dj_url" WRK_COOKIE="$dj_cookie" OTHER_CSRF="$dj_csrf" \
        OTHER_SOURCE="$dj_source" OTHER_OWNER="$dj_owner" OTHER_TAGS="$dj_tags")"
    echo "$rps $p50 $p99 $statuses $(failed "$statuses" 302) +$(($(dj_rows) - before))_leads"
}

for part in $parts; do
    say ""
    case "$part" in
        list)
            say "### A page of leads, signed in: Leadline GET /leads (50 a page) | DjangoCRM GET /en/123/crm/lead/ (its change list, 100 a page)" ;;
        calls)
            say "### A finished call on an existing lead: Leadline POST /api/v1/calls (bench/calls.lua) | DjangoCRM POST /voip/zd/ NOTIFY_OUT_END (its VoIP webhook: the lead's last contact date, a line in its deal's workflow)" ;;
        leads)
            say "### Creating a lead: Leadline POST /api/v1/leads (bench/leads.lua) | DjangoCRM POST /en/123/crm/lead/add/ (its add-lead form, session and CSRF; 302 saved, 200 refused)" ;;
        *) echo "other_crm: unknown part $part (list, calls or leads)" >&2; exit 2 ;;
    esac
    measure "$part"
done

# Peak RSS: Leadline's process; gunicorn's master and workers, summed.
hwm_mb() { awk '/^VmHWM/ { s += $2 } END { printf "%.0f", s / 1024 }' "$@" 2>/dev/null; }
worker_status=()
for w in $(ps -o pid= --ppid "$dj_pid"); do worker_status+=("/proc/$w/status"); done
say ""
say "peak RSS: Leadline $(hwm_mb "/proc/$ll_pid/status") MB; DjangoCRM $(hwm_mb "/proc/$dj_pid/status" "${worker_status[@]}") MB (gunicorn master and ${#worker_status[@]} workers)"
for log in leadline gunicorn; do
    grep -a -E 'ERROR|Traceback' "$work/$log.log" | tail -5 | sed "s/^/$log: /" | tee -a "$out" || true
done
say ""
# (bench/run.sh, which gives its own file, names it at its end.)
[ -n "${OTHER_CRM_OUT:-}" ] || say "results: $out"
