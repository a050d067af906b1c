# Helpers for scripts that drive a packaged service over HTTP (bench.sh, query-plans.sh). Source after postgres.sh
# (log, die). Every request goes to 127.0.0.1 only.

# wait_ready BASE PID LOG NAME — waits up to 60 s for BASE/api/ready; dies (showing LOG's tail) if PID stops first,
# or stops PID and dies when the time is up
wait_ready() {
  local base=$1 pid=$2 logfile=$3 name=$4
  for _ in $(seq 1 120); do
    curl -fs "$base/api/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$logfile" >&2; die "$name stopped while starting"; }
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  die "$name was not ready within 60 s"
}

# start_service MODULE PORT LOG SECRET_TAG [NAME=value...] — the packaged jar of MODULE on 127.0.0.1:PORT
# (management PORT+1) with only the database settings (DB_*), fixed secrets tagged SECRET_TAG (the services check
# their length; nothing here is reachable from outside) and the NAME=value pairs in its environment, its output in
# LOG; leaves its pid in SERVICE_PID and returns once it is ready
SERVICE_PID=
start_service() {
  local module=$1 port=$2 logfile=$3 tag=$4
  shift 4
  env -i PATH="$PATH" HOME="$HOME" JAVA_HOME="${JAVA_HOME:-}" \
    DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_NAME="$DB_NAME" DB_USER="$DB_USER" DB_PASSWORD="$DB_PASSWORD" \
    JWT_SECRET="$tag-only-jwt-secret-3f9a8e7d6c5b4a3f2e1d0c9b" ENCRYPTION_KEY="$tag-only-encryption-key-7c6b5a4f3e" \
    KEY_VAULT_MASTER_KEY="$tag-only-vault-master-key-1a2b3c4d5e6f" \
    INTERNAL_API_TOKEN="$tag-only-internal-token-0f1e2d3c4b5a" \
    QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT=$((port + 1)) "$@" \
    java -jar "$module/target/quarkus-app/quarkus-run.jar" >"$logfile" 2>&1 &
  SERVICE_PID=$!
  wait_ready "http://127.0.0.1:$port" "$SERVICE_PID" "$logfile" "$module"
}

# json_field NAME — the string or number NAME of the JSON object on stdin (empty when absent or null)
json_field() {
  python3 -c 'import json, sys
v = json.load(sys.stdin).get(sys.argv[1])
print("" if v is None else v)' "$1"
}

# first_admin_token BASE NAME — creates the first admin NAME (password NAME-password-4e3d2c1b); prints a token
first_admin_token() {
  local base=$1 name=$2 token
  token=$(curl -fs -H 'Content-Type: application/json' -X POST "$base/api/setup/initialize" \
    -d "{\"username\":\"$name\",\"email\":\"$name@example.test\",\"password\":\"$name-password-4e3d2c1b\"}" \
    | json_field accessToken) || true
  [[ -n $token ]] || die "the first admin could not be created"
  printf '%s\n' "$token"
}

# sign_in BASE NAME — signs the admin first_admin_token created in again; prints a token
sign_in() {
  local base=$1 name=$2 token
  token=$(curl -fs -H 'Content-Type: application/json' -X POST "$base/api/auth/login" \
    -d "{\"username\":\"$name\",\"password\":\"$name-password-4e3d2c1b\"}" | json_field accessToken) || true
  [[ -n $token ]] || die "$name could not sign in"
  printf '%s\n' "$token"
}

# add_servers BASE TOKEN COUNT PREFIX — COUNT servers PREFIX-1… on 127.0.0.2…, never connected to (nothing asks
# for a host key, a test or a task)
add_servers() {
  local base=$1 token=$2 count=$3 prefix=$4
  for i in $(seq 1 "$count"); do
    curl -fs -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -X POST "$base/api/servers" \
      -d "{\"name\":\"$prefix-$i\",\"host\":\"127.0.0.$((i + 1))\",\"username\":\"ops\",\"tags\":[\"$prefix\",\"rack-$((i % 5))\"],\"credential\":{\"password\":\"$prefix-server-password\"}}" \
      || die "server $i could not be added"
  done
}
