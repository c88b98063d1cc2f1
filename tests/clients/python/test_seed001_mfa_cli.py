"""Seed 001's MFA steps (and seed 002's set-user-pool-mfa-config) through the real AWS CLI v1.

The snippets are the seeds' bash text copied unchanged (test_mfa_snippets_match_the_seeds diffs
them against shared/seeds/). They run in the same Terminal as test_seed001_cli.py (imported from
there): `--endpoint-url "$ENDPOINT"` is appended to every `aws` command and the placeholders
(USER_POOL_ID, CLIENT_ID, ACCESS_TOKEN_HERE, SESSION_STRING_HERE, the codes "123456", seed 002's
us-east-1_XXXXXXXXX) get the values captured from earlier steps or read from the SMTP/SMS sinks.
Commands the seeds only describe (admin-get-user, resetUserMFA) are written as a reader would
type them with the CLI.

Sequence (one user, user@example.com, +15551234567): create pool and client (steps 2-3), sign up
with the phone number, confirm by e-mail, sign in and enable SMS MFA, sign in → SMS_MFA with the
code from the webhook, the troubleshooting commands, seed 002's pool MFA config, the admin reset,
teardown.
"""

from __future__ import annotations

import re

import pytest

from test_seed001_cli import (
    STEP2_CREATE_USER_POOL,
    STEP3_CREATE_APP_CLIENT,
    STEP8_INITIATE_AUTH,
    STEP8_SIGN_UP,
    STEP8_VERIFY_EMAIL,
    TEARDOWN_COGNITO,
    TROUBLESHOOT_GET_USER_MFA,
    Terminal,
    _seed_file,
    jwt_claims,
)

# --------------------------------------------------------------------------- seed 001 text

STEP8_ENABLE_SMS_MFA = r'''# First, get access token by signing in
aws cognito-idp initiate-auth \
  --auth-flow USER_PASSWORD_AUTH \
  --client-id $CLIENT_ID \
  --auth-parameters USERNAME=user@example.com,PASSWORD="TestPass123"

# Save AccessToken from response, then:
ACCESS_TOKEN="ACCESS_TOKEN_HERE"

# Set MFA preference
aws cognito-idp set-user-mfa-preference \
  --access-token $ACCESS_TOKEN \
  --sms-mfa-settings Enabled=true,PreferredMfa=true
'''

STEP8_RESPOND_MFA = r'''SESSION="SESSION_STRING_HERE"  # From previous command
MFA_CODE="123456"  # From SMS

aws cognito-idp respond-to-auth-challenge \
  --client-id $CLIENT_ID \
  --challenge-name SMS_MFA \
  --session "$SESSION" \
  --challenge-responses USERNAME=user@example.com,SMS_MFA_CODE="$MFA_CODE"
'''

TROUBLESHOOT_ADMIN_VERIFY_PHONE = r'''aws cognito-idp admin-update-user-attributes \
  --user-pool-id $USER_POOL_ID \
  --username user@example.com \
  --user-attributes Name=phone_number_verified,Value=true
'''

# --------------------------------------------------------------------------- seed 002 text

SEED002_SET_USER_POOL_MFA_CONFIG = r'''# Enable optional MFA with TOTP
aws cognito-idp set-user-pool-mfa-config \
  --user-pool-id us-east-1_XXXXXXXXX \
  --mfa-configuration OPTIONAL \
  --software-token-mfa-configuration Enabled=true \
  --sms-mfa-configuration "SmsAuthenticationMessage='Your code is {####}',SmsConfiguration={SnsCallerArn=arn:aws:iam::111111111111:role/cognito-sms-role,ExternalId=cognito-sms-external}"
'''

SEED001_SNIPPETS = {
    "step8-enable-sms-mfa": STEP8_ENABLE_SMS_MFA,
    "step8-respond-mfa": STEP8_RESPOND_MFA,
    "troubleshooting-admin-verify-phone": TROUBLESHOOT_ADMIN_VERIFY_PHONE,
}

