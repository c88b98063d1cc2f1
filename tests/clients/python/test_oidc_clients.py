"""Off-the-shelf OpenID Connect relying parties against Cognate's discovery document: the
authorization-code flow with PKCE, as an application wires them up from
`{endpoint}/{poolId}/.well-known/openid-configuration` and nothing else.

  * Authlib (Python): `OAuth2Session` as a confidential client, with client_secret_basic and
    client_secret_post; the ID token checked the way Authlib's own OpenID integration checks it
    (joserfc against the JWKS, then `authlib.oidc.core.CodeIDToken`: iss, aud, exp, nonce,
    at_hash); UserInfo through the session; `refresh_token()`.
  * openid-client (Node): a public client (client auth "none"), driven by
    tests/clients/js/openid_client.test.mjs: discovery, PKCE/state/nonce, code grant, claims,
    UserInfo, refresh, end-session URL.

The sign-in step in between is the hosted page, driven by a scripted browser (cookies, the
form's hidden `_csrf`, redirects).
"""

from __future__ import annotations

import urllib.parse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidClaimError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from harness import run_node_test
from helpers import admin_create_confirmed_user, create_pool, jwt_claims
from hosted_browser import Browser, query_of

CALLBACK = "http://localhost:3999/callback"
SIGNED_OUT = "http://localhost:3999/signed-out"
SCOPE = "openid email profile"


@pytest.fixture(scope="module")
def pool_id(cognito):
    return create_pool(cognito)


@pytest.fixture(scope="module")
def discovery(server, pool_id):
    issuer = f"{server.endpoint}/{pool_id}"
    resp = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10)
    assert resp.status_code == 200, resp.text
    meta = resp.json()
    assert meta["issuer"] == issuer
    return meta


def _oauth_client(cognito, pool_id, name, secret: bool) -> dict:
    return cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=name,
        GenerateSecret=secret,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", "profile"],
        CallbackURLs=[CALLBACK],
        LogoutURLs=[SIGNED_OUT],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]


def _form(body) -> dict:
    """A request's application/x-www-form-urlencoded body as a dict."""
    if isinstance(body, bytes):
        body = body.decode()
    return dict(urllib.parse.parse_qsl(body or ""))


# --------------------------------------------------------------------------------------------
# Authlib
# --------------------------------------------------------------------------------------------


