"""A local stand-in for Amazon STS, IAM and SNS: moto's server (`moto[server]`, pinned in
tests/clients/requirements.txt) on 127.0.0.1, behind a small recording proxy. Cognate's
`--sms-sender sns` (the AWS SDK for Rust) is pointed at the proxy with `--sts-endpoint-url` and
`--sns-endpoint-url`; tests read back what it did.

What moto 5.2.5 does (found with moto_server on a free loopback port, botocore 1.43.64 clients):

* One endpoint serves every service: moto routes on the SigV4 credential scope
  (`Credential=AKID/date/us-east-1/sns/aws4_request`), so STS, IAM and SNS share one URL.
* STS AssumeRole(RoleArn, RoleSessionName, ExternalId) answers credentials (`ASIA…` key, secret,
  session token, Expiration in one hour). With IAM enforcement OFF (moto's default,
  `INITIAL_NO_AUTH_ACTION_COUNT` = inf) it never refuses: any role ARN, even one that does not
  exist, any ExternalId. moto keeps every assumed role (role_arn, external_id, session_name,
  access_key_id) and shows them at `GET /moto-api/data.json` under `sts.AssumedRole`.
* IAM enforcement: `POST /moto-api/reset-auth` with body `0` (what
  `set_initial_no_auth_action_count(0)` does in server mode; the env var
  `INITIAL_NO_AUTH_ACTION_COUNT=N` at start lets only the first N requests through) makes moto
  check the SigV4 signature and the caller's IAM policies on every later request. The stand-in
  creates its IAM users first, then turns enforcement on. Then:
    - the base credentials must be an access key of an IAM user created in moto, whose policy
      allows `sts:AssumeRole` (an unknown key → `InvalidClientTokenId`, a wrong secret →
      `SignatureDoesNotMatch`, both 403);
    - for an existing role moto also evaluates the role's trust policy, including a
      `Condition: {"StringEquals": {"sts:ExternalId": …}}`: a wrong ExternalId →
      `AccessDenied` (403, "User: arn:aws:iam::123456789012:user/… is not authorized to perform:
      sts:AssumeRole"), as AWS answers. Caveats: a MISSING ExternalId passes the condition (moto
      compares only the values present), and a trust policy whose Principal is
      `{"Service": "cognito-idp.amazonaws.com"}` (seed 001's) makes moto answer HTTP 500 (it
      only understands `{"AWS": …}`), so the stand-in's trust policies name the base user;
    - a role that does not exist is skipped by the trust check, so it is refused only when the
      caller's policy does not list it: the stand-in's base user may assume exactly the roles
      created through `create_sms_role` (→ `AccessDenied` for any other ARN);
    - SNS Publish with the assumed role's credentials is allowed or denied by the role's own
      policies (inline `Allow sns:Publish` / `Deny sns:Publish`). moto answers a denied Publish
      with `AccessDenied` (403), where Amazon SNS answers `AuthorizationError` (403, "User: … is
      not authorized to perform: SNS:Publish on resource: …"; the SDK's
      AuthorizationErrorException). The proxy rewrites that code for SNS so the server sees what
      AWS sends; `SnsStandIn(raw_sns_errors=True)` keeps moto's AccessDenied code.
    - moto sends these authorization errors (AccessDenied, SignatureDoesNotMatch,
      InvalidClientTokenId) in EC2's envelope `<ErrorResponse><Errors><Error>…`, which botocore
      reads but the AWS SDK for Rust does not (for query services it finds no code at all), so
      the proxy re-wraps them as AWS does: `<ErrorResponse xmlns=…><Error><Type>Sender</Type>
      <Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`.
* SNS Publish(PhoneNumber, Message, MessageAttributes) is accepted for any E.164 number (moto has
  no sandbox, opt-out or spend limit). moto keeps the SMS WITHOUT its attributes:
  `GET /moto-api/data.json` → `sns.SMS: [{message_id, phone_number, message}]`. The attributes
  (`AWS.SNS.SMS.SMSType`, `AWS.SNS.SMS.SenderID`) can be read back from moto's request recorder
  (`POST /moto-api/recorder/start-recording`, then `GET /moto-api/recorder/download-recording`:
  one JSON line per request with the raw form body) — or, as here, from the proxy, which records
  every STS/SNS/IAM request's form parameters with moto's status and error code.
* moto checks SigV4 over a re-encoding of the parsed form body (werkzeug consumes the raw
  body; botocore re-encodes spaces as `+`), while the AWS SDK for Rust sends spaces as `%20`: every
  Rust-signed request whose body has a space (any Publish of "Your MFA code is …") fails with
  `SignatureDoesNotMatch`, in an EC2-style `<ErrorResponse><Errors><Error>` body the Rust SDK
  cannot even parse (the server then sees an error with no code). boto3 is unaffected (it sends
  `+`). The proxy therefore checks the client's signature itself (it knows the base user's secret
  and every secret AssumeRole handed out) and re-signs moto's encoding with the same key and
  timestamp; a wrong signature still gets SignatureDoesNotMatch.
* State is per moto process (moto's backends are module globals), so each stand-in runs its own
  `moto_server` subprocess rather than an in-process ThreadedMotoServer; `POST /moto-api/reset`
  would wipe it.

Usage (see test_sms_sns.py; sms_helpers.start_node also drops the harness's own
`--sms-sender webhook`, which clap would refuse to see twice):

    with SnsStandIn() as aws:
        role = aws.create_sms_role("CognitoMFASMSRole", external_id="mfa-sms-external-id")
        srv = start_node(server_factory, "sqlite", "sns", aws)  # server_args() + server_env()
        ...
        [sms] = aws.published_sms("+15551234567")
        assert sms.attributes["AWS.SNS.SMS.SMSType"] == "Transactional"
        assert sms.external_id == "mfa-sms-external-id"
"""

