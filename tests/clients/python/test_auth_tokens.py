"""InitiateAuth / AdminInitiateAuth, JWT contents, refresh, revocation and sign-out."""

import re
import time

import pytest
import requests

from helpers import (
    UUID_RE,
    admin_create_confirmed_user,
    create_pool,
    decode_jwt,
    err_msg,
    jwt_claims,
    new_email,
    new_password,
    password_auth,
    refresh,
    secret_hash,
    sign_in,
    sign_up,
    sign_up_and_confirm,
    tamper_jwt_payload,
    verify_rs256,
)

INCORRECT = "Incorrect username or password."
ANY_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture
def user(server, cognito, seed_pool):
    return sign_up_and_confirm(server, cognito, seed_pool)


def _issuer(server, pool_id):
    return f"{server.endpoint.rstrip('/')}/{pool_id}"


def _assert_revoked(cognito, access_token):
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.get_user(AccessToken=access_token)
    assert err_msg(ei) == "Access Token has been revoked"


# --------------------------------------------------------------------------------------------
# USER_PASSWORD_AUTH and token contents
# --------------------------------------------------------------------------------------------

def test_user_password_auth_returns_tokens(cognito, seed_pool, user):
    resp = password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert "ChallengeName" not in resp
    assert resp["ChallengeParameters"] == {}
    ar = resp["AuthenticationResult"]
    assert ar["ExpiresIn"] == 3600
    assert ar["TokenType"] == "Bearer"
    for key in ("AccessToken", "IdToken", "RefreshToken"):
        assert isinstance(ar.get(key), str) and ar[key], key
    assert ar["AccessToken"].count(".") == 2 and ar["IdToken"].count(".") == 2
    assert "NewDeviceMetadata" not in ar, "seed 001 pool has no device tracking"
    # The access token is immediately usable.
    got = cognito.get_user(AccessToken=ar["AccessToken"])
    assert got["Username"] == user.sub


