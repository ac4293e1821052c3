#!/usr/bin/env python3
"""Client side of test/realftp: runs the scenarios against the servers run.sh started, and
writes OUTDIR/manifest.json.

    drive.py run CONF.json              all servers, one child process per server, in parallel
    drive.py run-server CONF.json NAME  one server's scenarios, sequentially (used by `run`)
    drive.py finalize CONF.json         after the servers stopped: file list + manifest.json

Every session's expected verdict is what crossed the wire, as the client saw it: the client
transcripts (OUTDIR/clients/*.txt, secrets masked) are checked against the plan, and any
difference is reported under "problems" (and makes `run` exit 1).
"""

import datetime
import ftplib
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import time

CURL_SPAN = 8  # curl --local-port range: control connection first, data connections after it
GAP = 1.1  # seconds between sequential sessions: vsftpd and syslog stamps have 1 s resolution
CMD_TIMEOUT = 40  # hard bound for one client process
FTP_TIMEOUT = 15  # socket timeout for ftplib
# Pinned client source ports: 200 per server, below the kernel's ephemeral range (32768+).
SOURCE_PORT_BASE = {"vsftpd": 24000, "proftpd": 24200, "pure-ftpd": 24400, "pure-ftpd-quiet": 24600}
SOURCE_PORT_SPAN = 200
# Source ports a session takes, by client: curl binds its data connections to the ports after its
# control connection's; lftp cannot pin one.
SOURCE_PORTS_PER_SESSION = {"curl": CURL_SPAN, "lftp": 0, "ftplib": 1, "python-socket": 1}
# What every lftp session sets first: fail fast instead of lftp's patient retries.
LFTP_SETTINGS = [
    "set cmd:fail-exit yes",
    "set net:max-retries 1",
    "set net:timeout 10",
    "set net:reconnect-interval-base 1",
]

SCENARIOS = {
    "a": "plaintext login, listing and download (credentials in clear)",
    "b": "explicit AUTH TLS, PBSZ 0, PROT P, transfers",
    "c": "explicit AUTH TLS, PROT C, transfers in clear",
    "d": "AUTH refused on the plain listener, then plaintext login",
    "e": "TLS-required listener refuses a plaintext USER",
    "f": "implicit TLS, PROT P, transfers",
    "g": "explicit TLS, PROT P, CCC after login, listing",
    "h": "anonymous login with an e-mail password, in clear",
    "i": "failed login in clear (wrong password)",
    "j": "two overlapping sessions from the same client IP",
    "k": "connect-only session, no USER",
}


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )


def load_conf(path):
    with open(path) as f:
        return json.load(f)


def expected(tls_mode, data_protection, credentials_exposed, login, anonymous=False, username=None):
    return {
        "tls_mode": tls_mode,
        "data_protection": data_protection,
        "credentials_exposed": credentials_exposed,
        "login": login,
        "anonymous": anonymous,
        "username": username,
    }


