#!/usr/bin/env bash
# Do the list routes keep index-backed plans on a big database? (docs/performance.md, "Query plans")
#
# Fills a fresh PostgreSQL database with 1,000,000 audit rows, 100,000 tasks, 100,000 terminal sessions,
# 100,000 alerts and 10,000,000 metric samples (50 servers), starts the packaged central-api and
# websocket-monitor jars on it with auto_explain logging the plan of every statement they run, calls every
# list route (first pages, filters, a deeper page, the exports), and fails when any statement read one of those
# tables with a sequential scan. It prints each table's plans: the indexes used, and how often.
#
#   scripts/query-plans.sh                 build the jars, then check
#   SKIP_BUILD=1 scripts/query-plans.sh    check the jars already in target/
#
# Needs superuser access to the local Debian cluster (auto_explain, and its server log is where plans go).
# The fill takes a few minutes on 2 cores; it is not part of the README's test command.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=lib/api.sh
source scripts/lib/api.sh

API_PORT=19183 MONITOR_PORT=19185
API=http://127.0.0.1:$API_PORT MONITOR=http://127.0.0.1:$MONITOR_PORT
BIG_TABLES="audit_logs tasks terminal_sessions alerts metric_samples"

require_jdk17
command -v curl >/dev/null 2>&1 || die "curl is needed"
command -v python3 >/dev/null 2>&1 || die "python3 is needed (it reads the plans)"
ensure_postgres
[[ ${PG_MODE:-} != embedded ]] || die "the plan check reads the Debian cluster's server log; the embedded PostgreSQL has none here"
PG_LOG=$(pg_lsclusters -h | awk -v p="$DB_PORT" '$3 == p {print $7; exit}')
[[ -n $PG_LOG && -r $PG_LOG ]] || die "the PostgreSQL server log of port $DB_PORT was not found (pg_lsclusters)"
DB_NAME=servermonitor_plans DB_USER=servermonitor_plans DB_PASSWORD=servermonitor_plans
superuser_sql "select 1" >/dev/null 2>&1 || die "the plan check needs superuser access to $DB_HOST:$DB_PORT"
ensure_role "$DB_USER" "$DB_PASSWORD"
recreate_database "$DB_NAME" "$DB_USER"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "Building central-api and websocket-monitor (./mvnw -B -q -DskipTests -Dui.skip=true package)"
  ./mvnw -B -q -DskipTests -Dui.skip=true -pl common,central-api,websocket-monitor package
fi
for jar in central-api websocket-monitor; do
  [[ -f $jar/target/quarkus-app/quarkus-run.jar ]] || die "$jar's jar is missing: run without SKIP_BUILD=1"
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  superuser_sql "drop database if exists $DB_NAME with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# plans_service MODULE PORT [NAME=value...] — start_service with this script's log and pid bookkeeping
plans_service() {
  local module=$1 port=$2
  shift 2
  start_service "$module" "$port" "$WORK/$module.log" plans "$@"
  PIDS+=("$SERVICE_PID")
}

log "Starting central-api to migrate the schema"
plans_service central-api "$API_PORT"
TOKEN=$(first_admin_token "$API" plans)
add_servers "$API" "$TOKEN" 50 plans

log "Filling: 1M audit rows, 100k tasks, 100k sessions, 100k alerts, 10M samples (a few minutes)"
started=$SECONDS
superuser_sql "\\c $DB_NAME
set role $DB_USER;
insert into users (username, email, password_hash, role)
  select 'user-' || g, 'user-' || g || '@example.test', 'not-a-login-hash', (array['operator','viewer','auditor'])[1 + g % 3]
  from generate_series(1, 20) g;
insert into audit_logs (occurred_at, service, user_id, username, action, target_type, target_id, ip, meta)
  select now() - (g * interval '5 seconds'), (array['central_api','terminal_gateway','websocket_monitor'])[1 + g % 3],
         1 + g % 21, 'user-' || g % 21, (array['auth.login','server.update','task.create','terminal.open','terminal.close',
         'user.update','credentials.issue','alert.ack'])[1 + g % 8], (array['server','user','task'])[1 + g % 3],
         (g % 5000)::text, '127.0.0.1', jsonb_build_object('n', g)
  from generate_series(1, 1000000) g;
