"""SMS the way the seeds send it (issue 5), end to end with real clients:

* seed 001 step 9 verbatim through the AWS CLI (`aws sns set-sms-attributes …`,
  `aws sns get-sms-attributes`, only `--endpoint-url` added) against Cognate's SNS endpoint;
* `--sms-sender sns` through the AWS SDK for Rust against moto (sns_standin.SnsStandIn, IAM
  enforcement on): the pool's role is assumed with its ExternalId, the SMS is published to the
  right number with the right SMS type / sender id / region, and refusals surface as Cognito's
  InvalidSmsRoleTrustRelationshipException / InvalidSmsRoleAccessPolicyException /
  CodeDeliveryFailureException;
* the guardrails of the costly senders (webhook and sns; not log): the SMS sandbox
  (CreateSMSSandboxPhoneNumber / VerifySMSSandboxPhoneNumber, `cognate sms sandbox exit|enter`),
  opted-out numbers (`cognate sms opt-out`, CheckIfPhoneNumberIsOptedOut, OptInPhoneNumber) and
  MonthlySpendLimit under 50 concurrent SMS-MFA sign-ins on one node and on two nodes sharing
  PostgreSQL, with `cognate sms report` showing what was spent.

Servers come from `server_factory` (extra `cognate serve` options and AWS environment for the
SNS sender); each test puts the account in the sandbox state and spend limit it needs through
the SNS API and the `cognate sms` commands, whatever state the harness starts servers in.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

import harness
from harness import add_endpoint_url
from helpers import admin_create_confirmed_user, sign_in, wrong_code
from mfa_helpers import assert_code, code_of, error_of, msg_of
from sms_helpers import (
    CODE_IN_MFA_SMS,
    PRICE_US,
    SEED001_EXTERNAL_ID,
    SEED001_ROLE_ARN,
    SEED001_ROLE_NAME,
    Outbox,
    assert_report_shows,
    burst_client,
    code_of_text,
    finish_sms_mfa,
    in_sandbox,
    messages_within,
    opt_out,
    sandbox_enter,
    sandbox_exit,
    seed_pool,
    sign_in_error,
    sms_mfa_user,
    sms_report,
    sns_client,
    spend_of,
    start_node,
    start_sign_in,
    us_phone,
)
from sns_standin import SnsStandIn
from test_seed001_cli import _seed_file

BACKENDS = harness.backends_from_env()
SENDERS = ["webhook", "sns"]

# --------------------------------------------------------------------------- seed 001 step 9

STEP9_SNS_SPENDING_LIMITS = r'''# Set monthly SMS spending limit
aws sns set-sms-attributes \
  --attributes MonthlySpendLimit=10.00

# Set default SMS type (Transactional for higher reliability)
aws sns set-sms-attributes \
  --attributes DefaultSMSType=Transactional

# Check current settings
aws sns get-sms-attributes
'''


def test_step9_snippet_matches_the_seed():
    seed = _seed_file()
    if seed is None:
        pytest.skip("shared/seeds/001_*.txt not reachable (set COGNATE_SEEDS_DIR)")
    text = seed.read_text()
    assert "## Step 9: Configure SNS Spending Limits" in text
    assert STEP9_SNS_SPENDING_LIMITS in text, f"seed 001 step 9 drifted from {seed}"


def test_seed001_step9_sns_spending_limits_verbatim(server, aws_cli):
    script = add_endpoint_url(STEP9_SNS_SPENDING_LIMITS)
    assert script.count('--endpoint-url "$ENDPOINT"') == 3, script
    result = aws_cli(STEP9_SNS_SPENDING_LIMITS, check=False)
    assert result.ok, result.describe()
    docs = result.docs  # the two set-sms-attributes print nothing, get-sms-attributes one document
    assert len(docs) == 1, result.describe()
    attributes = docs[0]["attributes"]
    assert Decimal(attributes["MonthlySpendLimit"]) == Decimal("10"), attributes
    assert attributes["DefaultSMSType"] == "Transactional", attributes

    # the same settings through boto3, one attribute asked for by name
    sns = sns_client(server.endpoint)
    got = sns.get_sms_attributes(attributes=["DefaultSMSType"])["attributes"]
    assert got == {"DefaultSMSType": "Transactional"}
    got = sns.get_sms_attributes(attributes=["MonthlySpendLimit"])["attributes"]
    assert Decimal(got["MonthlySpendLimit"]) == Decimal("10")


def test_a_new_account_is_in_the_sandbox_with_a_1_usd_limit(server_factory, backend):
    node = server_factory(backend=backend, sms_sandbox=True)
    sns = sns_client(node.endpoint)
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    got = sns.get_sms_attributes(attributes=["MonthlySpendLimit"])["attributes"]
    assert Decimal(got["MonthlySpendLimit"]) == Decimal("1"), got
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []


def test_the_start_up_log_names_the_guards_in_force(server_factory, backend):
    """A node whose SMS costs money says at start which guards hold: the sandbox, the monthly
    limit against this month's spend, and the hourly caps."""
    node = server_factory("--sms-max-per-number-per-hour", "5", backend=backend, sms_sandbox=True)
    line = next((l for l in node.log_tail(200).splitlines() if "guards in force" in l), None)
    assert line is not None, node.log_tail()
    assert "in the SMS sandbox (only to 0 verified destination numbers)" in line, line
    assert "monthly spend limit 1.00 USD, 0.00 USD spent this month" in line, line
    assert "at most 5 per number per hour; no cap per country" in line, line

    sns = sns_client(node.endpoint)
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "50"})
    node.sms_command(
        "sandbox", "exit", "--company", "Example", "--website", "https://example.com",
        "--use-case", "one-time passwords", "--monthly-volume", "1000",
    )
    node.restart()
    line = [l for l in node.log_tail(400).splitlines() if "guards in force" in l][-1]
    assert "out of the SMS sandbox; monthly spend limit 50.00 USD" in line, line


