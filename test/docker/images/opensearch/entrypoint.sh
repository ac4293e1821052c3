#!/bin/bash
# Starts the node with the environment the official opensearchproject/opensearch image takes, for the settings
# ftpsight's docker-compose.yml and testcontainers pass it:
#  - a variable named like a setting (lowercase words joined by dots, e.g. discovery.type) becomes -Ename=value;
#  - OPENSEARCH_JAVA_OPTS adds JVM flags after the defaults, so that its -Xms/-Xmx win;
#  - DISABLE_SECURITY_PLUGIN=true and plugins.security.disabled=true are accepted as they are: this node has no
#    security plugin (it is not on Maven Central). Asking for security is refused, not silently ignored.
#  - DISABLE_INSTALL_DEMO_CONFIG and OPENSEARCH_INITIAL_ADMIN_PASSWORD only concern that plugin: ignored.
set -euo pipefail

refuse_security() {
  echo "[opensearch] $1: this image has no security plugin; run it with DISABLE_SECURITY_PLUGIN=true" >&2
  exit 1
}

# In a container the node listens on every interface, as the official image's opensearch.yml says.
settings=(-Enetwork.host=0.0.0.0 -Etransport.port=9300)
while IFS= read -r -d '' entry; do
  name=${entry%%=*}
  value=${entry#*=}
  [[ $name =~ ^[a-z0-9_]+\.[a-z0-9_.]+$ ]] || continue
  if [ "$name" = plugins.security.disabled ]; then
    [ "$value" = true ] || refuse_security "plugins.security.disabled=$value"
    continue
  fi
  settings+=("-E$name=$value")
done < <(env -0)
[ "${DISABLE_SECURITY_PLUGIN:-true}" = true ] || refuse_security "DISABLE_SECURITY_PLUGIN=$DISABLE_SECURITY_PLUGIN"

# As test/engine/start.sh, which explains them.
# shellcheck disable=SC2054 # the comma belongs to the SPI,COMPAT value
jvm_flags=(-Xms1g -Xmx1g
  -Dopensearch.set.netty.runtime.available.processors=false
  -Djava.locale.providers=SPI,COMPAT
  -Dlog4j2.disable.jmx=true)
# shellcheck disable=SC2206 # OPENSEARCH_JAVA_OPTS is a space-separated list of flags, as in the official image
jvm_flags+=(${OPENSEARCH_JAVA_OPTS:-})

# exec: java is PID 1 and gets `docker stop`'s SIGTERM, which closes the node cleanly.
exec java "${jvm_flags[@]}" -cp "/usr/share/opensearch/classes:/usr/share/opensearch/lib/*" \
  ftpsight.engine.EmbeddedOpenSearch "${settings[@]}"
