#!/usr/bin/env bash
# A private, real Docker Engine for one test run, then the given command against it:
#
#   bash scripts/docker-setup.sh --run node --test test/out/integration
#   bash scripts/docker-setup.sh --install        # only install the Debian packages
#
# 1. Installs what is missing (Debian bookworm): docker.io (dockerd, containerd, runc, the docker
#    client, Engine 20.10), docker-compose (Compose v1 1.29.2) and busybox-static.
# 2. Starts ONE dockerd of its own under a fresh temporary folder (its own --data-root,
#    --exec-root, --pidfile, config file and unix socket; --iptables=false --bridge=none, so the
#    host's network and any other Docker on the machine are left alone) and waits until it answers.
# 3. Imports a tiny busybox image (scalewise-test/tiny:latest; no registry is reachable) and makes
#    the daemon a one-node Swarm manager on its own 127.0.0.1 port.
# 4. Runs the command with DOCKER_HOST pointing at that daemon, plus SCALEWISE_TEST_IMAGE and
#    SCALEWISE_DOCKER_RUN (a unique prefix for project, stack and service names).
# 5. Always (trap): removes every stack, service, container and network it made, leaves the
#    swarm, stops the daemon by its pid and deletes the folder. Exits with the command's status.
#
# If the engine cannot be installed or started this FAILS (exit 1) with the reason and the
# daemon's log; it never skips. Needs root (dockerd does). No standard input is read.
set -euo pipefail

log() { printf 'docker-setup: %s\n' "$*" >&2; }
die() {
  printf 'docker-setup: FAILED: %s\n' "$*" >&2
  if [ -n "${LOG:-}" ] && [ -s "$LOG" ]; then
    printf 'docker-setup: last lines of the dockerd log (%s):\n' "$LOG" >&2
    tail -n 25 "$LOG" | sed 's/^/  | /' >&2
  fi
  exit 1
}

IMAGE=scalewise-test/tiny:latest
MODE=""
case "${1:-}" in
  --run) MODE=run; shift; [ "$#" -gt 0 ] || die "--run needs a command, e.g. --run node --test test/out/integration" ;;
  --install) MODE=install; shift ;;
  *) printf 'usage: %s --run COMMAND [ARGS...] | --install\n' "$0" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- Debian packages
busybox_is_static() {
  local bb
  bb=$(command -v busybox 2>/dev/null) || return 1
  # ldd exits non-zero for a static binary ("not a dynamic executable").
  ! ldd "$bb" >/dev/null 2>&1
}
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
busybox_is_static || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "${SCALEWISE_NO_APT:-0}" != "1" ] || die "SCALEWISE_NO_APT=1 and missing: ${missing[*]} (apt-get install docker.io docker-compose busybox-static)"
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run as root (or install: apt-get install docker.io docker-compose busybox-static)"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not available"
  log "installing docker.io docker-compose busybox-static (missing: ${missing[*]})"
  DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -q docker.io docker-compose busybox-static </dev/null >&2 ||
    die "apt-get install docker.io docker-compose busybox-static failed"
fi
for c in dockerd docker docker-compose; do command -v "$c" >/dev/null 2>&1 || die "$c not found after installing"; done
busybox_is_static || die "no statically linked busybox after installing busybox-static"
[ "$MODE" = install ] && { log "packages present"; exit 0; }

[ "$(id -u)" -eq 0 ] || die "dockerd needs root; run this as root"