def test_set_sms_attributes_refuses_bad_values(server):
    sns = sns_client(server.endpoint)
    for attributes in ({"MonthlySpendLimit": "lots"}, {"DefaultSMSType": "Urgent"},
                       {"DefaultSenderID": "12345"}):
        assert_code(error_of(sns.set_sms_attributes, attributes=attributes), "InvalidParameter")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def standin(tmp_path):
    with SnsStandIn(workdir=tmp_path / "moto") as aws:
        yield aws


@pytest.fixture
def standin_if_sns(sender, tmp_path):
    """The stand-in for tests parametrized over `sender`: started for "sns", None otherwise."""
    if sender != "sns":
        yield None
        return
    with SnsStandIn(workdir=tmp_path / "moto") as aws:
        yield aws


@pytest.fixture
def seed_role(standin):
    """Seed 001 step 1's role in the stand-in: trust policy requiring ExternalId
    mfa-sms-external-id, allowed to publish."""
    arn = standin.create_sms_role(SEED001_ROLE_NAME, SEED001_EXTERNAL_ID)
    assert arn == SEED001_ROLE_ARN
    return arn


def _sns_node(server_factory, backend, standin, **kw):
    return start_node(server_factory, backend, "sns", standin, **kw)


def _no_code_in_log(node, code: str) -> None:
    log = Path(node.log_path).read_text(errors="replace")
    assert code not in log, f"the SMS code {code} appears in the server log {node.log_path}"


# --------------------------------------------------------------------------- SNS sender


