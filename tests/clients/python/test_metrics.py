"""Prometheus metrics (`cognate serve --metrics-listen ADDR`): a server with a metrics listener
is driven through a sign-up, sign-ins that succeed, fail, lock a user out and ask for an SMS
code, an SMS refused because its number opted out, and an unknown operation; the scrape of
`GET /metrics` must show each of those, exactly, in Prometheus's text format 0.0.4, and the API
port must not serve it. `promtool` (Debian's `prometheus` package, installed by
tests/clients/setup.sh) checks the scraped text and ops/prometheus/alerts.yml.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import requests

import harness
from helpers import admin_create_confirmed_user, create_seed_pool, make_client, password_auth, sign_in, sign_up_and_confirm
from mfa_helpers import assert_code, error_of
from sms_helpers import PRICE_US, Outbox, finish_sms_mfa, opt_out, sign_in_error, sms_mfa_user, start_sign_in

pytestmark = pytest.mark.timeout(180)

BACKENDS = harness.backends_from_env()
ALERT_RULES = harness.REPO / "ops" / "prometheus" / "alerts.yml"
TEXT_FORMAT = "text/plain; version=0.0.4"
FAILED_PASSWORDS_TO_LOCK = 5  # Cognito locks a user at the fifth failure in a row


# --------------------------------------------------------------------------- the text format

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


class Scrape:
    """One scrape of /metrics: the text, and its samples by (name, labels)."""

    def __init__(self, text: str):
        self.text = text
        self.samples: dict[tuple[str, frozenset], float] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            m = _SAMPLE.match(line)
            assert m, f"not a sample line: {line!r}"
            name, labels, value = m.groups()
            key = (name, frozenset(_LABEL.findall(labels or "")))
            assert key not in self.samples, f"series written twice: {line!r}"
            self.samples[key] = float(value)

    def value(self, name: str, **labels: str) -> float:
        """The sample of `name` with exactly `labels`; 0 when absent (a counter not yet moved)."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def series(self, name: str) -> list[dict[str, str]]:
        return [dict(labels) for (n, labels) in self.samples if n == name]


def scrape(srv) -> Scrape:
    r = requests.get(srv.metrics_url, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(TEXT_FORMAT), r.headers
    return Scrape(r.text)


# --------------------------------------------------------------------------- the server


def metrics_node(server_factory, backend: str):
    """A server whose metrics listen on a port of their own, on loopback."""
    port = harness.free_port()
    srv = server_factory("--metrics-listen", f"{harness.LOCALHOST}:{port}", backend=backend)
    srv.metrics_url = f"http://{harness.LOCALHOST}:{port}/metrics"
    return srv


def exercise(srv) -> dict:
    """Drives `srv` through what the metrics must count; returns what the checks need."""
    cognito = make_client(srv.endpoint)
    pool = create_seed_pool(cognito)

    user = sign_up_and_confirm(srv, cognito, pool)  # an email code, for verification
    sign_in(cognito, user)  # password -> tokens
    wrong = error_of(password_auth, cognito, pool["client_id"], user.email, user.password + "x")
    assert_code(wrong, "NotAuthorizedException")

    locked = admin_create_confirmed_user(cognito, pool)
    for _ in range(FAILED_PASSWORDS_TO_LOCK):
        failure = error_of(password_auth, cognito, pool["client_id"], locked.email, "Wrong-password-1")
        assert_code(failure, "NotAuthorizedException")

    # SMS MFA: the code goes out (and is answered); to an opted-out number it is refused.
    mfa_user, phone = sms_mfa_user(cognito, pool)
    challenge, err = start_sign_in(cognito, mfa_user)
    assert err is None, err.response
    assert challenge["ChallengeName"] == "SMS_MFA", challenge
    code = Outbox("webhook", [srv]).last_code_to(phone)
    finish_sms_mfa(cognito, mfa_user, challenge["Session"], code)

    refused_user, refused_phone = sms_mfa_user(cognito, pool)
    opt_out(srv, refused_phone)
    assert_code(sign_in_error(cognito, refused_user), "CodeDeliveryFailureException")

    unknown = requests.post(
        srv.endpoint,
        headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.NoSuchOperation",
            "Content-Type": "application/x-amz-json-1.1",
        },
        data="{}",
        timeout=10,
    )
    assert unknown.status_code == 400, unknown.text
    return {"pool_id": pool["pool_id"]}


