"""Helpers for the SMS tests (test_sms_sns.py): Cognate's SNS endpoint through boto3, the
`cognate sms …` operator commands, SMS-MFA users of the seed-001 pool, and one view of "what was
delivered" for both costly senders (the webhook sink, or the SNS stand-in).

Expected behaviour: issue 5 ("SMS the way the seeds send it") and
/work/shared/reference/cognito-protocol-notes.md §10.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
from decimal import ROUND_FLOOR, Decimal

from botocore.config import Config
from botocore.exceptions import ClientError

import harness
from helpers import (
    SEED001_CLIENT_ARGS,
    SEED001_POOL_ARGS,
    User,
    attrs_dict,
    attrs_list,
    new_email,
    new_password,
    password_auth,
)
from mfa_helpers import error_of
from sns_standin import SnsStandIn

PRICE_US = Decimal("0.00645")  # default price of one SMS to a +1 US number (issue 5)
SEED001_ROLE_NAME = "CognitoMFASMSRole"
SEED001_ROLE_ARN = "arn:aws:iam::123456789012:role/CognitoMFASMSRole"
SEED001_EXTERNAL_ID = "mfa-sms-external-id"
CODE_IN_MFA_SMS = re.compile(r"^Your MFA code is (\d{6})$")


# --------------------------------------------------------------------------- numbers

# Numbers the default price table bills as US: real area codes with the fictional 555-01XX
# lines (a +1 555 … number has no country and costs the "unknown destination" price).
_AREA_CODES = ["201", "202", "206", "212", "213", "303", "305", "312", "415", "512", "617", "702", "713", "801", "917"]
_US_NUMBERS = [f"+1{a}55501{n:02d}" for a in _AREA_CODES for n in range(100)]
random.shuffle(_US_NUMBERS)
_us_iter = itertools.cycle(_US_NUMBERS)


def us_phone() -> str:
    """A fresh (within this test run) fictional US number, e.g. +14155550123."""
    return next(_us_iter)


def spend_of(messages: int, price: Decimal = PRICE_US) -> Decimal:
    return price * messages


def messages_within(limit: str, price: Decimal = PRICE_US) -> int:
    """How many messages of `price` fit in a MonthlySpendLimit of `limit` USD."""
    return int((Decimal(limit) / price).to_integral_value(ROUND_FLOOR))


# --------------------------------------------------------------------------- clients


def sns_client(endpoint: str, region: str = harness.DEFAULT_REGION):
    """boto3 `sns` client for Cognate's own SNS endpoint (query protocol, SigV4 service sns)."""
    return harness.boto3_client(endpoint, service="sns", region=region)


def burst_client(endpoint: str, pool: int = 64):
    """cognito-idp client for many threads: no retries (a retried InitiateAuth would send a
    second SMS), a connection pool as large as the burst, generous timeouts."""
    import boto3

    session = boto3.session.Session(aws_access_key_id=harness.DUMMY_ACCESS_KEY,
                                    aws_secret_access_key=harness.DUMMY_SECRET_KEY,
                                    region_name=harness.DEFAULT_REGION)
    return session.client("cognito-idp", endpoint_url=endpoint, config=Config(
        retries={"total_max_attempts": 1, "mode": "standard"}, max_pool_connections=pool,
        connect_timeout=10, read_timeout=120))


# --------------------------------------------------------------------------- servers


def start_node(server_factory, backend: str, sender: str, standin: SnsStandIn | None = None, *,
               sandbox: bool = False, spend_limit: str | None = "100", database_of=None,
               extra: tuple[str, ...] = (), env: dict[str, str] | None = None) -> harness.CognateServer:
    """A Cognate node whose SMS go through `sender` ("webhook": the harness's sink; "sns": the
    stand-in), with the sandbox on or off and MonthlySpendLimit set (None: leave it)."""
    args: list[str] = list(extra)
    full_env = dict(env or {})
    if sender == "sns":
        assert standin is not None
        args = standin.server_args() + args
        full_env.update(standin.server_env())
    elif sender != "webhook":
        raise ValueError(sender)
    # the harness leaves a new account in the sandbox, or takes it out
    srv = server_factory(*args, backend=backend, database_of=database_of, env=full_env, sms_sandbox=sandbox)
    if database_of is None:
        set_sandbox(srv, sandbox)
        if spend_limit is not None:
            sns_client(srv.endpoint).set_sms_attributes(attributes={"MonthlySpendLimit": spend_limit})
    return srv


# --------------------------------------------------------------------------- `cognate sms`


SANDBOX_EXIT_ARGS = (
    "--use-case", "One-time passwords for sign-in (Cognito SMS MFA)",
    "--website", "https://example.com",
    "--company", "Example Corp",
    "--monthly-volume", "1000",
)


def sandbox_exit(srv) -> subprocess.CompletedProcess:
    return srv.sms_command("sandbox", "exit", *SANDBOX_EXIT_ARGS)


def sandbox_enter(srv) -> subprocess.CompletedProcess:
    return srv.sms_command("sandbox", "enter")


def in_sandbox(srv) -> bool:
    return sns_client(srv.endpoint).get_sms_sandbox_account_status()["IsInSandbox"]


def set_sandbox(srv, on: bool) -> None:
    """Put the account in (or take it out of) the SMS sandbox, whatever the harness did."""
    if in_sandbox(srv) != on:
        (sandbox_enter if on else sandbox_exit)(srv)
    assert in_sandbox(srv) == on, f"GetSMSSandboxAccountStatus still says IsInSandbox={not on}"


def opt_out(srv, phone: str) -> subprocess.CompletedProcess:
    return srv.sms_command("opt-out", phone)


