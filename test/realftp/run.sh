#!/usr/bin/env bash
# Starts vsftpd, ProFTPD and Pure-FTPd on loopback with plain / explicit-optional /
# TLS-required / implicit listeners, drives curl, lftp and Python ftplib through the scenarios
# of README.md, stops every server by its PID, and writes OUTDIR/manifest.json (sessions with
# their expected verdicts, log files, secrets used, ProFTPD LogFormat).
#
#   sudo bash test/realftp/install.sh          # once per machine
#   sudo bash test/realftp/run.sh OUTDIR       # ~30 s
#
# Environment: FTPSIGHT_REALFTP_CACHE (default /var/cache/ftpsight-realftp, as in install.sh),
# FTPSIGHT_REALFTP_SERVERS (default "vsftpd proftpd pure-ftpd pure-ftpd-quiet"), FTPSIGHT_REALFTP_SCENARIOS
# (comma list of scenario ids to run, default all: k,k2,a,b,b2,c,d,e,f,g,h,i,j).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${FTPSIGHT_REALFTP_CACHE:-/var/cache/ftpsight-realftp}"
SERVERS="${FTPSIGHT_REALFTP_SERVERS:-vsftpd proftpd pure-ftpd pure-ftpd-quiet}"
STATE=/var/lib/ftpsight-realftp # test user's home and the anonymous root live here

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "run.sh must run as root (it starts FTP servers and creates a local user)" >&2
  exit 1
fi

mkdir -p "$1"
OUT="$(cd "$1" && pwd)"
if [ -n "$(ls -A "$OUT" 2>/dev/null)" ]; then
  echo "OUTDIR $OUT is not empty; give a new or empty directory" >&2
  exit 2
fi
chmod 755 "$OUT" # ProFTPD refuses to log into world-writable directories
RUN="$OUT/run"   # configs, certificate, pid files, sockets
mkdir -p "$RUN"
chmod 700 "$RUN"

export TZ=UTC LC_ALL=C

# ---------------------------------------------------------------- fixed test parameters
HOST=127.0.0.1
FTP_USER=ftpsight-user
FTP_PASS='S3cr3t-Pass!42'
WRONG_PASS='Wr0ng-Pass?17'
ANON_EMAIL='analyst@example.org'

# Ports: <server base> + 21 plain, +22 explicit (TLS optional), +23 TLS required, +90 implicit.
# Passive ranges are per listener and below the kernel's ephemeral range (32768+).
VS_PLAIN=2121 VS_EXPLICIT=2122 VS_REQUIRED=2123 VS_IMPLICIT=2190
PRO_PLAIN=2221 PRO_EXPLICIT=2222 PRO_REQUIRED=2223 PRO_IMPLICIT=2290
PURE_PLAIN=2321 PURE_EXPLICIT=2322 PURE_REQUIRED=2323
# The same Pure-FTPd at its default verbosity (no -d): what most installations log.
QUIET_PLAIN=2331 QUIET_EXPLICIT=2332 QUIET_REQUIRED=2333

log() { printf '[realftp %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

PIDS=()      # "name pid" of every daemon we started, in start order
DEVLOG_OURS=0
# Stops every daemon we started by its PID (TERM, then KILL after 5 s), bounded.
stop_all() {
  local entry name pid
  for entry in "${PIDS[@]}"; do
    pid="${entry##* }"
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for entry in "${PIDS[@]}"; do
    name="${entry% *}"
    pid="${entry##* }"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) did not stop on TERM, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  PIDS=()
  if [ "$DEVLOG_OURS" = 1 ] && [ -S /dev/log ]; then rm -f /dev/log; fi
  DEVLOG_OURS=0
}
on_exit() {
  local rc=$?
  set +e
  stop_all
  if [ "$rc" != 0 ]; then log "FAILED (exit $rc); servers stopped; partial output in $OUT"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# Waits (bounded) until PORT is in LISTEN state on HOST. Looks at the socket table instead of
# connecting, so that no probe connection shows up in the servers' logs.
listening() { [ -n "$(ss -Hltn "src $HOST:$1" 2>/dev/null)" ]; }
wait_port() {
  local port="$1" name="$2" pid="$3"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) exited during start-up"
      return 1
    fi
    if listening "$port"; then return 0; fi
    sleep 0.1
  done
  log "$name did not listen on $HOST:$port within 10 s"
  return 1
}

