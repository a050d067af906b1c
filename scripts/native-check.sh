#!/usr/bin/env bash
# Native mode, checked: builds the three services as native executables (./mvnw package -Dnative) and runs
# deploy-tests' NativeExecutablesIT on them — each starts against a real PostgreSQL and becomes ready, a user's
# first steps go through all three against Debian's OpenSSH (first admin, sign-in, a vault key, a task, a
# terminal echo, live stats), every metric the rules and dashboards read is exported, SIGTERM ends each cleanly.
#
#   scripts/native-check.sh              build the executables, then check them
#   scripts/native-check.sh --no-build   check the executables already in <service>/target
#
# The builder: GRAALVM_HOME when it holds a GraalVM or Mandrel native-image; otherwise the stand-in toolchain of
# ../shared/native-toolchain (NATIVE_TOOLCHAIN_SOURCE), assembled into NATIVE_TOOLCHAIN (default
# /opt/servermonitor-native-toolchain) when missing — it verifies native mode, it does not make production
# images (deploy/README.md). Each build needs about 7 GB of memory and 4–6 minutes on 2 cores (17 minutes for the
# three and the check), which is why this is not part of scripts/test.sh. Extra arguments go to Maven.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh

build=1
maven_args=()
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    *) maven_args+=("$arg") ;;
  esac
done

require_jdk17
ensure_openssh

native_args=()
if [[ -n "${GRAALVM_HOME:-}" && -x "$GRAALVM_HOME/bin/native-image" ]]; then
  builder=$GRAALVM_HOME
else
  builder=${NATIVE_TOOLCHAIN:-/opt/servermonitor-native-toolchain}
  source_dir=${NATIVE_TOOLCHAIN_SOURCE:-$ROOT/../shared/native-toolchain}
  if [[ $build == 1 && -x "$source_dir/assemble.sh" ]]; then
    # assemble.sh returns at once when $builder is complete for its recipe, and rebuilds it when the recipe changed
    log "Assembling the stand-in native-image toolchain into $builder when missing (about 2 minutes, once)"
    "$source_dir/assemble.sh" "$builder"
  elif [[ $build == 1 && ! -f "$builder/.complete" ]]; then
    die "no native-image: set GRAALVM_HOME to a GraalVM or Mandrel, or NATIVE_TOOLCHAIN_SOURCE to the stand-in"\
" toolchain's folder (shared/native-toolchain; $source_dir has no assemble.sh)"
  fi
  # the stand-in launcher was verified with this option (its README): it mirrors it into the builder's access
  native_args=(-Dquarkus.native.additional-build-args=-J--add-opens=java.base/java.lang=ALL-UNNAMED)
fi

ensure_postgres
trap '[[ $PG_STARTED_HERE == 1 ]] && stop_embedded_postgres' EXIT
prepare_test_databases native

# One reactor: the services, then deploy-tests, which runs only NativeExecutablesIT (no unit test, no other IT).
# With --no-build Quarkus's build step is skipped (the package phase makes no executable), so the executables in
# target/ are the ones run.
common=(-B -pl common,central-api,terminal-gateway,websocket-monitor,deploy-tests -Dtest=none
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NativeExecutablesIT -Dfailsafe.failIfNoSpecifiedTests=false
  -Dservermonitor.native=true)
if [[ $build == 1 ]]; then
  log "Building the three native executables with $builder, then checking them"
  ./mvnw "${common[@]}" -Dnative -Dquarkus.native.graalvm-home="$builder" "${native_args[@]}" verify \
    "${maven_args[@]}"
else
  log "Checking the native executables in */target"
  ./mvnw "${common[@]}" -Dquarkus.build.skip=true -Dui.skip=true verify "${maven_args[@]}"
fi
