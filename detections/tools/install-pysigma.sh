#!/usr/bin/env bash
# Installs the pinned pySigma and its Elasticsearch and OpenSearch backends (requirements.txt) into a virtual
# environment, .cache/pysigma at the repository root, from the Python package index. Does nothing when that
# environment already holds exactly these pins. The detections tests run detections/tools/convert.py with it.
#
# FTPSIGHT_PYSIGMA_VENV chooses another folder; PYTHON another interpreter (3.9 or later, with venv).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
venv=${FTPSIGHT_PYSIGMA_VENV:-$repo/.cache/pysigma}
python=${PYTHON:-python3}
stamp=$venv/requirements.txt

if [ -x "$venv/bin/python" ] && cmp -s "$here/requirements.txt" "$stamp"; then
  exit 0
fi
command -v "$python" >/dev/null || {
  echo "[pysigma] $python not found: install Python 3.9+ (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
}
echo "[pysigma] installing the pinned pySigma into $venv" >&2
rm -rf "$venv"
"$python" -m venv "$venv" || {
  echo "[pysigma] '$python -m venv' failed: install the venv module (Debian: apt-get install python3-venv)" >&2
  exit 1
}
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
cp "$here/requirements.txt" "$stamp"
