"""Runs tests/clients/js/tokens.test.mjs (AWS SDK v3 + aws-jwt-verify) against the server.

The Python side makes a confirmed user in a seed-001 pool (SignUp + AdminConfirmSignUp);
the JavaScript side signs in, refreshes, verifies the JWTs against the JWKS and signs out.
"""

from __future__ import annotations

import pytest

from harness import run_node_test  # also imported from here by other test files

pytestmark = pytest.mark.js

PASSWORD = "TestPass123"


def test_sdk_v3_tokens_and_jwks(server, cognito, seed_pool, unique_email, node_bin):
    email = unique_email()
    signup = cognito.sign_up(
        ClientId=seed_pool["client_id"],
        Username=email,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "name", "Value": "JS Tester"}],
    )
    cognito.admin_confirm_sign_up(UserPoolId=seed_pool["pool_id"], Username=email)

    proc = run_node_test(
        node_bin,
        "tokens.test.mjs",
        {
            "COGNATE_ENDPOINT": server.endpoint,
            "POOL_ID": seed_pool["pool_id"],
            "CLIENT_ID": seed_pool["client_id"],
            "USERNAME": email,
            "PASSWORD": PASSWORD,
            "USER_SUB": signup["UserSub"],
        },
    )
    print(proc.stdout)  # the spec report, visible with -s
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