# ---------------------------------------------------------------- preflight
for b in curl lftp python3 openssl rsyslogd vsftpd ss unshare; do
  command -v "$b" >/dev/null || { log "missing $b: run test/realftp/install.sh"; exit 1; }
done
PROFTPD="$CACHE/root/usr/sbin/proftpd"
PUREFTPD="$CACHE/root/usr/sbin/pure-ftpd"
for b in "$PROFTPD" "$PUREFTPD" "$CACHE/root/usr/lib/proftpd/mod_tls.so"; do
  [ -e "$b" ] || { log "missing $b: run test/realftp/install.sh"; exit 1; }
done
for p in $VS_PLAIN $VS_EXPLICIT $VS_REQUIRED $VS_IMPLICIT $PRO_PLAIN $PRO_EXPLICIT $PRO_REQUIRED \
  $PRO_IMPLICIT $PURE_PLAIN $PURE_EXPLICIT $PURE_REQUIRED $QUIET_PLAIN $QUIET_EXPLICIT $QUIET_REQUIRED; do
  if listening "$p"; then
    log "port $p on $HOST is already in use (a previous run still alive?)"
    exit 1
  fi
done

# ---------------------------------------------------------------- certificate, user, files
log "certificate"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$RUN/key.pem" -out "$RUN/cert.pem" -days 30 \
  -subj /CN=localhost >/dev/null 2>&1
cat "$RUN/cert.pem" "$RUN/key.pem" >"$RUN/pure-ftpd.pem"
chmod 600 "$RUN/key.pem" "$RUN/pure-ftpd.pem"

log "test user $FTP_USER"
mkdir -p "$STATE"
chmod 755 "$STATE"
if ! getent group ftp >/dev/null; then groupadd --system ftp; fi
if ! id ftp >/dev/null 2>&1; then
  # vsftpd's package creates it; Pure-FTPd's anonymous login needs a user named "ftp".
  mkdir -p /srv/ftp
  useradd --system --gid ftp --home-dir /srv/ftp --shell /usr/sbin/nologin ftp
fi
if ! id "$FTP_USER" >/dev/null 2>&1; then
  useradd --create-home --home-dir "$STATE/home/$FTP_USER" --shell /usr/sbin/nologin "$FTP_USER"
fi
echo "$FTP_USER:$FTP_PASS" | chpasswd
USER_HOME="$(getent passwd "$FTP_USER" | cut -d: -f6)"
mkdir -p "$USER_HOME/pub"
printf 'hello from ftpsight realftp\n' >"$USER_HOME/hello.txt"
printf 'readme\n' >"$USER_HOME/pub/readme.txt"
chown -R "$FTP_USER:" "$USER_HOME"
ANON_ROOT="$STATE/anon"
mkdir -p "$ANON_ROOT"
printf 'public file for anonymous users\n' >"$ANON_ROOT/welcome.txt"
chown -R root:root "$ANON_ROOT"
chmod 755 "$ANON_ROOT"
chmod 644 "$ANON_ROOT/welcome.txt"

# vsftpd authenticates through PAM; the distribution's /etc/pam.d/vsftpd insists on a shell listed
# in /etc/shells (pam_shells), and the test user has none, so it gets its own minimal service.
cat >/etc/pam.d/ftpsight-vsftpd <<'EOF'
# ftpsight test/realftp: vsftpd logins of the local test user (no shell check)
auth     required pam_unix.so
account  required pam_unix.so
session  required pam_permit.so
EOF

# Pure-FTPd's unix authentication insists on a shell from /etc/shells (the test user has
# nologin), so it authenticates through PAM, service name "pure-ftpd". That file belongs to the
# pure-ftpd-common package when it is installed; a file not written by us is left alone.
PURE_PAM=/etc/pam.d/pure-ftpd
if [ ! -e "$PURE_PAM" ] || grep -q '^# ftpsight test/realftp' "$PURE_PAM"; then
  cat >"$PURE_PAM" <<'EOF'