def test_id_token_claims(server, cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    header, c = decode_jwt(ar["IdToken"])
    assert header["alg"] == "RS256"
    assert header.get("kid")

    assert c["sub"] == user.sub
    assert c["aud"] == seed_pool["client_id"]
    assert c["token_use"] == "id"
    assert c["cognito:username"] == user.sub, "email-as-username pool: internal username is the sub"
    assert c["email"] == user.email
    assert c["email_verified"] is True, "email_verified must be a JSON boolean in the ID token"
    assert c["name"] == "Test User"
    assert c["iss"] == _issuer(server, seed_pool["pool_id"])
    for k in ("auth_time", "iat", "exp"):
        assert isinstance(c[k], int), f"{k} must be an integer NumericDate, got {c[k]!r}"
    assert c["exp"] - c["iat"] == 3600
    assert c["auth_time"] <= c["iat"]
    assert abs(c["iat"] - time.time()) < 300
    for k in ("jti", "origin_jti", "event_id"):
        assert isinstance(c.get(k), str) and c[k], k
    assert UUID_RE.match(c["jti"]) or ANY_UUID.match(c["jti"])
    for absent in ("client_id", "scope", "username", "phone_number"):
        assert absent not in c, f"{absent} must not be in this ID token"


def test_access_token_claims(server, cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    header, a = decode_jwt(ar["AccessToken"])
    idc = jwt_claims(ar["IdToken"])
    assert header["alg"] == "RS256"

    assert a["sub"] == user.sub
    assert a["client_id"] == seed_pool["client_id"]
    assert a["token_use"] == "access"
    assert a["scope"] == "aws.cognito.signin.user.admin"
    assert a["username"] == user.sub
    assert "aud" not in a, "access tokens carry client_id, not aud"
    assert a["iss"] == _issuer(server, seed_pool["pool_id"])
    assert a["exp"] - a["iat"] == 3600
    for absent in ("email", "cognito:username", "email_verified", "name"):
        assert absent not in a, f"{absent} must not be in the access token"
    for k in ("jti", "origin_jti", "event_id", "auth_time"):
        assert a.get(k), k
    # One authentication: shared origin_jti/event_id/auth_time, distinct jti.
    assert a["jti"] != idc["jti"]
    assert a["origin_jti"] == idc["origin_jti"]
    assert a["event_id"] == idc["event_id"]
    assert a["auth_time"] == idc["auth_time"]
    # A second sign-in is a new authentication event.
    a2 = jwt_claims(sign_in(cognito, user)["AccessToken"])
    assert a2["origin_jti"] != a["origin_jti"]
    assert a2["event_id"] != a["event_id"]
    assert a2["jti"] != a["jti"]


def test_tokens_verify_against_pool_jwks(server, cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    url = f"{_issuer(server, seed_pool['pool_id'])}/.well-known/jwks.json"
    r = requests.get(url, timeout=10)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    keys = r.json()["keys"]
    assert keys
    by_kid = {}
    for k in keys:
        assert k["kty"] == "RSA" and k["alg"] == "RS256" and k["use"] == "sig", k
        assert k["e"] and k["n"] and k["kid"], k
        assert "d" not in k and "p" not in k, "JWKS must not publish private key material"
        by_kid[k["kid"]] = k

    id_kid = decode_jwt(ar["IdToken"])[0]["kid"]
    access_kid = decode_jwt(ar["AccessToken"])[0]["kid"]
    assert id_kid in by_kid and access_kid in by_kid
    assert id_kid != access_kid, "Cognito signs ID and access tokens with different keys"
    assert verify_rs256(ar["IdToken"], by_kid[id_kid])
    assert verify_rs256(ar["AccessToken"], by_kid[access_kid])
    assert not verify_rs256(tamper_jwt_payload(ar["IdToken"], email="evil@example.com"), by_kid[id_kid])

    # Keys are per user pool.
    other_pool = create_pool(cognito)
    other = requests.get(f"{_issuer(server, other_pool)}/.well-known/jwks.json", timeout=10).json()
    assert not {k["kid"] for k in other["keys"]} & set(by_kid)


def test_openid_configuration_document(server, seed_pool):
    iss = _issuer(server, seed_pool["pool_id"])
    r = requests.get(f"{iss}/.well-known/openid-configuration", timeout=10)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    doc = r.json()
    assert doc["issuer"] == iss
    assert doc["jwks_uri"] == f"{iss}/.well-known/jwks.json"
    assert "RS256" in doc["id_token_signing_alg_values_supported"]
    assert "public" in doc["subject_types_supported"]


# --------------------------------------------------------------------------------------------
# Failures
# --------------------------------------------------------------------------------------------

def test_unconfirmed_user_cannot_sign_in(server, cognito, seed_pool):
    email_addr, password = new_email(), new_password()
    sign_up(cognito, seed_pool["client_id"], email_addr, password)
    with pytest.raises(cognito.exceptions.UserNotConfirmedException) as ei:
        password_auth(cognito, seed_pool["client_id"], email_addr, password)
    assert err_msg(ei) == "User is not confirmed."


def test_wrong_password_and_unknown_user_give_identical_error(cognito, seed_pool, user):
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as wrong:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password + "x")
    assert err_msg(wrong) == INCORRECT
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as unknown:
        password_auth(cognito, seed_pool["client_id"], new_email(), user.password)
    assert err_msg(unknown) == INCORRECT
    assert wrong.value.response["Error"] == unknown.value.response["Error"]
    assert (wrong.value.response["ResponseMetadata"]["HTTPStatusCode"]
            == unknown.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400)


def test_legacy_client_reveals_unknown_user(cognito, seed_pool, user):
    legacy = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="legacy",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="LEGACY",
    )["UserPoolClient"]["ClientId"]
    with pytest.raises(cognito.exceptions.UserNotFoundException) as ei:
        password_auth(cognito, legacy, new_email(), "Whatever123")
    assert err_msg(ei) == "User does not exist."
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, legacy, user.email, user.password + "x")
    assert err_msg(ei) == INCORRECT
    assert "AccessToken" in password_auth(cognito, legacy, user.email, user.password)["AuthenticationResult"]


