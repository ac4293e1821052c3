#!/usr/bin/env bash
# Regenerates test/realftp/sample-output/: one harness run with every scenario but b2 (a second
# explicit PROT P session), copied without the run/ directory (certificate, key) and without the
# client transcripts; the server configurations go to config/. Logs are copied as the servers
# wrote them.
#
#   sudo bash test/realftp/update-sample.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SAMPLE="$HERE/sample-output"
SCENARIOS="k,k2,a,b,c,d,e,f,g,h,i,j"

tmp="$(mktemp -d /tmp/ftpsight-realftp-sample.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

FTPSIGHT_REALFTP_SCENARIOS="$SCENARIOS" bash "$HERE/run.sh" "$tmp/out"

rm -rf "$SAMPLE"
mkdir -p "$SAMPLE"
for d in vsftpd proftpd pure-ftpd pure-ftpd-quiet; do
  if [ -d "$tmp/out/$d" ]; then cp -r "$tmp/out/$d" "$SAMPLE/"; fi
done
# The server configurations (and Pure-FTPd's command lines) that produced these logs.
mkdir -p "$SAMPLE/config"
cp "$tmp/out/run/"*.conf "$tmp/out/run/"*.cmdline "$SAMPLE/config/" 2>/dev/null || true
python3 - "$tmp/out/manifest.json" "$SAMPLE/manifest.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
for s in m["sessions"]:
    s.pop("transcript", None)
m["sample_note"] = (
    "Copy of one run of test/realftp/run.sh (scenario b2 left out), made by update-sample.sh. "
    "The client transcripts (clients/) and run/ are not included; 'client_sent' lists each "
    "command the client sent and whether the control channel was TLS-protected then. "
    "Passwords and e-mails in these logs are throwaway test values, kept as the servers logged them."
)
with open(sys.argv[2], "w") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
EOF
find "$SAMPLE" -type d -exec chmod 755 {} +
find "$SAMPLE" -type f -exec chmod 644 {} +
# Empty logs carry no example (e.g. an xferlog of a listener where nothing was transferred).
find "$SAMPLE" -type f -empty -delete
python3 - "$SAMPLE/manifest.json" "$SAMPLE" <<'EOF'
import json, os, sys
p, root = sys.argv[1], sys.argv[2]
m = json.load(open(p))
m["files"] = [f for f in m["files"] if os.path.exists(os.path.join(root, f["path"]))]
with open(p, "w") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
EOF
# The repository's `prettier --check .` covers JSON files.
if [ -x "$REPO/node_modules/.bin/prettier" ]; then
  (cd "$REPO" && node_modules/.bin/prettier --write test/realftp/sample-output/manifest.json >/dev/null)
fi
du -sh "$SAMPLE"