# ftpsight test/realftp: Pure-FTPd logins of the local test user (no shell check)
auth     required pam_unix.so
account  required pam_unix.so
session  required pam_permit.so
EOF
else
  log "warning: $PURE_PAM is not ours; Pure-FTPd logins may fail (pam_shells vs nologin)"
fi

# ---------------------------------------------------------------- vsftpd: one process per listener
start_vsftpd() {
  mkdir -p "$RUN/vsftpd-empty" "$OUT/vsftpd"
  chmod 755 "$RUN/vsftpd-empty"
  local kind port pmin conf
  for kind in plain explicit required implicit; do
    case $kind in
      plain) port=$VS_PLAIN pmin=31000 ;;
      explicit) port=$VS_EXPLICIT pmin=31010 ;;
      required) port=$VS_REQUIRED pmin=31020 ;;
      implicit) port=$VS_IMPLICIT pmin=31030 ;;
    esac
    mkdir -p "$OUT/vsftpd/$kind"
    conf="$RUN/vsftpd-$kind.conf"
    cat >"$conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$HOST
listen_port=$port
background=NO
seccomp_sandbox=NO
pam_service_name=ftpsight-vsftpd
secure_chroot_dir=$RUN/vsftpd-empty
local_enable=YES
write_enable=NO
anonymous_enable=$([ $kind = plain ] && echo YES || echo NO)
anon_root=$ANON_ROOT
ftp_username=ftp
no_anon_password=NO
connect_from_port_20=NO
pasv_enable=YES
pasv_address=$HOST
pasv_min_port=$pmin
pasv_max_port=$((pmin + 9))
idle_session_timeout=60
data_connection_timeout=30
xferlog_enable=YES
xferlog_std_format=NO
dual_log_enable=YES
log_ftp_protocol=YES
syslog_enable=NO
vsftpd_log_file=$OUT/vsftpd/$kind/vsftpd.log
xferlog_file=$OUT/vsftpd/$kind/xferlog
EOF
    case $kind in
      plain) echo "ssl_enable=NO" >>"$conf" ;;
      *)
        cat >>"$conf" <<EOF
ssl_enable=YES
rsa_cert_file=$RUN/cert.pem
rsa_private_key_file=$RUN/key.pem
ssl_ciphers=HIGH
require_ssl_reuse=NO
debug_ssl=YES
allow_anon_ssl=NO
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
EOF
        ;;
    esac
    case $kind in
      explicit) printf 'force_local_logins_ssl=NO\nforce_local_data_ssl=NO\n' >>"$conf" ;;
      required) printf 'force_local_logins_ssl=YES\nforce_local_data_ssl=YES\n' >>"$conf" ;;
      implicit) printf 'implicit_ssl=YES\nforce_local_logins_ssl=YES\nforce_local_data_ssl=YES\n' >>"$conf" ;;
    esac
    vsftpd "$conf" >"$RUN/vsftpd-$kind.stderr" 2>&1 </dev/null &
    local pid=$!
    PIDS+=("vsftpd-$kind $pid")
    wait_port "$port" "vsftpd-$kind" "$pid"
    log "vsftpd $kind listener on $HOST:$port (pid $pid)"
  done
}

