"""Abuse limits (`--rate-limit NAME=COUNT/PERIOD`, `--rate-limits off`, `--trusted-proxy`,
`--operation-quotas cognito`): past a limit a request is refused with TooManyRequestsException
("Rate exceeded", HTTP 400), and only past it.

* A load of concurrent sign-ins from one address through `sign-in-per-ip=20/1h` succeeds
  exactly 20 times; every other attempt is refused, and the metrics count each refusal.
* `sign-in-per-username` refuses a known user's name and a name nobody holds alike where the
  client hides which users exist (seed 001's client), whichever client of the pool is used.
* SignUp and ForgotPassword meet `code-sending-per-username` and `code-sending-per-ip`; a
  refused request sends nothing and creates no one. An SMS MFA code at sign-in counts too.
* X-Forwarded-For names the client only when the peer is a trusted proxy, and then only its
  rightmost address that is not the proxy's.
* Two nodes on one PostgreSQL database share one count.
* The defaults refuse the 121st sign-in of one name in a minute; `--rate-limits off` refuses
  none of them.
* `--operation-quotas cognito` holds DescribeUserPool (UserPoolRead) to 15 a second.

Limits with a period of an hour keep each run inside one window (its start is a multiple of the
period), so the counts are exact. The counts are printed to the terminal.
"""

from __future__ import annotations

import json
import math
import queue
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest
import requests
from botocore.exceptions import ClientError

import harness
from helpers import (
    User,
    admin_create_confirmed_user,
    create_client,
    create_pool,
    create_seed_pool,
    make_client,
    new_email,
    new_password,
    password_auth,
    sign_up,
)
from sms_helpers import sms_mfa_user

pytestmark = pytest.mark.timeout(300)

BACKENDS = harness.backends_from_env()
TOO_MANY = "TooManyRequestsException"
RATE_EXCEEDED = "Rate exceeded"
NOT_AUTHORIZED = "NotAuthorizedException"
THREADS = 12


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


# --------------------------------------------------------------------------- helpers


def outcome(call: Callable[..., Any], *args, **kwargs) -> str:
    """`ok`, or the code of the error `call` raised. A refusal must be Cognito's: HTTP 400 and
    "Rate exceeded"."""
    try:
        call(*args, **kwargs)
    except ClientError as e:
        code = e.response["Error"]["Code"]
        if code == TOO_MANY:
            assert e.response["Error"].get("Message") == RATE_EXCEEDED, e.response
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
        return code
    return "ok"


def load(endpoint: str, attempt: Callable[[Any, int], Any], attempts: int) -> list[str]:
    """`attempts` calls of `attempt(client, i)` from THREADS threads at once, each thread with
    a client of its own (made beforehand: boto3's default session does not make clients safely
    from several threads); their outcomes, in order."""
    clients: queue.SimpleQueue = queue.SimpleQueue()
    for _ in range(THREADS):
        clients.put(make_client(endpoint))
    local = threading.local()

    def one(i: int) -> str:
        if not hasattr(local, "client"):
            local.client = clients.get_nowait()
        return outcome(attempt, local.client, i)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(one, range(attempts)))


def report(capsys, backend: str, what: str, counts: Counter | dict) -> None:
    """Prints one line of counts to the terminal (pytest captures output otherwise)."""
    shown = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    with capsys.disabled():
        print(f"[rate limits {backend}] {what}: {shown}", flush=True)


def metric(text: str, series: str) -> float:
    """The value of `series` (name and labels, as written) in a scrape; 0 when absent."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def raw_password_auth(endpoint: str, client_id: str, user: User, forwarded: str | None) -> str:
    """USER_PASSWORD_AUTH sent by hand, with `forwarded` as X-Forwarded-For: `ok` or the
    error's `__type`."""
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
    }
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    body = {
        "ClientId": client_id,
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": user.email, "PASSWORD": user.password},
    }
    r = requests.post(f"{endpoint}/", data=json.dumps(body), headers=headers, timeout=10)
    if r.status_code == 200:
        assert "AuthenticationResult" in r.json(), r.text
        return "ok"
    assert r.status_code == 400, r.text
    return r.json()["__type"]