# --------------------------------------------------------------------------- what a reader types (not in the seeds)

GET_USER_POOL_MFA_CONFIG = "aws cognito-idp get-user-pool-mfa-config --user-pool-id $USER_POOL_ID"
ADMIN_GET_USER = "aws cognito-idp admin-get-user --user-pool-id $USER_POOL_ID --username user@example.com"
# seed 002 resetUserMFA (AdminSetUserMFAPreference, both factors off) with the CLI
ADMIN_RESET_USER_MFA = r'''aws cognito-idp admin-set-user-mfa-preference \
  --user-pool-id $USER_POOL_ID \
  --username user@example.com \
  --software-token-mfa-settings Enabled=false,PreferredMfa=false \
  --sms-mfa-settings Enabled=false,PreferredMfa=false
'''

USERNAME = "user@example.com"
PHONE = "+15551234567"
MASKED_PHONE = "+*******4567"
POOL_ID_RE = re.compile(r"us-east-1_[A-Za-z0-9]{9}")


def _seed002_file():
    seed = _seed_file()
    if seed is None:
        return None
    found = sorted(seed.parent.glob("002_*.txt"))
    return found[0] if found else None


@pytest.fixture(scope="module")
def term(server, tmp_path_factory):
    return Terminal(server, tmp_path_factory.mktemp(f"seed001-mfa-{server.backend}"))


def _ids(term) -> list[tuple[str, str]]:
    return [
        ('USER_POOL_ID="us-east-1_XXXXXXXXX"', f'USER_POOL_ID="{term.vars["USER_POOL_ID"]}"'),
        ('CLIENT_ID="XXXXXXXXXXXXXXXXXXXXXXXXXX"', f'CLIENT_ID="{term.vars["CLIENT_ID"]}"'),
    ]


def _user_attrs(cognito, term) -> dict:
    got = cognito.admin_get_user(UserPoolId=term.vars["USER_POOL_ID"], Username=USERNAME)
    return {a["Name"]: a["Value"] for a in got["UserAttributes"]}


# --------------------------------------------------------------------------- tests


def test_mfa_snippets_match_the_seeds():
    seed = _seed_file()
    if seed is None:
        pytest.skip("shared/seeds/001_*.txt not reachable (set COGNATE_SEEDS_DIR)")
    text = seed.read_text()
    for name, snippet in SEED001_SNIPPETS.items():
        assert snippet in text, f"snippet {name} drifted from {seed}"
    seed2 = _seed002_file()
    assert seed2 is not None, "shared/seeds/002_*.txt missing next to 001"
    assert SEED002_SET_USER_POOL_MFA_CONFIG in seed2.read_text(), f"seed 002 snippet drifted from {seed2}"


def test_setup_pool_client_and_user_with_phone(term, server, cognito):
    """Steps 2, 3 and 8 (sign-up with phone_number, e-mail confirmation), as in test_seed001_cli."""
    pool_id = term.run(STEP2_CREATE_USER_POOL).stdout.strip()
    assert POOL_ID_RE.fullmatch(pool_id)
    term.vars["USER_POOL_ID"] = pool_id
    client_id = term.run(STEP3_CREATE_APP_CLIENT, [
        ('USER_POOL_ID="us-east-1_XXXXXXXXX"', f'USER_POOL_ID="{pool_id}"')]).stdout.strip()
    term.vars["CLIENT_ID"] = client_id

    out = term.run(STEP8_SIGN_UP, _ids(term)).output
    assert out["UserConfirmed"] is False, out
    term.vars["USER_SUB"] = out["UserSub"]
    code = server.smtp.wait_for_code(USERNAME, timeout=10)
    term.run(STEP8_VERIFY_EMAIL, [('--confirmation-code "123456"', f'--confirmation-code "{code}"')])
    attrs = _user_attrs(cognito, term)
    assert attrs["phone_number"] == PHONE
    assert attrs.get("phone_number_verified") != "true"
    term.vars["READY"] = "1"