# ---------------------------------------------------------------- the private daemon
# A short path: unix socket paths (containerd's lives under --exec-root) are limited to 108 bytes.
TMP=$(mktemp -d /tmp/swdk.XXXXXX)
# A unique prefix: lowercase letters and digits (Compose v1 project names), 10 characters.
RUN_ID="sw$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
LOG="$TMP/dockerd.log"
PIDFILE="$TMP/docker.pid"
SOCK="$TMP/docker.sock"
export DOCKER_HOST="unix://$SOCK"
# The host's ~/.docker/config.json (contexts, credential helpers) must not leak in.
export DOCKER_CONFIG="$TMP/client"
mkdir -p "$DOCKER_CONFIG" "$TMP/data" "$TMP/exec"
# Its own address pools, so its bridges do not overlap another daemon's on the same host.
POOL=$(( 100 + (RANDOM % 70) * 2 ))
printf '{"default-address-pools":[{"base":"10.%s.0.0/16","size":24}]}\n' "$POOL" >"$TMP/daemon.json"
DOCKERD_PID=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    log "cleaning up: stacks, services, containers, networks, swarm"
    local stacks services containers networks
    stacks=$(timeout 20 docker stack ls --format '{{.Name}}' 2>/dev/null)
    for s in $stacks; do timeout 30 docker stack rm "$s" >/dev/null 2>&1; done
    services=$(timeout 20 docker service ls -q 2>/dev/null)
    [ -n "$services" ] && timeout 30 docker service rm $services >/dev/null 2>&1
    containers=$(timeout 20 docker ps -aq 2>/dev/null)
    [ -n "$containers" ] && timeout 60 docker rm -f -v $containers >/dev/null 2>&1
    timeout 30 docker swarm leave --force >/dev/null 2>&1
    # Swarm tasks and the ingress sandbox go away asynchronously, and a network with an endpoint
    # left cannot be removed; retry until only the built-in networks are left (a state, 20 s at most).
    for _ in $(seq 1 40); do
      containers=$(timeout 20 docker ps -aq 2>/dev/null)
      [ -n "$containers" ] && timeout 60 docker rm -f -v $containers >/dev/null 2>&1
      timeout 30 docker network prune -f >/dev/null 2>&1
      networks=$(timeout 20 docker network ls --filter type=custom -q 2>/dev/null)
      [ -n "$networks" ] && timeout 30 docker network rm $networks >/dev/null 2>&1
      [ -z "$containers" ] && [ -z "$(timeout 20 docker network ls --filter type=custom -q 2>/dev/null)" ] && break
      sleep 0.5
    done
    networks=$(timeout 20 docker network ls --filter type=custom --format '{{.Name}}' 2>/dev/null)
    [ -n "$networks" ] && log "networks still there: $(echo $networks)"
    log "stopping dockerd (pid $DOCKERD_PID)"
    kill -TERM "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$DOCKERD_PID" 2>/dev/null; then
      log "dockerd did not stop in 30 s; killing pid $DOCKERD_PID"
      kill -KILL "$DOCKERD_PID" 2>/dev/null
    fi
    wait "$DOCKERD_PID" 2>/dev/null
  fi
  # The docker_gwbridge bridge carries this run's id in its name, so it is ours to remove.
  if [ -n "${RUN_ID:-}" ] && command -v ip >/dev/null 2>&1 && ip link show "gw$RUN_ID" >/dev/null 2>&1; then
    ip link delete "gw$RUN_ID" 2>/dev/null && log "removed the leftover bridge gw$RUN_ID"
  fi
  # Never delete through a mount the daemon left behind.
  if [ -d "$TMP" ]; then
    grep -F " $TMP/" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
    if grep -qF " $TMP/" /proc/mounts; then
      log "leaving $TMP in place: something is still mounted under it"
    else
      rm -rf "$TMP"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting dockerd $(dockerd --version | sed 's/^Docker version //') in $TMP"
dockerd \
  --config-file "$TMP/daemon.json" \
  --data-root "$TMP/data" \
  --exec-root "$TMP/exec" \
  --pidfile "$PIDFILE" \
  -H "unix://$SOCK" \
  --iptables=false --ip-forward=false --bridge=none \
  </dev/null >"$LOG" 2>&1 &
DOCKERD_PID=$!

# Wait for a state (the daemon answers `docker info`), not for a fixed time.
deadline=$(( $(date +%s) + 60 ))
until docker info >/dev/null 2>&1; do
  kill -0 "$DOCKERD_PID" 2>/dev/null || { DOCKERD_PID=""; die "dockerd exited while starting"; }
  [ "$(date +%s)" -lt "$deadline" ] || die "dockerd did not answer \`docker info\` within 60 s"
  sleep 0.2
done
log "engine ready: server $(docker version --format '{{.Server.Version}}'), storage driver $(docker info --format '{{.Driver}}')"

# ---------------------------------------------------------------- a tiny image, no registry
ROOTFS="$TMP/rootfs"
mkdir -p "$ROOTFS/bin" "$ROOTFS/tmp"
cp "$(command -v busybox)" "$ROOTFS/bin/busybox"
for c in sh sleep echo cat true; do ln -sf busybox "$ROOTFS/bin/$c"; done
tar -C "$ROOTFS" -c . | docker import --change 'CMD ["/bin/sleep","3600"]' - "$IMAGE" >/dev/null ||
  die "docker import of the busybox image failed"
[ "$(docker run --rm "$IMAGE" /bin/echo ok)" = ok ] || die "a container of $IMAGE did not run"
log "image $IMAGE imported and runs"

# ---------------------------------------------------------------- a one-node swarm
free_port() {
  node -e '
    const net = require("node:net");
    const s = net.createServer().listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'
}
SWARM_PORT=$(free_port)
# The VXLAN port must be 1024-49151; a random one keeps side-by-side runs apart.
DATA_PATH_PORT=$(( 30000 + RANDOM % 15000 ))
# Swarm's docker_gwbridge is a host bridge of that very name; another daemon on the host may own
# one. Creating the network first, with a Linux bridge name of our own, keeps the two apart.
docker network create --driver bridge --subnet "10.$POOL.255.0/24" \
  --opt com.docker.network.bridge.name="gw$RUN_ID" \
  --opt com.docker.network.bridge.enable_icc=false \
  --opt com.docker.network.bridge.enable_ip_masquerade=false \
  docker_gwbridge >/dev/null || die "could not create docker_gwbridge"
docker swarm init --advertise-addr "127.0.0.1:$SWARM_PORT" --listen-addr "127.0.0.1:$SWARM_PORT" \
  --data-path-port "$DATA_PATH_PORT" --default-addr-pool "10.$(( POOL + 1 )).0.0/16" >/dev/null ||
  die "docker swarm init failed"
[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ] || die "the swarm is not active after init"
log "one-node swarm on 127.0.0.1:$SWARM_PORT"

# ---------------------------------------------------------------- the command
export SCALEWISE_TEST_IMAGE="$IMAGE"
export SCALEWISE_DOCKER_RUN="$RUN_ID"
export SCALEWISE_DOCKER_SETUP=1
log "DOCKER_HOST=$DOCKER_HOST; running: $*"
set +e
"$@" </dev/null
status=$?
set -e
exit "$status"