from __future__ import annotations

import atexit
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import requests

LOCALHOST = "127.0.0.1"
ACCOUNT_ID = "123456789012"  # moto's default account, the one in seed 001's role ARN
REGION = "us-east-1"
ROLE_PREFIX = f"arn:aws:iam::{ACCOUNT_ID}:role/"
MOTO_SERVER = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "moto_server"

_CRED_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade"}


# moto_server gets SIGTERM when the test process dies without its teardown (as harness.py does
# for the server); stand-ins still running at interpreter exit are stopped.
_LAUNCHER = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []
_LIVE: set["SnsStandIn"] = set()


@atexit.register
def _stop_all() -> None:
    for standin in list(_LIVE):
        try:
            standin.stop()
        except Exception:
            pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCALHOST, 0))
        return s.getsockname()[1]


def _xml_value(xml: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>([^<]*)</{tag}>", xml)
    return m.group(1) if m else None


@dataclass
class Call:
    """One request that went through the proxy, with moto's answer."""

    service: str  # credential-scope service: sts | sns | iam | ... ("" when unsigned)
    region: str
    action: str
    params: dict[str, str]
    access_key_id: str
    status: int
    error_code: str | None
    response: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    at: float = field(default_factory=time.time)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class PublishedSms:
    """An SMS moto accepted (SNS Publish with PhoneNumber answered 200)."""

    phone_number: str
    message: str
    attributes: dict[str, str]  # MessageAttributes name -> StringValue
    message_id: str | None
    access_key_id: str
    region: str
    role_arn: str | None  # the role whose temporary credentials signed the Publish
    external_id: str | None  # the ExternalId that role was assumed with
    session_name: str | None

    @property
    def sms_type(self) -> str | None:
        return self.attributes.get("AWS.SNS.SMS.SMSType")

    @property
    def sender_id(self) -> str | None:
        return self.attributes.get("AWS.SNS.SMS.SenderID")


def message_attributes(params: dict[str, str]) -> dict[str, str]:
    """`MessageAttributes.entry.N.Name` / `.Value.StringValue` (query protocol) → {name: value}."""
    out = {}
    n = 1
    while f"MessageAttributes.entry.{n}.Name" in params:
        name = params[f"MessageAttributes.entry.{n}.Name"]
        out[name] = params.get(f"MessageAttributes.entry.{n}.Value.StringValue", "")
        n += 1
    return out


class SnsStandIn:
    """moto_server (IAM enforcement on) behind a recording proxy, both on 127.0.0.1.

    * `endpoint`: the proxy — give it to Cognate as --sts-endpoint-url and --sns-endpoint-url;
    * `base_access_key` / `base_secret_key`: the IAM user Cognate signs AssumeRole with
      (`server_env()` puts them in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); it may assume the
      roles made by `create_sms_role` and nothing else, and (base_can_publish) publish itself;
    * `create_sms_role(name, external_id, allow_publish=True)`: a role whose trust policy requires
      that ExternalId, with an inline policy allowing (or denying) sns:Publish;
    * `published_sms(phone=None)`, `assume_role_calls()`, `publish_calls()`, `calls`: what
      happened; `moto_sms()` / `moto_assumed_roles()`: moto's own view (/moto-api/data.json).
    """

    BASE_USER = "cognate-server"
    ADMIN_USER = "stand-in-admin"

    def __init__(self, region: str = REGION, raw_sns_errors: bool = False, workdir: Path | None = None,
                 base_can_publish: bool = True):
        self.region = region
        self.base_can_publish = base_can_publish
        self.raw_sns_errors = raw_sns_errors
        self.workdir = Path(workdir) if workdir else None
        self.moto_port: int | None = None
        self._moto: subprocess.Popen | None = None
        self._moto_log = None
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.calls: list[Call] = []
        self.base_access_key = ""
        self.base_secret_key = ""
        self.base_user_arn = ""
        self._admin_key = ("", "")
        self._assumable: list[str] = []
        self._secrets: dict[str, tuple[str, str | None]] = {}  # access key id -> (secret, session token)
        # set to an SNS error code (e.g. "InternalError", "Throttled") to fail every Publish
        self.fail_publish_with: str | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def moto_endpoint(self) -> str:
        return f"http://{LOCALHOST}:{self.moto_port}"

    @property
    def endpoint(self) -> str:
        assert self._httpd is not None, "stand-in not started"
        return f"http://{LOCALHOST}:{self._httpd.server_address[1]}"

    def __enter__(self) -> "SnsStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 30) -> "SnsStandIn":
        if not MOTO_SERVER.exists():
            raise RuntimeError(f"{MOTO_SERVER} missing: run tests/clients/setup.sh (moto[server] is pinned)")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
        env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
        last_err = "not started"
        for _ in range(5):  # the probed port may be taken before moto binds it
            self.moto_port = _free_port()
            log_path = (self.workdir / "moto.log") if self.workdir else Path(os.devnull)
            if self.workdir:
                self.workdir.mkdir(parents=True, exist_ok=True)
            self._moto_log = open(log_path, "ab")
            self._moto = subprocess.Popen(
                _LAUNCHER + [str(MOTO_SERVER), "-H", LOCALHOST, "-p", str(self.moto_port)],
                stdin=subprocess.DEVNULL, stdout=self._moto_log, stderr=subprocess.STDOUT,
                env=env, start_new_session=True,
            )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self._moto.poll() is None:
                try:
                    requests.get(f"{self.moto_endpoint}/moto-api/data.json", timeout=1)
                    break
                except requests.RequestException as e:
                    last_err = type(e).__name__
                    time.sleep(0.05)
            else:
                last_err = f"moto_server exited with {self._moto.poll()}" if self._moto.poll() is not None else last_err
                self._stop_moto()
                continue
            break
        else:
            raise RuntimeError(f"could not start moto_server: {last_err}")
        _LIVE.add(self)
        try:
            self._start_proxy()
            self._bootstrap()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_proxy(self) -> None:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):
                pass

            def _body(self) -> bytes:
                if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            break
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    return b"".join(chunks)
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n) if n else b""

            def _forward(self):
                body = self._body()
                status, headers, payload = standin._handle(self.command, self.path, self.headers, body)
                self.send_response(status)
                for k, v in headers:
                    if k.lower() not in _HOP_BY_HOP and k.lower() != "content-length":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_GET = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815

        self._httpd = ThreadingHTTPServer((LOCALHOST, 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.request_queue_size = 128
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sns-standin", daemon=True)
        self._thread.start()

    def _handle(self, method: str, path: str, headers, body: bytes):
        fwd = {k: v for k, v in headers.items() if k.lower() not in _HOP_BY_HOP}
        auth = headers.get("Authorization") or ""
        moto_body = self._in_moto_encoding(method, path, fwd, body)
        if isinstance(moto_body, tuple):  # the client's signature is wrong: answer as AWS would
            status, rheaders, payload = moto_body
            return self._record_and_return(auth, body, status, rheaders, payload, headers)
        fwd["Content-Length"] = str(len(moto_body))
        m = _CRED_SCOPE.search(auth)
        service = m.group(3) if m else ""
        try:
            action = (parse_qs(body.decode("utf-8")).get("Action") or [""])[0]
        except UnicodeDecodeError:
            action = ""

        if service == "sns" and action == "Publish" and self.fail_publish_with:
            status, rheaders, payload = self._sns_error(self.fail_publish_with, "Injected failure by the test stand-in",
                                                        500 if self.fail_publish_with == "InternalError" else 400)
        else:
            conn = http.client.HTTPConnection(LOCALHOST, self.moto_port, timeout=60)
            try:
                conn.request(method, path, body=moto_body, headers=fwd)
                resp = conn.getresponse()
                payload = resp.read()
                status, rheaders = resp.status, resp.getheaders()
            finally:
                conn.close()
        return self._record_and_return(auth, body, status, rheaders, payload, headers)

    def _record_and_return(self, auth: str, body: bytes, status: int, rheaders, payload: bytes, headers):
        m = _CRED_SCOPE.search(auth)
        akid, region, service = (m.group(1), m.group(2), m.group(3)) if m else ("", "", "")
        try:
            params = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        except UnicodeDecodeError:
            params = {}
        action = params.get("Action", "")
        text = payload.decode("utf-8", "replace")
        code = _xml_value(text, "Code") if status >= 300 else None
        if service == "sns" and status == 403 and code == "AccessDenied" and not self.raw_sns_errors:
            # Amazon SNS says AuthorizationError where moto says AccessDenied
            msg = (_xml_value(text, "Message") or "not authorized").replace("sns:Publish", "SNS:Publish")
            if action == "Publish" and params.get("PhoneNumber"):
                msg += f" on resource: {params['PhoneNumber']}"
            status, rheaders, payload = self._sns_error("AuthorizationError", msg, 403)
            text, code = payload.decode(), "AuthorizationError"
        elif status >= 300 and "<Errors><Error>" in text and service in ("sns", "sts", "iam"):
            # moto's authorization errors come in EC2's envelope, which the AWS SDK for Rust
            # cannot read for query services; AWS sends <ErrorResponse><Error>…</Error>
            status, rheaders, payload = self._query_error(service, code or "InternalFailure",
                                                          _xml_value(text, "Message") or "", status)
            text = payload.decode()
        if service == "sts" and action == "AssumeRole" and status == 200:
            key = _xml_value(text, "AccessKeyId")
            if key:
                with self._lock:
                    self._secrets[key] = (_xml_value(text, "SecretAccessKey") or "", _xml_value(text, "SessionToken"))
        if service or action:
            with self._lock:
                self.calls.append(Call(service, region, action, params, akid, status, code, text,
                                       dict(headers.items()), body))
        return status, rheaders, payload

    def _in_moto_encoding(self, method: str, path: str, headers: dict[str, str], body: bytes):
        """The body to give moto, re-signed when needed (see the module docstring): moto checks
        SigV4 over `urlencode(parsed form)` (spaces as `+`), the AWS SDK for Rust sends spaces as
        `%20`. The proxy checks the client's signature itself with the secret it knows, then
        signs moto's encoding with the same key and timestamp. Returns the body, or an error
        response (status, headers, payload) when the client's signature is wrong."""
        from urllib.parse import parse_qsl, urlencode

        ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        auth_key = next((k for k in headers if k.lower() == "authorization"), None)
        if method != "POST" or not ctype.startswith("application/x-www-form-urlencoded") or auth_key is None:
            return body
        try:
            canonical = urlencode(parse_qsl(body.decode("utf-8"), keep_blank_values=True)).encode()
        except UnicodeDecodeError:
            return body
        if canonical == body:
            return body
        auth = headers[auth_key]
        m = _CRED_SCOPE.search(auth)
        with self._lock:
            secret = self._secrets.get(m.group(1)) if m else None
        if secret is None:
            return body  # a key the stand-in does not know: moto answers for it
        akid, region, service = m.group(1), m.group(2), m.group(3)
        signed = re.search(r"SignedHeaders=([^,\s]+)", auth)
        sig = re.search(r"Signature=([0-9a-f]+)", auth)
        if not signed or not sig:
            return body
        names = signed.group(1).split(";")
        if self._signature(akid, secret, region, service, method, path, headers, names, body) != sig.group(1):
            return self._query_error(service, "SignatureDoesNotMatch", "The request signature we calculated does "
                                     "not match the signature you provided.", 403)
        for k in list(headers):
            if k.lower() == "content-length":
                headers[k] = str(len(canonical))
        new_sig = self._signature(akid, secret, region, service, method, path, headers, names, canonical)
        headers[auth_key] = auth.replace(sig.group(1), new_sig)
        return canonical

    @staticmethod
    def _signature(akid: str, secret: tuple[str, str | None], region: str, service: str, method: str,
                   path: str, headers: dict[str, str], names: list[str], body: bytes) -> str:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        lower = {k.lower(): v for k, v in headers.items()}
        signed = {n: lower.get(n, "") for n in names}
        request = AWSRequest(method=method, url=f"http://{lower.get('host', LOCALHOST)}{path}", data=body,
                             headers=signed)
        request.context["timestamp"] = lower.get("x-amz-date", "")
        auth = SigV4Auth(Credentials(akid, secret[0], secret[1]), service, region)
        canonical_request = auth.canonical_request(request)
        return auth.signature(auth.string_to_sign(request, canonical_request), request)

    @staticmethod
    def _sns_error(code: str, message: str, status: int):
        return SnsStandIn._query_error("sns", code, message, status)

    @staticmethod
    def _query_error(service: str, code: str, message: str, status: int):
        """An AWS query-protocol error document, as SNS / STS / IAM send it."""
        from xml.sax.saxutils import escape

        ns = {"sns": "http://sns.amazonaws.com/doc/2010-03-31/", "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
              "iam": "https://iam.amazonaws.com/doc/2010-05-08/"}.get(service, "")
        rid = os.urandom(16).hex()
        body = (
            f'<ErrorResponse xmlns="{ns}">'
            f"<Error><Type>{'Receiver' if status >= 500 else 'Sender'}</Type><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error>"
            f"<RequestId>{rid}</RequestId></ErrorResponse>"
        ).encode()
        return status, [("Content-Type", "text/xml"), ("x-amzn-RequestId", rid)], body

    def _client(self, service: str, key: tuple[str, str] | None = None):
        import boto3
        from botocore.config import Config

        ak, sk = key or self._admin_key
        return boto3.session.Session(aws_access_key_id=ak, aws_secret_access_key=sk, region_name=self.region).client(
            service, endpoint_url=self.moto_endpoint, config=Config(retries={"max_attempts": 1}))

    def _bootstrap(self) -> None:
        """IAM users (admin, Cognate's base user) while moto still accepts anything, then
        IAM enforcement on."""
        iam = self._client("iam", ("bootstrap", "bootstrap"))
        iam.create_user(UserName=self.ADMIN_USER)
        iam.put_user_policy(UserName=self.ADMIN_USER, PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        k = iam.create_access_key(UserName=self.ADMIN_USER)["AccessKey"]
        self._admin_key = (k["AccessKeyId"], k["SecretAccessKey"])
        self.base_user_arn = iam.create_user(UserName=self.BASE_USER)["User"]["Arn"]
        k = iam.create_access_key(UserName=self.BASE_USER)["AccessKey"]
        self.base_access_key, self.base_secret_key = k["AccessKeyId"], k["SecretAccessKey"]
        self._secrets[self.base_access_key] = (self.base_secret_key, None)
        self._update_base_policy(iam)
        r = requests.post(f"{self.moto_endpoint}/moto-api/reset-auth", data=b"0", timeout=10)
        r.raise_for_status()

    def _update_base_policy(self, iam=None) -> None:
        iam = iam or self._client("iam")
        statements: list[dict[str, Any]] = [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]
        if self.base_can_publish:
            # the operator's own key may publish (messages that belong to no pool: SNS Publish
            # and sandbox one-time passwords sent through Cognate's SNS API)
            statements.append({"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"})
        if self._assumable:
            statements.append({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": list(self._assumable)})
        iam.put_user_policy(UserName=self.BASE_USER, PolicyName="assume-sms-roles", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": statements}))

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        self._stop_moto()

    def _stop_moto(self) -> None:
        _LIVE.discard(self)
        if self._moto is not None:
            if self._moto.poll() is None:
                try:
                    os.killpg(self._moto.pid, 15)
                except ProcessLookupError:
                    pass
                try:
                    self._moto.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(self._moto.pid, 9)
                    self._moto.wait(5)
            self._moto = None
        if self._moto_log is not None:
            self._moto_log.close()
            self._moto_log = None

    # ------------------------------------------------------------------ Cognate wiring

    def server_args(self) -> list[str]:
        """`cognate serve` options sending SMS through this stand-in."""
        return ["--sms-sender", "sns", "--sns-endpoint-url", self.endpoint, "--sts-endpoint-url", self.endpoint]

    def server_env(self, workdir: Path | None = None) -> dict[str, str]:
        """Standard AWS environment for the server's SDK: the base user's key, the region, and
        nothing read from a developer's ~/.aws or an instance-metadata endpoint."""
        env = {
            "AWS_ACCESS_KEY_ID": self.base_access_key,
            "AWS_SECRET_ACCESS_KEY": self.base_secret_key,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        if workdir is not None:
            workdir.mkdir(parents=True, exist_ok=True)
            for name in ("aws-config", "aws-credentials"):
                (workdir / name).touch()
            env["AWS_CONFIG_FILE"] = str(workdir / "aws-config")
            env["AWS_SHARED_CREDENTIALS_FILE"] = str(workdir / "aws-credentials")
        return env

    # ------------------------------------------------------------------ IAM roles

    def create_sms_role(self, name: str, external_id: str, allow_publish: bool = True) -> str:
        """An IAM role Cognate may assume only with `external_id`; its inline policy allows
        sns:Publish (or, with allow_publish=False, denies it). Returns the role ARN."""
        iam = self._client("iam")
        trust = {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"AWS": self.base_user_arn},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": external_id}},
            }],
        }
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        effect = "Allow" if allow_publish else "Deny"
        iam.put_role_policy(RoleName=name, PolicyName="sns-publish", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": effect, "Action": "sns:Publish", "Resource": "*"}]}))
        self._assumable.append(arn)
        self._update_base_policy(iam)
        return arn

    # ------------------------------------------------------------------ what happened

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def _calls(self, service: str, action: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.service == service and c.action == action]

    def assume_role_calls(self) -> list[Call]:
        return self._calls("sts", "AssumeRole")

    def publish_calls(self) -> list[Call]:
        return self._calls("sns", "Publish")

    def _roles_by_key(self) -> dict[str, tuple[str, str | None, str | None]]:
        out = {}
        for c in self.assume_role_calls():
            if c.ok:
                key = _xml_value(c.response, "AccessKeyId")
                if key:
                    out[key] = (c.params.get("RoleArn", ""), c.params.get("ExternalId"), c.params.get("RoleSessionName"))
        return out

    def published_sms(self, phone: str | None = None) -> list[PublishedSms]:
        """SMS moto accepted, oldest first (optionally only those to `phone`)."""
        roles = self._roles_by_key()
        out = []
        for c in self.publish_calls():
            if not c.ok or not c.params.get("PhoneNumber"):
                continue
            if phone is not None and c.params["PhoneNumber"] != phone:
                continue
            role_arn, external_id, session = roles.get(c.access_key_id, (None, None, None))
            out.append(PublishedSms(
                phone_number=c.params["PhoneNumber"],
                message=c.params.get("Message", ""),
                attributes=message_attributes(c.params),
                message_id=_xml_value(c.response, "MessageId"),
                access_key_id=c.access_key_id,
                region=c.region,
                role_arn=role_arn,
                external_id=external_id,
                session_name=session,
            ))
        return out

    def wait_for_sms(self, phone: str, count: int = 1, timeout: float = 10) -> list[PublishedSms]:
        deadline = time.monotonic() + timeout
        while True:
            got = self.published_sms(phone)
            if len(got) >= count:
                return got
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{len(got)} SMS to {phone} within {timeout}s (wanted {count}); "
                                   f"calls: {[(c.service, c.action, c.status, c.error_code) for c in self.calls]}")
            time.sleep(0.05)

    def moto_data(self) -> dict[str, Any]:
        return requests.get(f"{self.moto_endpoint}/moto-api/data.json", timeout=10).json()

    def moto_sms(self) -> list[dict[str, str]]:
        """moto's own record of published SMS: [{message_id, phone_number, message}]."""
        return self.moto_data().get("sns", {}).get("SMS", [])

    def moto_assumed_roles(self) -> list[dict[str, Any]]:
        """moto's own record: [{role_arn, external_id, session_name, access_key_id, ...}]."""
        return self.moto_data().get("sts", {}).get("AssumedRole", [])
