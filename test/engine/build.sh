#!/usr/bin/env bash
# Compile the test engine and write its runtime classpath to target/classpath.txt, only when the pom or a source
# changed since the last build. Artifacts are cached in ~/.m2; once there, Maven needs no network.
# start.sh calls it; CI calls it up front so that downloads do not count against the tests' time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
classpath_file=$here/target/classpath.txt
mkdir -p "$here/.run"

# Two engines starting at once must not run Maven into the same target/ together.
exec 9>"$here/.run/build.lock"
flock 9

if [ ! -f "$classpath_file" ] || [ ! -f "$here/target/classes/ftpsight/engine/EmbeddedOpenSearch.class" ] ||
  [ -n "$(find "$here/pom.xml" "$here/src" -newer "$classpath_file" -print -quit)" ]; then
  echo "[engine] building test/engine with Maven" >&2
  mvn -B -q -f "$here/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$classpath_file" >&2
  touch "$classpath_file" # the plugin leaves an unchanged file as it was; its date marks this build
fi
