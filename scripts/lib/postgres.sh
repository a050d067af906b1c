# Sourced by run-local.sh and test.sh: makes sure a Postgres answers at DB_HOST:DB_PORT and that the
# roles and databases the caller names exist. Order of preference:
#   1. whatever already answers at DB_HOST:DB_PORT;
#   2. the machine's own cluster (Debian pg_ctlcluster), started if it is down;
#   3. Debian's postgresql package, installed with apt when we are root and apt is there;
#   4. an embedded PostgreSQL (io.zonky.test:embedded-postgres, tools/dev-postgres) under .data/,
#      so nothing but a JDK is needed.
# Roles and databases are created through the local superuser (peer auth via su/sudo, or the embedded
# server's trust auth). A remote server we cannot administer is used as it is.

DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-5432}
PG_MODE=""
PG_STARTED_HERE=0

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_jdk17() {
  command -v java >/dev/null 2>&1 || die "a JDK 17 or newer is needed (java not found on PATH)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "a JDK 17 or newer is needed (found Java $major)"
}

# http_ok PORT PATH — true when GET http://127.0.0.1:PORT/PATH answers 200 (curl, or bash's /dev/tcp)
http_ok() {
  local port=$1 path=$2 status
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$port$path" 2>/dev/null
    return
  fi
  exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
  read -r -t 5 status <&3 || true
  exec 3<&- 3>&-
  [[ "$status" == *" 200 "* ]]
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -h "$DB_HOST" -p "$DB_PORT" -q -t 2
  else
    (exec 3<>"/dev/tcp/$DB_HOST/$DB_PORT") 2>/dev/null
  fi
}

wait_for_pg() {
  local i
  for i in $(seq 1 150); do pg_answers && return 0; sleep 0.2; done
  return 1
}

is_local_host() { [[ "$DB_HOST" == 127.0.0.1 || "$DB_HOST" == localhost || "$DB_HOST" == ::1 ]]; }

debian_cluster() { command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters -h 2>/dev/null | awk -v p="$DB_PORT" '$3==p {print $1" "$2; exit}'; }

start_debian_cluster() {
  local cluster; cluster=$(debian_cluster)
  [[ -n "$cluster" ]] || return 1
  log "Starting the local PostgreSQL cluster $cluster"
  # 'start' on a running cluster exits 2; a concurrent start is fine too
  pg_ctlcluster --skip-systemctl-redirect $cluster start >/dev/null 2>&1 || true
  wait_for_pg
}

install_debian_postgres() {
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  log "No PostgreSQL here: installing Debian's postgresql package"
  apt_install postgresql || return 1
  start_debian_cluster
}

dev_postgres_jar() {
  # the launcher for the embedded server; built on first use
  local jar="$ROOT/tools/dev-postgres/target/dev-postgres.jar"
  if [[ ! -f "$jar" ]]; then
    log "Building the embedded PostgreSQL launcher (first use)"
    (cd "$ROOT" && ./mvnw -B -q -f tools/dev-postgres/pom.xml -DskipTests package) >&2 || die "could not build tools/dev-postgres"
  fi
  echo "$jar"
}

EMBEDDED_DIR="$ROOT/.data/embedded-postgres"

start_embedded_postgres() {
  is_local_host || return 1
  local jar; jar=$(dev_postgres_jar)
  mkdir -p "$EMBEDDED_DIR"
  log "Starting an embedded PostgreSQL on port $DB_PORT (data in .data/embedded-postgres)"
  nohup java -jar "$jar" serve --port "$DB_PORT" --data "$EMBEDDED_DIR/data" >"$EMBEDDED_DIR/server.log" 2>&1 &
  echo $! >"$EMBEDDED_DIR/launcher.pid"
  wait_for_pg || die "embedded PostgreSQL did not come up; see $EMBEDDED_DIR/server.log"
  PG_MODE=embedded
  PG_STARTED_HERE=1
}

stop_embedded_postgres() {
  [[ -f "$EMBEDDED_DIR/launcher.pid" ]] || return 0
  kill "$(cat "$EMBEDDED_DIR/launcher.pid")" 2>/dev/null || true
  rm -f "$EMBEDDED_DIR/launcher.pid"
}

