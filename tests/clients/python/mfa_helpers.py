"""Helpers for the MFA tests (test_mfa.py, test_seed001_mfa_cli.py, test_mfa_clients.py).

* RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) from a base32 secret, stdlib only, and an
  authenticator model (`Authenticator`) that never hands out the code of a time step it already
  used, so tests don't trip Cognito's no-replay rule by accident;
* `CodeServer`: lets a Node test read the codes the server sent (e-mail from the SMTP sink,
  SMS from the webhook sink) over HTTP;
* pool set-up for the MFA scenarios (software-token MFA enabled with SetUserPoolMfaConfig,
  MFA ON pools) and small sign-in helpers.

Expected behaviour: /work/shared/reference/cognito-protocol-notes.md §4, §5.2, §5.5-5.7, §9.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from botocore.exceptions import ClientError

import harness

TOTP_STEP = 30
BASE32_RE = re.compile(r"^[A-Z2-7]+=*$")

# SetUserPoolMfaConfig arguments turning software-token MFA on next to the seed-001 SMS setup.
SEED001_SMS_MFA_CONFIGURATION = {
    "SmsAuthenticationMessage": "Your MFA code is {####}",
    "SmsConfiguration": {
        "SnsCallerArn": "arn:aws:iam::123456789012:role/CognitoMFASMSRole",
        "ExternalId": "mfa-sms-external-id",
    },
}


# --------------------------------------------------------------------------- TOTP


def b32decode(secret: str) -> bytes:
    s = secret.strip().replace(" ", "").upper()
    return base64.b32decode(s + "=" * (-len(s) % 8))


def totp_at_step(secret: str, step: int, digits: int = 6) -> str:
    mac = hmac.new(b32decode(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return f"{value:0{digits}d}"


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // TOTP_STEP)


def totp(secret: str, now: float | None = None) -> str:
    return totp_at_step(secret, current_step(now))


def wrong_totp(secret: str) -> str:
    """Six digits that match none of the codes of the steps around now (±2)."""
    now = current_step()
    valid = {totp_at_step(secret, s) for s in range(now - 2, now + 3)}
    n = 0
    while True:
        c = f"{(int(totp_at_step(secret, now)) + 500_000 + n) % 1_000_000:06d}"
        if c not in valid:
            return c
        n += 1


class Authenticator:
    """An authenticator app: `code()` gives the code of the current 30-s step, or — when that
    step's code was already used — of the next step (Cognito accepts codes within ±30 s), or waits
    (at most one step) for a step it has not used. `used` records the steps handed out."""

    def __init__(self, secret: str):
        self.secret = secret
        self.last_step: int | None = None

    def code(self, max_wait: float = TOTP_STEP + 2) -> str:
        deadline = time.monotonic() + max_wait
        while True:
            now = current_step()
            for s in (now, now + 1):
                if self.last_step is None or s > self.last_step:
                    self.last_step = s
                    return totp_at_step(self.secret, s)
            if time.monotonic() > deadline:
                raise TimeoutError("no unused TOTP step within the wait bound")
            time.sleep(max(0.2, (now + 1) * TOTP_STEP - time.time() + 0.2))

    def last_code(self) -> str:
        assert self.last_step is not None
        return totp_at_step(self.secret, self.last_step)


# --------------------------------------------------------------------------- errors


def error_of(fn, *args, **kwargs) -> ClientError:
    """The ClientError `fn` raises; fails the test (with the answer) if it succeeds."""
    try:
        out = fn(*args, **kwargs)
    except ClientError as e:
        return e
    pytest.fail(f"{getattr(fn, '__name__', fn)} unexpectedly succeeded: {out!r}")


def code_of(e: ClientError) -> str:
    return e.response["Error"]["Code"]


def msg_of(e: ClientError) -> str:
    return e.response["Error"].get("Message", "")


def assert_code(e: ClientError, *codes: str) -> None:
    got = code_of(e)
    assert got in codes, f"expected {' or '.join(codes)}, server answered {got}: {msg_of(e)!r}"


# --------------------------------------------------------------------------- pools


def enable_software_token(cognito, pool_id: str, mfa: str = "OPTIONAL", totp_enabled: bool = True,
                          sms: dict | None = None) -> dict:
    """SetUserPoolMfaConfig with the seed-001 SMS configuration and software-token MFA on/off."""
    return cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration=mfa,
        SoftwareTokenMfaConfiguration={"Enabled": totp_enabled},
        SmsMfaConfiguration=sms or SEED001_SMS_MFA_CONFIGURATION,
    )


def mask_phone(phone: str) -> str:
    """Cognito's mask: keep `+` and the last four digits, every other digit → `*`."""
    digits = phone[1:]
    return "+" + "*" * (len(digits) - 4) + digits[-4:]


def sms_mfa_message(sink: harness.SmsSink, phone: str, timeout: float = 10) -> harness.Message:
    """The newest unseen SMS to `phone` carrying a code."""
    return sink.wait_for_message(phone, timeout, predicate=lambda m: m.code is not None)


# --------------------------------------------------------------------------- code server


class CodeServer:
    """HTTP bridge from a Node test to the Python sinks:

    GET /code?to=<address>  → newest unseen code e-mailed to <address> (SMTP sink)
    GET /sms?to=<phone>     → newest unseen code sent by SMS to <phone> (webhook sink); the JSON
                              variant /sms.json?to=... answers {code, message, purpose, user_pool_id}
    Each waits up to 20 s and answers 404 with the reason when nothing arrives."""

    def __init__(self, smtp: harness.SmtpSink, sms: harness.SmsSink):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):
                pass

            def do_GET(self):  # noqa: N802 (http.server API)
                u = urlparse(self.path)
                to = (parse_qs(u.query).get("to") or [""])[0]
                ctype = "text/plain"
                try:
                    if u.path == "/code":
                        body, status = smtp.wait_for_code(to, timeout=20), 200
                    elif u.path == "/sms":
                        body, status = sms.wait_for_code(to, timeout=20), 200
                    elif u.path == "/sms.json":
                        m = sms.wait_for_message(to, 20, predicate=lambda m: m.code is not None)
                        body = json.dumps({"code": m.code, "message": m.body, "purpose": m.purpose,
                                           "user_pool_id": m.user_pool_id})
                        status, ctype = 200, "application/json"
                    else:
                        body, status = f"unknown path {u.path}", 404
                except TimeoutError as e:
                    body, status = str(e), 404
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer((harness.LOCALHOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="code-server", daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://{harness.LOCALHOST}:{self.httpd.server_address[1]}"

    @property
    def code_url(self) -> str:
        return self.base + "/code"

    @property
    def sms_code_url(self) -> str:
        return self.base + "/sms"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