class PortPool:
    """Pinned client source ports; each probed free (no SO_REUSEADDR, so a port still in
    TIME_WAIT from an earlier run is skipped)."""

    def __init__(self, host, base):
        self.host = host
        self.next = base
        self.limit = base + SOURCE_PORT_SPAN

    def take(self, span=1):
        """First port of `span` consecutive free ports (curl binds its data connections to the
        ports after the control connection's, so it gets a range)."""
        while self.next + span <= self.limit:
            port = self.next
            self.next += span
            if all(self._free(p) for p in range(port, port + span)):
                return port
        raise RuntimeError("no free source port left in this server's range")

    def _free(self, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((self.host, port))
            return True
        except OSError:
            return False
        finally:
            s.close()


class Transcript:
    def __init__(self, path):
        self.path = path
        self.f = open(path, "a")

    def write(self, text):
        self.f.write(text if text.endswith("\n") else text + "\n")
        self.f.flush()

    def close(self):
        self.f.close()


class RecMixin:
    """Records every control-channel line of an ftplib session, with a UTC timestamp and
    whether the control channel was TLS-protected at that moment. PASS arguments are masked."""

    transcript = None
    tag = ""

    def _tls(self):
        return "tls" if isinstance(self.sock, ssl.SSLSocket) and self.sock._sslobj is not None else "clear"

    def putline(self, line):
        shown = line
        if line[:5].upper() == "PASS ":
            shown = line[:5] + "*****"
        self.sent.append((line.split(" ")[0].upper(), self._tls()))
        self.transcript.write(f"{now()} {self.tag}[{self._tls()}] > {shown}")
        super().putline(line)

    def getline(self):
        line = super().getline()
        self.transcript.write(f"{now()} {self.tag}[{self._tls()}] < {line}")
        return line


class RFTP(RecMixin, ftplib.FTP):
    pass


class RFTPS(RecMixin, ftplib.FTP_TLS):
    pass


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def new_ftp(tls, transcript, tag=""):
    f = RFTPS(context=tls_context(), timeout=FTP_TIMEOUT) if tls else RFTP(timeout=FTP_TIMEOUT)
    f.transcript = transcript
    f.tag = tag
    f.sent = []
    return f


def close_ftp(f):
    """Closes the client's connection, then its transcript."""
    f.close()
    f.transcript.close()


def wire_credentials(sent):
    """What the client sent in clear: from (COMMAND, tls|clear) pairs."""
    user_clear = any(c == "USER" and t == "clear" for c, t in sent)
    pass_clear = any(c == "PASS" and t == "clear" for c, t in sent)
    if user_clear and pass_clear:
        return "username_and_password"
    if pass_clear:
        return "password_only"
    if user_clear:
        return "username_only"
    return "none"


def wire_from_transcript(text, tool, implicit=False):
    """(COMMAND, tls|clear) pairs of what a curl (-v) or lftp (debug) client sent, following
    AUTH (234 reply) and CCC (200 reply) through the session."""
    if tool == "curl":
        sent_re, recv_re = re.compile(r"^\S+ > (\S+)"), re.compile(r"^\S+ < (\d{3})[ -]")
    else:
        sent_re, recv_re = re.compile(r"---> (\S+)"), re.compile(r"<--- (\d{3})[ -]")
    tls = implicit
    pending = None
    sent = []
    for line in text.splitlines():
        m = sent_re.search(line)
        if m:
            cmd = m.group(1).upper()
            sent.append((cmd, "tls" if tls else "clear"))
            pending = cmd
            continue
        m = recv_re.search(line)
        if m and pending:
            code = m.group(1)
            if pending == "AUTH" and code == "234":
                tls = True
            elif pending == "CCC" and code.startswith("2"):
                tls = False
            pending = None
    return sent


class Runner:
    def __init__(self, conf, server):
        self.conf = conf
        self.server = server
        self.host = conf["host"]
        self.ports = conf["ports"][server]
        self.out = conf["outdir"]
        self.clients_dir = os.path.join(self.out, "clients")
        self.dl_dir = os.path.join(self.out, "run", "downloads")
        os.makedirs(self.clients_dir, exist_ok=True)
        os.makedirs(self.dl_dir, exist_ok=True)
        self.pool = PortPool(self.host, SOURCE_PORT_BASE[server])
        self.sessions = []
        self.unsupported = []
        self.problems = []
        self.user = conf["user"]
        self.password = conf["password"]

    # ------------------------------------------------------------------ bookkeeping
    def session(self, sid, listener, tool, exp, **extra):
        """The manifest record of a session; its source port is taken from the pool here."""
        span = SOURCE_PORTS_PER_SESSION[tool]
        scenario_id = sid.split("-")[0]
        scenario = scenario_id.rstrip("0123456789")  # "b2", "j1": further sessions of b, j
        rec = {
            "id": f"{self.server}-{sid}",
            "server": self.server,
            "scenario": scenario,
            "scenario_id": scenario_id,
            "scenario_name": SCENARIOS[scenario],
            "listener": {"kind": listener, "port": self.ports[listener]},
            "client": {
                "tool": tool,
                "source_ip": self.host,
                "source_port": self.pool.take(span) if span else None,
            },
            "start": None,
            "end": None,
            "expected": exp,
            "transcript": f"clients/{self.server}-{sid}.txt",
        }
        rec.update(extra)
        return rec

    def transcript(self, rec):
        return Transcript(os.path.join(self.out, rec["transcript"]))

    def problem(self, rec, msg):
        self.problems.append({"session": rec["id"], "problem": msg})
        print(f"[drive {self.server}] PROBLEM {rec['id']}: {msg}", file=sys.stderr)

    def run_cmd(self, rec, argv, env=None):
        """Runs a client program, its stderr/stdout appended to the session transcript."""
        path = os.path.join(self.out, rec["transcript"])
        with open(path, "a") as f:
            f.write(f"{now()} $ {' '.join(redact_argv(argv, self.conf))}\n")
            f.flush()
            try:
                p = subprocess.run(
                    argv,
                    stdout=f,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    timeout=CMD_TIMEOUT,
                    env=env,
                )
                rc = p.returncode
            except subprocess.TimeoutExpired:
                rc = "timeout"
            f.write(f"{now()} exit {rc}\n")
        return rc

    def read_transcript(self, rec):
        with open(os.path.join(self.out, rec["transcript"]), errors="replace") as f:
            return f.read()

    def check_text(self, rec, must=(), must_not=()):
        text = self.read_transcript(rec)
        for pat in must:
            if not re.search(pat, text, re.M):
                self.problem(rec, f"transcript lacks /{pat}/")
        for pat in must_not:
            if re.search(pat, text, re.M):
                self.problem(rec, f"transcript has /{pat}/")

    def begin(self, rec):
        rec["start"] = now()
        self.sessions.append(rec)

    def end(self, rec):
        rec["end"] = now()
        time.sleep(GAP)

    def connect(self, f, rec):
        """Connects an ftplib client to the session's listener from the session's source port."""
        source = (self.host, rec["client"]["source_port"])
        f.connect(self.host, rec["listener"]["port"], source_address=source)
        # ftplib would bind its data connections to the same source port: unpin them.
        f.source_address = None

    def url(self, listener, path="", scheme="ftp"):
        return f"{scheme}://{self.host}:{self.ports[listener]}/{path}"

    def dl(self, rec, name):
        return os.path.join(self.dl_dir, f"{rec['id']}-{name}")

    def expect_wire(self, rec, sent, want="planned"):
        """Checks the planned credentials_exposed (or `want`) against what the client really sent
        (want=None: take what was sent as the expected value)."""
        got = wire_credentials(sent)
        rec["client_sent"] = [f"{c}/{t}" for c, t in sent]
        if want == "planned":
            want = rec["expected"]["credentials_exposed"]
        if want is None:
            rec["expected"]["credentials_exposed"] = got
        elif got != want:
            self.problem(rec, f"credentials on the wire: planned {want}, client sent {got}")
        return got

    # ------------------------------------------------------------------ clients
    def tool_session(self, rec, run, must, must_not=(), want="planned", implicit=False):
        """A session of a client program (curl, lftp): `run()` runs it and gives its exit status.
        Its transcript must show `must` and not `must_not`; what it sent is checked as in
        expect_wire, and returned."""
        self.begin(rec)
        rc = run()
        self.end(rec)
        if rc != 0:
            self.problem(rec, f"{rec['client']['tool']} exit {rc}")
        self.check_text(rec, must=must, must_not=must_not)
        sent = wire_from_transcript(self.read_transcript(rec), rec["client"]["tool"], implicit)
        return self.expect_wire(rec, sent, want)

    def curl(self, rec, options, downloads):
        """Runs curl with `options`, fetching each (url, local name) of `downloads` over one
        control connection from the session's source port range. Returns its exit status."""
        sp = rec["client"]["source_port"]
        argv = [
            "curl", "-sS", "-v", "--trace-time", "--connect-timeout", "5", "--max-time", "30",
            "--local-port", f"{sp}-{sp + CURL_SPAN - 1}",
            "--user", f"{self.user}:{self.password}",
        ] + options
        for url, name in downloads:
            argv += [url, "-o", self.dl(rec, name)]
        rc = self.run_cmd(rec, argv)
        rec["client"]["source_port_range"] = f"{sp}-{sp + CURL_SPAN - 1}"
        rec["client"]["note"] = "curl --local-port range: control connection first, data connections after"
        m = re.search(r"Local port: (\d+)", self.read_transcript(rec))
        if m and int(m.group(1)) != sp:
            rec["client"]["source_port"] = int(m.group(1))
            self.problem(rec, f"curl bound its control connection to {m.group(1)}, not {sp}")
        return rc

    def lftp(self, rec, settings, user, password, commands):
        """Runs lftp: LFTP_SETTINGS and `settings`, its debug log into the transcript, a login to the
        session's listener (`password` as it goes on the command line), `commands`. Returns its
        exit status."""
        script = "; ".join(LFTP_SETTINGS + settings + [
            f"debug -t -o {os.path.join(self.out, rec['transcript'])} 10",
            f"open --user {user} --password {password} ftp://{self.host}:{rec['listener']['port']}",
            *commands,
            "bye",
        ])
        return self.run_cmd(rec, ["lftp", "-c", script])

    def ftp_client(self, rec, tls, tag=""):
        """An ftplib client recording its control channel into the session's transcript."""
        return new_ftp(tls, self.transcript(rec), tag)

    def ftplib_session(self, rec, tls, steps):
        """A session of one ftplib client: connected, then `steps(f)`; an error on the way is a
        problem of the session. Returns the client (its `sent`: what it sent on the wire)."""
        f = self.ftp_client(rec, tls)
        self.begin(rec)
        try:
            self.connect(f, rec)
            steps(f)
        except Exception as e:  # noqa: BLE001
            self.problem(rec, f"ftplib: {e!r}")
        finally:
            close_ftp(f)
        self.end(rec)
        return f

    def refused_login(self, rec, f, password, if_accepted):
        """Logs in where the server must refuse, then QUITs. Returns the refusal (None, and the
        problem `if_accepted`, when the server let the client in)."""
        refusal = None
        try:
            f.login(self.user, password)
            self.problem(rec, if_accepted)
        except (ftplib.error_perm, ftplib.error_temp) as e:
            refusal = str(e)
        safe_quit(f)
        return refusal

    # ------------------------------------------------------------------ scenarios
    def a_plain_curl(self):
        rec = self.session(
            "a-plain-curl", "plain", "curl",
            expected("none", "clear", "username_and_password", "success", username=self.user),
            transfers=["LIST /", "RETR hello.txt"],
        )
        downloads = [(self.url("plain"), "list.txt"), (self.url("plain", "hello.txt"), "hello.txt")]
        self.tool_session(rec, lambda: self.curl(rec, [], downloads),
                          must=[r"> USER ", r"> PASS ", r"Re-using existing connection"],
                          must_not=[r"> AUTH "])

    def b_explicit_lftp(self):
        rec = self.session(
            "b-explicit-protp-lftp", "explicit", "lftp",
            expected("explicit", "private", "none", "success", username=self.user),
            transfers=["LIST", "RETR hello.txt"],
        )
        settings = [
            "set ssl:verify-certificate no",
            "set ftp:ssl-allow yes",
            "set ftp:ssl-force yes",
            "set ftp:ssl-auth TLS",
            "set ftp:ssl-protect-data yes",
            "set ftp:ssl-protect-list yes",
            "set ftp:passive-mode yes",
            "set xfer:clobber yes",
        ]
        commands = ["ls", f"get hello.txt -o {self.dl(rec, 'hello.txt')}"]
        password = lftp_quote(self.password)
        self.tool_session(rec, lambda: self.lftp(rec, settings, self.user, password, commands),
                          must=[r"---> AUTH TLS", r"---> PROT P", r"---> USER ", r"---> RETR"],
                          must_not=[r"---> PROT C"])

    def b2_required_curl(self):
        rec = self.session(
            "b2-required-protp-curl", "required", "curl",
            expected("explicit", "private", "none", "success", username=self.user),
            transfers=["RETR pub/readme.txt", "LIST pub/"],
        )
        downloads = [(self.url("required", "pub/readme.txt"), "readme.txt"),
                     (self.url("required", "pub/"), "list.txt")]
        self.tool_session(rec, lambda: self.curl(rec, ["--ssl-reqd", "--insecure"], downloads),
                          must=[r"> AUTH (TLS|SSL)", r"> PBSZ 0", r"> PROT P", r"> USER "])

    def c_explicit_protc_ftplib(self):
        rec = self.session(
            "c-explicit-protc-ftplib", "explicit", "ftplib",
            expected("explicit", "clear", "none", "success", username=self.user),
            transfers=["LIST", "RETR hello.txt"],
        )

        def steps(f):
            f.auth()
            f.login(self.user, self.password)
            f.voidcmd("PBSZ 0")
            f.prot_c()
            f.retrlines("LIST", lambda _l: None)
            f.retrbinary("RETR hello.txt", lambda _b: None)
            f.quit()

        f = self.ftplib_session(rec, True, steps)
        self.expect_wire(rec, f.sent)

    def d_auth_refused_curl(self):
        rec = self.session(
            "d-auth-refused-curl", "plain", "curl",
            expected("none", "clear", "username_and_password", "success", username=self.user),
            transfers=["RETR hello.txt"],
        )
        # --ssl: "try TLS, go on in clear if the server refuses AUTH"
        downloads = [(self.url("plain", "hello.txt"), "hello.txt")]
        self.tool_session(rec, lambda: self.curl(rec, ["--ssl"], downloads),
                          must=[r"> AUTH ", r"< 5\d\d ", r"> USER ", r"> PASS "],
                          must_not=[r"> PROT "])

    def e_required_refuses_ftplib(self):
        rec = self.session(
            "e-required-refuses-user-ftplib", "required", "ftplib",
            expected("none", "unknown", "username_only", "failure", username=self.user),
        )
        refused = None

        def steps(f):
            nonlocal refused
            refused = self.refused_login(rec, f, self.password,
                                         "plaintext login was accepted on the TLS-required listener")

        f = self.ftplib_session(rec, False, steps)
        rec["refusal_reply"] = refused
        creds = self.expect_wire(rec, f.sent, None)
        if creds != "username_only":
            # The server let PASS through before refusing: then the password crossed in clear.
            rec["expected"]["credentials_exposed"] = creds
            rec["note"] = "server answered USER with 331 and refused only after PASS"

    def f_implicit_curl(self):
        if self.ports.get("implicit") is None:
            self.unsupported.append({
                "server": self.server,
                "scenario": "f",
                "reason": "Debian's pure-ftpd 1.0.50 has no implicit TLS (no option for it)",
            })
            return
        rec = self.session(
            "f-implicit-protp-curl", "implicit", "curl",
            expected("implicit", "private", "none", "success", username=self.user),
            transfers=["RETR hello.txt", "LIST /"],
        )
        downloads = [(self.url("implicit", "hello.txt", scheme="ftps"), "hello.txt"),
                     (self.url("implicit", "", scheme="ftps"), "list.txt")]
        self.tool_session(rec, lambda: self.curl(rec, ["--insecure"], downloads),
                          must=[r"> PBSZ 0", r"> PROT P", r"> USER "], must_not=[r"> AUTH "],
                          implicit=True)

    def g_ccc_ftplib(self):
        rec = self.session(
            "g-explicit-ccc-ftplib", "explicit", "ftplib",
            expected("explicit", "private", "none", "success", username=self.user),
            transfers=["LIST"],
        )
        ccc = None

        def steps(f):
            nonlocal ccc
            f.auth()
            f.login(self.user, self.password)
            f.prot_p()
            try:
                ccc = f.ccc()
            except ftplib.error_perm as e:
                ccc = f"refused: {e}"
            f.retrlines("LIST", lambda _l: None)
            f.quit()

        f = self.ftplib_session(rec, True, steps)
        rec["ccc_reply"] = str(ccc)
        rec["ccc_accepted"] = bool(ccc) and str(ccc).startswith("200")
        self.expect_wire(rec, f.sent)

    def h_anonymous_lftp(self):
        rec = self.session(
            "h-anonymous-lftp", "plain", "lftp",
            expected("none", "clear", "username_and_password", "success", anonymous=True,
                     username="anonymous"),
            transfers=["LIST"],
        )
        settings = ["set ftp:ssl-allow no", "set ftp:passive-mode yes"]
        email = self.conf["anon_email"]
        # Pure-FTPd logs anonymous in on USER alone (230), so no password is ever sent to it.
        got = self.tool_session(rec, lambda: self.lftp(rec, settings, "anonymous", email, ["ls"]),
                                must=[r"---> USER anonymous", r"<--- 230"], must_not=[r"---> AUTH"],
                                want=None)
        if got == "username_only":
            rec["note"] = "server accepted USER anonymous with 230 at once: no PASS was sent"
            rec["anonymous_password_sent"] = False
        else:
            rec["anonymous_password_sent"] = True

    def i_failed_login_ftplib(self):
        rec = self.session(
            "i-failed-login-ftplib", "plain", "ftplib",
            expected("none", "unknown", "username_and_password", "failure", username=self.user),
        )

        def steps(f):
            refusal = self.refused_login(rec, f, self.conf["wrong_password"], "wrong password accepted")
            if refusal is not None:
                rec["refusal_reply"] = refusal

        f = self.ftplib_session(rec, False, steps)
        self.expect_wire(rec, f.sent)

    def j_concurrent_ftplib(self):
        r1 = self.session(
            "j1-concurrent-plain-ftplib", "explicit", "ftplib",
            expected("none", "clear", "username_and_password", "success", username=self.user),
            transfers=["LIST", "RETR hello.txt"],
        )
        r2 = self.session(
            "j2-concurrent-protp-ftplib", "explicit", "ftplib",
            expected("explicit", "private", "none", "success", username=self.user),
            transfers=["LIST", "RETR hello.txt"],
        )
        r1["concurrent_with"] = r2["id"]
        r2["concurrent_with"] = r1["id"]
        r1["order"] = "connects first, logs in after j2's AUTH TLS, quits last"
        r2["order"] = "connects second, quits first"
        f1, f2 = self.ftp_client(r1, False, "j1 "), self.ftp_client(r2, True, "j2 ")
        try:
            self.begin(r1)
            self.connect(f1, r1)
            time.sleep(0.2)
            self.begin(r2)
            self.connect(f2, r2)
            f2.auth()
            f1.login(self.user, self.password)
            f2.login(self.user, self.password)
            f2.prot_p()
            f1.retrlines("LIST", lambda _l: None)
            f2.retrlines("LIST", lambda _l: None)
            f1.retrbinary("RETR hello.txt", lambda _b: None)
            f2.retrbinary("RETR hello.txt", lambda _b: None)
            f2.quit()
            r2["end"] = now()
            time.sleep(0.2)
            f1.quit()
            r1["end"] = now()
        except Exception as e:  # noqa: BLE001
            self.problem(r1, f"ftplib: {e!r}")
        finally:
            close_ftp(f1)
            close_ftp(f2)
        r1["end"] = r1["end"] or now()
        r2["end"] = r2["end"] or now()
        time.sleep(GAP)
        self.expect_wire(r1, f1.sent)
        self.expect_wire(r2, f2.sent)

    def k_connect_only(self):
        rec = self.session(
            "k-connect-quit-ftplib", "plain", "ftplib",
            expected("none", "unknown", "none", "none"),
        )
        self.ftplib_session(rec, False, lambda f: f.quit())
        rec["client_sent"] = ["QUIT/clear"]

    def k2_connect_drop(self):
        rec = self.session(
            "k2-connect-drop-socket", "explicit", "python-socket",
            expected("none", "unknown", "none", "none"),
            note="reads the banner and closes the TCP connection without QUIT",
        )
        t = self.transcript(rec)
        self.begin(rec)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.settimeout(FTP_TIMEOUT)
            s.bind((self.host, rec["client"]["source_port"]))
            s.connect((self.host, rec["listener"]["port"]))
            banner = s.recv(4096).decode(errors="replace")
            for line in banner.splitlines():
                t.write(f"{now()} [clear] < {line}")
            time.sleep(0.3)
        except Exception as e:  # noqa: BLE001
            self.problem(rec, f"socket: {e!r}")
        finally:
            s.close()
            t.write(f"{now()} closed")
            t.close()
        self.end(rec)

    def plan(self):
        """(id, step) in run order; ids are what FTPSIGHT_REALFTP_SCENARIOS selects."""
        return [
            ("k", self.k_connect_only),
            ("k2", self.k2_connect_drop),
            ("a", self.a_plain_curl),
            ("b", self.b_explicit_lftp),
            ("b2", self.b2_required_curl),
            ("c", self.c_explicit_protc_ftplib),
            ("d", self.d_auth_refused_curl),
            ("e", self.e_required_refuses_ftplib),
            ("f", self.f_implicit_curl),
            ("g", self.g_ccc_ftplib),
            ("h", self.h_anonymous_lftp),
            ("i", self.i_failed_login_ftplib),
            ("j", self.j_concurrent_ftplib),
        ]

    def run_all(self, only=None):
        for sid, step in self.plan():
            if only and sid not in only:
                continue
            try:
                step()
            except Exception as e:  # noqa: BLE001
                self.problems.append({"session": f"{self.server}-{step.__name__}", "problem": repr(e)})
                print(f"[drive {self.server}] PROBLEM {step.__name__}: {e!r}", file=sys.stderr)


def safe_quit(f):
    """QUIT, tolerating a server that already closed the connection (vsftpd after a 530)."""
    try:
        f.quit()
    except (EOFError, OSError, ftplib.Error):
        pass


def lftp_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def redact_argv(argv, conf):
    out = []
    for a in argv:
        for secret in (conf["password"], conf["wrong_password"]):
            a = a.replace(secret, "<redacted>")
        out.append(a)
    return out


# ---------------------------------------------------------------------- entry points
def cmd_run_server(conf_path, server):
    conf = load_conf(conf_path)
    r = Runner(conf, server)
    only = [x.strip() for x in conf.get("scenarios", "").split(",") if x.strip()]
    r.run_all(only or None)
    with open(os.path.join(conf["outdir"], "run", f"sessions-{server}.json"), "w") as f:
        json.dump({"sessions": r.sessions, "unsupported": r.unsupported, "problems": r.problems}, f,
                  indent=2)
    return 1 if r.problems else 0


def cmd_run(conf_path):
    conf = load_conf(conf_path)
    procs = []
    for server in conf["servers"].split():
        procs.append((server, subprocess.Popen([sys.executable, __file__, "run-server", conf_path, server])))
    rc = 0
    deadline = time.time() + 150
    for server, p in procs:
        try:
            p.wait(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            print(f"[drive] {server} scenarios timed out", file=sys.stderr)
            rc = 1
        if p.returncode != 0:
            rc = 1
    return rc


FILE_KINDS = [
    # (regex on the path relative to OUTDIR, server, kind, listener group index or None)
    (r"^vsftpd/(\w+)/vsftpd\.log$", "vsftpd", "protocol", 1),
    (r"^vsftpd/(\w+)/xferlog$", "vsftpd", "xferlog", 1),
    (r"^proftpd/extended\.log$", "proftpd", "extended", None),
    (r"^proftpd/commands\.log$", "proftpd", "extended-commands-only", None),
    (r"^proftpd/tls\.log$", "proftpd", "tlslog", None),
    (r"^proftpd/system\.log$", "proftpd", "systemlog", None),
    (r"^proftpd/xferlog$", "proftpd", "xferlog", None),
    (r"^pure-ftpd/syslog-traditional\.log$", "pure-ftpd", "syslog-traditional", None),
    (r"^pure-ftpd/syslog-rfc3339\.log$", "pure-ftpd", "syslog-rfc3339", None),
    (r"^pure-ftpd/(\w+)/xferlog$", "pure-ftpd", "xferlog", 1),
    (r"^pure-ftpd-quiet/syslog-traditional\.log$", "pure-ftpd-quiet", "syslog-traditional", None),
    (r"^pure-ftpd-quiet/syslog-rfc3339\.log$", "pure-ftpd-quiet", "syslog-rfc3339", None),
    (r"^pure-ftpd-quiet/(\w+)/xferlog$", "pure-ftpd-quiet", "xferlog", 1),
]


def tool_versions():
    def first_line(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.splitlines()[0]
        except Exception:  # noqa: BLE001
            return "unknown"

    return {
        "curl": first_line(["curl", "--version"]),
        "lftp": first_line(["lftp", "--version"]),
        "ftplib": "Python " + sys.version.split()[0],
        "openssl": first_line(["openssl", "version"]),
    }


def cmd_finalize(conf_path):
    conf = load_conf(conf_path)
    out = conf["outdir"]
    sessions, unsupported, problems = [], [], []
    for server in conf["servers"].split():
        p = os.path.join(out, "run", f"sessions-{server}.json")
        if not os.path.exists(p):
            problems.append({"session": server, "problem": "no session record (driver crashed?)"})
            continue
        with open(p) as f:
            d = json.load(f)
        sessions += d["sessions"]
        unsupported += d["unsupported"]
        problems += d["problems"]

    # Client transcripts must not carry any secret (curl -v prints PASS in full).
    secrets = [conf["password"], conf["wrong_password"]]
    for s in sessions:
        p = os.path.join(out, s["transcript"])
        if os.path.exists(p):
            with open(p, errors="surrogateescape") as f:
                text = f.read()
            red = text
            for v in secrets:
                red = red.replace(v, "<redacted>")
            if red != text:
                with open(p, "w", errors="surrogateescape") as f:
                    f.write(red)

    files = []
    for root, _dirs, names in os.walk(out):
        for n in names:
            rel = os.path.relpath(os.path.join(root, n), out)
            for pat, server, kind, grp in FILE_KINDS:
                m = re.match(pat, rel)
                if m:
                    full = os.path.join(out, rel)
                    with open(full, "rb") as f:
                        nlines = f.read().count(b"\n")
                    files.append({
                        "path": rel,
                        "server": server,
                        "kind": kind,
                        "listener": m.group(grp) if grp else None,
                        "bytes": os.path.getsize(full),
                        "lines": nlines,
                    })
    files.sort(key=lambda x: x["path"])
    for fe in files:
        if fe["lines"] == 0 and fe["kind"] not in ("xferlog",):
            problems.append({"session": None, "problem": f"empty log {fe['path']}"})

    listeners = {}
    for server in conf["servers"].split():
        listeners[server] = {
            "version": conf["versions"].get(server),
            "listeners": {k: v for k, v in conf["ports"][server].items() if v is not None},
        }

    manifest = {
        "schema": 1,
        "generated_at": now(),
        "generator": "test/realftp/run.sh",
        "host": conf["host"],
        "timezone": "UTC",
        "timezone_note": "servers and rsyslogd ran with TZ=UTC; vsftpd and xferlog stamps carry no zone",
        "servers": listeners,
        "proftpd_logformat": {
            "name": "ftpsight",
            "format": conf["proftpd_logformat"],
            "classes": "ALL,CONNECT,DISCONNECT,EXIT",
        },
        # A second ExtendedLog as many sites have one: commands only, whole seconds, no TLS field.
        # Implicit TLS shows only in the TLSLog beside it.
        "proftpd_commands_logformat": {
            "name": "ftpsight-commands",
            "format": conf["proftpd_commands_logformat"],
            "classes": "ALL",
            "path": "proftpd/commands.log",
        },
        "scenarios": SCENARIOS,
        "scenario_filter": conf.get("scenarios") or None,
        "clients": tool_versions(),
        "files": files,
        "sessions": sessions,
        "unsupported": unsupported,
        "secrets": {
            "values": [conf["password"], conf["wrong_password"], conf["anon_email"]],
            "entries": [
                {"kind": "password", "value": conf["password"], "user": conf["user"],
                 "note": "the test user's real password (throwaway)"},
                {"kind": "wrong_password", "value": conf["wrong_password"], "user": conf["user"],
                 "note": "sent in scenario i only"},
                {"kind": "anonymous_email", "value": conf["anon_email"], "user": "anonymous",
                 "note": "anonymous password, scenario h"},
            ],
        },
        "problems": problems,
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"[drive] manifest: {len(sessions)} sessions, {len(files)} log files, {len(problems)} problems",
          file=sys.stderr)
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "run":
        return cmd_run(argv[1])
    if len(argv) >= 3 and argv[0] == "run-server":
        return cmd_run_server(argv[1], argv[2])
    if len(argv) >= 2 and argv[0] == "finalize":
        return cmd_finalize(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