def test_sms_mfa_is_published_through_sns_with_the_pool_role(server_factory, backend, standin, seed_role):
    node = _sns_node(server_factory, backend, standin)
    cognito = harness.boto3_client(node.endpoint)
    pool = seed_pool(cognito)
    user, phone = sms_mfa_user(cognito, pool)

    out, err = start_sign_in(cognito, user)
    assert err is None, err.response
    assert out["ChallengeName"] == "SMS_MFA", out

    [assumed] = standin.assume_role_calls()
    assert assumed.ok, (assumed.status, assumed.response)
    assert assumed.params["RoleArn"] == SEED001_ROLE_ARN
    assert assumed.params["ExternalId"] == SEED001_EXTERNAL_ID
    assert assumed.access_key_id == standin.base_access_key, "AssumeRole must be signed with the base credentials"

    [sms] = standin.published_sms(phone)
    assert CODE_IN_MFA_SMS.fullmatch(sms.message), sms.message
    assert sms.sms_type == "Transactional", sms.attributes
    assert sms.sender_id is None, sms.attributes
    assert sms.region == "us-east-1"
    assert sms.role_arn == SEED001_ROLE_ARN and sms.external_id == SEED001_EXTERNAL_ID, (
        "Publish must be signed with the credentials of the role assumed with the external id")
    assert standin.published_sms() == [sms], "one sign-in, one SMS"
    # moto's own record agrees
    assert {"message_id": sms.message_id, "phone_number": phone, "message": sms.message} in standin.moto_sms()
    assert any(r["role_arn"] == SEED001_ROLE_ARN and r["external_id"] == SEED001_EXTERNAL_ID
               for r in standin.moto_assumed_roles())

    code = CODE_IN_MFA_SMS.fullmatch(sms.message).group(1)
    finish_sms_mfa(cognito, user, out["Session"], code)
    _no_code_in_log(node, code)

    # a second sign-in reuses the role's temporary credentials
    out, err = start_sign_in(cognito, user)
    assert err is None, err.response
    assert len(standin.published_sms(phone)) == 2
    assert len(standin.assume_role_calls()) == 1, "credentials are cached until shortly before expiry"
    finish_sms_mfa(cognito, user, out["Session"], code_of_text(standin.published_sms(phone)[-1].message))


def test_sns_sms_type_sender_id_and_region(server_factory, backend, standin):
    role = standin.create_sms_role("cognito-sms-role", "cognito-sms-external")
    node = _sns_node(server_factory, backend, standin)
    sns_client(node.endpoint).set_sms_attributes(
        attributes={"DefaultSMSType": "Promotional", "DefaultSenderID": "MyApp"})
    got = sns_client(node.endpoint).get_sms_attributes(attributes=["DefaultSMSType", "DefaultSenderID"])["attributes"]
    assert got == {"DefaultSMSType": "Promotional", "DefaultSenderID": "MyApp"}

    cognito = harness.boto3_client(node.endpoint)
    # seed 002's SmsConfiguration shape, with SnsRegion set
    pool = seed_pool(cognito, SmsConfiguration={"SnsCallerArn": role, "ExternalId": "cognito-sms-external",
                                                "SnsRegion": "eu-west-1"})
    user, phone = sms_mfa_user(cognito, pool)
    out, err = start_sign_in(cognito, user)
    assert err is None, err.response

    [assumed] = standin.assume_role_calls()
    assert assumed.params["ExternalId"] == "cognito-sms-external"
    [sms] = standin.published_sms(phone)
    assert sms.sms_type == "Promotional", sms.attributes
    assert sms.sender_id == "MyApp", sms.attributes
    assert sms.region == "eu-west-1", "Publish goes to the pool's SnsRegion"
    assert sms.role_arn == role
    finish_sms_mfa(cognito, user, out["Session"], code_of_text(sms.message))


@pytest.mark.parametrize("refusal", ["wrong-external-id", "unknown-role"])
def test_role_the_stand_in_refuses_is_invalid_sms_role_trust_relationship(server_factory, backend, standin,
                                                                         seed_role, refusal):
    node = _sns_node(server_factory, backend, standin)
    cognito = harness.boto3_client(node.endpoint)
    if refusal == "wrong-external-id":
        sms_config = {"SnsCallerArn": SEED001_ROLE_ARN, "ExternalId": "not-the-external-id"}
    else:
        sms_config = {"SnsCallerArn": "arn:aws:iam::123456789012:role/NoSuchRole", "ExternalId": SEED001_EXTERNAL_ID}
    pool = seed_pool(cognito, SmsConfiguration=sms_config)
    user, phone = sms_mfa_user(cognito, pool)

    # the sign-in must fail when the role cannot be assumed
    assert_code(sign_in_error(cognito, user), "InvalidSmsRoleTrustRelationshipException")
    calls = standin.assume_role_calls()
    assert calls and all(c.status == 403 and c.error_code == "AccessDenied" for c in calls), \
        [(c.params, c.status, c.error_code) for c in calls]
    assert calls[0].params["RoleArn"] == sms_config["SnsCallerArn"]
    assert calls[0].params["ExternalId"] == sms_config["ExternalId"]
    assert standin.published_sms() == [] and standin.publish_calls() == []
    assert_report_shows(sms_report(node), 0, Decimal(0))  # nothing sent, nothing spent

    # the same user signs in with password alone once MFA is off: nothing else is broken
    cognito.admin_set_user_mfa_preference(UserPoolId=pool["pool_id"], Username=user.email,
                                          SMSMfaSettings={"Enabled": False, "PreferredMfa": False})
    sign_in(cognito, user)


