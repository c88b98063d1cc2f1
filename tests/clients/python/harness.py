"""Harness for driving the real `cognate` binary with real clients.

Pieces (all real, nothing here imitates the server):
  * SmtpSink    - aiosmtpd SMTP server on 127.0.0.1 in a background thread
  * SmsSink     - http.server webhook receiver on 127.0.0.1 in a background thread
  * PgDatabase  - a throw-away PostgreSQL database `cognate_t_<random>`
  * CognateServer - one `cognate serve` process with its log file
  * aws CLI helpers (run the venv's `aws` through bash) and seed-snippet helpers
  * run_node_test / run_browser_test - a `node --test` file under tests/clients/js
"""

from __future__ import annotations

import atexit
import email
import email.policy
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable

REPO = Path(__file__).resolve().parents[3]
CLIENTS_DIR = REPO / "tests" / "clients"
JS_DIR = CLIENTS_DIR / "js"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, installed by setup.sh; see js/browser.mjs
VENV = REPO / ".venv"
AWS_BIN = VENV / "bin" / "aws"

DEFAULT_REGION = "us-east-1"
DUMMY_ACCESS_KEY = "AKIDEXAMPLE"
DUMMY_SECRET_KEY = "secret"
PG_ADMIN_URL = os.environ.get("COGNATE_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432")
ALL_BACKENDS = ("sqlite", "postgres")

LOCALHOST = "127.0.0.1"


# --------------------------------------------------------------------------- utilities


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (bind to 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCALHOST, 0))
        return s.getsockname()[1]


