#!/usr/bin/env bash
# The hot-path benchmark (docs/performance.md): one run, one table of figures beside their targets.
#   api       starts the packaged central-api jar with the settings a user runs (access log on, JSON console)
#             against a fresh PostgreSQL database, signs in a first admin, adds 50 servers, then drives it with wrk
#   terminal  TerminalBenchmark: output throughput and keystroke echo through the packaged gateway beside direct
#             `ssh -tt` to the same Debian OpenSSH sshd, recording on (about 5 minutes)
#   monitor   MonitorBenchmark: collected-to-received latency with 10,000 sockets and 1,000 servers (about 4 minutes)
#
#   scripts/bench.sh                 build the jars, then measure every part
#   SKIP_BUILD=1 scripts/bench.sh    measure the jars already in */target
#   BENCH_PARTS=api,terminal,monitor (the default) or any of them, comma-separated
#   BENCH_SECONDS=20 (per figure) BENCH_WARMUP=40 (seconds of load on each route before it is measured: on 2 cores
#   the JIT takes about that long to reach a steady state) BENCH_PORT=19083 (its management port +1)
#   BENCH_ENV="NAME=value ..." extra settings for central-api in the api part, e.g. BENCH_ENV=QUARKUS_LOG_CONSOLE_ASYNC_ENABLED=false
#
# Run it on a quiet machine: wrk and the service share the CPU, so anything else running moves the figures.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=lib/api.sh
source scripts/lib/api.sh

