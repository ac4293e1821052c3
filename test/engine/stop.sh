#!/usr/bin/env bash
# Stop a node started by start.sh, by the PID it recorded: SIGTERM (the node closes cleanly and deletes its
# temp folder), SIGKILL if it is still up after 30 s. Removes the PID and URL files; keeps the log.
#
#   test/engine/stop.sh [NAME]      (default: $ENGINE_NAME, else "default")
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${1:-${ENGINE_NAME:-default}}
pid_file=$here/.run/$name.pid

# A zombie (our caller's exited child) still answers kill -0, so look at the process state.
alive() {
  ps -o stat= -p "$1" | grep -qv '^Z'
}

if [ ! -f "$pid_file" ]; then
  echo "[engine] $name is not running" >&2
  exit 0
fi
pid=$(cat "$pid_file")
# Signal only our engine: after a reboot or a crash the recorded PID may belong to another process.
if alive "$pid" && ps -o args= -p "$pid" | grep -q ftpsight.engine.EmbeddedOpenSearch; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    alive "$pid" || break
    sleep 0.5
  done
  if alive "$pid"; then
    echo "[engine] $name did not stop within 30 s, killing it" >&2
    kill -KILL "$pid"
  fi
fi
rm -f "$pid_file" "$here/.run/$name.url"