def poll(predicate: Callable[[], Any], timeout: float, interval: float = 0.05, what: str = "condition") -> Any:
    """Call `predicate` until it returns a truthy value or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def unique_email(prefix: str = "user", domain: str = "example.com") -> str:
    """A fresh address per call, e.g. `user-3f9a1c2b7d@example.com`."""
    return f"{prefix}-{secrets.token_hex(5)}@{domain}"


def unique_phone() -> str:
    """A fresh fictional E.164 number in the +1 555 01xx range style."""
    return "+1555" + "".join(secrets.choice("0123456789") for _ in range(7))


def tail(path: Path | str | None, lines: int = 80) -> str:
    if not path:
        return "<no log>"
    p = Path(path)
    if not p.exists():
        return f"<log {p} does not exist>"
    data = p.read_bytes()[-200_000:].decode("utf-8", "replace").splitlines()
    return "\n".join(data[-lines:])


def backends_from_env() -> list[str]:
    raw = os.environ.get("COGNATE_TEST_BACKENDS", ",".join(ALL_BACKENDS))
    chosen = [b.strip() for b in raw.split(",") if b.strip()]
    bad = [b for b in chosen if b not in ALL_BACKENDS]
    if bad or not chosen:
        raise ValueError(f"COGNATE_TEST_BACKENDS={raw!r}: expected a comma list of {ALL_BACKENDS}")
    return chosen


def cognate_binary() -> Path:
    if os.environ.get("COGNATE_BIN"):
        return Path(os.environ["COGNATE_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or (REPO / "target"))
    return target / "debug" / "cognate"


# --------------------------------------------------------------------------- code extraction

_CODE_AFTER_WORD = re.compile(r"\bcode(?:\s+is)?\s*:?\s*(\d{6})(?!\d)", re.IGNORECASE)
_BARE_CODE = re.compile(r"(?<![\w-])(\d{6})(?![\w])")


def extract_code(text: str) -> str | None:
    """The 6-digit code in a message body (`... code is 123456. `), or None."""
    m = _CODE_AFTER_WORD.search(text)
    if m:
        return m.group(1)
    m = _BARE_CODE.search(text)
    return m.group(1) if m else None


# --------------------------------------------------------------------------- sinks


@dataclass
class Message:
    """One delivered message (an e-mail or an SMS webhook call)."""

    kind: str  # "email" | "sms"
    recipients: list[str]
    body: str
    subject: str | None = None
    sender: str | None = None
    purpose: str | None = None
    user_pool_id: str | None = None
    raw: Any = None  # bytes for e-mail, parsed JSON for SMS
    headers: dict[str, str] = field(default_factory=dict)
    received_at: float = field(default_factory=time.time)
    seen: bool = False

    @property
    def code(self) -> str | None:
        return extract_code(self.body)

    def __repr__(self) -> str:  # compact, for assertion messages
        return (
            f"Message({self.kind} to={self.recipients} subject={self.subject!r} "
            f"purpose={self.purpose!r} body={self.body[:200]!r})"
        )


class _Sink:
    kind = "?"

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._cond = threading.Condition()

    @staticmethod
    def _norm(recipient: str) -> str:
        return recipient.strip().lower()

    def _add(self, msg: Message) -> None:
        with self._cond:
            self.messages.append(msg)
            self._cond.notify_all()

    def clear(self) -> None:
        with self._cond:
            self.messages.clear()

    def messages_to(self, recipient: str) -> list[Message]:
        r = self._norm(recipient)
        with self._cond:
            return [m for m in self.messages if r in m.recipients]

    def wait_for_message(
        self, recipient: str, timeout: float = 10, predicate: Callable[[Message], bool] | None = None
    ) -> Message:
        """Newest unseen message to `recipient` (marks it and older unseen ones to it as seen)."""
        r = self._norm(recipient)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                unseen = [
                    m for m in self.messages if not m.seen and r in m.recipients and (predicate is None or predicate(m))
                ]
                if unseen:
                    for m in unseen:
                        m.seen = True
                    return unseen[-1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"no new {self.kind} message to {recipient!r} within {timeout}s; "
                        f"all messages so far: {self.messages!r}"
                    )
                self._cond.wait(remaining)

    def wait_for_code(self, recipient: str, timeout: float = 10) -> str:
        """Newest unseen 6-digit code sent to `recipient` (e-mail address or phone number)."""
        msg = self.wait_for_message(recipient, timeout, predicate=lambda m: m.code is not None)
        assert msg.code is not None
        return msg.code

    def assert_nothing_sent_to(self, recipient: str) -> None:
        got = [m for m in self.messages_to(recipient) if not m.seen]
        assert not got, f"unexpected {self.kind} messages to {recipient}: {got!r}"


class SmtpSink(_Sink):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that records every message it accepts."""

    kind = "email"

    def __init__(self) -> None:
        super().__init__()
        self.port: int | None = None
        self._controller = None
        # set to an SMTP reply such as "550 mailbox unavailable" to reject deliveries
        self.reject_with: str | None = None

    @property
    def url(self) -> str:
        return f"smtp://{LOCALHOST}:{self.port}"

    def start(self) -> "SmtpSink":
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
                if sink.reject_with:
                    return sink.reject_with
                raw: bytes = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
                parsed = email.message_from_bytes(raw, policy=email.policy.default)
                body_part = parsed.get_body(preferencelist=("plain", "html"))
                try:
                    body = body_part.get_content() if body_part is not None else ""
                except Exception:  # pragma: no cover - odd encodings: keep the raw text
                    body = raw.decode("utf-8", "replace")
                rcpts = [_Sink._norm(a) for a in envelope.rcpt_tos]
                sink._add(
                    Message(
                        kind="email",
                        recipients=rcpts,
                        body=body,
                        subject=str(parsed.get("Subject")) if parsed.get("Subject") is not None else None,
                        sender=envelope.mail_from,
                        raw=raw,
                        headers={k: str(v) for k, v in parsed.items()},
                    )
                )
                return "250 Message accepted for delivery"

        last_err: Exception | None = None
        for _ in range(5):  # the chosen port could be grabbed between probe and bind
            self.port = free_port()
            controller = Controller(Handler(), hostname=LOCALHOST, port=self.port, ready_timeout=10)
            try:
                controller.start()
            except Exception as e:  # pragma: no cover
                last_err = e
                continue
            self._controller = controller
            return self
        raise RuntimeError(f"could not start SMTP sink: {last_err}")

    def stop(self) -> None:
        if self._controller is not None:
            try:
                self._controller.stop()
            finally:
                self._controller = None


