#!/usr/bin/env bash
# Start real OpenSearch nodes (EmbeddedOpenSearch.java) in the background for ftpsight's integration tests.
#
#   test/engine/start.sh [--name NAME] [--port PORT] [--data DIR] [--nodes N] [-Esetting=value...]
#
# Same as the environment variables ENGINE_NAME (default "default"), ENGINE_PORT (default: a free port),
# ENGINE_DATA (a data folder kept across stop/start; default: a temp folder deleted when the node stops) and
# ENGINE_NODES (default 1). -E arguments set node settings, as with a distribution's launcher (e.g.
# -Ehttp.max_content_length=1mb); they win over the launcher's own. Several nodes or clusters can run side by side under different names.
# ENGINE_JAVA_OPTS adds JVM flags (for a cluster, default -XX:TieredStopAtLevel=1: see start_cluster),
# ENGINE_HEAP sets the heap (default 1g, 512m for a node of a cluster),
# ENGINE_WATCH_PID makes the nodes exit when that process is gone, ENGINE_START_TIMEOUT (seconds, default 180)
# bounds the wait.
#
# --nodes N (2 or more) starts a cluster NAME of N nodes on loopback, named NAME-0 ... NAME-<N-1>, which find each
# other on fixed transport ports; each keeps its data under one temp folder until the cluster is stopped. Nodes
# 0-2 are cluster-manager-eligible, except in a cluster of 2 where only NAME-0 is (two eligible nodes lose their
# quorum when one goes): there NAME-1 is the node a test may kill. `start.sh --name NAME-i` starts one node of a
# cluster again (after a kill, or stop.sh NAME-i) with its ports, data and settings; it is ready once it has joined.
#
# When the nodes are ready, prints exactly one line on stdout: OPENSEARCH_URL=http://127.0.0.1:PORT[,...] (one URL
# per node). Everything else goes to stderr; each node's log is test/engine/.run/NODE.log. Stop with stop.sh NAME.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${ENGINE_NAME:-default}
port=${ENGINE_PORT:-0}
data=${ENGINE_DATA:-}
nodes=${ENGINE_NODES:-1}
timeout=${ENGINE_START_TIMEOUT:-180}
settings=()

usage() {
  echo "usage: $0 [--name NAME] [--port PORT] [--data DIR] [--nodes N] [-Esetting=value...]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --name) [ $# -ge 2 ] || usage; name=$2; shift 2 ;;
    --port) [ $# -ge 2 ] || usage; port=$2; shift 2 ;;
    --data) [ $# -ge 2 ] || usage; data=$2; shift 2 ;;
    --nodes) [ $# -ge 2 ] || usage; nodes=$2; shift 2 ;;
    -E?*=*) settings+=("$1"); shift ;;
    *) usage ;;
  esac