def test_auth_flow_not_enabled_for_client(cognito, seed_pool, user):
    srp_only = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="srp-only",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    with pytest.raises(cognito.exceptions.InvalidParameterException) as ei:
        password_auth(cognito, srp_only, user.email, user.password)
    assert err_msg(ei) == "USER_PASSWORD_AUTH flow not enabled for this client"
    # The seed client does not allow ADMIN_USER_PASSWORD_AUTH either.
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.admin_initiate_auth(
            UserPoolId=seed_pool["pool_id"], ClientId=seed_pool["client_id"],
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})


def test_client_secret_hash(cognito, seed_pool, user):
    c = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="secret", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    cid, secret = c["ClientId"], c["ClientSecret"]

    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, cid, user.email, user.password)
    assert cid in err_msg(ei), err_msg(ei)

    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, cid, user.email, user.password,
                      SECRET_HASH=secret_hash(user.email, cid, secret + "x"))
    assert err_msg(ei) == f"Unable to verify secret hash for client {cid}"

    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, cid, user.email, user.password,
                      SECRET_HASH=secret_hash("someone-else@example.com", cid, secret))
    assert err_msg(ei) == f"Unable to verify secret hash for client {cid}"

    ok = password_auth(cognito, cid, user.email, user.password,
                       SECRET_HASH=secret_hash(user.email, cid, secret))
    ar = ok["AuthenticationResult"]
    assert jwt_claims(ar["IdToken"])["aud"] == cid

    # Refresh with a secret client: the hash is over the internal username (the sub).
    refreshed = refresh(cognito, cid, ar["RefreshToken"], SECRET_HASH=secret_hash(user.sub, cid, secret))
    assert refreshed["AuthenticationResult"]["AccessToken"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, cid, ar["RefreshToken"])


def test_sign_up_through_secret_client_requires_secret_hash(server, cognito, seed_pool):
    c = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="secret-signup", GenerateSecret=True,
    )["UserPoolClient"]
    cid, secret = c["ClientId"], c["ClientSecret"]
    email_addr, password = new_email(), new_password()
    attrs = [{"Name": "email", "Value": email_addr}, {"Name": "name", "Value": "S"}]
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.sign_up(ClientId=cid, Username=email_addr, Password=password, UserAttributes=attrs)
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.sign_up(ClientId=cid, Username=email_addr, Password=password, UserAttributes=attrs,
                        SecretHash=secret_hash(email_addr, cid, "wrong"))
    assert err_msg(ei) == f"Unable to verify secret hash for client {cid}"
    resp = cognito.sign_up(ClientId=cid, Username=email_addr, Password=password, UserAttributes=attrs,
                           SecretHash=secret_hash(email_addr, cid, secret))
    assert resp["UserConfirmed"] is False
    code = server.smtp.wait_for_code(email_addr)
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.confirm_sign_up(ClientId=cid, Username=email_addr, ConfirmationCode=code)
    cognito.confirm_sign_up(ClientId=cid, Username=email_addr, ConfirmationCode=code,
                            SecretHash=secret_hash(email_addr, cid, secret))


def test_lockout_after_five_failed_passwords(server, cognito, seed_pool, user):
    other = sign_up_and_confirm(server, cognito, seed_pool)
    for i in range(5):
        with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
            password_auth(cognito, seed_pool["client_id"], user.email, f"Wrong{i}Password")
        assert err_msg(ei) == INCORRECT, f"attempt {i + 1}"
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == "Password attempts exceeded"
    # Lockout is per user.
    assert sign_in(cognito, other)["AccessToken"]