# Runs one SQL statement as the local superuser; returns non-zero when we have no superuser access.
# The SQL goes in on stdin, never through a shell command line (where $$ and quotes would be expanded).
superuser_sql() {
  local sql=$1
  local psql_args=(-p "$DB_PORT" -v ON_ERROR_STOP=1 -qtA)
  if [[ "$PG_MODE" == embedded ]]; then
    java -jar "$(dev_postgres_jar)" sql --port "$DB_PORT" "$sql"
  elif ! is_local_host; then
    return 1
  elif [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    # peer authentication over the local socket, as Debian sets it up
    printf '%s\n' "$sql" | su postgres -s /bin/sh -c "psql ${psql_args[*]}" 2>/dev/null \
      || printf '%s\n' "$sql" | psql -h "$DB_HOST" -U postgres "${psql_args[@]}" 2>/dev/null
  elif sudo -n true 2>/dev/null; then
    printf '%s\n' "$sql" | sudo -n -u postgres psql "${psql_args[@]}"
  else
    printf '%s\n' "$sql" | psql -h "$DB_HOST" -U postgres "${psql_args[@]}" 2>/dev/null
  fi
}

ensure_postgres() {
  if pg_answers; then
    PG_MODE=${PG_MODE:-running}
    # a running embedded server from an earlier run is still ours to administer
    if [[ -f "$EMBEDDED_DIR/launcher.pid" ]] && kill -0 "$(cat "$EMBEDDED_DIR/launcher.pid")" 2>/dev/null; then
      PG_MODE=embedded
    fi
    return 0
  fi
  if ! is_local_host; then die "PostgreSQL at $DB_HOST:$DB_PORT does not answer"; fi
  start_debian_cluster && { PG_MODE=cluster; return 0; }
  if [[ -z "$(debian_cluster)" ]] && ! command -v pg_ctlcluster >/dev/null 2>&1 && [[ "${SM_NO_APT:-}" != 1 ]]; then
    install_debian_postgres && { PG_MODE=cluster; return 0; }
  fi
  start_embedded_postgres && return 0
  die "no PostgreSQL at $DB_HOST:$DB_PORT and none could be started"
}

# ensure_role NAME PASSWORD — creates the login role, or resets its password to PASSWORD
ensure_role() {
  local role=$1 password=$2
  superuser_sql "do \$\$ begin
      if not exists (select 1 from pg_roles where rolname = '$role') then
        create role $role login password '$password';
      else
        alter role $role login password '$password';
      end if; end \$\$;" >/dev/null
}

# ensure_database NAME OWNER — creates the database owned by OWNER if missing
ensure_database() {
  local db=$1 owner=$2
  [[ "$(superuser_sql "select 1 from pg_database where datname = '$db'")" == 1 ]] && return 0
  superuser_sql "create database $db owner $owner" >/dev/null
}

# recreate_database NAME OWNER — a fresh, empty database (tests start from a clean schema)
recreate_database() {
  local db=$1 owner=$2
  superuser_sql "drop database if exists $db with (force)" >/dev/null
  superuser_sql "create database $db owner $owner" >/dev/null
}

# apt_install_no_start PACKAGE... — as apt_install, without starting the services the packages bring
apt_install_no_start() {
  local no_start=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1
  fi
  apt_install "$@"
  if [[ $no_start == 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi
}

# apt_install PACKAGE... — Debian packages, waiting (up to 10 min) for another apt or dpkg run to finish
# instead of failing on its lock
apt_install() {
  local wait=(-o DPkg::Lock::Timeout=600)
  apt-get "${wait[@]}" update -qq && DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -qq "$@" >/dev/null
}

# ensure_openssh — OpenSSH's ssh-keygen and sshd for the tests (Debian's openssh-client and openssh-server; the
# tests start sshd themselves on a free port, the package's own service is never started)
ensure_openssh() {
  command -v ssh-keygen >/dev/null 2>&1 && [[ -x /usr/sbin/sshd ]] && return 0
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 \
    || die "OpenSSH (Debian packages openssh-client and openssh-server) is needed by the tests"
  log "Installing Debian's openssh-client and openssh-server for the SSH tests (the ssh service is not started)"
  apt_install_no_start openssh-client openssh-server
}

# prepare_test_databases NAME... — the tests' role servermonitor_test and a fresh database
# ${TEST_DB_PREFIX}NAME for each NAME (exported; default servermonitor_test_, so that a second checkout can
# test at the same time against databases of its own). Call after ensure_postgres.
prepare_test_databases() {
  local role=servermonitor_test name
  export TEST_DB_PREFIX=${TEST_DB_PREFIX:-servermonitor_test_}
  [[ $TEST_DB_PREFIX =~ ^[a-z_][a-z0-9_]*$ ]] \
    || die "TEST_DB_PREFIX must be lower-case letters, digits and _ (got: $TEST_DB_PREFIX)"
  if superuser_sql "select 1" >/dev/null 2>&1; then
    ensure_role "$role" "$role"
    for name in "$@"; do
      recreate_database "${TEST_DB_PREFIX}$name" "$role"
    done
    log "PostgreSQL ($PG_MODE) at $DB_HOST:$DB_PORT: role $role, fresh test databases"
  else
    log "No superuser access to $DB_HOST:$DB_PORT: assuming role $role and ${TEST_DB_PREFIX}* exist"
  fi
}
