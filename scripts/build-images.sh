#!/usr/bin/env bash
# Builds the three container images (deploy/docker/Dockerfile.jvm) and prints their tags:
#   servermonitor/<service>:<version> and servermonitor/<service>:latest
#
#   scripts/build-images.sh              package the services (Maven, tests skipped), then build the images
#   scripts/build-images.sh --no-build   use the services' target/quarkus-app as they are (the tests do)
#
# BASE_IMAGE picks the JRE 17 image to build on. Unset, it is a base made here from Debian's packages
# (debootstrap --variant=minbase bookworm plus openjdk-17-jre-headless, imported with podman), built once and
# kept in podman's image store (REBUILD_BASE=1 makes it again): the build machines reach no registry. Anyone who
# can pull may use a public one, e.g. BASE_IMAGE=docker.io/library/eclipse-temurin:17-jre.
#
# Podman runs with deploy/containers/containers.conf (CONTAINERS_CONF): runc, cgroupfs, host-sized ulimits.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh

export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/deploy/containers/containers.conf}
LOCAL_BASE=localhost/servermonitor/jre17-debian:bookworm
BASE_IMAGE=${BASE_IMAGE:-$LOCAL_BASE}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SERVICES=(central-api:9083:9000 terminal-gateway:9084:9001 websocket-monitor:9085:9002)

build=1
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    *) die "unknown argument $arg (use --no-build to skip the Maven package)" ;;
  esac
done

need_packages() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || [[ -x /usr/sbin/runc ]] || missing+=(runc)
  if [[ $BASE_IMAGE == "$LOCAL_BASE" ]]; then
    command -v debootstrap >/dev/null 2>&1 || [[ -x /usr/sbin/debootstrap ]] || missing+=(debootstrap)
  fi
  ((${#missing[@]} == 0)) && return
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 \
    || die "building the images needs Debian's ${missing[*]} (and root for podman here)"
  log "Installing Debian's ${missing[*]} for the container images"
  apt_install "${missing[@]}"
}

# The local JRE 17 base: a minimal Debian root filesystem with the headless JRE, docs and caches removed.
build_local_base() {
  local dir
  dir=$(mktemp -d /var/tmp/servermonitor-base.XXXXXX)
  # shellcheck disable=SC2064
  trap "umount '$dir/root/proc' 2>/dev/null || true; rm -rf '$dir'" RETURN
  log "Making the base image $LOCAL_BASE from Debian's packages (about a minute, once)"
  debootstrap --variant=minbase bookworm "$dir/root" "$DEBIAN_MIRROR" >"$dir/debootstrap.log" 2>&1 \
    || { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
  mount -t proc proc "$dir/root/proc"
  chroot "$dir/root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends openjdk-17-jre-headless >"$dir/jre.log" 2>&1 \
    || { tail -20 "$dir/jre.log" >&2; die "installing openjdk-17-jre-headless in the base failed"; }
  umount "$dir/root/proc"
  chroot "$dir/root" apt-get clean
  rm -rf "$dir"/root/var/lib/apt/lists/* "$dir"/root/var/cache/apt/* "$dir"/root/usr/share/doc/* \
    "$dir"/root/usr/share/man/* "$dir"/root/usr/share/info/* "$dir"/root/usr/share/locale/* "$dir"/root/var/log/*
  tar -C "$dir/root" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --message "Debian bookworm minbase + openjdk-17-jre-headless, made by scripts/build-images.sh" \
    - "$LOCAL_BASE" >/dev/null
}

need_packages
if [[ $BASE_IMAGE == "$LOCAL_BASE" ]] && { [[ ${REBUILD_BASE:-0} == 1 ]] || ! podman image exists "$LOCAL_BASE"; }; then
  build_local_base
fi

if [[ $build == 1 ]]; then
  log "Packaging the services (tests skipped)"
  ./mvnw -B -q -DskipTests package
fi

version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
source_url=$(git config --get remote.origin.url 2>/dev/null | sed -E "s#//[^@/]*@#//#" || true)
source_url=${source_url:-unknown}
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for entry in "${SERVICES[@]}"; do
  IFS=: read -r service port management <<<"$entry"
  [[ -f $service/target/quarkus-app/quarkus-run.jar ]] \
    || die "$service/target/quarkus-app is missing: run without --no-build, or ./mvnw package first"
  log "Building servermonitor/$service:$version on $BASE_IMAGE"
  podman build -q -f deploy/docker/Dockerfile.jvm \
    --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg SERVICE="$service" --build-arg PORT="$port" \
    --build-arg MANAGEMENT_PORT="$management" --build-arg VERSION="$version" --build-arg REVISION="$revision" \
    --build-arg SOURCE="$source_url" --build-arg CREATED="$created" \
    -t "servermonitor/$service:$version" -t "servermonitor/$service:latest" "$service/target" >/dev/null
  echo "servermonitor/$service:$version"
  echo "servermonitor/$service:latest"
done
