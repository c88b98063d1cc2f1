"""Runs tests/clients/js/console_seed000.test.mjs: seed 000 ("AWS Cognito MFA & SMS Setup")
clicked through the admin console at /console in Debian's Chromium (playwright-core,
js/browser.mjs), with a screenshot of every page; then reads back, with boto3 and the AWS CLI,
what the clicks did to the pool, its app client and the SMS account.

The server has no admin keys, so the console is open (loopback only). The seed starts in the
SMS sandbox: the harness takes every new account out of it, so this test puts the account back
first (`cognate sms sandbox enter`) and the browser asks to leave it again on the SMS page.

Screenshots go to a temporary directory, or to <repo>/docs/console/ when
COGNATE_DOCS_SCREENSHOTS=1 (the SQLite run only, so the two backends don't overwrite each other's).
Regenerate the docs' screenshots with:

    COGNATE_DOCS_SCREENSHOTS=1 COGNATE_TEST_BACKENDS=sqlite \\
        .venv/bin/python -m pytest tests/clients/python/test_console_browser.py -q
"""

from __future__ import annotations

import json
import os
import secrets
import time
from decimal import Decimal

import pytest

from device_helpers import confirm_new_device, device_sign_in, tokens_of
from harness import REPO, boto3_client, run_browser_test
from helpers import User, attrs_dict
from mfa_helpers import Authenticator
from test_srp_clients import Srp

pytestmark = pytest.mark.js

DOCS_SCREENSHOTS = REPO / "docs" / "console"

# One per page the test visits (js/console_seed000.test.mjs names them).
SCREENSHOTS = [
    "pools",
    "create-pool",
    "pool-overview",
    "sign-in-settings",
    "sign-in-settings-phone",
    "authentication-methods",
    "app-clients",
    "app-client",
    "attribute-permissions",
    "sms",
    "exit-sandbox",
    "sms-approved",
    "sms-spend",
    "users",
    "user",
    "inbox",
]

# What the browser typed (js/console_seed000.test.mjs).
SMS_ROLE_ARN = "arn:aws:iam::123456789012:role/CognitoSMS"
SMS_EXTERNAL_ID = "seed-000-external"
SMS_REGION = "ap-southeast-1"
CLIENT_FLOWS = {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}


def _sandboxed(server) -> None:
    """Puts the server's SMS account back into the sandbox, where seed 000 begins."""
    sns = boto3_client(server.endpoint, service="sns")
    if not sns.get_sms_sandbox_account_status()["IsInSandbox"]:
        server.sms_command("sandbox", "enter")
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True


def _run_console_walk(server, node_bin, shots, result_file):
    started = time.time()
    proc = run_browser_test(
        node_bin,
        "console_seed000.test.mjs",
        {"COGNATE_ENDPOINT": server.endpoint, "CONSOLE_RESULT_FILE": str(result_file)},
        shots,
        timeout=180,
    )
    print(proc.stdout)  # the spec report, visible with -s
    assert proc.returncode == 0, (
        f"node --test failed (exit {proc.returncode}; screenshots in {proc.screenshot_dir})\n{proc.stdout}\n{proc.stderr}"
    )
    for name in SCREENSHOTS:
        png = proc.screenshot_dir / f"{name}.png"
        assert png.is_file(), f"{png} missing"
        assert png.stat().st_mtime >= started - 1, f"{png} was not written by this run"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is not a PNG"
    return json.loads(result_file.read_text())


def _check_pool(cognito, pool_id: str, pool_name: str) -> None:
    """What the pool's pages saved: SMS role (step 2), optional MFA (step 3), device tracking
    with the trusted-device bypass (step 4), and nothing else lost on the way."""
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Name"] == pool_name
    assert pool.get("UsernameAttributes") == ["email"], pool.get("UsernameAttributes")
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    sms = pool.get("SmsConfiguration") or {}
    assert sms.get("SnsCallerArn") == SMS_ROLE_ARN, pool.get("SmsConfiguration")
    assert sms.get("ExternalId") == SMS_EXTERNAL_ID, pool.get("SmsConfiguration")
    assert sms.get("SnsRegion") == SMS_REGION, pool.get("SmsConfiguration")
    assert pool["MfaConfiguration"] == "OPTIONAL"
    # "Allow users to bypass MFA for trusted devices" is ChallengeRequiredOnNewDevice=true:
    # "When true, a remembered device can sign in with device authentication instead of SMS and
    # TOTP factors for MFA" (DeviceConfigurationType), which is what the core reads it as
    # (UserPool::remembered_devices_skip_mfa). "Always remember" is
    # DeviceOnlyRememberedOnUserPrompt=false.
    assert pool.get("DeviceConfiguration") == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": False,
    }, pool.get("DeviceConfiguration")

    mfa = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa.get("SoftwareTokenMfaConfiguration") == {"Enabled": True}, mfa
    assert "SmsMfaConfiguration" in mfa, mfa
    assert mfa["SmsMfaConfiguration"]["SmsConfiguration"]["SnsCallerArn"] == SMS_ROLE_ARN, mfa