def start_well_inside_a_minute(margin: float = 20.0) -> None:
    """Waits, if need be, until at least `margin` seconds of the current minute are left, so
    that a short run falls within one window of a per-minute limit."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.5)


# --------------------------------------------------------------------------- per address


LOAD_LIMIT = 20
LOAD_ATTEMPTS = 60


def test_a_load_of_sign_ins_from_one_address_is_refused_only_past_the_limit(
    server_factory, backend, capsys
):
    port = harness.free_port()
    srv = server_factory(
        "--rate-limit", f"sign-in-per-ip={LOAD_LIMIT}/1h",
        "--metrics-listen", f"{harness.LOCALHOST}:{port}",
        backend=backend,
    )
    admin = make_client(srv.endpoint)
    pool = create_seed_pool(admin)
    users = [admin_create_confirmed_user(admin, pool) for _ in range(4)]

    def sign_in(client, i: int) -> None:
        user = users[i % len(users)]
        out = password_auth(client, pool["client_id"], user.email, user.password)
        assert "AuthenticationResult" in out, out

    counts = Counter(load(srv.endpoint, sign_in, LOAD_ATTEMPTS))
    report(capsys, backend, f"{LOAD_ATTEMPTS} sign-ins from one address on {THREADS} threads, "
                            f"sign-in-per-ip={LOAD_LIMIT}/1h", counts)
    refused = LOAD_ATTEMPTS - LOAD_LIMIT
    assert counts == Counter({"ok": LOAD_LIMIT, TOO_MANY: refused})

    scrape = requests.get(f"http://{harness.LOCALHOST}:{port}/metrics", timeout=10).text
    assert metric(scrape, 'cognate_rate_limited_total{limit="sign-in-per-ip"}') == refused, scrape
    assert metric(
        scrape, f'cognate_requests_total{{operation="InitiateAuth",outcome="{TOO_MANY}"}}'
    ) == refused, scrape


def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(
    server_factory, backend, capsys
):
    limit = ("--rate-limit", "sign-in-per-ip=3/1h")
    nodes = {
        "trusted proxy": server_factory(*limit, "--trusted-proxy", f"{harness.LOCALHOST}/32",
                                        backend=backend),
        "no trusted proxy": server_factory(*limit, backend=backend),
    }
    seen: dict[str, dict[str, list[str]]] = {}
    for name, srv in nodes.items():
        admin = make_client(srv.endpoint)
        pool = create_seed_pool(admin)
        user = admin_create_confirmed_user(admin, pool)
        runs = {
            "198.51.100.1": ["198.51.100.1"] * 4,
            "198.51.100.2": ["198.51.100.2"] * 4,
            # What the client writes left of the proxy's entry changes from request to request.
            "<spoofed>, 198.51.100.3": [f"203.0.113.{n}, 198.51.100.3" for n in range(4)],
        }
        seen[name] = {
            label: [raw_password_auth(srv.endpoint, pool["client_id"], user, f) for f in forwarded]
            for label, forwarded in runs.items()
        }
        for label, outcomes in seen[name].items():
            report(capsys, backend, f"{name}, X-Forwarded-For {label}, sign-in-per-ip=3/1h",
                   Counter(outcomes))

    three_then_refused = ["ok", "ok", "ok", TOO_MANY]
    # Behind the proxy each forwarded client has its own count; the spoofed entries are not
    # believed, so the third run is one client's.
    assert seen["trusted proxy"] == {label: three_then_refused for label in seen["trusted proxy"]}
    # Without a trusted proxy the header is ignored: every request is the peer's.
    assert seen["no trusted proxy"] == {
        "198.51.100.1": three_then_refused,
        "198.51.100.2": [TOO_MANY] * 4,
        "<spoofed>, 198.51.100.3": [TOO_MANY] * 4,
    }


# --------------------------------------------------------------------------- per username


def test_the_per_username_limit_refuses_a_known_and_an_unknown_name_alike(
    server_factory, backend, capsys
):
    srv = server_factory("--rate-limit", "sign-in-per-username=3/1h", backend=backend)
    admin = make_client(srv.endpoint)
    pool = create_seed_pool(admin)  # PreventUserExistenceErrors ENABLED
    other_client = create_client(admin, pool["pool_id"], ClientName="second-client")["ClientId"]
    user = admin_create_confirmed_user(admin, pool)
    ghost = new_email()
    cognito = make_client(srv.endpoint)

    answers = {}
    for label, name in (("known", user.email), ("unknown", ghost)):
        wrong = [outcome(password_auth, cognito, pool["client_id"], name, new_password())
                 for _ in range(3)]
        # The right password changes nothing once the name is over its limit, through the
        # other client of the pool too.
        right = [outcome(password_auth, cognito, client, name, user.password)
                 for client in (pool["client_id"], other_client)]
        answers[label] = wrong + right
        report(capsys, backend, f"{label} name, sign-in-per-username=3/1h", Counter(answers[label]))
    assert answers["known"] == [NOT_AUTHORIZED] * 3 + [TOO_MANY] * 2
    assert answers["unknown"] == answers["known"]


def test_sign_up_and_forgot_password_meet_the_code_sending_limits(server_factory, backend, capsys):
    srv = server_factory(
        "--rate-limit", "code-sending-per-username=2/1h",
        "--rate-limit", "code-sending-per-ip=8/1h",
        backend=backend,
    )
    cognito = make_client(srv.endpoint)
    pool = create_seed_pool(cognito)
    client_id = pool["client_id"]
    user = admin_create_confirmed_user(cognito, pool)  # sends nothing
    ghost, first, second, late = new_email(), new_email(), new_email(), new_email()

    def forgot(name: str) -> str:
        return outcome(cognito.forgot_password, ClientId=client_id, Username=name)

    def signup(name: str) -> str:
        return outcome(sign_up, cognito, client_id, name, new_password())

    # Each request counts for this address (at most 8) and for its name (at most 2).
    steps = [("SignUp", signup(first))]
    known = [forgot(user.email) for _ in range(3)]
    unknown = [forgot(ghost) for _ in range(3)]
    steps += [("ForgotPassword known", o) for o in known]
    steps += [("ForgotPassword unknown", o) for o in unknown]
    steps += [("SignUp", signup(second)), ("SignUp past the address's limit", signup(late))]
    report(capsys, backend, "code-sending-per-username=2/1h, code-sending-per-ip=8/1h",
           Counter(f"{what} {o}" for what, o in steps))

    assert known == ["ok", "ok", TOO_MANY]
    assert unknown == known, "a name nobody holds is refused as a user's is"
    assert [o for what, o in steps if what.startswith("SignUp")] == ["ok", "ok", TOO_MANY]

    # Refused requests send nothing and create no one (reset codes go out after the answer).
    harness.poll(lambda: len(srv.smtp.messages_to(user.email)) >= 2, timeout=10,
                 what="two reset codes")
    srv.smtp.wait_for_code(first)
    time.sleep(1)
    assert len(srv.smtp.messages_to(user.email)) == 2
    assert srv.smtp.messages_to(late) == []
    missing = outcome(cognito.admin_get_user, UserPoolId=pool["pool_id"], Username=late)
    assert missing == "UserNotFoundException"


def test_an_sms_mfa_code_at_sign_in_counts_as_code_sending(server_factory, backend, capsys):
    srv = server_factory("--rate-limit", "code-sending-per-username=2/1h", backend=backend)
    cognito = make_client(srv.endpoint)
    pool = create_seed_pool(cognito)
    user, phone = sms_mfa_user(cognito, pool)

    def sign_in() -> str:
        try:
            out = password_auth(cognito, pool["client_id"], user.email, user.password)
        except ClientError as e:
            return e.response["Error"]["Code"]
        return out.get("ChallengeName", "tokens")

    answers = [sign_in() for _ in range(3)]
    report(capsys, backend, "SMS MFA sign-ins, code-sending-per-username=2/1h", Counter(answers))
    assert answers == ["SMS_MFA", "SMS_MFA", TOO_MANY]
    time.sleep(1)
    assert len(srv.sms.messages_to(phone)) == 2, "no code past the limit"


# --------------------------------------------------------------------------- across nodes


@pytest.mark.skipif("postgres" not in BACKENDS, reason="PostgreSQL not selected")
def test_two_nodes_on_one_postgres_database_share_the_limits(server_factory, capsys):
    limit = ("--rate-limit", "sign-in-per-ip=10/1h")
    node_a = server_factory(*limit, backend="postgres")
    node_b = server_factory(*limit, database_of=node_a)
    admin = make_client(node_a.endpoint)
    pool = create_seed_pool(admin)
    users = [admin_create_confirmed_user(admin, pool) for _ in range(3)]
    clients = {"a": make_client(node_a.endpoint), "b": make_client(node_b.endpoint)}

    outcomes = []
    for i in range(20):
        node = "ab"[i % 2]
        user = users[i % len(users)]
        got = outcome(password_auth, clients[node], pool["client_id"], user.email, user.password)
        outcomes.append((node, got))
    counts = Counter(f"node {node} {got}" for node, got in outcomes)
    report(capsys, "postgres", "20 sign-ins alternating over two nodes, sign-in-per-ip=10/1h",
           counts)
    assert [got for _, got in outcomes] == ["ok"] * 10 + [TOO_MANY] * 10
    assert counts["node a ok"] == counts["node b ok"] == 5


# --------------------------------------------------------------------------- defaults, off


def test_the_defaults_refuse_past_120_sign_ins_of_a_name_a_minute_and_off_refuses_none(
    server_factory, backend, capsys
):
    attempts = 150
    counts = {}
    for label, args in (("defaults", ()), ("--rate-limits off", ("--rate-limits", "off"))):
        srv = server_factory(*args, backend=backend)
        admin = make_client(srv.endpoint)
        pool = create_seed_pool(admin)
        user = admin_create_confirmed_user(admin, pool)

        def sign_in(client, _i: int) -> None:
            password_auth(client, pool["client_id"], user.email, user.password)

        start_well_inside_a_minute()
        counts[label] = Counter(load(srv.endpoint, sign_in, attempts))
        report(capsys, backend, f"{attempts} sign-ins of one name from one address, {label}",
               counts[label])
    assert counts["defaults"] == Counter({"ok": 120, TOO_MANY: attempts - 120})
    assert counts["--rate-limits off"] == Counter({"ok": attempts})


# --------------------------------------------------------------------------- quotas


def test_operation_quotas_hold_user_pool_reads_to_cognitos_rate(server_factory, backend, capsys):
    srv = server_factory("--operation-quotas", "cognito", backend=backend)
    pool_id = create_pool(make_client(srv.endpoint))

    def describe(client, _i: int) -> None:
        client.describe_user_pool(UserPoolId=pool_id)

    started = time.monotonic()
    counts = Counter(load(srv.endpoint, describe, 60))
    elapsed = time.monotonic() - started
    report(capsys, backend, f"60 DescribeUserPool in {elapsed:.2f} s, UserPoolRead 15/s", counts)
    assert set(counts) == {"ok", TOO_MANY}, counts
    assert counts["ok"] >= 15
    # A sliding second never lets through twice the rate.
    assert counts["ok"] <= 2 * 15 * math.ceil(elapsed + 1), counts