@pytest.mark.parametrize("raw_moto_error", [False, True], ids=["AuthorizationError", "AccessDenied"])
def test_publish_denied_is_invalid_sms_role_access_policy(server_factory, backend, tmp_path, raw_moto_error):
    with SnsStandIn(workdir=tmp_path / "moto", raw_sns_errors=raw_moto_error) as aws:
        role = aws.create_sms_role("CognitoNoPublishRole", SEED001_EXTERNAL_ID, allow_publish=False)
        node = _sns_node(server_factory, backend, aws)
        cognito = harness.boto3_client(node.endpoint)
        pool = seed_pool(cognito, SmsConfiguration={"SnsCallerArn": role, "ExternalId": SEED001_EXTERNAL_ID})
        user, phone = sms_mfa_user(cognito, pool)

        # the sign-in must fail when the role may not publish
        assert_code(sign_in_error(cognito, user), "InvalidSmsRoleAccessPolicyException")
        [assumed] = aws.assume_role_calls()
        assert assumed.ok and assumed.params["ExternalId"] == SEED001_EXTERNAL_ID
        publishes = aws.publish_calls()
        assert publishes and all(c.status == 403 for c in publishes)
        assert publishes[0].error_code == ("AccessDenied" if raw_moto_error else "AuthorizationError")
        assert publishes[0].params["PhoneNumber"] == phone
        assert aws.published_sms() == [] and aws.moto_sms() == []
        assert_report_shows(sms_report(node), 0, Decimal(0))


def test_other_sns_failure_is_code_delivery_failure_and_costs_nothing(server_factory, backend, standin, seed_role):
    node = _sns_node(server_factory, backend, standin)
    cognito = harness.boto3_client(node.endpoint)
    pool = seed_pool(cognito)
    user, phone = sms_mfa_user(cognito, pool)

    standin.fail_publish_with = "InvalidParameter"  # not an authorization problem, not retried
    assert_code(sign_in_error(cognito, user), "CodeDeliveryFailureException")
    assert standin.published_sms() == []
    assert_report_shows(sms_report(node), 0, Decimal(0))

    standin.fail_publish_with = None
    out, err = start_sign_in(cognito, user)
    assert err is None, err.response
    [sms] = standin.published_sms(phone)
    finish_sms_mfa(cognito, user, out["Session"], code_of_text(sms.message))
    assert_report_shows(sms_report(node), 1, PRICE_US, pool_id=pool["pool_id"])


def test_sns_api_messages_of_no_pool_go_through_sns(server_factory, backend, standin):
    """Cognate's own SNS API with `--sms-sender sns`: the sandbox one-time password and Publish
    to a number go "through the configured SMS sender" although they belong to no pool (no pool
    role to assume; the stand-in lets the server's own key publish)."""
    node = _sns_node(server_factory, backend, standin, sandbox=True)
    sns = sns_client(node.endpoint)
    phone = us_phone()
    sns.create_sms_sandbox_phone_number(PhoneNumber=phone, LanguageCode="en-US")
    [otp] = standin.published_sms(phone)
    assert otp.sms_type == "Transactional", otp.attributes
    sns.verify_sms_sandbox_phone_number(PhoneNumber=phone, OneTimePassword=code_of_text(otp.message))

    out = sns.publish(PhoneNumber=phone, Message="Hello from Cognate")
    assert out["MessageId"]
    texts = [s.message for s in standin.published_sms(phone)]
    assert texts[-1] == "Hello from Cognate", texts
    assert standin.published_sms(phone)[-1].sms_type == "Transactional"