def _check_client(cognito, pool_id: str, client_id: str, client_name: str) -> None:
    """Step 1: the client reads and writes phone_number, and kept its flows."""
    client = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert client["ClientName"] == client_name
    assert "ClientSecret" not in client
    assert set(client.get("ExplicitAuthFlows", [])) == CLIENT_FLOWS, client.get("ExplicitAuthFlows")
    assert "phone_number" in client.get("ReadAttributes", []), client.get("ReadAttributes")
    assert "phone_number" in client.get("WriteAttributes", []), client.get("WriteAttributes")


def _check_trusted_device_skips_mfa(cognito, pool_id: str, client_id: str) -> None:
    """The seed's result: after one sign-in on a device, that device signs in without MFA, and a
    new device is still asked for the authenticator code."""
    email = f"trusted-{secrets.token_hex(4)}@example.com"
    password = "Seed-000-Passw0rd!"
    created = cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=email,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
    )
    sub = attrs_dict(created["User"]["Attributes"])["sub"]
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    user = User(email, password, sub, pool_id, client_id)

    srp = Srp(cognito, pool_id, client_id, email, password)
    srp.initiate()
    signed_in = tokens_of(srp.respond(session=True))
    device, _ = confirm_new_device(cognito, signed_in, "seed000 laptop")
    app = Authenticator(cognito.associate_software_token(AccessToken=signed_in["AccessToken"])["SecretCode"])
    verified = cognito.verify_software_token(AccessToken=signed_in["AccessToken"], UserCode=app.code())
    assert verified["Status"] == "SUCCESS"
    cognito.admin_set_user_mfa_preference(
        UserPoolId=pool_id, Username=email, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )

    elsewhere = Srp(cognito, pool_id, client_id, email, password)
    elsewhere.initiate()
    challenge = elsewhere.respond(session=True)
    assert challenge.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", challenge

    device_sign_in(cognito, user, device, how="srp-initiate")


def test_seed000_in_the_console(server, node_bin, aws_cli, tmp_path, monkeypatch):
    shots = tmp_path / "screenshots"
    if os.environ.get("COGNATE_DOCS_SCREENSHOTS") == "1" and server.backend == "sqlite":
        shots = DOCS_SCREENSHOTS
        monkeypatch.delenv("COGNATE_SCREENSHOT_DIR", raising=False)  # the docs' directory wins
    _sandboxed(server)

    made = _run_console_walk(server, node_bin, shots, tmp_path / "console-seed000.json")
    pool_id, client_id = made["poolId"], made["clientId"]

    cognito = boto3_client(server.endpoint)
    _check_pool(cognito, pool_id, made["poolName"])
    _check_client(cognito, pool_id, client_id, made["clientName"])

    # the same, as the AWS CLI reads it
    mfa = aws_cli(f"cognito-idp get-user-pool-mfa-config --user-pool-id {pool_id}")
    assert mfa["MfaConfiguration"] == "OPTIONAL", mfa
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True, mfa
    assert mfa["SmsMfaConfiguration"]["SmsConfiguration"]["ExternalId"] == SMS_EXTERNAL_ID, mfa
    client = aws_cli(f"cognito-idp describe-user-pool-client --user-pool-id {pool_id} --client-id {client_id}")
    assert "phone_number" in client["UserPoolClient"]["ReadAttributes"], client
    assert "phone_number" in client["UserPoolClient"]["WriteAttributes"], client

    # part 1: out of the sandbox, with the approved $50 monthly limit
    attributes = aws_cli("sns get-sms-attributes")["attributes"]
    assert Decimal(attributes["MonthlySpendLimit"]) == Decimal("50"), attributes
    sns = boto3_client(server.endpoint, service="sns")
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is False

    # the user made on the Users page
    users = cognito.list_users(UserPoolId=pool_id, Filter=f'email = "{made["userEmail"]}"')["Users"]
    assert len(users) == 1, users
    assert attrs_dict(users[0]["Attributes"]).get("email_verified") == "true", users[0]

    _check_trusted_device_skips_mfa(cognito, pool_id, client_id)