class SmsSink(_Sink):
    """A real HTTP webhook receiver for Cognate's `--sms-sender webhook`.

    Records POST bodies `{"phone_number", "message", "user_pool_id", "purpose"}` and answers
    200 (or `status_code` if a test sets it, to exercise delivery failures)."""

    kind = "sms"

    def __init__(self) -> None:
        super().__init__()
        self.status_code = 200
        self.requests: list[dict[str, Any]] = []  # every request, including malformed ones
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}/sms"

    def start(self) -> "SmsSink":
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):  # keep pytest output clean
                pass

            def do_POST(self):  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                entry = {"path": self.path, "headers": dict(self.headers.items()), "body": body}
                sink.requests.append(entry)
                try:
                    doc = json.loads(body.decode("utf-8"))
                except ValueError:
                    doc = None
                status = sink.status_code
                if isinstance(doc, dict) and status < 300:
                    phone = str(doc.get("phone_number", ""))
                    sink._add(
                        Message(
                            kind="sms",
                            recipients=[_Sink._norm(phone)],
                            body=str(doc.get("message", "")),
                            purpose=doc.get("purpose"),
                            user_pool_id=doc.get("user_pool_id"),
                            raw=doc,
                            headers=dict(self.headers.items()),
                        )
                    )
                elif doc is None:
                    status = 400
                payload = b"{}"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._httpd = ThreadingHTTPServer((LOCALHOST, 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sms-sink", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


# --------------------------------------------------------------------------- PostgreSQL


def _pg_connect(dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{PG_ADMIN_URL}/{dbname}", autocommit=True, connect_timeout=5)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PgDatabase:
    """A PostgreSQL database `cognate_t_<random>` created for one test server, dropped after."""

    COMMENT_PREFIX = "cognate-test pid="

    def __init__(self) -> None:
        self.name = "cognate_t_" + secrets.token_hex(6)
        self.created = False

    @property
    def url(self) -> str:
        return f"{PG_ADMIN_URL}/{self.name}"

    def create(self) -> "PgDatabase":
        with _pg_connect() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
            self.created = True
            _LIVE_DATABASES.add(self.name)
            conn.execute(f"COMMENT ON DATABASE \"{self.name}\" IS '{self.COMMENT_PREFIX}{os.getpid()}'")
        return self

    def drop(self) -> None:
        if not self.created:
            return
        drop_database(self.name)
        self.created = False
        _LIVE_DATABASES.discard(self.name)

    def exists(self) -> bool:
        with _pg_connect() as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.name,)).fetchone()
            return row is not None


def drop_database(name: str) -> None:
    assert re.fullmatch(r"cognate_t_[0-9a-z]+", name), name
    with _pg_connect() as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason."""
    try:
        with _pg_connect() as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as e:
        return f"{type(e).__name__}: {e}"


def drop_orphaned_databases() -> list[str]:
    """Drop `cognate_t_*` databases left behind by test runs whose process is gone."""
    dropped = []
    with _pg_connect() as conn:
        rows = conn.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE 'cognate\\_t\\_%'"
        ).fetchall()
    for name, comment in rows:
        if not comment or not comment.startswith(PgDatabase.COMMENT_PREFIX):
            continue
        try:
            pid = int(comment[len(PgDatabase.COMMENT_PREFIX):])
        except ValueError:
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            try:
                drop_database(name)
                dropped.append(name)
            except Exception:
                pass
    return dropped


_LIVE_DATABASES: set[str] = set()


# --------------------------------------------------------------------------- server process

_LIVE_PROCESSES: set[subprocess.Popen] = set()


def _kill_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


@atexit.register
def _cleanup_at_exit() -> None:  # safety net if a fixture teardown never ran
    for proc in list(_LIVE_PROCESSES):
        try:
            _kill_group(proc, grace=2)
        except Exception:
            pass
    for name in list(_LIVE_DATABASES):
        try:
            drop_database(name)
        except Exception:
            pass


# If the test process dies without running its teardown (SIGKILL, os._exit), the kernel sends
# the server SIGTERM: util-linux `setpriv --pdeathsig` sets PR_SET_PDEATHSIG and execs the
# binary (same pid), avoiding a thread-unsafe preexec_fn.
_LAUNCHER = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []


class ServerStartError(RuntimeError):
    pass


class CognateServer:
    """One `cognate serve` process.

    Attributes used by tests: endpoint (https://… with --tls), tls, backend, smtp, sms, log_path,
    admin_keys, port, database (PgDatabase | None), data_dir (Path | None); methods start(),
    stop(), restart().
    """

    def __init__(
        self,
        backend: str,
        workdir: Path,
        smtp: SmtpSink,
        sms: SmsSink,
        *,
        database: PgDatabase | None = None,
        data_dir: Path | None = None,
        admin_keys: tuple[str, str] | None = None,
        public_url: str | None = None,
        extra_args: Iterable[str] = (),
        env: dict[str, str] | None = None,
        name: str = "cognate",
        master_key_file: Path | None = None,
        sms_sandbox: bool = False,
    ) -> None:
        assert backend in ALL_BACKENDS, backend
        self.backend = backend
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.smtp = smtp
        self.sms = sms
        self.database = database
        self.data_dir = data_dir
        if backend == "postgres":
            assert database is not None
        else:
            assert data_dir is not None
            Path(data_dir).mkdir(parents=True, exist_ok=True)
        self.admin_keys = admin_keys
        self.public_url = public_url
        self.extra_args = list(extra_args)
        self.env = dict(env or {})
        self.name = name
        # Nodes that share a database must share the master key (it seals stored secrets).
        self.master_key_file = Path(master_key_file) if master_key_file else self.workdir / "master.key"
        self.port = free_port()
        self.log_path = self.workdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        # A new SMS account is in the sandbox with a 1 USD monthly limit, as on SNS; unless a
        # test wants that (or the node joins another's database), the account is taken out of
        # the sandbox (the operator's command) and given a limit no test reaches.
        self.sms_sandbox = sms_sandbox

    # -- identity
    @property
    def tls(self) -> bool:
        """Whether the server serves HTTPS (`--tls self-signed` or `--tls-cert` among the extra args)."""
        return any(a in ("--tls", "--tls-cert") or a.startswith(("--tls=", "--tls-cert=")) for a in self.extra_args)

    @property
    def endpoint(self) -> str:
        return f"{'https' if self.tls else 'http'}://{LOCALHOST}:{self.port}"

    @property
    def database_url(self) -> str | None:
        return self.database.url if self.database else None

    def __repr__(self) -> str:
        return f"CognateServer({self.name}, {self.backend}, {self.endpoint})"

    # -- process control
    def storage_args(self) -> list[str]:
        """The options naming this server's database and master key (for `cognate sms …`)."""
        if self.backend == "postgres":
            args = ["--database-url", self.database.url]  # type: ignore[union-attr]
        else:
            args = ["--data-dir", str(self.data_dir)]
        return args + ["--master-key-file", str(self.master_key_file)]

    def sms_command(self, *args: str) -> subprocess.CompletedProcess:
        """Runs `cognate sms <args>` on this server's storage; raises when it fails."""
        return self.storage_command("sms", *args)

    def storage_command(self, *args: str) -> subprocess.CompletedProcess:
        """Runs `cognate <args>` (`sms …`, `issuer …`) on this server's storage; raises when it
        fails."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("COGNATE_")}
        env.setdefault("NO_COLOR", "1")
        cmd = [str(cognate_binary()), *args, *self.storage_args()]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, cwd=self.workdir)
        if done.returncode != 0:
            raise RuntimeError(f"{shlex.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def _prepare_sms_account(self) -> None:
        self.sms_command(
            "sandbox", "exit", "--company", "Cognate tests", "--website", "https://example.com",
            "--use-case", "one-time passwords for end-to-end tests", "--monthly-volume", "100000",
        )

    def signing_keys(self) -> tuple[str, str]:
        """The admin key pair this server checks (given as admin_keys or as options), else
        dummy keys (a server without keys accepts any signature)."""
        if self.admin_keys:
            return self.admin_keys
        args = self.extra_args
        options = {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}
        key = options.get("--admin-access-key-id")
        secret = options.get("--admin-secret-access-key")
        return (key, secret) if key and secret else (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY)

    def _raise_sms_limit(self) -> None:
        keys = self.signing_keys()
        sns = boto3_client(self.endpoint, keys[0], keys[1], service="sns")
        sns.set_sms_attributes(attributes={"MonthlySpendLimit": "100000"})

    def command(self) -> list[str]:
        args = [str(cognate_binary()), "serve", "--listen", f"{LOCALHOST}:{self.port}"]
        if self.backend == "postgres":
            args += ["--database-url", self.database.url]  # type: ignore[union-attr]
        else:
            args += ["--data-dir", str(self.data_dir)]
        args += ["--email-sender", "smtp", "--smtp-url", self.smtp.url]
        if "--sms-sender" not in self.extra_args:
            args += ["--sms-sender", "webhook", "--sms-webhook-url", self.sms.url]
        if self.public_url:
            args += ["--public-url", self.public_url]
        if self.admin_keys:
            args += ["--admin-access-key-id", self.admin_keys[0], "--admin-secret-access-key", self.admin_keys[1]]
        args += ["--master-key-file", str(self.master_key_file)]
        args += ["--region", DEFAULT_REGION]
        args += self.extra_args
        return args

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 30.0) -> "CognateServer":
        """Start (or restart after stop()) on the same port and the same database."""
        import requests

        if self.running:
            return self
        binary = cognate_binary()
        if not binary.exists():
            raise ServerStartError(
                f"cognate binary not found at {binary}. Build it with `cargo build -p cognate-server` "
                f"(honours CARGO_TARGET_DIR) or point COGNATE_BIN at it."
            )
        first = self.starts == 0
        cmd = self.command()
        # The server reads COGNATE_* settings from the environment (clap `env`): don't let a
        # developer's shell leak into the test servers.
        env = {k: v for k, v in os.environ.items() if not k.startswith("COGNATE_")}
        env.setdefault("RUST_BACKTRACE", "1")
        env.setdefault("NO_COLOR", "1")
        env["RUST_LOG"] = os.environ.get("COGNATE_TEST_RUST_LOG", os.environ.get("RUST_LOG", "info"))
        env.update(self.env)
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts}: {shlex.join(cmd)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                _LAUNCHER + cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
                env=env,
                start_new_session=True,  # own process group: teardown kills children too
            )
        _LIVE_PROCESSES.add(self.proc)

        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while True:
            code = self.proc.poll()
            if code is not None:
                _LIVE_PROCESSES.discard(self.proc)
                raise ServerStartError(
                    f"{self} exited with status {code} before becoming healthy.\n"
                    f"command: {shlex.join(cmd)}\n--- log tail ({self.log_path}) ---\n{tail(self.log_path)}"
                )
            try:
                if self.tls:
                    # only "is it up": the certificate (self-signed, or the test's own) is the
                    # test's to check; the health poll doesn't verify it
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning
                        r = requests.get(f"{self.endpoint}/health", timeout=1, verify=False)
                else:
                    r = requests.get(f"{self.endpoint}/health", timeout=1)
                if r.status_code == 200:
                    # `cognate sms …` works on storage the server has created.
                    if first and not self.sms_sandbox:
                        self._prepare_sms_account()
                        self._raise_sms_limit()
                    return self
                last = f"HTTP {r.status_code}: {r.text[:200]}"
            except requests.RequestException as e:
                last = f"{type(e).__name__}"
            if time.monotonic() >= deadline:
                self.stop()
                raise ServerStartError(
                    f"{self} not healthy after {timeout}s (last: {last}).\n"
                    f"command: {shlex.join(cmd)}\n--- log tail ({self.log_path}) ---\n{tail(self.log_path)}"
                )
            time.sleep(0.05)

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM (then SIGKILL after `grace` s) the server's process group."""
        if self.proc is None:
            return
        proc = self.proc
        try:
            _kill_group(proc, grace)
        finally:
            _LIVE_PROCESSES.discard(proc)
            with open(self.log_path, "ab") as log:
                log.write(f"===== stopped (exit status {proc.returncode})\n".encode())

    def restart(self, timeout: float = 30.0) -> "CognateServer":
        self.stop()
        return self.start(timeout)

    def log_tail(self, lines: int = 80) -> str:
        return tail(self.log_path, lines)


# --------------------------------------------------------------------------- boto3


def boto3_client(
    endpoint: str,
    access_key: str = DUMMY_ACCESS_KEY,
    secret_key: str = DUMMY_SECRET_KEY,
    region: str = DEFAULT_REGION,
    service: str = "cognito-idp",
):
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=access_key, aws_secret_access_key=secret_key, region_name=region
    )
    return session.client(
        service,
        endpoint_url=endpoint,
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30),
    )