def _validated_id_token(session: OAuth2Session, meta: dict, token: dict, nonce: str) -> CodeIDToken:
    """What Authlib's OpenID integration (OpenIDMixin.parse_id_token) does with an ID token:
    signature against the JWKS with the advertised algorithms, then CodeIDToken's checks."""
    jwks = session.get(meta["jwks_uri"], withhold_token=True, timeout=10)
    assert jwks.status_code == 200, jwks.text
    decoded = jwt.decode(
        token["id_token"],
        KeySet.import_key_set(jwks.json()),
        registry=JWSRegistry(algorithms=meta["id_token_signing_alg_values_supported"]),
    )
    assert decoded.header["alg"] == "RS256"
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        {"iss": {"values": [meta["issuer"]]}, "aud": {"values": [session.client_id]}},
        {"nonce": nonce, "client_id": session.client_id, "access_token": token["access_token"]},
    )
    claims.validate(leeway=120)
    return claims


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
def test_authlib_code_flow_with_pkce(server, cognito, pool_id, discovery, auth_method):
    meta = discovery
    assert auth_method in meta["token_endpoint_auth_methods_supported"], meta
    assert "S256" in meta["code_challenge_methods_supported"], meta
    app = _oauth_client(cognito, pool_id, f"authlib {auth_method}", secret=True)
    user = admin_create_confirmed_user(
        cognito, {"pool_id": pool_id, "client_id": app["ClientId"]}, name="Ada Lovelace")

    sent: list[requests.PreparedRequest] = []
    session = OAuth2Session(
        app["ClientId"],
        app["ClientSecret"],
        token_endpoint_auth_method=auth_method,
        scope=SCOPE,
        redirect_uri=CALLBACK,
        code_challenge_method="S256",
        token_endpoint=meta["token_endpoint"],
        default_timeout=10,
    )
    session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))

    verifier = generate_token(48)
    nonce = generate_token(20)
    url, state = session.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
    asked = query_of(url)
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]

    # The user signs in on the hosted page (a fresh browser: a new sign-in session).
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get(url)
    assert not isinstance(page, str) and page.title == "Sign in", page
    landed = browser.submit(page, "/login", username=user.email, password=user.password)
    assert isinstance(landed, str) and landed.startswith(CALLBACK + "?"), landed

    token = session.fetch_token(
        meta["token_endpoint"], authorization_response=landed, state=state, code_verifier=verifier)
    request = sent[-1]
    assert request.url == meta["token_endpoint"]
    body = _form(request.body)
    if auth_method == "client_secret_basic":
        assert request.headers["Authorization"].startswith("Basic ")
        assert "client_secret" not in body
    else:
        assert "Authorization" not in request.headers
        assert body["client_id"] == app["ClientId"] and body["client_secret"] == app["ClientSecret"]
    assert body["code_verifier"] == verifier and body["redirect_uri"] == CALLBACK
    assert token["token_type"].lower() == "bearer"
    assert {"access_token", "id_token", "refresh_token", "expires_at"} <= set(token)

    claims = _validated_id_token(session, meta, token, nonce)
    assert claims["sub"] == user.sub and claims["email"] == user.email
    assert claims["aud"] == app["ClientId"] and claims["nonce"] == nonce
    assert "at_hash" in claims  # checked against the access token by CodeIDToken
    assert jwt_claims(token["access_token"])["scope"] == SCOPE

    # The same checks reject an ID token for another nonce.
    with pytest.raises(InvalidClaimError):
        _validated_id_token(session, meta, token, generate_token(20))

    # UserInfo with the session's bearer token.
    info = session.get(meta["userinfo_endpoint"])
    assert info.status_code == 200, info.text
    assert info.headers["Content-Type"].startswith("application/json")
    userinfo = info.json()
    assert userinfo["sub"] == user.sub and userinfo["email"] == user.email
    assert userinfo["name"] == "Ada Lovelace"

    # Refresh: new access and ID tokens for the same user, the refresh token kept.
    old_access = token["access_token"]
    refreshed = session.refresh_token()
    request = sent[-1]
    assert _form(request.body)["grant_type"] == "refresh_token"
    assert refreshed["access_token"] != old_access
    assert refreshed["refresh_token"] == token["refresh_token"]
    # Authlib sends its scope along with the refresh; the grant keeps the scopes of the sign-in.
    assert _form(request.body)["scope"] == SCOPE
    assert jwt_claims(refreshed["access_token"])["scope"] == SCOPE
    again = _validated_id_token(session, meta, refreshed, nonce="")
    assert again["sub"] == user.sub and "nonce" not in again
    info = session.get(meta["userinfo_endpoint"])
    assert info.status_code == 200 and info.json()["sub"] == user.sub, info.text

    # The code is spent: Authlib raises the server's OAuth error.
    with pytest.raises(OAuthError) as spent:
        session.fetch_token(meta["token_endpoint"], authorization_response=landed, state=state,
                            code_verifier=verifier)
    assert spent.value.error == "invalid_grant"


# --------------------------------------------------------------------------------------------
# openid-client (Node)
# --------------------------------------------------------------------------------------------


@pytest.mark.js
def test_openid_client_code_flow_with_pkce(server, cognito, pool_id, discovery, node_bin):
    app = _oauth_client(cognito, pool_id, "openid-client", secret=False)
    assert "ClientSecret" not in app
    user = admin_create_confirmed_user(
        cognito, {"pool_id": pool_id, "client_id": app["ClientId"]}, name="Ada Lovelace")
    proc = run_node_test(
        node_bin,
        "openid_client.test.mjs",
        {
            "COGNATE_ENDPOINT": server.endpoint,
            "POOL_ID": pool_id,
            "CLIENT_ID": app["ClientId"],
            "USERNAME": user.email,
            "PASSWORD": user.password,
            "USER_SUB": user.sub,
            "CALLBACK": CALLBACK,
            "SIGNED_OUT": SIGNED_OUT,
        },
    )
    print(proc.stdout)  # the spec report, visible with -s
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