done
[[ $name =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "[engine] invalid name '$name' (letters, digits, . _ - only)" >&2; exit 2; }
[[ $nodes =~ ^[1-9][0-9]?$ ]] || { echo "[engine] --nodes must be a number from 1 to 99, not '$nodes'" >&2; exit 2; }

run=$here/.run
classpath_file=$here/target/classpath.txt
mkdir -p "$run"

# A zombie (an exited child not yet reaped) still answers kill -0, so look at the process state.
alive() {
  ps -o stat= -p "$1" | grep -qv '^Z'
}

running() {
  [ -f "$run/$1.pid" ] && ps -o args= -p "$(cat "$run/$1.pid")" | grep -q ftpsight.engine.EmbeddedOpenSearch
}

# Stops what this call started (the whole cluster when it started one) and exits.
fail() {
  echo "[engine] $1: $2; last lines of $run/$1.log:" >&2
  tail -n 40 "$run/$1.log" >&2 || true
  bash "$here/stop.sh" "$name" >&2
  exit 1
}

# Starts node $1 in the background with the ENGINE_* variables of the environment; records its PID.
launch() {
  local node=$1
  if running "$node"; then
    echo "[engine] $node is already running (PID $(cat "$run/$node.pid"), $(cat "$run/$node.url" 2>/dev/null)); stop it with $here/stop.sh $node" >&2
    exit 1
  fi
  rm -f "$run/$node.pid" "$run/$node.url"
  # Flags as in the distribution's jvm.options where they matter here, and a bounded heap for small CI machines:
  # - Netty's processor count can be set once per JVM; leave it alone instead of failing if it is already set;
  # - SPI,COMPAT locale data makes date parsing (month names, week rules) behave like a packaged OpenSearch.
  local heap=${ENGINE_HEAP:-1g}
  # shellcheck disable=SC2054 # the comma belongs to the SPI,COMPAT value
  local jvm_flags=("-Xms$heap" "-Xmx$heap"
    -Dopensearch.set.netty.runtime.available.processors=false
    -Djava.locale.providers=SPI,COMPAT
    -Dlog4j2.disable.jmx=true)
  # shellcheck disable=SC2206 # ENGINE_JAVA_OPTS is a space-separated list of flags, like JAVA_OPTS
  jvm_flags+=(${ENGINE_JAVA_OPTS:-})
  # java itself is the background job, so $! is the JVM's PID; no fd stays tied to our caller's pipes.
  ENGINE_NAME=$node ENGINE_URL_FILE=$run/$node.url \
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${jvm_flags[@]}" \
    -cp "$here/target/classes:$(cat "$classpath_file")" ftpsight.engine.EmbeddedOpenSearch "${settings[@]}" \
    </dev/null >"$run/$node.log" 2>&1 &
  echo "$!" >"$run/$node.pid"
}

# Waits until every node given has written its URL file (once it is ready).
await_ready() {
  local deadline=$((SECONDS + timeout)) node
  for node in "$@"; do
    until [ -f "$run/$node.url" ]; do
      alive "$(cat "$run/$node.pid")" || fail "$node" "the node exited during startup"
      [ "$SECONDS" -lt "$deadline" ] || fail "$node" "not ready after ${timeout}s"
      sleep 0.3
    done
  done
}

# A node's settings, as the environment its JVM gets; kept so that the node can be started again alone.
write_node_env() {
  local node=$1
  {
    for var in ENGINE_PORT ENGINE_DATA ENGINE_HOME ENGINE_CLUSTER ENGINE_CLUSTER_SIZE ENGINE_TRANSPORT_PORT \
      ENGINE_SEED_HOSTS ENGINE_MANAGERS ENGINE_ROLES ENGINE_HEAP; do
      printf 'export %s=%q\n' "$var" "${!var}"
    done
    printf 'export ENGINE_JAVA_OPTS=%q\n' "${ENGINE_JAVA_OPTS:-}"
    if [ ${#settings[@]} -gt 0 ]; then printf 'settings=(%s)\n' "$(printf '%q ' "${settings[@]}")"; fi
  } >"$run/$node.env"
}

# Three JVMs starting on a small machine spend most of their time in the C2 compiler: with C1 only, a 3-node
# cluster was ready in 11 s instead of 22 s on 2 cores, and shipping 65k lines to it took 48 s instead of 83 s.
start_cluster() {
  if [ -f "$run/$name.cluster" ]; then
    echo "[engine] cluster $name exists already ($run/$name.cluster); stop it with $here/stop.sh $name" >&2
    exit 1
  fi
  local base ports node i managers=() names=() urls=() seeds=()
  base=$(mktemp -d "${TMPDIR:-/tmp}/ftpsight-cluster-$name.XXXXXX")
  mapfile -t ports < <("${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$here/target/classes" ftpsight.engine.FreePorts $((2 * nodes)))
  for ((i = 0; i < nodes; i++)); do
    names+=("$name-$i")
    seeds+=("127.0.0.1:${ports[nodes + i]}")
    if ((nodes == 2 ? i == 0 : i < 3)); then managers+=("$name-$i"); fi
  done
  printf 'base=%q\nnodes=(%s)\n' "$base" "${names[*]}" >"$run/$name.cluster"
  for ((i = 0; i < nodes; i++)); do
    node=${names[i]}
    (
      export ENGINE_PORT=${ports[i]} ENGINE_DATA=$base/$node/data ENGINE_HOME=$base/$node/home \
        ENGINE_CLUSTER=$name ENGINE_CLUSTER_SIZE=$nodes ENGINE_TRANSPORT_PORT=${ports[nodes + i]} \
        ENGINE_SEED_HOSTS=$(IFS=,; echo "${seeds[*]}") ENGINE_MANAGERS=$(IFS=,; echo "${managers[*]}") \
        ENGINE_ROLES=$([[ " ${managers[*]} " == *" $node "* ]] && echo cluster_manager,data,ingest || echo data,ingest) \
        ENGINE_HEAP=${ENGINE_HEAP:-512m} ENGINE_JAVA_OPTS=${ENGINE_JAVA_OPTS--XX:TieredStopAtLevel=1}
      write_node_env "$node"
      launch "$node"
    )
    urls+=("http://127.0.0.1:${ports[i]}")
  done
  await_ready "${names[@]}"
  echo "OPENSEARCH_URL=$(IFS=,; echo "${urls[*]}")"
}

bash "$here/build.sh"

if [ "$nodes" -gt 1 ]; then
  start_cluster
elif [ -f "$run/$name.env" ]; then
  # One node of a cluster, started again with its ports and data.
  # shellcheck disable=SC1090
  source "$run/$name.env"
  launch "$name"
  await_ready "$name"
  echo "OPENSEARCH_URL=$(cat "$run/$name.url")"
else
  ENGINE_PORT=$port ENGINE_DATA=$data launch "$name"
  await_ready "$name"
  echo "OPENSEARCH_URL=$(cat "$run/$name.url")"
fi
