"""A recovery code typed into Amplify v6's confirmSignIn finishes a TOTP sign-in.

Prepared here with boto3: a pool with software-token MFA on (MFA OPTIONAL), a confirmed user
with a verified authenticator app as the preferred MFA, and a set of recovery codes from
Cognate's own `POST /cognate/recovery-codes` (with the user's access token from an API
sign-in). js/amplify_recovery_code.test.mjs then signs in with the real aws-amplify package:
signIn → CONFIRM_SIGN_IN_WITH_TOTP_CODE → confirmSignIn(<recovery code>) → signed in; the same
code on a later sign-in is CodeMismatchException; a second code signs in. Ten codes → eight.
"""

from __future__ import annotations

import json

import pytest
import requests

from harness import run_node_test
from helpers import password_auth, sign_up_and_confirm
from mfa_helpers import Authenticator, enable_software_token


@pytest.fixture
def totp_pool(cognito, seed_pool):
    enable_software_token(cognito, seed_pool["pool_id"], mfa="OPTIONAL")
    return seed_pool


def _recovery_codes(server, access_token: str, method: str = "GET") -> dict:
    r = requests.request(method, f"{server.endpoint}/cognate/recovery-codes",
                         headers={"Authorization": f"Bearer {access_token}"}, timeout=10)
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()


@pytest.mark.js
def test_amplify_confirm_sign_in_with_recovery_code(server, cognito, totp_pool, node_bin):
    user = sign_up_and_confirm(server, cognito, totp_pool)
    out = password_auth(cognito, user.client_id, user.email, user.password)
    token = out["AuthenticationResult"]["AccessToken"]
    app = Authenticator(cognito.associate_software_token(AccessToken=token)["SecretCode"])
    assert cognito.verify_software_token(AccessToken=token, UserCode=app.code())["Status"] == "SUCCESS"
    cognito.set_user_mfa_preference(AccessToken=token,
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert cognito.get_user(AccessToken=token)["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"

    codes = _recovery_codes(server, token, "POST")["RecoveryCodes"]
    assert len(codes) == 10 and len(set(codes)) == 10, codes
    assert _recovery_codes(server, token) == {"Remaining": 10}

    proc = run_node_test(node_bin, "amplify_recovery_code.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "POOL_ID": totp_pool["pool_id"],
        "CLIENT_ID": totp_pool["client_id"],
        "USERNAME": user.email,
        "PASSWORD": user.password,
        "USER_SUB": user.sub,
        "RECOVERY_CODES": json.dumps(codes),
    }, timeout=120)
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"

    # Two codes used (the refused reuse used none): 10 → 8, seen with the first token too.
    assert _recovery_codes(server, token) == {"Remaining": 8}
    # The used codes stay used for every client: boto3's RespondToAuthChallenge refuses both.
    for used in codes[:2]:
        ch = password_auth(cognito, user.client_id, user.email, user.password)
        assert ch["ChallengeName"] == "SOFTWARE_TOKEN_MFA", ch
        with pytest.raises(cognito.exceptions.CodeMismatchException):
            cognito.respond_to_auth_challenge(
                ClientId=user.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=ch["Session"],
                ChallengeResponses={"USERNAME": user.email, "SOFTWARE_TOKEN_MFA_CODE": used})
    assert _recovery_codes(server, token) == {"Remaining": 8}