insert into tasks (server_id, user_id, username, command, timeout_seconds, status, exit_code, stdout, stderr, stdout_bytes,
                   created_at, started_at, finished_at)
  select s.id, 1 + g % 21, 'user-' || g % 21, 'uptime', 60, (array['success','success','success','failed','timeout'])[1 + g % 5],
         case when g % 5 < 3 then 0 when g % 5 = 3 then 1 end, convert_to('up ' || g, 'UTF8'), ''::bytea, 8,
         now() - (g * interval '20 seconds'), now() - (g * interval '20 seconds'), now() - (g * interval '20 seconds') + interval '1 second'
  from generate_series(1, 100000) g join (select id, row_number() over (order by id) - 1 as n from servers) s on s.n = g % 50;
insert into terminal_sessions (id, user_id, username, server_id, server_name, status, cols, rows, owner_instance, recording,
                               started_at, ended_at)
  select gen_random_uuid(), 1 + g % 21, 'user-' || g % 21, s.id, 'plans-' || s.n, 'closed', 80, 24, 'gw', true,
         now() - (g * interval '20 seconds'), now() - (g * interval '20 seconds') + interval '5 minutes'
  from generate_series(1, 100000) g join (select id, row_number() over (order by id) - 1 as n from servers) s on s.n = g % 50;
insert into alerts (server_id, metric, severity, status, value, threshold, opened_at, resolved_at, resolved_value)
  select s.id, (array['cpu','memory','disk:/'])[1 + g % 3], (array['warning','critical'])[1 + g % 2], 'resolved', 95, 90,
         now() - (g * interval '50 seconds'), now() - (g * interval '50 seconds') + interval '2 minutes', 40
  from generate_series(1, 100000) g join (select id, row_number() over (order by id) - 1 as n from servers) s on s.n = g % 50;
insert into metric_samples (server_id, ts, cpu, load1, load5, load15, mem_total, mem_used, mem_available, mem_percent,
                            swap_total, swap_used, swap_percent, disk_percent, disks, net_rx, net_tx, uptime_seconds, processes)
  select s.id, t, 20 + (extract(epoch from t)::bigint % 60), 0.5, 0.4, 0.3, 8589934592, 4294967296, 4294967296, 50,
         0, 0, 0, 40, '[]'::jsonb, 1000, 2000, 86400, 120
  from servers s, generate_series(date_trunc('second', now()) - interval '200000 seconds' * 3 + interval '3 seconds',
                                  date_trunc('second', now()), interval '3 seconds') t;
analyze;" >/dev/null || die "the fill failed (run the statements above with psql to see why)"
log "Filled in $((SECONDS - started)) s"
superuser_sql "alter database $DB_NAME set session_preload_libraries = 'auto_explain';
alter database $DB_NAME set auto_explain.log_min_duration = 0;
alter database $DB_NAME set auto_explain.log_format = 'json';" >/dev/null

log "Restarting central-api and starting websocket-monitor: their new connections log every plan"
for pid in "${PIDS[@]}"; do kill "$pid" && wait "$pid" 2>/dev/null || true; done
PIDS=()
LOG_FROM=$(stat -c %s "$PG_LOG")
plans_service central-api "$API_PORT"
plans_service websocket-monitor "$MONITOR_PORT" CENTRAL_API_URL="$API" MONITOR_RETENTION_DAYS=30 \
  MONITOR_ALLOWED_ORIGINS="$API"