# --------------------------------------------------------------------------- guardrails


def test_sandbox_sends_only_to_verified_numbers(server_factory, backend):
    node = start_node(server_factory, backend, "webhook", sandbox=True)
    outbox = Outbox("webhook", [node])
    sns = sns_client(node.endpoint)
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    cognito = harness.boto3_client(node.endpoint)
    pool = seed_pool(cognito)
    alice, pa = sms_mfa_user(cognito, pool)
    bob, pb = sms_mfa_user(cognito, pool)

    assert_code(sign_in_error(cognito, alice), "CodeDeliveryFailureException")
    assert outbox.texts_to(pa) == []

    # verify Alice's number the SNS way: a one-time password goes to it
    sns.create_sms_sandbox_phone_number(PhoneNumber=pa, LanguageCode="en-US")
    msg = node.sms.wait_for_message(pa, predicate=lambda m: m.purpose == "sandbox_verification")
    otp = code_of_text(msg.body)
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert {"PhoneNumber": pa, "Status": "Pending"} in listed, listed
    e = error_of(sns.verify_sms_sandbox_phone_number, PhoneNumber=pa, OneTimePassword=wrong_code(otp))
    assert_code(e, "VerificationException")
    sns.verify_sms_sandbox_phone_number(PhoneNumber=pa, OneTimePassword=otp)
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert {"PhoneNumber": pa, "Status": "Verified"} in listed, listed

    out, err = start_sign_in(cognito, alice)
    assert err is None, err.response
    finish_sms_mfa(cognito, alice, out["Session"], outbox.last_code_to(pa))

    assert_code(sign_in_error(cognito, bob), "CodeDeliveryFailureException")  # still unverified
    assert outbox.texts_to(pb) == []

    # the operator takes the account out of the sandbox: any number
    sandbox_exit(node)
    assert in_sandbox(node) is False
    out, err = start_sign_in(cognito, bob)
    assert err is None, err.response
    finish_sms_mfa(cognito, bob, out["Session"], outbox.last_code_to(pb))

    # and back in: only verified numbers again
    sandbox_enter(node)
    assert in_sandbox(node) is True
    assert_code(sign_in_error(cognito, bob), "CodeDeliveryFailureException")
    out, err = start_sign_in(cognito, alice)
    assert err is None, err.response
    finish_sms_mfa(cognito, alice, out["Session"], outbox.last_code_to(pa))

    assert_code(error_of(sns.delete_sms_sandbox_phone_number, PhoneNumber=us_phone()), "ResourceNotFound")


def test_sandbox_over_sns(server_factory, backend, standin, seed_role):
    node = _sns_node(server_factory, backend, standin, sandbox=True)
    cognito = harness.boto3_client(node.endpoint)
    pool = seed_pool(cognito)
    user, phone = sms_mfa_user(cognito, pool)

    assert_code(sign_in_error(cognito, user), "CodeDeliveryFailureException")
    assert standin.publish_calls() == [], "a refused SMS never reaches SNS"

    sandbox_exit(node)
    out, err = start_sign_in(cognito, user)
    assert err is None, err.response
    [sms] = standin.published_sms(phone)
    finish_sms_mfa(cognito, user, out["Session"], code_of_text(sms.message))

    sandbox_enter(node)
    assert_code(sign_in_error(cognito, user), "CodeDeliveryFailureException")
    assert len(standin.published_sms(phone)) == 1


def test_sns_publish_to_a_number_goes_through_the_sender(server_factory, backend):
    node = start_node(server_factory, backend, "webhook", sandbox=True)
    sns = sns_client(node.endpoint)
    phone = us_phone()
    # in the sandbox, not to an unverified number
    assert_code(error_of(sns.publish, PhoneNumber=phone, Message="Hello from the sandbox"), "InvalidParameter")
    assert node.sms.messages_to(phone) == []

    sandbox_exit(node)
    out = sns.publish(PhoneNumber=phone, Message="Hello from Cognate")
    assert re.fullmatch(r"[0-9a-f-]{36}", out["MessageId"]), out
    [msg] = node.sms.messages_to(phone)
    assert msg.body == "Hello from Cognate"
    assert msg.user_pool_id in (None, "")
    assert_report_shows(sms_report(node), 1, PRICE_US, country="US")

    assert_code(error_of(sns.publish, PhoneNumber="4155550100", Message="no plus sign"), "InvalidParameter")
    assert node.sms.messages_to("4155550100") == []