def test_lockout_is_temporary(cognito, seed_pool, user):
    for i in range(5):
        with pytest.raises(cognito.exceptions.NotAuthorizedException):
            password_auth(cognito, seed_pool["client_id"], user.email, f"Wrong{i}Password")
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == "Password attempts exceeded"
    # Cognito's first lockout (after 5 failures) lasts about one second; attempts during a
    # lockout do not extend it.
    time.sleep(4)
    assert sign_in(cognito, user)["AccessToken"]


def test_disabled_user(cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    cognito.admin_disable_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == "User is disabled."
    # Disabling revokes the user's tokens.
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=ar["AccessToken"])
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, seed_pool["client_id"], ar["RefreshToken"])

    cognito.admin_enable_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    fresh = sign_in(cognito, user)
    assert cognito.get_user(AccessToken=fresh["AccessToken"])["Username"] == user.sub


def test_admin_initiate_auth_admin_user_password_auth(cognito, seed_pool, user):
    cid = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="admin-auth",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    resp = cognito.admin_initiate_auth(
        UserPoolId=seed_pool["pool_id"], ClientId=cid, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    assert resp["ChallengeParameters"] == {}
    ar = resp["AuthenticationResult"]
    assert ar["ExpiresIn"] == 3600 and ar["TokenType"] == "Bearer" and ar["RefreshToken"]
    assert jwt_claims(ar["AccessToken"])["client_id"] == cid
    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub

    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.admin_initiate_auth(
            UserPoolId=seed_pool["pool_id"], ClientId=cid, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.email, "PASSWORD": "Wrong" + user.password})
    assert err_msg(ei) == INCORRECT
    # USER_PASSWORD_AUTH is not enabled on this client.
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        password_auth(cognito, cid, user.email, user.password)
    # The client must belong to the pool named in the request.
    other_pool = create_pool(cognito)
    with pytest.raises(cognito.exceptions.ClientError):
        cognito.admin_initiate_auth(
            UserPoolId=other_pool, ClientId=cid, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})


# --------------------------------------------------------------------------------------------
# Refresh
# --------------------------------------------------------------------------------------------

def test_refresh_token_auth(cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    first_id, first_access = jwt_claims(ar["IdToken"]), jwt_claims(ar["AccessToken"])
    time.sleep(1.1)
    for flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        resp = cognito.initiate_auth(ClientId=seed_pool["client_id"], AuthFlow=flow,
                                     AuthParameters={"REFRESH_TOKEN": ar["RefreshToken"]})
        assert resp["ChallengeParameters"] == {}
        new = resp["AuthenticationResult"]
        assert "RefreshToken" not in new, "no rotation configured: no new refresh token"
        assert new["ExpiresIn"] == 3600 and new["TokenType"] == "Bearer"
        idc, acc = jwt_claims(new["IdToken"]), jwt_claims(new["AccessToken"])
        for old, cur in ((first_id, idc), (first_access, acc)):
            assert cur["origin_jti"] == old["origin_jti"]
            assert cur["auth_time"] == old["auth_time"]
            assert cur["jti"] != old["jti"]
            assert cur["iat"] > old["iat"]
            assert cur["sub"] == user.sub
        assert idc["token_use"] == "id" and acc["token_use"] == "access"
        assert cognito.get_user(AccessToken=new["AccessToken"])["Username"] == user.sub


def test_get_tokens_from_refresh_token(cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    resp = cognito.get_tokens_from_refresh_token(RefreshToken=ar["RefreshToken"],
                                                 ClientId=seed_pool["client_id"])
    new = resp["AuthenticationResult"]
    assert new["AccessToken"] and new["IdToken"]
    assert new["ExpiresIn"] == 3600 and new["TokenType"] == "Bearer"
    acc = jwt_claims(new["AccessToken"])
    assert acc["origin_jti"] == jwt_claims(ar["AccessToken"])["origin_jti"]
    assert acc["auth_time"] == jwt_claims(ar["AccessToken"])["auth_time"]
    assert cognito.get_user(AccessToken=new["AccessToken"])["Username"] == user.sub


def test_invalid_refresh_tokens_are_rejected(cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, seed_pool["client_id"], "not-a-refresh-token")
    # A refresh token is bound to the app client that received it.
    other = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="other",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, other, ar["RefreshToken"])
    # An access token is not a refresh token.
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, seed_pool["client_id"], ar["AccessToken"])