# --------------------------------------------------------------------------- AWS CLI

_CLI_ERROR = re.compile(
    r"An error occurred \((?P<code>[^)]+)\) when calling the (?P<op>\w+) operation"
    r"(?: \(reached max retries: \d+\))?: ?(?P<msg>.*)"
)


def json_docs(text: str) -> list[Any]:
    """Parse concatenated JSON documents (what a script with several `aws` calls prints)."""
    dec = json.JSONDecoder()
    docs, i, text = [], 0, text.strip()
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        doc, i = dec.raw_decode(text, i)
        docs.append(doc)
    return docs


@dataclass
class CliResult:
    script: str
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def error_code(self) -> str | None:
        m = _CLI_ERROR.search(self.stderr)
        return m.group("code") if m else None

    @property
    def error_message(self) -> str | None:
        m = _CLI_ERROR.search(self.stderr)
        return m.group("msg").strip() if m else None

    @property
    def output(self) -> Any:
        """stdout parsed as one JSON document if it is one, else the stripped text."""
        text = self.stdout.strip()
        if not text:
            return ""
        try:
            return json.loads(text)
        except ValueError:
            return text

    @property
    def docs(self) -> list[Any]:
        return json_docs(self.stdout)

    def __contains__(self, needle: str) -> bool:
        return needle in self.stdout or needle in self.stderr

    def describe(self) -> str:
        return (
            f"exit status {self.returncode}\n--- script ---\n{self.script}\n"
            f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
        )