SECONDS_EACH=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-40}
[[ $WARMUP =~ ^[1-9][0-9]*$ ]] || die "BENCH_WARMUP must be a whole number of seconds (got: $WARMUP)"
PORT=${BENCH_PORT:-19083}
[[ $SECONDS_EACH =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a whole number of seconds (got: $SECONDS_EACH)"
[[ $PORT =~ ^[1-9][0-9]{3,4}$ ]] || die "BENCH_PORT must be a port number (got: $PORT)"
BASE=http://127.0.0.1:$PORT
PARTS=${BENCH_PARTS:-api,terminal,monitor}
[[ $PARTS =~ ^(api|terminal|monitor)(,(api|terminal|monitor))*$ ]] \
  || die "BENCH_PARTS takes api, terminal and monitor, comma-separated (got: $PARTS)"
part() { [[ ,$PARTS, == *,$1,* ]]; }
read -r -a EXTRA_ENV <<<"${BENCH_ENV:-}"
for setting in "${EXTRA_ENV[@]}"; do
  [[ $setting =~ ^[A-Z_][A-Z0-9_]*=[^[:space:]]*$ ]] || die "BENCH_ENV takes NAME=value words (got: $setting)"
done

require_jdk17
if ! command -v wrk >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || die "wrk (Debian package wrk) is needed"
  log "Installing Debian's wrk"
  apt_install wrk
fi
command -v curl >/dev/null 2>&1 || die "curl is needed"

WORK=$(mktemp -d)
API_PID=
cleanup() {
  if [[ -n $API_PID ]]; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  if [[ ${PG_STARTED_HERE:-0} == 1 ]]; then stop_embedded_postgres; fi
}
trap cleanup EXIT

ensure_postgres
DB_NAME=servermonitor_bench DB_USER=servermonitor_bench DB_PASSWORD=servermonitor_bench
superuser_sql "select 1" >/dev/null 2>&1 || die "the benchmark needs superuser access to $DB_HOST:$DB_PORT for its database"
ensure_role "$DB_USER" "$DB_PASSWORD"
recreate_database "$DB_NAME" "$DB_USER"

if part terminal || part monitor; then
  ensure_openssh
  # the benchmarks' own databases, apart from the test suite's
  TEST_DB_PREFIX=servermonitor_bench_ prepare_test_databases central_api terminal_gateway websocket_monitor
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "Building the jars (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests -Dui.skip=true -pl common,central-api,terminal-gateway,websocket-monitor package
fi
# ---- api: central-api under wrk ----
bench_api() {
  JAR=central-api/target/quarkus-app/quarkus-run.jar
  [[ -f $JAR ]] || die "$JAR is missing: run without SKIP_BUILD=1"

  log "Starting central-api on $BASE (log: $WORK/central-api.log)"
  start_service central-api "$PORT" "$WORK/central-api.log" bench "${EXTRA_ENV[@]}"
  API_PID=$SERVICE_PID
  TOKEN=$(first_admin_token "$BASE" bench)
  add_servers "$BASE" "$TOKEN" 50 bench

  results=()
  REQUESTS=0
  WRK_OUT=
  # wrk ARGS... — runs wrk, leaves its summary in WRK_OUT and adds the requests it completed to REQUESTS
  run_wrk() {
    WRK_OUT=$(wrk "$@") || die "wrk $* failed"
    local done
    done=$(awk '/requests in/ {print $1}' <<<"$WRK_OUT")
    [[ $done =~ ^[0-9]+$ ]] || die "wrk printed no request count: $WRK_OUT"
    REQUESTS=$((REQUESTS + done))
  }
  # measure NAME PATH TARGET_RPS [auth]
  measure() {
    local name=$1 path=$2 target=$3 auth=${4:-} args=(-t2 -c64 --latency)
    [[ -n $auth ]] && args+=(-H "Authorization: Bearer $TOKEN")
    run_wrk "${args[@]}" -d"${WARMUP}s" "$BASE$path" # warm-up: JIT, pools, caches
    local out rps p99 errors
    run_wrk "${args[@]}" -d"${SECONDS_EACH}s" "$BASE$path"
    out=$WRK_OUT
    rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket:" $0}' <<<"$out" | paste -sd' ')
    results+=("$(printf '%-28s %10s %12s %10s  %s' "$name" "$rps" "≥ $target" "$p99" "${errors:-none}")")
    log "$name: $rps req/s, p99 $p99"
  }

  log "Measuring: ${WARMUP} s warm-up then ${SECONDS_EACH} s per figure, wrk -t2 -c64"
  measure "GET /api/health" /api/health 20000
  measure "GET /api/auth/whoami" /api/auth/whoami 12000 auth
  measure "GET /api/servers (50)" /api/servers 5000 auth

  # -c256 on the health route: every answer must be a 200, 429 or 503 — nothing else, no socket error
  run_wrk -t2 -c256 -d"${SECONDS_EACH}s" "$BASE/api/health"
  overload=$WRK_OUT
  overload_errors=$(awk '/Non-2xx or 3xx responses:|Socket errors:/' <<<"$overload" | paste -sd' ')

  printf '\n%-28s %10s %12s %10s  %s\n' "figure (wrk -t2 -c64)" "req/s" "target" "p99" "errors"
  printf '%s\n' "${results[@]}"
  printf '%-28s %s\n' "GET /api/health at -c256" "${overload_errors:-no error, no non-2xx answer}"
  # every request wrk counted has its access line (a few more: the set-up's, and answers wrk stopped waiting for)
  lines=$(grep -c '"logger":"access' "$WORK/central-api.log" || true)
  printf '\naccess lines written: %s for %s requests wrk completed (the access log is on, as users run it)\n' \
    "$lines" "$REQUESTS"
  ((lines >= REQUESTS)) || die "$((REQUESTS - lines)) requests have no access line"
  kill "$API_PID" && wait "$API_PID" 2>/dev/null || true # the other parts start their own
  API_PID=
}

# figure LOG SED — what the sed expression prints from LOG; dies when it prints nothing (the output changed)
figure() {
  local value
  value=$(sed -n "$2" "$1")
  [[ -n $value ]] || die "no figure in $1 for: $2"
  printf '%s\n' "$value"
}

# maven_benchmark MODULE TESTS LOG — runs benchmark TESTS (Class#method+method) of MODULE; its output in LOG
maven_benchmark() {
  local module=$1 tests=$2 out=$3
  log "Running $tests (output: $out)"
  TEST_DB_PREFIX=servermonitor_bench_ ./mvnw -B -pl "common,$module" test -Dbenchmarks.excluded= -Dgroups=benchmark \
    -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false >"$out" 2>&1 \
    || { tail -40 "$out" >&2; die "$tests failed"; }
}

# ---- terminal: throughput and echo through the gateway beside ssh -tt ----
bench_terminal() {
  local out=$WORK/terminal.log
  maven_benchmark terminal-gateway \
    'TerminalBenchmark#outputThroughputAgainstDirectSsh+keystrokeEchoRoundTripAgainstDirectSsh' "$out"
  local on off
  on=$(figure "$out" 's/^throughput (recording true): median ratio //p')
  off=$(figure "$out" 's/^throughput (recording false): median ratio //p')
  printf '\n%-44s %-44s %s\n' "terminal (TerminalBenchmark)" "result" "target"
  printf '%-44s %-44s %s\n' "output throughput vs ssh -tt, recording on" "median ratio $on" "≥ 0.9"
  printf '%-44s %-44s %s\n' "output throughput vs ssh -tt, recording off" "median ratio $off" "(for comparison)"
  figure "$out" 's/^echo run \([0-9]\): direct p50 [0-9.]* ms p99 \([0-9.]*\) ms p99.9 \([0-9.]*\) ms; gateway p50 [0-9.]* ms p99 \([0-9.]*\) ms p99.9 \([0-9.]*\) ms; p99 difference \([-0-9.]*\) ms$/\1 \2 \3 \4 \5 \6/p' |
    while read -r run direct99 direct999 via99 via999 diff; do
      printf '%-44s %-44s %s\n' "echo p99 run $run, gateway minus ssh -tt" \
        "$(printf '%+.3f' "$diff") ms (p99 $via99 vs $direct99; p99.9 $via999 vs $direct999)" "≤ 1 ms"
    done
}

# ---- monitor: fan-out latency ----
bench_monitor() {
  local out=$WORK/monitor.log
  maven_benchmark websocket-monitor 'MonitorBenchmark#fanOutTo10000SocketsWith1000Servers' "$out"
  local latency
  latency=$(figure "$out" 's/^fan-out: .*collected-to-received p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/p50 \1 ms, p99 \2 ms/p')
  printf '\n%-44s %-44s %s\n' "monitor (MonitorBenchmark)" "result" "target"
  printf '%-44s %-44s %s\n' "collected → received, 10,000 sockets" "$latency" "p99 ≤ 250 ms"
}

if part api; then bench_api; fi
if part terminal; then bench_terminal; fi
if part monitor; then bench_monitor; fi
