#!/bin/sh
# The image's `ftpsight` command. Docker and Compose hand secrets over as files: for every FTPSIGHT_<NAME>_FILE
# variable, FTPSIGHT_<NAME> is set to that file's content (FTPSIGHT_PASSWORD_FILE=/run/secrets/es sets
# FTPSIGHT_PASSWORD), as the official database and search engine images do with their own variables.
set -eu
for name in $(env | sed -n 's/^\(FTPSIGHT_[A-Z0-9_]*\)_FILE=.*/\1/p'); do
  file=$(eval "printf '%s' \"\$${name}_FILE\"")
  if [ ! -r "$file" ]; then
    echo "ftpsight: ${name}_FILE names $file, which cannot be read" >&2
    exit 1
  fi
  value=$(cat "$file")
  export "$name=$value"
  unset "${name}_FILE"
done
exec node /opt/ftpsight/dist/cli/main.js "$@"