def test_step8_enable_sms_mfa(term, cognito):
    term.need("READY")
    first = term.run(STEP8_INITIATE_AUTH).output
    token = first["AuthenticationResult"]["AccessToken"]
    out = term.run(STEP8_ENABLE_SMS_MFA, [('ACCESS_TOKEN="ACCESS_TOKEN_HERE"', f'ACCESS_TOKEN="{token}"')])
    docs = out.docs
    assert len(docs) == 1, f"initiate-auth prints tokens, set-user-mfa-preference prints nothing\n{out.describe()}"
    assert "AccessToken" in docs[0]["AuthenticationResult"], out.describe()
    me = cognito.get_user(AccessToken=token)
    assert me.get("UserMFASettingList") == ["SMS_MFA"], me
    assert me.get("PreferredMfaSetting") == "SMS_MFA", me
    term.vars["MFA_ON"] = "1"


def test_step8_sign_in_with_mfa(term, server):
    term.need("MFA_ON")
    out = term.run(STEP8_INITIATE_AUTH)
    doc = out.output
    assert isinstance(doc, dict), out.describe()
    assert doc.get("ChallengeName") == "SMS_MFA", out.describe()
    assert "AuthenticationResult" not in doc
    assert isinstance(doc.get("Session"), str) and doc["Session"], doc
    p = doc["ChallengeParameters"]
    assert p["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS", p
    assert p["CODE_DELIVERY_DESTINATION"] == MASKED_PHONE, p
    m = server.sms.wait_for_message(PHONE, 10, predicate=lambda m: m.code is not None)
    assert m.body == f"Your MFA code is {m.code}", m
    assert m.purpose == "mfa", m
    assert m.user_pool_id == term.vars["USER_POOL_ID"], m
    term.vars["SESSION"] = doc["Session"]
    term.vars["MFA_CODE"] = m.code


def test_step8_respond_to_mfa_challenge(term, cognito):
    term.need("SESSION", "MFA_CODE")
    out = term.run(STEP8_RESPOND_MFA, [
        ('SESSION="SESSION_STRING_HERE"', f'SESSION="{term.vars["SESSION"]}"'),
        ('MFA_CODE="123456"', f'MFA_CODE="{term.vars["MFA_CODE"]}"'),
    ])
    doc = out.output
    assert "ChallengeName" not in doc, out.describe()
    ar = doc["AuthenticationResult"]
    assert ar["TokenType"] == "Bearer" and ar["ExpiresIn"] == 3600
    assert jwt_claims(ar["IdToken"])["sub"] == term.vars["USER_SUB"]
    assert jwt_claims(ar["AccessToken"])["client_id"] == term.vars["CLIENT_ID"]
    # documented: a successful SMS MFA marks the phone number verified
    assert _user_attrs(cognito, term).get("phone_number_verified") == "true"
    term.vars["ACCESS_TOKEN"] = ar["AccessToken"]

    # the session is single-use
    again = term.run(STEP8_RESPOND_MFA, [
        ('SESSION="SESSION_STRING_HERE"', f'SESSION="{term.vars["SESSION"]}"'),
        ('MFA_CODE="123456"', f'MFA_CODE="{term.vars["MFA_CODE"]}"'),
    ], check=False)
    assert not again.ok and again.error_code == "NotAuthorizedException", again.describe()


def test_troubleshooting_admin_verify_phone(term, cognito):
    term.need("ACCESS_TOKEN")
    out = term.run(TROUBLESHOOT_ADMIN_VERIFY_PHONE)
    assert out.stdout.strip() == "", out.describe()
    assert _user_attrs(cognito, term)["phone_number_verified"] == "true"


def test_troubleshooting_get_user_mfa_settings(term, server):
    term.need("ACCESS_TOKEN")
    out = term.run(TROUBLESHOOT_GET_USER_MFA,
                   [('ACCESS_TOKEN="ACCESS_TOKEN_HERE"', f'ACCESS_TOKEN="{term.vars["ACCESS_TOKEN"]}"')])
    docs = out.docs
    assert len(docs) == 2, out.describe()
    sign_in, mfa_list = docs
    # with SMS MFA on, the snippet's sign-in stops at the challenge (and sends a code)
    assert sign_in.get("ChallengeName") == "SMS_MFA", out.describe()
    assert mfa_list == ["SMS_MFA"], out.describe()
    server.sms.wait_for_message(PHONE, 10)  # that sign-in's SMS (marks it seen)


def test_seed002_set_user_pool_mfa_config(term, server, cognito):
    term.need("ACCESS_TOKEN")
    pool_id = term.vars["USER_POOL_ID"]
    out = term.run(SEED002_SET_USER_POOL_MFA_CONFIG,
                   [("--user-pool-id us-east-1_XXXXXXXXX", f"--user-pool-id {pool_id}")])
    expected = {
        "SmsMfaConfiguration": {
            "SmsAuthenticationMessage": "Your code is {####}",
            "SmsConfiguration": {
                "SnsCallerArn": "arn:aws:iam::111111111111:role/cognito-sms-role",
                "ExternalId": "cognito-sms-external",
            },
        },
        "SoftwareTokenMfaConfiguration": {"Enabled": True},
        "MfaConfiguration": "OPTIONAL",
    }

    def check(doc, what):
        assert isinstance(doc, dict), f"{what}: {doc!r}"
        assert doc.get("MfaConfiguration") == "OPTIONAL", f"{what}: {doc}"
        assert doc.get("SoftwareTokenMfaConfiguration") == {"Enabled": True}, f"{what}: {doc}"
        sms = doc.get("SmsMfaConfiguration") or {}
        assert sms.get("SmsAuthenticationMessage") == "Your code is {####}", f"{what}: {doc}"
        for k, v in expected["SmsMfaConfiguration"]["SmsConfiguration"].items():
            assert (sms.get("SmsConfiguration") or {}).get(k) == v, f"{what}: {doc}"

    check(out.output, "set-user-pool-mfa-config")
    check(term.run(GET_USER_POOL_MFA_CONFIG).output, "get-user-pool-mfa-config")
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["SmsAuthenticationMessage"] == "Your code is {####}", pool

    # the next MFA SMS uses the new message
    doc = term.run(STEP8_INITIATE_AUTH).output
    assert doc.get("ChallengeName") == "SMS_MFA", doc
    m = server.sms.wait_for_message(PHONE, 10, predicate=lambda m: m.code is not None)
    assert m.body == f"Your code is {m.code}", m
    term.vars["POOL_MFA_SET"] = "1"


def test_admin_get_user_and_reset_user_mfa(term, server):
    term.need("ACCESS_TOKEN")
    got = term.run(ADMIN_GET_USER).output
    assert got["UserMFASettingList"] == ["SMS_MFA"], got
    assert got["PreferredMfaSetting"] == "SMS_MFA", got
    assert got["MFAOptions"] == [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}], got

    out = term.run(ADMIN_RESET_USER_MFA)
    assert out.stdout.strip() == "", out.describe()
    got = term.run(ADMIN_GET_USER).output
    for k in ("UserMFASettingList", "PreferredMfaSetting", "MFAOptions"):
        assert k not in got, got
    # sign-in without a challenge again
    doc = term.run(STEP8_INITIATE_AUTH).output
    assert "ChallengeName" not in doc, doc
    assert doc.get("ChallengeParameters") == {}, doc
    assert "AccessToken" in doc["AuthenticationResult"], doc
    got = term.run(TROUBLESHOOT_GET_USER_MFA,
                   [('ACCESS_TOKEN="ACCESS_TOKEN_HERE"', f'ACCESS_TOKEN="{doc["AuthenticationResult"]["AccessToken"]}"')])
    assert got.docs[1] is None, got.describe()


def test_teardown(term):
    term.need("USER_POOL_ID", "CLIENT_ID")
    out = term.run(TEARDOWN_COGNITO)
    assert out.stdout.strip() == "", out.describe()
