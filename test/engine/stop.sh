#!/usr/bin/env bash
# Stop nodes started by start.sh, by the PID each recorded: SIGTERM (the node closes cleanly and deletes its temp
# folder), SIGKILL if it is still up after 30 s. Removes the PID and URL files; keeps the logs.
#
#   test/engine/stop.sh [NAME]      (default: $ENGINE_NAME, else "default")
#
# NAME may be a cluster (start.sh --nodes): all its nodes stop, and its data folder is deleted. NAME-i stops one
# node of a cluster and keeps its settings and data, for start.sh --name NAME-i.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${1:-${ENGINE_NAME:-default}}
run=$here/.run

# A zombie (our caller's exited child) still answers kill -0, so look at the process state.
alive() {
  ps -o stat= -p "$1" | grep -qv '^Z'
}

stop_node() {
  local node=$1 pid_file=$run/$1.pid pid
  if [ ! -f "$pid_file" ]; then
    echo "[engine] $node is not running" >&2
    return 0
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
      echo "[engine] $node did not stop within 30 s, killing it" >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$pid_file" "$run/$node.url"
}

if [ -f "$run/$name.cluster" ]; then
  # shellcheck disable=SC1090 # written by start.sh: base=... and nodes=(...)
  source "$run/$name.cluster"
  # Together: nodes that stop one by one wait for each other to elect a new cluster manager.
  for node in "${nodes[@]}"; do stop_node "$node" & done
  wait
  for node in "${nodes[@]}"; do rm -f "$run/$node.env"; done
  rm -rf "$base"
  rm -f "$run/$name.cluster"
else
  stop_node "$name"
fi
