"""`POST /oauth2/token` with `grant_type=client_credentials`, as an API gateway or a service
calls it: HTTP Basic or client_secret_post, scopes from a resource server, RFC 6749 errors, and
access tokens verified with aws-jwt-verify (tests/clients/js/client_credentials.test.mjs).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from helpers import create_pool
from test_js_sdk import run_node_test

SCOPES = [
    {"ScopeName": "read", "ScopeDescription": "Read orders"},
    {"ScopeName": "write", "ScopeDescription": "Write orders"},
]


def _post(endpoint, form, auth=None, content_type="application/x-www-form-urlencoded", path="token"):
    """POST a form to /oauth2/<path>: (status, headers, JSON body or None when empty)."""
    body = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(f"{endpoint}/oauth2/{path}", data=body, method="POST")
    req.add_header("Content-Type", content_type)
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            text = resp.read()
            return resp.status, resp.headers, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read())


def _claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture(scope="module")
def machine(cognito):
    pool_id = create_pool(cognito)
    cognito.create_resource_server(UserPoolId=pool_id, Identifier="orders", Name="Orders", Scopes=SCOPES)
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="machine",
        GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["orders/read", "orders/write"],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]
    return {"pool_id": pool_id, "id": client["ClientId"], "secret": client["ClientSecret"]}


def test_basic_auth_gets_a_token_with_every_allowed_scope(server, machine):
    status, headers, body = _post(
        server.endpoint, {"grant_type": "client_credentials"}, auth=(machine["id"], machine["secret"])
    )
    assert status == 200, body
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert "refresh_token" not in body and "id_token" not in body
    assert headers.get("Cache-Control") == "no-store"
    claims = _claims(body["access_token"])
    assert claims["token_use"] == "access"
    assert claims["client_id"] == machine["id"] == claims["sub"]
    assert claims["scope"] == "orders/read orders/write"
    assert claims["iss"] == f"{server.endpoint}/{machine['pool_id']}"
    assert "username" not in claims and "cognito:groups" not in claims


def test_client_secret_post_and_a_narrower_scope(server, machine):
    status, _, body = _post(
        server.endpoint,
        {
            "grant_type": "client_credentials",
            "client_id": machine["id"],
            "client_secret": machine["secret"],
            "scope": "orders/read",
        },
    )
    assert status == 200, body
    assert _claims(body["access_token"])["scope"] == "orders/read"


def test_errors_are_rfc6749s(server, machine, cognito):
    ep, cid, secret = server.endpoint, machine["id"], machine["secret"]
    cases = [
        ({"grant_type": "client_credentials"}, (cid, "wrong"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, ("nosuchclient", secret), 401, "invalid_client"),
        ({"grant_type": "client_credentials", "client_id": cid}, None, 401, "invalid_client"),
        ({"grant_type": "client_credentials", "scope": "orders/delete"}, (cid, secret), 400, "invalid_scope"),
        ({"grant_type": "client_credentials", "scope": "openid"}, (cid, secret), 400, "invalid_scope"),
        ({"grant_type": "password"}, (cid, secret), 400, "unsupported_grant_type"),
        ({}, (cid, secret), 400, "invalid_request"),
        (
            {"grant_type": "client_credentials", "client_id": cid, "client_secret": secret},
            (cid, secret),
            400,
            "invalid_request",
        ),
    ]
    for form, auth, status, error in cases:
        got_status, headers, body = _post(ep, form, auth=auth)
        assert (got_status, body) == (status, {"error": error}), (form, auth)
        if status == 401:
            assert headers.get("WWW-Authenticate", "").startswith("Basic")
    status, _, body = _post(ep, {"grant_type": "client_credentials"}, auth=(cid, secret), content_type="application/json")
    assert (status, body) == (400, {"error": "invalid_request"})

    # A client without the flow, even with a secret, is unauthorized_client.
    web = cognito.create_user_pool_client(UserPoolId=machine["pool_id"], ClientName="web", GenerateSecret=True)[
        "UserPoolClient"
    ]
    status, _, body = _post(ep, {"grant_type": "client_credentials"}, auth=(web["ClientId"], web["ClientSecret"]))
    assert (status, body) == (400, {"error": "unauthorized_client"})


def test_machine_token_is_no_user_token(server, machine, cognito):
    _, _, body = _post(server.endpoint, {"grant_type": "client_credentials"}, auth=(machine["id"], machine["secret"]))
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=body["access_token"])


def test_discovery_names_the_token_endpoint(server, machine):
    with urllib.request.urlopen(
        f"{server.endpoint}/{machine['pool_id']}/.well-known/openid-configuration", timeout=10
    ) as resp:
        doc = json.loads(resp.read())
    assert doc["token_endpoint"] == f"{server.endpoint}/oauth2/token"
    assert "client_credentials" in doc["grant_types_supported"]


@pytest.mark.js
def test_aws_jwt_verify_accepts_client_credentials_tokens(server, machine, node_bin):
    proc = run_node_test(
        node_bin,
        "client_credentials.test.mjs",
        {
            "COGNATE_ENDPOINT": server.endpoint,
            "POOL_ID": machine["pool_id"],
            "CLIENT_ID": machine["id"],
            "CLIENT_SECRET": machine["secret"],
        },
    )
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"


# --------------------------------------------------------------------------------------------
# POST /oauth2/revoke (RFC 7009)
# --------------------------------------------------------------------------------------------

def _revoke(endpoint, form, auth=None):
    status, _, body = _post(endpoint, form, auth=auth, path="revoke")
    return status, body


def test_revoke_endpoint_ends_a_sign_in(server, cognito):
    from helpers import admin_create_confirmed_user, create_seed_pool

    pool = create_seed_pool(cognito)
    user = admin_create_confirmed_user(cognito, pool)
    auth = cognito.initiate_auth(
        ClientId=pool["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.email, "PASSWORD": user.password},
    )["AuthenticationResult"]
    ep, cid = server.endpoint, pool["client_id"]

    assert _revoke(ep, {"client_id": cid}) == (400, {"error": "invalid_request"})
    assert _revoke(ep, {"token": auth["AccessToken"], "client_id": cid}) == (
        400,
        {"error": "unsupported_token_type"},
    )
    assert _revoke(ep, {"token": "not-a-token-of-ours", "client_id": cid}) == (200, None)
    assert cognito.get_user(AccessToken=auth["AccessToken"])["Username"]

    assert _revoke(ep, {"token": auth["RefreshToken"], "client_id": cid}) == (200, None)
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.initiate_auth(
            ClientId=cid, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": auth["RefreshToken"]}
        )
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=auth["AccessToken"])


def test_revoke_endpoint_needs_the_clients_secret(server, machine):
    status, body = _revoke(server.endpoint, {"token": "x"}, auth=(machine["id"], "wrong"))
    assert (status, body) == (401, {"error": "invalid_client"})
    status, body = _revoke(server.endpoint, {"token": "x", "client_id": machine["id"]})
    assert (status, body) == (401, {"error": "invalid_client"})
    assert _revoke(server.endpoint, {"token": "x"}, auth=(machine["id"], machine["secret"])) == (200, None)


# --------------------------------------------------------------------------------------------
# grant_type=refresh_token
# --------------------------------------------------------------------------------------------

def test_refresh_token_grant(server, cognito):
    from helpers import admin_create_confirmed_user, create_seed_pool

    pool = create_seed_pool(cognito)
    user = admin_create_confirmed_user(cognito, pool)
    auth = cognito.initiate_auth(
        ClientId=pool["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.email, "PASSWORD": user.password},
    )["AuthenticationResult"]
    ep, cid = server.endpoint, pool["client_id"]

    form = {"grant_type": "refresh_token", "client_id": cid, "refresh_token": auth["RefreshToken"]}
    status, _, body = _post(ep, form)
    assert status == 200, body
    assert set(body) == {"access_token", "id_token", "token_type", "expires_in"}
    assert _claims(body["id_token"])["sub"] == user.sub
    assert cognito.get_user(AccessToken=body["access_token"])["Username"]

    status, _, body = _post(ep, {**form, "refresh_token": "nope"})
    assert (status, body) == (400, {"error": "invalid_grant"})
    status, _, body = _post(ep, {"grant_type": "refresh_token", "client_id": cid})
    assert (status, body) == (400, {"error": "invalid_request"})
    other = create_seed_pool(cognito)
    status, _, body = _post(ep, {**form, "client_id": other["client_id"]})
    assert (status, body) == (400, {"error": "invalid_grant"})

    cognito.revoke_token(Token=auth["RefreshToken"], ClientId=cid)
    status, _, body = _post(ep, form)
    assert (status, body) == (400, {"error": "invalid_grant"})