def _promtool() -> str:
    """promtool's path; without it, a skip on a developer's machine and a failure in CI."""
    beside = Path(sys.executable).parent / "promtool"  # where tests/clients/setup.sh links it
    path = str(beside) if beside.exists() else shutil.which("promtool")
    if path:
        return path
    how = "run tests/clients/setup.sh (it takes promtool out of Debian's prometheus package)"
    if os.environ.get("CI", "") != "":
        pytest.fail(f"promtool not found on PATH in CI: {how}")
    pytest.skip(f"promtool not found on PATH (and CI is not set): {how}")


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_scrape_counts_what_the_server_did(server_factory, backend):
    srv = metrics_node(server_factory, backend)
    before = scrape(srv)
    ctx = exercise(srv)
    after = scrape(srv)

    def moved(name: str, **labels: str) -> float:
        return after.value(name, **labels) - before.value(name, **labels)

    requests_total = "cognate_requests_total"
    assert moved(requests_total, operation="SignUp", outcome="ok") == 1
    assert moved(requests_total, operation="ConfirmSignUp", outcome="ok") == 1
    # the password sign-in and the one that asked for an SMS code
    assert moved(requests_total, operation="InitiateAuth", outcome="ok") == 2
    assert moved(requests_total, operation="InitiateAuth",
                 outcome="NotAuthorizedException") == 1 + FAILED_PASSWORDS_TO_LOCK
    assert moved(requests_total, operation="InitiateAuth", outcome="CodeDeliveryFailureException") == 1
    assert moved(requests_total, operation="RespondToAuthChallenge", outcome="ok") == 1
    assert moved(requests_total, operation="unknown", outcome="UnknownOperationException") == 1
    assert not [s for s in after.series(requests_total) if s["operation"] == "NoSuchOperation"]

    histogram = "cognate_request_duration_seconds"
    initiate_auths = 2 + 1 + FAILED_PASSWORDS_TO_LOCK + 1
    assert moved(f"{histogram}_count", operation="InitiateAuth") == initiate_auths
    assert after.value(f"{histogram}_bucket", operation="InitiateAuth", le="+Inf") == \
        after.value(f"{histogram}_count", operation="InitiateAuth")
    assert after.value(f"{histogram}_sum", operation="InitiateAuth") > 0

    sign_ins = "cognate_sign_ins_total"
    assert moved(sign_ins, result="success", factor="password") == 1
    assert moved(sign_ins, result="challenge", factor="password") == 1
    assert moved(sign_ins, result="success", factor="sms_mfa") == 1
    # one wrong password, the five that locked a user out, the sign-in whose SMS was refused
    assert moved(sign_ins, result="failure", factor="password") == 1 + FAILED_PASSWORDS_TO_LOCK + 1
    assert moved("cognate_lockouts_total") == 1

    codes = "cognate_codes_sent_total"
    assert moved(codes, medium="email", purpose="verification") == 1
    assert moved(codes, medium="sms", purpose="mfa") == 1

    sms = "cognate_sms_total"
    assert moved(sms, outcome="sent", reason="none", country="US") == 1
    assert moved(sms, outcome="refused", reason="opted_out", country="US") == 1

    # one message to a US number this month; the harness set MonthlySpendLimit to 100000
    spent = Decimal(str(after.value("cognate_sms_spend_usd", pool=ctx["pool_id"])))
    assert abs(spent - PRICE_US) < Decimal("0.000001"), after.text
    assert after.value("cognate_sms_spend_limit_usd") == 100000

    pools = {s["pool"] for s in after.series("cognate_db_pool_connections")}
    assert pools == ({"read_write"} if backend == "postgres" else {"writer", "reader"}), after.text
    for pool in pools:
        assert after.value("cognate_db_pool_max_connections", pool=pool) >= 1
        assert after.value("cognate_db_pool_connections", pool=pool, state="idle") >= 0

    # /metrics belongs to the metrics listener only: the API port answers it like any unknown path
    api = requests.get(f"{srv.endpoint}/metrics", timeout=10)
    assert api.status_code == 404, api.text
    assert api.json()["__type"] == "UnknownOperationException", api.text
    # and the metrics listener serves nothing else
    assert requests.get(srv.metrics_url.replace("/metrics", "/"), timeout=10).status_code == 404


@pytest.mark.parametrize("backend", BACKENDS)
def test_promtool_accepts_the_scrape(server_factory, backend):
    promtool = _promtool()
    srv = metrics_node(server_factory, backend)
    exercise(srv)
    text = scrape(srv).text
    done = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, f"promtool check metrics:\n{done.stdout}{done.stderr}\n--- scrape ---\n{text}"


def test_promtool_accepts_the_alert_rules():
    promtool = _promtool()
    done = subprocess.run([promtool, "check", "rules", str(ALERT_RULES)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, f"promtool check rules:\n{done.stdout}{done.stderr}"
    assert "SUCCESS" in done.stdout, done.stdout
