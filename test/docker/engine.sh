#!/usr/bin/env bash
# Starts or stops the Docker engine the Docker tests use (there is no systemd to do it here).
#
#   test/docker/engine.sh start    starts dockerd unless an engine already answers; waits until it does
#   test/docker/engine.sh stop     stops the dockerd that `start` started, and nothing else
#
# DOCKER_WATCH_PID (start): stop the engine when that process is gone, so that a test run killed before its
# cleanup leaves no engine behind. DOCKER_START_TIMEOUT bounds the wait, in seconds (default 60).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run=$here/.run
pid_file=$run/dockerd.pid
log=$run/dockerd.log
mkdir -p "$run"

answers() {
  timeout 10 docker info >/dev/null 2>&1
}

# A recorded PID may have been reused by another process after a crash: only signal a dockerd.
our_dockerd() {
  [ -f "$pid_file" ] && [ "$(ps -o comm= -p "$(cat "$pid_file")" 2>/dev/null)" = dockerd ]
}

start() {
  if answers; then
    echo "[docker] an engine already answers; using it" >&2
    return
  fi
  echo "[docker] starting dockerd (log: $log)" >&2
  # setsid: the engine must not get the signals meant for the test runner that started it.
  setsid dockerd >"$log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + ${DOCKER_START_TIMEOUT:-60}))
  until answers; do
    if ! our_dockerd || [ "$SECONDS" -ge "$deadline" ]; then
      echo "[docker] dockerd did not come up; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
  if [ -n "${DOCKER_WATCH_PID:-}" ]; then
    # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; exec bash "$2" stop' \
      watch "$DOCKER_WATCH_PID" "$here/engine.sh" >/dev/null 2>&1 </dev/null &
  fi
}

stop() {
  if ! our_dockerd; then
    rm -f "$pid_file"
    return
  fi
  local pid
  pid=$(cat "$pid_file")
  echo "[docker] stopping dockerd ($pid)" >&2
  kill -TERM "$pid"
  # dockerd stops its containers first (10 s each at most), then the containerd it started.
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[docker] dockerd still up after 60 s, killing it" >&2
    kill -KILL "$pid"
  fi
  rm -f "$pid_file"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
