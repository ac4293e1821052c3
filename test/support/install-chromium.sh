#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report tests (test/unit/report/html-report.chromium.test.ts), which
# drive it with playwright-core: Playwright's own browser builds are downloads this environment cannot make.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium: already installed ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "chromium: not installed, and installing it needs root: run 'apt-get install chromium' as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium fonts-liberation
echo "chromium: installed ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))"