def sms_report(srv, month: str | None = None) -> str:
    args = ["report"] + (["--month", month] if month else [])
    return srv.sms_command(*args).stdout


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


def report_line(text: str, first_word: str) -> list[str] | None:
    """The numbers on the first line of the report that contains `first_word`."""
    for line in text.splitlines():
        if first_word in line:
            return _NUMBER.findall(line.replace(first_word, " "))
    return None


def assert_report_shows(text: str, messages: int, spend: Decimal, *, pool_id: str | None = None,
                        country: str | None = "US") -> None:
    """The report has a TOTAL line with `messages` and `spend`; and (when given) a row for
    `pool_id` / `country` with the same figures."""
    def has(numbers: list[str] | None) -> bool:
        if numbers is None:
            return False
        ints = {int(n) for n in numbers if "." not in n}
        money = {Decimal(n) for n in numbers}
        return messages in ints and any(abs(m - spend) < Decimal("0.000001") for m in money)

    total = report_line(text, "TOTAL")
    assert has(total), f"no TOTAL line with {messages} messages and {spend} USD in:\n{text}"
    if pool_id is not None:
        for line in text.splitlines():
            if pool_id in line and (country is None or re.search(rf"\b{country}\b", line)):
                assert has(_NUMBER.findall(line.replace(pool_id, " "))), (
                    f"row of {pool_id} lacks {messages} / {spend}:\n{text}")
                break
        else:
            raise AssertionError(f"no row for pool {pool_id} ({country}) in:\n{text}")


# --------------------------------------------------------------------------- pools and users


def seed_pool(cognito, **overrides) -> dict[str, str]:
    """The seed-001 pool (steps 2 and 3), optionally with other arguments."""
    args = json.loads(json.dumps(SEED001_POOL_ARGS))
    args.update(overrides)
    pool_id = cognito.create_user_pool(**args)["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, **SEED001_CLIENT_ARGS)["UserPoolClient"]["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id}


def sms_mfa_user(cognito, pool: dict[str, str], phone: str | None = None, mfa: bool = True) -> tuple[User, str]:
    """A CONFIRMED user with `phone` (not verified) and SMS MFA enabled and preferred, made with
    admin calls that send nothing (no code, no spend). Returns (user, phone)."""
    phone = phone or us_phone()
    email_addr, password = new_email("sms"), new_password()
    out = cognito.admin_create_user(
        UserPoolId=pool["pool_id"], Username=email_addr, MessageAction="SUPPRESS",
        UserAttributes=attrs_list({"email": email_addr, "email_verified": "true", "name": "SMS User",
                                   "phone_number": phone}))
    sub = attrs_dict(out["User"]["Attributes"])["sub"]
    cognito.admin_set_user_password(UserPoolId=pool["pool_id"], Username=email_addr, Password=password, Permanent=True)
    if mfa:
        cognito.admin_set_user_mfa_preference(UserPoolId=pool["pool_id"], Username=email_addr,
                                              SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    return User(email_addr, password, sub, pool["pool_id"], pool["client_id"]), phone


def start_sign_in(cognito, user: User) -> tuple[dict | None, ClientError | None]:
    """USER_PASSWORD_AUTH: (the SMS_MFA challenge, None) or (None, the error)."""
    try:
        return password_auth(cognito, user.client_id, user.email, user.password), None
    except ClientError as e:
        return None, e


def sign_in_error(cognito, user: User) -> ClientError:
    """The error USER_PASSWORD_AUTH answers; fails the test if the sign-in goes on."""
    return error_of(password_auth, cognito, user.client_id, user.email, user.password)


def finish_sms_mfa(cognito, user: User, session: str, code: str) -> dict:
    out = cognito.respond_to_auth_challenge(
        ClientId=user.client_id, ChallengeName="SMS_MFA", Session=session,
        ChallengeResponses={"USERNAME": user.email, "SMS_MFA_CODE": code})
    ar = out.get("AuthenticationResult")
    assert ar and ar.get("AccessToken"), f"expected tokens, got {out!r}"
    return ar


def code_of_text(text: str) -> str:
    code = harness.extract_code(text)
    assert code is not None, f"no code in {text!r}"
    return code


# --------------------------------------------------------------------------- delivered SMS


class Outbox:
    """What reached the phones, for either costly sender: the webhook sink(s) of the node(s),
    or the SNS stand-in (moto accepted the Publish)."""

    def __init__(self, sender: str, nodes: list[harness.CognateServer], standin: SnsStandIn | None = None):
        self.sender = sender
        self.nodes = nodes
        self.standin = standin

    def texts_to(self, phone: str) -> list[str]:
        if self.sender == "sns":
            assert self.standin is not None
            return [s.message for s in self.standin.published_sms(phone)]
        return [m.body for n in self.nodes for m in n.sms.messages_to(phone)]

    def all(self) -> list[tuple[str, str]]:
        """(phone, text) of every message delivered."""
        if self.sender == "sns":
            assert self.standin is not None
            return [(s.phone_number, s.message) for s in self.standin.published_sms()]
        return [(m.recipients[0], m.body) for n in self.nodes for m in n.sms.messages]

    def count(self) -> int:
        return len(self.all())

    def last_code_to(self, phone: str) -> str:
        texts = self.texts_to(phone)
        assert texts, f"nothing delivered to {phone}; all: {self.all()!r}"
        return code_of_text(texts[-1])

    def purposes_to(self, phone: str) -> list[str | None]:
        """Webhook only: the `purpose` of each message to `phone`."""
        return [m.purpose for n in self.nodes for m in n.sms.messages_to(phone)]