# ---------------------------------------------------------------- ProFTPD: one daemon, 4 vhosts
# Written into the manifest verbatim (the config file escapes its double quotes as \"), so a
# parser can be configured with it.
PRO_LOGFORMAT='%{iso8601} [%P] %a:%{remote-port} -> %L:%p %{protocol} user="%u" orig_user="%U" cmd="%m" request="%r" args="%J" anon_pass="%A" code=%s response="%S" file="%f" bytes=%b xfer_status=%{transfer-status} eos="%E"'
# A second ExtendedLog in a layout many sites use: commands only (no CONNECT/EXIT lines), whole
# seconds, no %{protocol}. Only the TLSLog beside it can prove an implicit-TLS session.
PRO_COMMANDS_LOGFORMAT='%t [%P] %a:%{remote-port} -> %p "%r" %s %u'
start_proftpd() {
  mkdir -p "$OUT/proftpd"
  chmod 755 "$OUT/proftpd"
  local conf="$RUN/proftpd.conf"
  local tlscommon="TLSRSACertificateFile $RUN/cert.pem
    TLSRSACertificateKeyFile $RUN/key.pem
    TLSProtocol TLSv1.2 TLSv1.3
    TLSVerifyClient off
    TLSLog $OUT/proftpd/tls.log"
  cat >"$conf" <<EOF
# ftpsight test/realftp ProFTPD configuration (generated by run.sh)
ServerType standalone
ServerName "ftpsight-proftpd"
DefaultServer off
Port 0
User nobody
Group nogroup
PidFile $RUN/proftpd.pid
ScoreboardFile $RUN/proftpd.scoreboard
DelayTable $RUN/proftpd.delay
ModulePath $CACHE/root/usr/lib/proftpd
<IfModule mod_dso.c>
  LoadModule mod_tls.c
</IfModule>
UseIPv6 off
SocketBindTight on
UseReverseDNS off
WtmpLog off
SystemLog $OUT/proftpd/system.log
LogFormat ftpsight "${PRO_LOGFORMAT//\"/\\\"}"
LogFormat ftpsight-commands "${PRO_COMMANDS_LOGFORMAT//\"/\\\"}"

<Global>
  PassivePorts 31100 31139
  AuthPAM off
  AuthOrder mod_auth_unix.c
  RequireValidShell off
  AllowOverwrite off
  TimeoutIdle 60
  ExtendedLog $OUT/proftpd/extended.log ALL,CONNECT,DISCONNECT,EXIT ftpsight
  ExtendedLog $OUT/proftpd/commands.log ALL ftpsight-commands
  TransferLog $OUT/proftpd/xferlog
</Global>

<VirtualHost $HOST>
  ServerName "ftpsight-proftpd plain"
  Port $PRO_PLAIN
  TLSEngine off
  <Anonymous $ANON_ROOT>
    User ftp
    Group ftp
    UserAlias anonymous ftp
    RequireValidShell off
    <Limit WRITE>
      DenyAll
    </Limit>
  </Anonymous>
</VirtualHost>

<VirtualHost $HOST>
  ServerName "ftpsight-proftpd explicit"
  Port $PRO_EXPLICIT
  TLSEngine on
  TLSRequired off
  TLSOptions NoSessionReuseRequired
  $tlscommon
</VirtualHost>

<VirtualHost $HOST>
  ServerName "ftpsight-proftpd required"
  Port $PRO_REQUIRED
  TLSEngine on
  TLSRequired on
  TLSOptions NoSessionReuseRequired
  $tlscommon
</VirtualHost>

<VirtualHost $HOST>
  ServerName "ftpsight-proftpd implicit"
  Port $PRO_IMPLICIT
  TLSEngine on
  TLSRequired on
  TLSOptions NoSessionReuseRequired UseImplicitSSL
  $tlscommon
</VirtualHost>
EOF
  "$PROFTPD" --configtest -c "$conf" >"$RUN/proftpd-configtest.txt" 2>&1 || {
    cat "$RUN/proftpd-configtest.txt" >&2
    return 1
  }
  # It daemonizes (so that SystemLog is used); its PID comes from the PidFile.
  "$PROFTPD" -c "$conf" >"$RUN/proftpd.stderr" 2>&1 </dev/null
  local pid=""
  for _ in $(seq 1 50); do
    if [ -s "$RUN/proftpd.pid" ]; then pid="$(cat "$RUN/proftpd.pid")"; break; fi
    sleep 0.1
  done
  [ -n "$pid" ] || { log "proftpd wrote no pid file"; cat "$RUN/proftpd.stderr" >&2; return 1; }
  PIDS+=("proftpd $pid")
  for port in $PRO_PLAIN $PRO_EXPLICIT $PRO_REQUIRED $PRO_IMPLICIT; do
    wait_port "$port" proftpd "$pid"
  done
  log "proftpd on $HOST:$PRO_PLAIN/$PRO_EXPLICIT/$PRO_REQUIRED/$PRO_IMPLICIT (pid $pid)"
}