# --------------------------------------------------------------------------------------------
# Revocation and sign-out
# --------------------------------------------------------------------------------------------

def test_revoke_token(cognito, seed_pool, user):
    s1 = sign_in(cognito, user)
    s2 = sign_in(cognito, user)
    s1_refreshed = refresh(cognito, seed_pool["client_id"], s1["RefreshToken"])["AuthenticationResult"]

    resp = cognito.revoke_token(Token=s1["RefreshToken"], ClientId=seed_pool["client_id"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200

    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, seed_pool["client_id"], s1["RefreshToken"])
    _assert_revoked(cognito, s1["AccessToken"])
    _assert_revoked(cognito, s1_refreshed["AccessToken"])

    # The other session is untouched.
    assert cognito.get_user(AccessToken=s2["AccessToken"])["Username"] == user.sub
    assert refresh(cognito, seed_pool["client_id"], s2["RefreshToken"])["AuthenticationResult"]["AccessToken"]

    # Revoking again is harmless.
    cognito.revoke_token(Token=s1["RefreshToken"], ClientId=seed_pool["client_id"])


def test_global_sign_out(cognito, seed_pool, user):
    s1 = sign_in(cognito, user)
    s2 = sign_in(cognito, user)
    cognito.global_sign_out(AccessToken=s1["AccessToken"])
    for s in (s1, s2):
        _assert_revoked(cognito, s["AccessToken"])
        with pytest.raises(cognito.exceptions.NotAuthorizedException):
            refresh(cognito, seed_pool["client_id"], s["RefreshToken"])
    # Signing in again afterwards works.
    fresh = sign_in(cognito, user)
    assert cognito.get_user(AccessToken=fresh["AccessToken"])["Username"] == user.sub
    assert refresh(cognito, seed_pool["client_id"], fresh["RefreshToken"])["AuthenticationResult"]


def test_admin_user_global_sign_out(cognito, seed_pool, user):
    s1 = sign_in(cognito, user)
    bystander = admin_create_confirmed_user(cognito, seed_pool)
    b = sign_in(cognito, bystander)
    cognito.admin_user_global_sign_out(UserPoolId=seed_pool["pool_id"], Username=user.email)
    _assert_revoked(cognito, s1["AccessToken"])
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        refresh(cognito, seed_pool["client_id"], s1["RefreshToken"])
    # Other users are unaffected.
    assert cognito.get_user(AccessToken=b["AccessToken"])["Username"] == bystander.sub
    fresh = sign_in(cognito, user)
    assert cognito.get_user(AccessToken=fresh["AccessToken"])["Username"] == user.sub


def test_garbage_access_token(cognito):
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.get_user(AccessToken="garbage")
    assert err_msg(ei) == "Invalid Access Token"
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")


def test_forged_access_tokens_are_rejected(cognito, seed_pool, user):
    ar = sign_in(cognito, user)
    victim = admin_create_confirmed_user(cognito, seed_pool)
    forged = tamper_jwt_payload(ar["AccessToken"], sub=victim.sub, username=victim.sub)
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=forged)
    extended = tamper_jwt_payload(ar["AccessToken"], exp=jwt_claims(ar["AccessToken"])["exp"] + 86400)
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=extended)
    # An ID token is not an access token.
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=ar["IdToken"])
    # alg=none
    h, p, _ = ar["AccessToken"].split(".")
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=f"eyJhbGciOiJub25lIn0.{p}.")
