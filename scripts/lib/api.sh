# Helpers for scripts that drive a packaged service over HTTP (bench.sh, query-plans.sh). Source after postgres.sh
# (log, die). Every request goes to 127.0.0.1 only.

# wait_ready BASE PID LOG NAME — waits up to 60 s for BASE/api/ready; dies (showing LOG's tail) if PID stops first
wait_ready() {
  local base=$1 pid=$2 logfile=$3 name=$4
  for _ in $(seq 1 120); do
    curl -fs "$base/api/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$logfile" >&2; die "$name stopped while starting"; }
    sleep 0.5
  done
  die "$name was not ready within 60 s"
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