# ---------------------------------------------------------------- Pure-FTPd: rsyslogd + 3 processes
# per verbosity. `pure-ftpd` logs with -d -d (every command and reply) to facility ftp;
# `pure-ftpd-quiet` at the default verbosity (no -d) to facility local1, into files of its own.
SYSLOG_SOCK=""
PURE_WRAP=()
start_syslog() {
  [ -z "$SYSLOG_SOCK" ] || return 0
  mkdir -p "$OUT/pure-ftpd" "$OUT/pure-ftpd-quiet" "$RUN/rsyslog"
  local sock wrap=()
  # Pure-FTPd writes to syslog(3), i.e. /dev/log. If there is no /dev/log, our rsyslogd creates
  # it (and it is removed afterwards). If there is one (another syslog daemon's socket, journald's
  # symlink, a stale socket), it is left alone: Pure-FTPd runs in a private mount namespace
  # where our socket is bind-mounted over /dev/log.
  if [ -e /dev/log ]; then
    sock="$RUN/log.sock"
    # shellcheck disable=SC2016 # $0/$@ are expanded by that inner sh
    wrap=(unshare --mount --propagation private sh -c 'mount --bind "$0" /dev/log && exec "$@"' "$sock")
    log "/dev/log exists: Pure-FTPd gets a private /dev/log (mount namespace)"
  elif [ -L /dev/log ]; then
    log "/dev/log is a dangling symlink; remove it or start its syslog daemon, then rerun"
    return 1
  else
    sock=/dev/log
    DEVLOG_OURS=1
  fi
  cat >"$RUN/rsyslog.conf" <<EOF
global(workDirectory="$RUN/rsyslog" maxMessageSize="64k")
module(load="imuxsock" SysSock.Use="on" SysSock.Name="$sock" SysSock.RateLimit.Interval="0"
       SysSock.Unlink="on")
# One file per timestamp style, both with every Pure-FTPd instance of a verbosity in it.
ftp.* action(type="omfile" file="$OUT/pure-ftpd/syslog-traditional.log" template="RSYSLOG_TraditionalFileFormat")
ftp.* action(type="omfile" file="$OUT/pure-ftpd/syslog-rfc3339.log" template="RSYSLOG_FileFormat")
local1.* action(type="omfile" file="$OUT/pure-ftpd-quiet/syslog-traditional.log" template="RSYSLOG_TraditionalFileFormat")
local1.* action(type="omfile" file="$OUT/pure-ftpd-quiet/syslog-rfc3339.log" template="RSYSLOG_FileFormat")
EOF
  rsyslogd -n -f "$RUN/rsyslog.conf" -i "$RUN/rsyslogd.pid" >"$RUN/rsyslogd.stderr" 2>&1 </dev/null &
  local rpid=$!
  PIDS+=("rsyslogd $rpid")
  for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
  [ -S "$sock" ] || { log "rsyslogd did not create $sock"; cat "$RUN/rsyslogd.stderr" >&2; return 1; }
  log "rsyslogd on $sock (pid $rpid)"
  SYSLOG_SOCK=$sock
  PURE_WRAP=("${wrap[@]}")
}