class AwsCliError(AssertionError):
    def __init__(self, result: CliResult):
        self.result = result
        self.returncode = result.returncode
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.error_code = result.error_code
        self.error_message = result.error_message
        super().__init__(f"aws CLI failed ({result.error_code or 'no AWS error code'}): {result.describe()}")


def cli_env(endpoint: str, workdir: Path, access_key: str = DUMMY_ACCESS_KEY, secret_key: str = DUMMY_SECRET_KEY) -> dict[str, str]:
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "aws-config"
    creds = workdir / "aws-credentials"
    config.touch()
    creds.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "PATH": f"{VENV / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "AWS_ACCESS_KEY_ID": access_key,
            "AWS_SECRET_ACCESS_KEY": secret_key,
            "AWS_DEFAULT_REGION": DEFAULT_REGION,
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(creds),
            "AWS_PAGER": "",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_EC2_METADATA_DISABLED": "true",
            "ENDPOINT": endpoint,
        }
    )
    return env


def run_bash(script: str, env: dict[str, str], cwd: Path, timeout: float = 120) -> CliResult:
    if not AWS_BIN.exists():
        raise RuntimeError(f"{AWS_BIN} missing: run tests/clients/setup.sh first")
    proc = subprocess.run(
        ["bash", "-c", "set -e -o pipefail\n" + script],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CliResult(script=script, returncode=proc.returncode, stdout=proc.stdout, stderr=proc.stderr)


def make_aws_cli(endpoint: str, workdir: Path, access_key: str = DUMMY_ACCESS_KEY, secret_key: str = DUMMY_SECRET_KEY):
    """Build the `aws_cli(cmdline, check=True)` callable for one endpoint.

    * single line without a leading `aws`: runs `aws <cmdline> --endpoint-url "$ENDPOINT"`;
    * anything else (multi-line script, or starting with `aws `): the text is run by bash with
      `--endpoint-url "$ENDPOINT"` appended to every `aws` command (see add_endpoint_url).
    check=True returns the parsed JSON (or the text for non-JSON output) and raises
    AwsCliError otherwise; check=False returns the CliResult.
    """
    env = cli_env(endpoint, workdir, access_key, secret_key)

    def aws_cli(cmdline: str, check: bool = True, timeout: float = 120):
        text = cmdline.strip("\n")
        if "\n" not in text and not re.match(r"\s*aws\s", text):
            script = f'aws {text} --endpoint-url "$ENDPOINT"'
        else:
            script = add_endpoint_url(text)
        result = run_bash(script, env, workdir, timeout)
        if not check:
            return result
        if not result.ok:
            raise AwsCliError(result)
        if re.search(r"--output[ =]text\b", script):
            return result.stdout.strip()
        return result.output

    aws_cli.env = env  # type: ignore[attr-defined]
    return aws_cli


# --------------------------------------------------------------------------- node --test


def run_node_test(
    node_bin: str, test_file: str, env_extra: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    """`node --test --test-reporter=spec <test_file>` in tests/clients/js with the environment
    plus `env_extra`; the spec report is in .stdout."""
    env = dict(os.environ)
    env.update(env_extra)
    env.setdefault("NODE_OPTIONS", "")
    return subprocess.run(
        [node_bin, "--test", "--test-reporter=spec", test_file],
        cwd=JS_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_browser_test(
    node_bin: str,
    test_file: str,
    env_extra: dict[str, str],
    screenshot_dir: Path,
    timeout: float = 120,
) -> subprocess.CompletedProcess:
    """run_node_test for a test driving Chromium (js/browser.mjs): its screenshots go to
    `screenshot_dir` (COGNATE_SCREENSHOT_DIR), or to $COGNATE_SCREENSHOT_DIR/<test file> when
    that is set in the environment (to keep them, e.g. as CI artifacts). The directory used is
    the result's .screenshot_dir."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} missing: run tests/clients/setup.sh (installs Debian's chromium)")
    keep = os.environ.get("COGNATE_SCREENSHOT_DIR")
    shots = Path(keep) / Path(test_file).name.split(".")[0] if keep else Path(screenshot_dir)
    shots.mkdir(parents=True, exist_ok=True)
    proc = run_node_test(node_bin, test_file, {**env_extra, "COGNATE_SCREENSHOT_DIR": str(shots)}, timeout=timeout)
    proc.screenshot_dir = shots  # type: ignore[attr-defined]
    return proc


# --------------------------------------------------------------------------- seed snippets


def split_commands(script: str) -> list[tuple[int, int]]:
    """(start, end) spans of the shell commands in `script`.

    A command ends at a newline that is outside quotes and not escaped by a trailing backslash;
    `end` is the index of that newline (or len(script)), or of the `#` of a trailing comment.
    Good enough for the documentation-style snippets in the seeds (no heredocs, no `$(...)`
    spanning lines)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(script)
    start: int | None = None
    comment_at: int | None = None
    quote: str | None = None
    while i < n:
        c = script[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = None
            i += 1
            continue
        if comment_at is not None:
            if c == "\n":
                if start is not None:
                    spans.append((start, comment_at))
                start, comment_at = None, None
            i += 1
            continue
        if c == "\\":
            i += 2  # escaped char, including backslash-newline continuation
            continue
        if c == "#" and (i == 0 or script[i - 1] in " \t\n"):
            comment_at = i
            i += 1
            continue
        if c in "'\"":
            quote = c
            if start is None:
                start = i
        elif c == "\n":
            if start is not None:
                spans.append((start, i))
            start = None
        elif not c.isspace() and start is None:
            start = i
        i += 1
    if quote:
        raise ValueError(f"unterminated {quote} quote in script:\n{script}")
    if start is not None:
        spans.append((start, comment_at if comment_at is not None else n))
    return spans


def add_endpoint_url(script: str, flag: str = '--endpoint-url "$ENDPOINT"') -> str:
    """Append `flag` to every `aws ...` command in a bash snippet, leaving the rest as is."""
    out, last = [], 0
    for start, end in split_commands(script):
        cmd = script[start:end]
        if not re.match(r"aws\s", cmd):
            continue
        trimmed_end = start + len(cmd.rstrip())
        out.append(script[last:trimmed_end])
        out.append(" " + flag)
        last = trimmed_end
    out.append(script[last:])
    return "".join(out)


def substitute(snippet: str, replacements: Iterable[tuple[str, str]]) -> str:
    """Apply literal replacements, insisting that each one matches (so seed drift is loud)."""
    for old, new in replacements:
        assert old in snippet, f"{old!r} not found in snippet:\n{snippet}"
        snippet = snippet.replace(old, new)
    return snippet


def new_request_id() -> str:
    return str(uuid.uuid4())
