"""MFA with the real client libraries.

* Amplify JS v6 (seed 001/002 code) → js/amplify_mfa.test.mjs through `node --test`; the Python
  side serves the codes the server sent (e-mail: CODE_URL, SMS: SMS_CODE_URL) from its sinks.
* amazon-cognito-identity-js → js/identity_js_mfa.test.mjs (mfaRequired / totpRequired +
  sendMFACode); the users are prepared here with boto3.
* pycognito: SRP sign-in raising SMSMFAChallengeException / SoftwareTokenMFAChallengeException,
  completed with respond_to_sms_mfa_challenge / respond_to_software_token_mfa_challenge; TOTP set
  up with pycognito's own associate/verify/set_user_mfa_preference.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from pycognito.exceptions import SMSMFAChallengeException, SoftwareTokenMFAChallengeException

from helpers import attrs_dict, new_email, new_password, new_phone, password_auth, sign_up_and_confirm, wrong_code
from mfa_helpers import Authenticator, assert_code, enable_software_token, mask_phone, wrong_totp
from test_srp_clients import pycognito_user, run_node_test


@pytest.fixture
def mfa_pool(cognito, seed_pool):
    enable_software_token(cognito, seed_pool["pool_id"])
    return seed_pool


def _tokens(cognito, user) -> str:
    out = password_auth(cognito, user.client_id, user.email, user.password)
    assert "AuthenticationResult" in out, out
    return out["AuthenticationResult"]["AccessToken"]


def _sms_user(server, cognito, pool):
    phone = new_phone()
    user = sign_up_and_confirm(server, cognito, pool, phone_number=phone)
    cognito.admin_set_user_mfa_preference(UserPoolId=pool["pool_id"], Username=user.email,
                                          SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    return user, phone


def _totp_user(server, cognito, pool):
    user = sign_up_and_confirm(server, cognito, pool)
    token = _tokens(cognito, user)
    app = Authenticator(cognito.associate_software_token(AccessToken=token)["SecretCode"])
    assert cognito.verify_software_token(AccessToken=token, UserCode=app.code())["Status"] == "SUCCESS"
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    return user, app


# ============================================================================================
# Node
# ============================================================================================


@pytest.mark.js
def test_amplify_v6_seed_mfa(server, cognito, mfa_pool, node_bin, codes):
    email, password, phone = new_email("amplify-mfa"), new_password(), new_phone()
    proc = run_node_test(node_bin, "amplify_mfa.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "POOL_ID": mfa_pool["pool_id"],
        "CLIENT_ID": mfa_pool["client_id"],
        "USERNAME": email,
        "PASSWORD": password,
        "PHONE": phone,
        "CODE_URL": codes.code_url,
        "SMS_CODE_URL": codes.sms_code_url,
    }, timeout=240)
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
    # What the Amplify run left on the server: phone verified, MFA off again.
    got = cognito.admin_get_user(UserPoolId=mfa_pool["pool_id"], Username=email)
    attrs = attrs_dict(got["UserAttributes"])
    assert attrs["phone_number"] == phone and attrs["phone_number_verified"] == "true"
    for k in ("UserMFASettingList", "PreferredMfaSetting", "MFAOptions"):
        assert k not in got, got
    purposes = [m.purpose for m in server.sms.messages_to(phone)]
    assert "mfa" in purposes, purposes


@pytest.mark.js
def test_identity_js_mfa(server, cognito, mfa_pool, node_bin, codes):
    sms_user, phone = _sms_user(server, cognito, mfa_pool)
    totp_user, app = _totp_user(server, cognito, mfa_pool)
    proc = run_node_test(node_bin, "identity_js_mfa.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "POOL_ID": mfa_pool["pool_id"],
        "CLIENT_ID": mfa_pool["client_id"],
        "SMS_USERNAME": sms_user.email,
        "SMS_PASSWORD": sms_user.password,
        "SMS_PHONE": phone,
        "SMS_CODE_URL": codes.sms_code_url,
        "TOTP_USERNAME": totp_user.email,
        "TOTP_PASSWORD": totp_user.password,
        "TOTP_SECRET": app.secret,
        "TOTP_LAST_STEP": str(app.last_step),
        "USER_SUBS": json.dumps({sms_user.email: sms_user.sub, totp_user.email: totp_user.sub}),
    })
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"


# ============================================================================================
# pycognito
# ============================================================================================


def test_pycognito_sms_mfa(server, cognito, seed_pool):
    user, phone = _sms_user(server, cognito, seed_pool)
    u = pycognito_user(server, seed_pool, user.email)
    with pytest.raises(SMSMFAChallengeException) as ei:
        u.authenticate(password=user.password)
    tokens = ei.value.get_tokens()
    assert tokens["ChallengeName"] == "SMS_MFA"
    assert tokens["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == mask_phone(phone)
    assert u.mfa_tokens == tokens
    code = server.sms.wait_for_code(phone)

    with pytest.raises(ClientError) as bad:
        u.respond_to_sms_mfa_challenge(wrong_code(code))
    assert_code(bad.value, "CodeMismatchException")
    u.respond_to_sms_mfa_challenge(code)  # verifies the tokens against the JWKS
    assert u.id_claims["sub"] == user.sub
    assert u.access_claims["client_id"] == seed_pool["client_id"]
    assert u.get_user().sub == user.sub
    got = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    assert attrs_dict(got["UserAttributes"])["phone_number_verified"] == "true"


def test_pycognito_software_token_mfa(server, cognito, mfa_pool):
    user = sign_up_and_confirm(server, cognito, mfa_pool)
    u = pycognito_user(server, mfa_pool, user.email)
    u.authenticate(password=user.password)
    app = Authenticator(u.associate_software_token())
    assert u.verify_software_token(app.code(), device_name="pycognito") is True
    u.set_user_mfa_preference(sms_mfa=False, software_token_mfa=True, preferred="SOFTWARE_TOKEN")
    assert cognito.get_user(AccessToken=u.access_token).get("PreferredMfaSetting") == "SOFTWARE_TOKEN_MFA"

    v = pycognito_user(server, mfa_pool, user.email)
    with pytest.raises(SoftwareTokenMFAChallengeException) as ei:
        v.authenticate(password=user.password)
    assert ei.value.get_tokens()["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    with pytest.raises(ClientError) as bad:
        v.respond_to_software_token_mfa_challenge(wrong_totp(app.secret))
    assert_code(bad.value, "CodeMismatchException")
    v.respond_to_software_token_mfa_challenge(app.code())
    assert v.id_claims["sub"] == user.sub
    assert v.access_claims["username"] == user.sub

    # pycognito turns MFA off again; the next sign-in has no challenge
    v.set_user_mfa_preference(sms_mfa=False, software_token_mfa=False)
    w = pycognito_user(server, mfa_pool, user.email)
    w.authenticate(password=user.password)
    assert w.id_claims["sub"] == user.sub
