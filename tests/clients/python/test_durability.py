"""Durability: what the server acknowledged survives a crash.

The server is killed with SIGKILL — no graceful shutdown, no chance to flush anything — right
after its last acknowledged write, then started again on the same database (SQLite data dir
or PostgreSQL database, same master key). Users, pool, client, signing keys, refresh tokens and
challenge sessions must all still be there and work.
"""

from __future__ import annotations

import os
import signal

import requests

import harness
from helpers import (
    attrs_dict,
    attrs_list,
    jwt_claims,
    new_email,
    new_password,
    password_auth,
    refresh,
    sign_in,
    sign_up_and_confirm,
)


def kill_hard(server: harness.CognateServer) -> None:
    """SIGKILL the server's process group and reap it; `server.start()` can then restart it.

    `CognateServer.stop()` sends SIGTERM first (a graceful shutdown); this does not.
    """
    proc = server.proc
    assert proc is not None and proc.poll() is None, f"{server} is not running"
    os.killpg(proc.pid, signal.SIGKILL)  # the server leads its own process group
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, f"{server} exited with {proc.returncode}, not by SIGKILL"
    harness._LIVE_PROCESSES.discard(proc)  # reaped: the harness's exit-time safety net can forget it
    with open(server.log_path, "ab") as log:
        log.write(b"===== killed with SIGKILL by test_durability\n")


def _jwks(server, pool_id: str) -> dict:
    r = requests.get(f"{server.endpoint}/{pool_id}/.well-known/jwks.json", timeout=10)
    r.raise_for_status()
    return r.json()


def test_users_pool_client_and_tokens_survive_sigkill(server, cognito, seed_pool):
    pool_id, client_id = seed_pool["pool_id"], seed_pool["client_id"]

    # Before the crash: a self-service user, an administrator-created user, a challenge
    # session, and (as the very last write) a sign-in with its refresh token.
    user = sign_up_and_confirm(server, cognito, seed_pool)
    admin_email, temporary = new_email("admin"), new_password()
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=admin_email,
        TemporaryPassword=temporary,
        MessageAction="SUPPRESS",
        UserAttributes=attrs_list({"email": admin_email, "email_verified": "true", "name": "Second User"}),
    )
    jwks_before = _jwks(server, pool_id)
    challenge = password_auth(cognito, client_id, admin_email, temporary)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    tokens = sign_in(cognito, user)

    kill_hard(server)
    server.start()
    idp = harness.boto3_client(server.endpoint)  # no pooled connections to the dead process

    # The pool and its client, as created.
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Name"] == "mfa-sms-pool"
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert client["ClientName"] == "mfa-sms-client"
    assert client["AuthSessionValidity"] == 3
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert set(client["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_SRP_AUTH",
    }
    assert _jwks(server, pool_id) == jwks_before, "the pool's signing keys changed across the restart"

    # The signed-up user: confirmed, verified, and the password still signs in.
    got = idp.admin_get_user(UserPoolId=pool_id, Username=user.email)
    assert got["Username"] == user.sub
    assert got["UserStatus"] == "CONFIRMED"
    assert attrs_dict(got["UserAttributes"])["email_verified"] == "true"
    fresh = sign_in(idp, user)
    assert idp.get_user(AccessToken=fresh["AccessToken"])["Username"] == user.sub

    # Tokens issued before the crash: the access token still verifies, the refresh token
    # still refreshes (same sign-in).
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == user.sub
    renewed = refresh(idp, client_id, tokens["RefreshToken"])["AuthenticationResult"]
    assert idp.get_user(AccessToken=renewed["AccessToken"])["Username"] == user.sub
    assert jwt_claims(renewed["AccessToken"])["origin_jti"] == jwt_claims(tokens["AccessToken"])["origin_jti"]
    assert jwt_claims(renewed["AccessToken"])["auth_time"] == jwt_claims(tokens["AccessToken"])["auth_time"]

    # The administrator-created user: still waiting for a new password; the temporary password
    # still works, and the session opened before the crash still answers.
    got = idp.admin_get_user(UserPoolId=pool_id, Username=admin_email)
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    again = password_auth(idp, client_id, admin_email, temporary)
    assert again["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    chosen = new_password()
    answered = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": admin_email, "NEW_PASSWORD": chosen},
    )
    assert "AuthenticationResult" in answered, answered
    result = password_auth(idp, client_id, admin_email, chosen)
    assert "AuthenticationResult" in result, result
    assert idp.admin_get_user(UserPoolId=pool_id, Username=admin_email)["UserStatus"] == "CONFIRMED"