@pytest.mark.parametrize("sender", SENDERS)
def test_opted_out_number_gets_nothing_until_opted_in(server_factory, backend, sender, standin_if_sns):
    aws = standin_if_sns
    if aws:
        aws.create_sms_role(SEED001_ROLE_NAME, SEED001_EXTERNAL_ID)
    node = start_node(server_factory, backend, sender, aws)
    outbox = Outbox(sender, [node], aws)
    sns = sns_client(node.endpoint)
    cognito = harness.boto3_client(node.endpoint)
    pool = seed_pool(cognito)
    user, phone = sms_mfa_user(cognito, pool)

    assert sns.check_if_phone_number_is_opted_out(phoneNumber=phone)["isOptedOut"] is False
    opt_out(node, phone)  # the owner replied STOP
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=phone)["isOptedOut"] is True
    assert phone in sns.list_phone_numbers_opted_out()["phoneNumbers"]

    assert_code(sign_in_error(cognito, user), "CodeDeliveryFailureException")
    assert outbox.texts_to(phone) == []
    if sender == "webhook":
        # SNS Publish to the number is not delivered either
        assert_code(error_of(sns.publish, PhoneNumber=phone, Message="Are you there?"), "InvalidParameter")
        assert outbox.texts_to(phone) == []

    sns.opt_in_phone_number(phoneNumber=phone)
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=phone)["isOptedOut"] is False
    assert phone not in sns.list_phone_numbers_opted_out()["phoneNumbers"]
    out, err = start_sign_in(cognito, user)
    assert err is None, err.response
    finish_sms_mfa(cognito, user, out["Session"], outbox.last_code_to(phone))


def test_log_sender_has_no_guardrails(server_factory, backend):
    """`--sms-sender log` is free: sandbox, opt-out and spend limit don't stop it."""
    node = server_factory("--sms-sender", "log", backend=backend)
    sns = sns_client(node.endpoint)
    sandbox_enter(node)
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "0"})
    cognito = harness.boto3_client(node.endpoint)
    pool = seed_pool(cognito)
    user, phone = sms_mfa_user(cognito, pool)
    opt_out(node, phone)
    out, err = start_sign_in(cognito, user)
    assert err is None, err.response
    assert out["ChallengeName"] == "SMS_MFA"
    # the code went to the console, and it works
    log = re.sub(r"\x1b\[[0-9;]*m", "", Path(node.log_path).read_text(errors="replace"))
    sent = re.findall(rf"to={re.escape(phone)} Your MFA code is (\d{{6}})", log)
    assert len(sent) == 1, log[-2000:]
    finish_sms_mfa(cognito, user, out["Session"], sent[0])


def _burst_sign_ins(nodes, users):
    """All sign-ins at once (one thread each, released together): [(user, phone, out, err)]."""
    clients = [burst_client(n.endpoint) for n in nodes]
    barrier = threading.Barrier(len(users))

    def one(i):
        user, phone = users[i]
        barrier.wait(timeout=60)
        out, err = start_sign_in(clients[i % len(clients)], user)
        return user, phone, out, err

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(one, range(len(users))))


def _check_spend_burst(results, outbox, limit, cognito):
    n = messages_within(limit)
    sent = [r for r in results if r[3] is None]
    refused = [r for r in results if r[3] is not None]
    other = [(r[1], code_of(r[3]), msg_of(r[3])) for r in refused
             if code_of(r[3]) != "CodeDeliveryFailureException"]
    assert other == [], f"errors other than CodeDeliveryFailureException: {other}"
    assert all(r[2]["ChallengeName"] == "SMS_MFA" for r in sent)
    assert len(sent) == n, f"{len(sent)} SMS sent, {n} fit in MonthlySpendLimit={limit}"
    assert outbox.count() == n, f"{outbox.count()} SMS delivered, {n} fit: {outbox.all()!r}"
    for user, phone, out, _ in sent:
        assert len(outbox.texts_to(phone)) == 1, phone
    for _, phone, _, _ in refused:
        assert outbox.texts_to(phone) == [], phone
    # every challenge that went out can be answered: nothing else broke
    for user, phone, out, _ in sent:
        finish_sms_mfa(cognito, user, out["Session"], outbox.last_code_to(phone))
    return n


