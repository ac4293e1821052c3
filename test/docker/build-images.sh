#!/usr/bin/env bash
# Builds, on this machine, the images the Docker tests run (no image registry is reachable here):
#   ftpsight-ci/debian:bookworm     Debian minbase, from debootstrap and the mirror apt is configured with
#   ftpsight-ci/node:20             Debian + this machine's Node.js (the one CI tests with) and trusted CAs, laid
#                                   out like the official node image, so the repo's Dockerfile builds on it as is
#   ftpsight-ci/opensearch:2.19.6   Debian + a JRE + the OpenSearch jars test/engine resolves from Maven Central
#   ftpsight-ci/ftpsight:test       the repo's own Dockerfile, on ftpsight-ci/node:20
#   ftpsight-ci/dashboards-stub     answers OpenSearch Dashboards' status and saved-objects import API
# Prints the image names as NAME=IMAGE lines on stdout (progress goes to stderr). Run it again at will: the base
# is built once, and Docker's layer cache makes the other builds quick when their inputs did not change.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build_timeout=${DOCKER_BUILD_TIMEOUT:-900}

DEBIAN_IMAGE=ftpsight-ci/debian:bookworm
NODE_IMAGE=ftpsight-ci/node:20
OPENSEARCH_IMAGE=ftpsight-ci/opensearch:2.19.6
FTPSIGHT_IMAGE=ftpsight-ci/ftpsight:test
DASHBOARDS_STUB_IMAGE=ftpsight-ci/dashboards-stub:test

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'echo "[images] failed at line $LINENO: $BASH_COMMAND" >&2' ERR

has_image() {
  docker image inspect "$1" >/dev/null 2>&1
}

# --network host: RUN steps reach Debian's and npm's registries the way this machine does.
build() {
  echo "[images] building $1" >&2
  timeout "$build_timeout" docker build --quiet --force-rm --network host -t "$@" >/dev/null
}

# The first Debian mirror apt is configured with (deb822 .sources files, then one-line .list files); never the
# security archive, which only carries updates.
debian_mirror() {
  local file uri uris=()
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    read -ra uris <<<"$(sed -n 's/^URIs:[[:space:]]*//p' "$file" | tr '\n' ' ')"
    for uri in "${uris[@]}"; do
      [[ $uri == *security* ]] || { echo "$uri" && return; }
    done
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    uri=$(sed -nE '/security/d; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$file" | head -n 1)
    [ -z "$uri" ] || { echo "$uri" && return; }
  done
}

build_debian() {
  has_image "$DEBIAN_IMAGE" && return
  local mirror rootfs=$work/rootfs
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || { echo "[images] no Debian mirror found in apt's sources" >&2; exit 1; }
  echo "[images] building $DEBIAN_IMAGE with debootstrap" >&2
  timeout "$build_timeout" debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  # Package lists and downloaded .deb files only make the image bigger; images run apt-get update first.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | docker import - "$DEBIAN_IMAGE" >/dev/null
}

# The context holds ~100 MB (node, npm): sent every time, but an unchanged one is all cache hits.
build_node() {
  local node context=$work/node
  node=$(readlink -f "$(command -v node)")
  mkdir -p "$context"
  cp "$node" "$context/node"
  cp -r "$(dirname "$node")/../lib/node_modules/npm" "$context/npm"
  # The certificate authorities this machine trusts, so that npm in the image reaches the registry as it does here.
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  cp "$here/images/node/Dockerfile" "$context/"
  build "$NODE_IMAGE" --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" "$context"
}

build_opensearch() {
  local context=$work/opensearch
  bash "$repo/test/engine/build.sh"
  mkdir -p "$context/lib"
  tr ':' '\n' <"$repo/test/engine/target/classpath.txt" | xargs -I{} cp {} "$context/lib/"
  cp -r "$repo/test/engine/target/classes" "$context/classes"
  cp "$here/images/opensearch/"* "$context/"
  build "$OPENSEARCH_IMAGE" --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" "$context"
}

build_debian
build_node
build_opensearch
build "$FTPSIGHT_IMAGE" --build-arg "NODE_IMAGE=$NODE_IMAGE" "$repo"
build "$DASHBOARDS_STUB_IMAGE" --build-arg "BASE_IMAGE=$NODE_IMAGE" "$here/images/dashboards-stub"

for name in DEBIAN_IMAGE NODE_IMAGE OPENSEARCH_IMAGE FTPSIGHT_IMAGE DASHBOARDS_STUB_IMAGE; do
  echo "$name=${!name}"
done
