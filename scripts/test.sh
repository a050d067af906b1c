#!/usr/bin/env bash
# The README's test command: makes sure PostgreSQL is up (see scripts/lib/postgres.sh), gives the tests
# their own role and fresh databases (one per service, so modules never share rows), then runs the whole
# build with every test. Extra arguments go to Maven, e.g. scripts/test.sh -pl central-api -am.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh

require_jdk17

# the SSH key tests compare against OpenSSH's own ssh-keygen, and some tests need OpenSSH's sshd as a real peer
ensure_openssh

# the Prometheus rules are checked and unit-tested with promtool (Debian package prometheus; its service is not
# started); podman, runc and debootstrap for the container images are installed by scripts/build-images.sh
if ! command -v promtool >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 \
    || die "promtool (Debian package prometheus) is needed by the Prometheus rule tests"
  log "Installing Debian's prometheus for promtool (the prometheus service is not started)"
  apt_install_no_start prometheus
fi

# the browser tests (module e2e) drive Debian's headless Chromium through its chromedriver
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 \
    || die "Chromium and chromedriver (Debian packages chromium and chromium-driver) are needed by the browser tests"
  log "Installing Debian's chromium and chromium-driver for the browser tests"
  apt_install chromium chromium-driver
fi

ensure_postgres
trap '[[ $PG_STARTED_HERE == 1 ]] && stop_embedded_postgres' EXIT

prepare_test_databases central_api terminal_gateway websocket_monitor e2e deploy

./mvnw -B clean verify "$@"