def _spend_limit_scenario(nodes, sender, standin, limit="0.10", burst=50):
    main = nodes[0]
    outbox = Outbox(sender, nodes, standin)
    sns = sns_client(main.endpoint)
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": limit})
    for node in nodes:
        got = sns_client(node.endpoint).get_sms_attributes(attributes=["MonthlySpendLimit"])["attributes"]
        assert Decimal(got["MonthlySpendLimit"]) == Decimal(limit)
    cognito = harness.boto3_client(main.endpoint)
    pool = seed_pool(cognito)
    users = [sms_mfa_user(cognito, pool) for _ in range(burst)]
    plain = admin_create_confirmed_user(cognito, pool)  # no MFA: needs no SMS
    n = messages_within(limit)
    assert 0 < n < burst

    results = _burst_sign_ins(nodes, users)
    _check_spend_burst(results, outbox, limit, cognito)

    # the limit holds afterwards, on every node
    extra, extra_phone = sms_mfa_user(cognito, pool)
    for node in nodes:
        assert_code(sign_in_error(harness.boto3_client(node.endpoint), extra), "CodeDeliveryFailureException")
    assert outbox.texts_to(extra_phone) == []
    # ... and everything that needs no SMS still works
    for node in nodes:
        sign_in(harness.boto3_client(node.endpoint), plain)
    report = sms_report(main)
    assert_report_shows(report, n, spend_of(n), pool_id=pool["pool_id"], country="US")
    assert spend_of(n) <= Decimal(limit) < spend_of(n + 1)

    # a higher limit lets SMS go again, counting what was already spent this month; a message
    # that reaches the limit exactly is sent, the next one is not
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": str(spend_of(n + 1))})
    out, err = start_sign_in(cognito, extra)
    assert err is None, err.response
    finish_sms_mfa(cognito, extra, out["Session"], outbox.last_code_to(extra_phone))
    last, last_phone = sms_mfa_user(cognito, pool)
    assert_code(sign_in_error(harness.boto3_client(nodes[-1].endpoint), last), "CodeDeliveryFailureException")
    assert outbox.texts_to(last_phone) == [] and outbox.count() == n + 1
    month = datetime.now(timezone.utc).strftime("%Y-%m")
    assert_report_shows(sms_report(main), n + 1, spend_of(n + 1), pool_id=pool["pool_id"])
    assert_report_shows(sms_report(main, month=month), n + 1, spend_of(n + 1), pool_id=pool["pool_id"])
    assert_report_shows(sms_report(main, month="2000-01"), 0, Decimal(0))
    return n


@pytest.mark.parametrize("sender", SENDERS)
def test_spend_limit_under_50_concurrent_sms_mfa_sign_ins(server_factory, backend, sender, standin_if_sns):
    aws = standin_if_sns
    if aws:
        aws.create_sms_role(SEED001_ROLE_NAME, SEED001_EXTERNAL_ID)
    node = start_node(server_factory, backend, sender, aws)
    _spend_limit_scenario([node], sender, aws)


def test_spend_limit_two_nodes_one_postgres_database(server_factory, standin, seed_role):
    if "postgres" not in BACKENDS:
        pytest.skip("clustering is only supported on PostgreSQL")
    node1 = _sns_node(server_factory, "postgres", standin)
    node2 = start_node(server_factory, "postgres", "sns", standin, database_of=node1)
    assert node2.database_url == node1.database_url
    assert in_sandbox(node2) is False
    n = _spend_limit_scenario([node1, node2], "sns", standin)
    # one account, one month's spend, whichever node is asked
    assert_report_shows(sms_report(node2), n + 1, spend_of(n + 1), country="US")
