#!/usr/bin/env bash
# Runs convert.py with the pinned pySigma (installed first if needed, see install-pysigma.sh). Arguments are
# passed on; the JSON goes to stdout, everything else to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=${FTPSIGHT_PYSIGMA_VENV:-$(cd "$here/../.." && pwd)/.cache/pysigma}
bash "$here/install-pysigma.sh" >&2
exec "$venv/bin/python" "$here/convert.py" "$@"
