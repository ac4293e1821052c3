#!/usr/bin/env bash
# Start one real OpenSearch node (EmbeddedOpenSearch.java) in the background for ftpsight's integration tests.
#
#   test/engine/start.sh [--name NAME] [--port PORT] [--data DIR]
#
# Same as the environment variables ENGINE_NAME (default "default"), ENGINE_PORT (default: a free port) and
# ENGINE_DATA (a data folder kept across stop/start; default: a temp folder deleted when the node stops).
# Several nodes can run side by side under different names. ENGINE_JAVA_OPTS adds JVM flags, ENGINE_WATCH_PID
# makes the node exit when that process is gone, ENGINE_START_TIMEOUT (seconds, default 180) bounds the wait.
#
# When the node is ready, prints exactly one line on stdout: OPENSEARCH_URL=http://127.0.0.1:PORT
# Everything else goes to stderr; the node's log is test/engine/.run/NAME.log. Stop it with stop.sh NAME.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${ENGINE_NAME:-default}
port=${ENGINE_PORT:-0}
data=${ENGINE_DATA:-}
timeout=${ENGINE_START_TIMEOUT:-180}

usage() {
  echo "usage: $0 [--name NAME] [--port PORT] [--data DIR]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --name) [ $# -ge 2 ] || usage; name=$2; shift 2 ;;
    --port) [ $# -ge 2 ] || usage; port=$2; shift 2 ;;
    --data) [ $# -ge 2 ] || usage; data=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ $name =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "[engine] invalid name '$name' (letters, digits, . _ - only)" >&2; exit 2; }

run=$here/.run
pid_file=$run/$name.pid
url_file=$run/$name.url
log=$run/$name.log
classpath_file=$here/target/classpath.txt
mkdir -p "$run"

# A zombie (an exited child not yet reaped) still answers kill -0, so look at the process state.
alive() {
  ps -o stat= -p "$1" | grep -qv '^Z'
}

fail() {
  echo "[engine] $name: $1; last lines of $log:" >&2
  tail -n 40 "$log" >&2 || true
  bash "$here/stop.sh" "$name" >&2
  exit 1
}

if [ -f "$pid_file" ] && ps -o args= -p "$(cat "$pid_file")" | grep -q ftpsight.engine.EmbeddedOpenSearch; then
  echo "[engine] $name is already running (PID $(cat "$pid_file"), $(cat "$url_file" 2>/dev/null)); stop it with $here/stop.sh $name" >&2
  exit 1
fi
rm -f "$pid_file" "$url_file"

bash "$here/build.sh"

# Flags as in the distribution's jvm.options where they matter here, and a bounded heap for small CI machines:
# - Netty's processor count can be set once per JVM; leave it alone instead of failing if it is already set;
# - SPI,COMPAT locale data makes date parsing (month names, week rules) behave like a packaged OpenSearch.
# shellcheck disable=SC2054 # the comma belongs to the SPI,COMPAT value
jvm_flags=(-Xms1g -Xmx1g
  -Dopensearch.set.netty.runtime.available.processors=false
  -Djava.locale.providers=SPI,COMPAT
  -Dlog4j2.disable.jmx=true)
# shellcheck disable=SC2206 # ENGINE_JAVA_OPTS is a space-separated list of flags, like JAVA_OPTS
jvm_flags+=(${ENGINE_JAVA_OPTS:-})

# java itself is the background job, so $! is the JVM's PID; no fd stays tied to our caller's pipes.
ENGINE_NAME=$name ENGINE_PORT=$port ENGINE_DATA=$data ENGINE_URL_FILE=$url_file \
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${jvm_flags[@]}" \
  -cp "$here/target/classes:$(cat "$classpath_file")" ftpsight.engine.EmbeddedOpenSearch \
  </dev/null >"$log" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"

# The node writes the URL file once the cluster is at least yellow.
deadline=$((SECONDS + timeout))
until [ -f "$url_file" ]; do
  alive "$pid" || fail "the node exited during startup"
  [ "$SECONDS" -lt "$deadline" ] || fail "not ready after ${timeout}s"
  sleep 0.3
done
echo "OPENSEARCH_URL=$(cat "$url_file")"
