#!/usr/bin/env bash
# Installs what test/realftp/run.sh needs, on Debian 12, as root, non-interactively.
# Idempotent: a second run only checks.
#
#   vsftpd 3.0.3        installed with apt (it provides the `ftp` user, /srv/ftp)
#   ProFTPD 1.3.8       proftpd-core + proftpd-mod-crypto (mod_tls), unpacked with
#   Pure-FTPd 1.0.50    `apt-get download` + `dpkg -x` into $FTPSIGHT_REALFTP_CACHE
#                       (the three packages conflict with each other: Conflicts: ftp-server)
#   plus their runtime libraries, rsyslog (Pure-FTPd logs only to syslog), curl, lftp,
#   python3 (ftplib), openssl.
#
# No service is started: while installing, a policy-rc.d that forbids starting daemons is put
# in place if there is none (and removed afterwards).
set -euo pipefail

CACHE="${FTPSIGHT_REALFTP_CACHE:-/var/cache/ftpsight-realftp}"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[realftp-install] %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "must run as root"
  exit 1
fi
if ! grep -q '^VERSION_ID="12"' /etc/os-release 2>/dev/null; then
  log "warning: written for Debian 12 (bookworm); continuing anyway"
fi

APT_PKGS=(
  vsftpd rsyslog curl lftp openssl python3 ca-certificates procps iproute2 util-linux
  # runtime libraries of the unpacked proftpd-core / proftpd-mod-crypto / pure-ftpd
  libacl1 libcap2 libcrypt1 libhiredis0.14 libidn2-0 libmemcached11 libmemcachedutil2
  libncursesw6 libpam0g libpam-modules libpam-runtime libpcre2-8-0 libpcre2-posix3 libssl3
  libtinfo6 zlib1g libsodium23 libwrap0
)
UNPACK_PKGS=(proftpd-core proftpd-mod-crypto pure-ftpd)

POLICY=/usr/sbin/policy-rc.d
OUR_POLICY=0
cleanup() {
  if [ "$OUR_POLICY" = 1 ]; then rm -f "$POLICY"; fi
}
trap cleanup EXIT

missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

updated=0
apt_update_once() {
  if [ "$updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  apt_update_once
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# temporary, from ftpsight test/realftp/install.sh\nexit 101\n' >"$POLICY"
    chmod 755 "$POLICY"
    OUR_POLICY=1
  fi
  log "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt packages already installed"
fi

# A distribution vsftpd service must not sit on port 21 next to the test listeners; it is not
# ours to stop, so only warn.
if pgrep -x vsftpd >/dev/null 2>&1 && [ -z "${FTPSIGHT_REALFTP_QUIET:-}" ]; then
  log "note: a vsftpd process is already running (system service?); run.sh uses its own ports"
fi

mkdir -p "$CACHE/debs" "$CACHE/root"
for p in "${UNPACK_PKGS[@]}"; do
  want="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$want" ] || [ "$want" = "(none)" ]; then
    apt_update_once
    want="$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')"
  fi
  stamp="$CACHE/$p.unpacked"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "$p $want already unpacked"
    continue
  fi
  log "apt-get download $p ($want) and dpkg -x"
  tmp="$(mktemp -d)"
  chmod 755 "$tmp"
  if id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
  if ! (cd "$tmp" && apt-get download -qq "$p=$want" >/dev/null 2>&1); then
    apt_update_once
    (cd "$tmp" && apt-get download -qq "$p=$want" >/dev/null)
  fi
  deb="$(ls "$tmp"/*.deb)"
  rm -f "$CACHE/debs/${p}_"*.deb
  mv "$deb" "$CACHE/debs/"
  rm -rf "$tmp"
  dpkg -x "$CACHE/debs/$(basename "$deb")" "$CACHE/root"
  echo "$want" >"$stamp"
done

# The unpacked binaries must find every library.
for bin in "$CACHE/root/usr/sbin/proftpd" "$CACHE/root/usr/sbin/pure-ftpd" \
  "$CACHE/root/usr/lib/proftpd/mod_tls.so"; do
  if [ ! -e "$bin" ]; then
    log "missing $bin"
    exit 1
  fi
  if ldd "$bin" | grep -q 'not found'; then
    log "unresolved libraries for $bin:"
    ldd "$bin" | grep 'not found' >&2
    exit 1
  fi
done

for b in vsftpd rsyslogd curl lftp python3 openssl unshare; do
  command -v "$b" >/dev/null || { log "missing command $b"; exit 1; }
done
python3 -c 'import ftplib, ssl' || { log "python3 lacks ftplib/ssl"; exit 1; }

log "ok: vsftpd $(dpkg-query -W -f='${Version}' vsftpd), proftpd $(cat "$CACHE/proftpd-core.unpacked"), pure-ftpd $(cat "$CACHE/pure-ftpd.unpacked"), cache $CACHE"