TOKEN=$(sign_in "$API" plans)
SERVER=$(curl -fs -H "Authorization: Bearer $TOKEN" "$API/api/servers" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
[[ -n $SERVER ]] || die "no server id in the server list"
USER_ID=5
FROM=$(date -u -d '-3 days' +%Y-%m-%dT%H:%M:%SZ) TO=$(date -u -d '-2 days' +%Y-%m-%dT%H:%M:%SZ)

# get BASE PATH — one authenticated GET; its time goes to the table printed at the end. An answer other than 200 is
# kept in FAILED (the script fails after the plans are read: a statement cut off by DB_QUERY_TIMEOUT logs no plan)
# and returns 1
TIMES=()
FAILED=()
get() {
  local out status took
  out=$(curl -s -o "$WORK/answer" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" "$1$2") || true
  read -r status took <<<"$out"
  TIMES+=("$(printf '%8.1f ms  GET %s' "$(awk -v s="${took:-0}" 'BEGIN {print s * 1000}')" "$2")")
  if [[ $status != 200 ]]; then
    FAILED+=("GET $2: status ${status:-none} after ${took:-?} s: $(head -c 300 "$WORK/answer" 2>/dev/null)")
    log "GET $2 did not answer 200 (status ${status:-none} after ${took:-?} s)"
    return 1
  fi
}
# deeper BASE PATH FIELD — the page after the first: PATH again with the cursor the first answer gave in FIELD
deeper() {
  get "$1" "$2" || return 0
  local next
  next=$(json_field "$3" <"$WORK/answer")
  [[ -n $next ]] || die "GET $2 gave no $3"
  local param=cursor
  [[ $3 == nextBefore ]] && param=before
  get "$1" "$2&$param=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$next")" || true
}
log "Calling every list route"
ROUTES=(
  "$API /api/users" "$API /api/servers" "$API /api/ssh-keys"
  "$API /api/audit-logs" "$API /api/audit-logs?action=task.create" "$API /api/audit-logs?userId=$USER_ID"
  "$API /api/audit-logs?targetType=server&targetId=42" "$API /api/audit-logs?from=$FROM&to=$TO"
  "$API /api/audit-logs?action=terminal.open&from=$FROM&to=$TO&limit=1000"
  "$API /api/export/audit/csv?limit=10000" "$API /api/export/audit/json?action=auth.login&limit=5000"
  "$API /api/tasks" "$API /api/tasks?serverId=$SERVER" "$API /api/tasks?status=failed" "$API /api/tasks?from=$FROM&to=$TO"
  "$API /api/terminal/sessions" "$API /api/terminal/sessions?userId=$USER_ID" "$API /api/terminal/sessions?serverId=$SERVER"
  "$API /api/terminal/sessions?status=closed&from=$FROM&to=$TO"
  "$MONITOR /api/alerts" "$MONITOR /api/alerts?serverId=$SERVER" "$MONITOR /api/alerts?status=open"
  "$MONITOR /api/alerts?severity=critical&metric=cpu"
  "$MONITOR /api/servers/$SERVER/stats/latest" "$MONITOR /api/servers/$SERVER/stats/history"
  "$MONITOR /api/servers/$SERVER/stats/history?from=$FROM&to=$TO"
  "$MONITOR /api/servers/$SERVER/stats/history?from=$(date -u -d '-7 days' +%Y-%m-%dT%H:%M:%SZ)&step=1h"
  "$MONITOR /api/servers/$SERVER/stats/export?format=csv&from=$FROM&to=$TO"
)
for route in "${ROUTES[@]}"; do
  read -r base path <<<"$route"
  # warm-up: the first call of a route also pays for JIT and cold caches (and counts only if the second fails too)
  failed_before=${#FAILED[@]}
  get "$base" "$path" || true
  unset 'TIMES[-1]'
  FAILED=("${FAILED[@]:0:failed_before}")
  get "$base" "$path" || true
done
deeper "$API" "/api/audit-logs?limit=1000" nextCursor
deeper "$API" "/api/tasks?limit=500" nextCursor
deeper "$API" "/api/terminal/sessions?limit=500" nextCursor
deeper "$MONITOR" "/api/alerts?limit=500" nextBefore
sleep 1 # the server log is written after the answer
printf '\nEach route once, at this size (after one warm-up call of the same route above):\n'
printf '  %s\n' "${TIMES[@]}"
echo

log "Reading the plans ($PG_LOG from byte $LOG_FROM)"
tail -c +"$((LOG_FROM + 1))" "$PG_LOG" >"$WORK/plans.log"
report=0
python3 scripts/lib/plan_report.py "$WORK/plans.log" "$DB_USER@$DB_NAME" $BIG_TABLES || report=$?
if ((${#FAILED[@]})); then
  printf '
Routes that did not answer 200 (their statements, cut off, logged no plan):
' >&2
  printf '  %s
' "${FAILED[@]}" >&2
  exit 1
fi
exit "$report"