# start_pureftpd NAME: NAME is pure-ftpd (-d -d, ports 232x, passive 31200+) or pure-ftpd-quiet (default
# verbosity, ports 233x, passive 31230+).
start_pureftpd() {
  local name=$1 kind port pmin flags verbosity facility base pbase
  start_syslog
  if [ "$name" = pure-ftpd ]; then
    # -d -d: every command and reply to syslog.
    verbosity=(-d -d) facility=ftp base=$PURE_PLAIN pbase=31200
  else
    verbosity=() facility=local1 base=$QUIET_PLAIN pbase=31230
  fi
  for kind in plain explicit required; do
    case $kind in
      plain) port=$base pmin=$pbase flags=(-Y 0) ;;
      explicit) port=$((base + 1)) pmin=$((pbase + 10)) flags=(-Y 1 -E) ;;
      required) port=$((base + 2)) pmin=$((pbase + 20)) flags=(-Y 2 -E) ;;
    esac
    mkdir -p "$OUT/$name/$kind"
    # -1: the session's PID in each syslog line (without it the lines carry no PID and concurrent
    # sessions from one IP cannot be told apart).
    local argv=("$PUREFTPD" -S "$HOST,$port" -p "$pmin:$((pmin + 9))" -P "$HOST" -l pam "${verbosity[@]}" -1 -H
      -f "$facility" -I 60 -2 "$RUN/pure-ftpd.pem" -O "xferlog:$OUT/$name/$kind/xferlog"
      -g "$RUN/$name-$kind.pid" "${flags[@]}")
    printf '%s\n' "${argv[*]}" >"$RUN/$name-$kind.cmdline"
    "${PURE_WRAP[@]}" "${argv[@]}" >"$RUN/$name-$kind.stderr" 2>&1 </dev/null &
    local pid=$!
    PIDS+=("$name-$kind $pid")
    wait_port "$port" "$name-$kind" "$pid"
    log "$name $kind listener on $HOST:$port (pid $pid)"
  done
}

# ---------------------------------------------------------------- start, drive, stop
for s in $SERVERS; do
  case $s in
    vsftpd) start_vsftpd ;;
    proftpd) start_proftpd ;;
    pure-ftpd | pure-ftpd-quiet) start_pureftpd "$s" ;;
    *) log "unknown server $s"; exit 2 ;;
  esac
done

cat >"$RUN/drive.json" <<EOF
{
  "outdir": "$OUT",
  "host": "$HOST",
  "servers": "$SERVERS",
  "scenarios": "${FTPSIGHT_REALFTP_SCENARIOS:-}",
  "user": "$FTP_USER",
  "password": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$FTP_PASS"),
  "wrong_password": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$WRONG_PASS"),
  "anon_email": "$ANON_EMAIL",
  "ports": {
    "vsftpd": {"plain": $VS_PLAIN, "explicit": $VS_EXPLICIT, "required": $VS_REQUIRED, "implicit": $VS_IMPLICIT},
    "proftpd": {"plain": $PRO_PLAIN, "explicit": $PRO_EXPLICIT, "required": $PRO_REQUIRED, "implicit": $PRO_IMPLICIT},
    "pure-ftpd": {"plain": $PURE_PLAIN, "explicit": $PURE_EXPLICIT, "required": $PURE_REQUIRED, "implicit": null},
    "pure-ftpd-quiet": {"plain": $QUIET_PLAIN, "explicit": $QUIET_EXPLICIT, "required": $QUIET_REQUIRED, "implicit": null}
  },
  "proftpd_logformat": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$PRO_LOGFORMAT"),
  "proftpd_commands_logformat": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$PRO_COMMANDS_LOGFORMAT"),
  "versions": {
    "vsftpd": "$(dpkg-query -W -f='${Version}' vsftpd 2>/dev/null || echo unknown)",
    "proftpd": "$(cat "$CACHE/proftpd-core.unpacked" 2>/dev/null || echo unknown)",
    "pure-ftpd": "$(cat "$CACHE/pure-ftpd.unpacked" 2>/dev/null || echo unknown)",
    "pure-ftpd-quiet": "$(cat "$CACHE/pure-ftpd.unpacked" 2>/dev/null || echo unknown)"
  }
}
EOF

log "driving clients"
drive_rc=0
python3 "$HERE/lib/drive.py" run "$RUN/drive.json" || drive_rc=$?

sleep 1 # let the servers and rsyslogd write their last lines
log "stopping servers"
stop_all

python3 "$HERE/lib/drive.py" finalize "$RUN/drive.json"
if [ "$drive_rc" != 0 ]; then
  log "some scenarios did not behave as planned (see $OUT/manifest.json 'problems')"
  exit "$drive_rc"
fi
log "done: $OUT/manifest.json"
