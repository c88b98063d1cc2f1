"""Wire protocol (awsJson1_1), CORS, SigV4 for admin operations, durability across restarts,
several nodes on one PostgreSQL database, and one token issuer per deployment."""

import json
import uuid

import pytest
import requests

from harness import ServerStartError, backends_from_env, free_port
from helpers import (
    SEED001_CLIENT_ARGS,
    SEED001_POOL_ARGS,
    call_error,
    create_seed_pool,
    err_code,
    err_msg,
    jwt_claims,
    make_client,
    new_email,
    new_password,
    password_auth,
    refresh,
    sign_in,
    sign_up,
    sign_up_and_confirm,
)

TARGET = "AWSCognitoIdentityProviderService."
JSON_11 = "application/x-amz-json-1.1"


def _post(server, op, body, content_type=JSON_11, raw=None):
    return requests.post(
        server.endpoint.rstrip("/") + "/",
        data=raw if raw is not None else json.dumps(body),
        headers={"Content-Type": content_type, "X-Amz-Target": TARGET + op},
        timeout=10,
    )


def _request_id(resp):
    return {k.lower(): v for k, v in resp.headers.items()}.get("x-amzn-requestid")


def test_every_response_has_a_request_id(cognito, seed_pool):
    ok = cognito.describe_user_pool(UserPoolId=seed_pool["pool_id"])
    rid = ok["ResponseMetadata"]["RequestId"]
    assert rid
    ok2 = cognito.list_user_pools(MaxResults=1)
    assert ok2["ResponseMetadata"]["RequestId"] and ok2["ResponseMetadata"]["RequestId"] != rid
    with pytest.raises(cognito.exceptions.ResourceNotFoundException) as ei:
        cognito.describe_user_pool(UserPoolId="us-east-1_Missing00")
    assert ei.value.response["ResponseMetadata"]["RequestId"]
    assert ei.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_success_wire_format(server, seed_pool):
    email_addr = new_email()
    r = _post(server, "SignUp", {
        "ClientId": seed_pool["client_id"], "Username": email_addr, "Password": new_password(),
        "UserAttributes": [{"Name": "email", "Value": email_addr}, {"Name": "name", "Value": "W"}]})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0].strip() == JSON_11
    assert _request_id(r)
    body = r.json()
    assert body["UserConfirmed"] is False and body["UserSub"]


def test_error_wire_format(server):
    r = _post(server, "InitiateAuth", {
        "ClientId": "nosuchclient0000000000000", "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "a@example.com", "PASSWORD": "Passw0rdA"}})
    assert r.status_code == 400
    assert r.headers["Content-Type"].split(";")[0].strip() == JSON_11
    assert _request_id(r)
    body = r.json()
    assert body["__type"].split("#")[-1] == "ResourceNotFoundException"
    assert body["message"] == "User pool client nosuchclient0000000000000 does not exist."


def test_timestamps_are_epoch_seconds_on_the_wire(server, seed_pool):
    # Sign the request with botocore and inspect the raw HTTP body before parsing.
    client = make_client(server.endpoint)
    captured = {}
    client.meta.events.register("after-call.cognito-idp.DescribeUserPool",
                                lambda http_response, **kw: captured.update(body=http_response.content))
    client.describe_user_pool(UserPoolId=seed_pool["pool_id"])
    raw = json.loads(captured["body"])["UserPool"]
    for key in ("CreationDate", "LastModifiedDate"):
        v = raw[key]
        assert isinstance(v, (int, float)), f"{key} must be a JSON number, got {v!r}"
        assert 1.5e9 < v < 4e9, f"{key} must be epoch seconds, got {v!r}"


def test_unknown_operation(server):
    r = _post(server, "NoSuchOperation", {})
    assert r.status_code == 400
    assert "html" not in r.headers.get("Content-Type", "").lower()
    body = r.json()
    assert body["__type"].split("#")[-1] == "UnknownOperationException"
    assert _request_id(r)

    # A target for another service prefix is unknown too.
    r = requests.post(server.endpoint.rstrip("/") + "/", data="{}",
                      headers={"Content-Type": JSON_11, "X-Amz-Target": "DynamoDB_20120810.ListTables"},
                      timeout=10)
    assert r.status_code == 400
    assert r.json()["__type"].split("#")[-1] == "UnknownOperationException"


def test_missing_target_header(server):
    r = requests.post(server.endpoint.rstrip("/") + "/", data="{}",
                      headers={"Content-Type": JSON_11}, timeout=10)
    assert 400 <= r.status_code < 500
    assert "__type" in r.json()


def test_malformed_json_body(server, seed_pool):
    r = _post(server, "SignUp", None, raw='{"ClientId": "' + seed_pool["client_id"] + '", "Username": ')
    assert r.status_code == 400
    body = r.json()
    assert body["__type"].split("#")[-1] in ("SerializationException", "InvalidParameterException")
    assert _request_id(r)
    # Wrong JSON types are rejected the same way.
    r = _post(server, "SignUp", {"ClientId": seed_pool["client_id"], "Username": 42, "Password": []})
    assert r.status_code == 400
    assert r.json()["__type"].split("#")[-1] in ("SerializationException", "InvalidParameterException")


def test_plain_application_json_content_type_is_accepted(server, seed_pool):
    email_addr = new_email()
    r = _post(server, "SignUp", {
        "ClientId": seed_pool["client_id"], "Username": email_addr, "Password": new_password(),
        "UserAttributes": [{"Name": "email", "Value": email_addr}, {"Name": "name", "Value": "J"}]},
        content_type="application/json")
    assert r.status_code == 200, r.text


def test_missing_required_member(server, seed_pool):
    loose = make_client(server.endpoint, parameter_validation=False)
    email_addr = new_email()
    with pytest.raises(loose.exceptions.InvalidParameterException) as ei:
        loose.sign_up(Username=email_addr, Password=new_password(),
                      UserAttributes=[{"Name": "email", "Value": email_addr}])
    assert "clientid" in err_msg(ei).lower(), err_msg(ei)
    with pytest.raises(loose.exceptions.InvalidParameterException):
        loose.initiate_auth(ClientId=seed_pool["client_id"],
                            AuthParameters={"USERNAME": email_addr, "PASSWORD": "x"})
    with pytest.raises(loose.exceptions.InvalidParameterException):
        loose.list_user_pools()
    with pytest.raises(loose.exceptions.InvalidParameterException):
        loose.admin_get_user(UserPoolId=seed_pool["pool_id"])


def test_cors_preflight(server):
    origin = "http://localhost:5173"
    r = requests.options(
        server.endpoint.rstrip("/") + "/",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target,x-amz-user-agent",
        },
        timeout=10,
    )
    assert r.status_code in (200, 204), (r.status_code, r.text[:200])
    allow_origin = r.headers.get("Access-Control-Allow-Origin")
    assert allow_origin in ("*", origin), allow_origin
    allow_headers = r.headers.get("Access-Control-Allow-Headers", "").lower()
    if allow_headers.strip() != "*":
        for h in ("content-type", "x-amz-target", "x-amz-user-agent"):
            assert h in allow_headers, allow_headers
    methods = r.headers.get("Access-Control-Allow-Methods", "").upper()
    assert "POST" in methods or methods.strip() == "*", methods


def test_cors_headers_on_actual_response(server, seed_pool):
    origin = "http://localhost:5173"
    r = requests.post(server.endpoint.rstrip("/") + "/", data=json.dumps({
        "ClientId": seed_pool["client_id"], "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": new_email(), "PASSWORD": "Whatever1A"}}),
        headers={"Content-Type": JSON_11, "X-Amz-Target": TARGET + "InitiateAuth", "Origin": origin},
        timeout=10)
    assert r.status_code == 400
    assert r.headers.get("Access-Control-Allow-Origin") in ("*", origin)


# --------------------------------------------------------------------------------------------
# SigV4 for admin/management operations
# --------------------------------------------------------------------------------------------

def test_admin_keys_enforce_sigv4(server_factory):
    node = server_factory("--admin-access-key-id", "AKIDCOGNATETEST",
                          "--admin-secret-access-key", "cognate-test-secret")
    good = make_client(node.endpoint, access_key="AKIDCOGNATETEST", secret_key="cognate-test-secret")
    unknown_key = make_client(node.endpoint, access_key="AKIDUNKNOWN00000", secret_key="cognate-test-secret")
    wrong_secret = make_client(node.endpoint, access_key="AKIDCOGNATETEST", secret_key="not-the-secret")
    unsigned = make_client(node.endpoint, unsigned=True)

    pool_id = good.create_user_pool(**SEED001_POOL_ARGS)["UserPool"]["Id"]
    client_id = good.create_user_pool_client(UserPoolId=pool_id, **SEED001_CLIENT_ARGS)["UserPoolClient"]["ClientId"]

    e = call_error(unknown_key.describe_user_pool, UserPoolId=pool_id)
    assert err_code(e) == "UnrecognizedClientException", err_code(e)
    assert "security token included in the request is invalid" in err_msg(e), err_msg(e)

    e = call_error(wrong_secret.describe_user_pool, UserPoolId=pool_id)
    assert err_code(e) == "InvalidSignatureException", err_code(e)
    assert "signature we calculated does not match" in err_msg(e), err_msg(e)

    for c in (unknown_key, wrong_secret, unsigned):
        with pytest.raises(c.exceptions.ClientError):
            c.list_user_pools(MaxResults=10)
        with pytest.raises(c.exceptions.ClientError):
            c.admin_create_user(UserPoolId=pool_id, Username=new_email(), MessageAction="SUPPRESS")

    # Public operations need no signature at all.
    email_addr, password = new_email(), new_password()
    sign_up(unsigned, client_id, email_addr, password)
    good.admin_confirm_sign_up(UserPoolId=pool_id, Username=email_addr)
    ar = password_auth(unsigned, client_id, email_addr, password)["AuthenticationResult"]
    assert unsigned.get_user(AccessToken=ar["AccessToken"])["UserAttributes"]
    # ... and a bad signature on a public operation does not matter either.
    assert password_auth(wrong_secret, client_id, email_addr, password)["AuthenticationResult"]


def test_any_sigv4_credentials_accepted_without_admin_keys(server):
    c = make_client(server.endpoint, access_key=f"AKID{uuid.uuid4().hex[:12].upper()}",
                    secret_key=uuid.uuid4().hex)
    assert c.list_user_pools(MaxResults=1)["ResponseMetadata"]["HTTPStatusCode"] == 200


# --------------------------------------------------------------------------------------------
# Durability and clustering (kept last: they restart or share the module's server)
# --------------------------------------------------------------------------------------------

def test_state_survives_restart(server, cognito, seed_pool):
    user = sign_up_and_confirm(server, cognito, seed_pool)
    ar = sign_in(cognito, user)
    jwks_url = f"{server.endpoint.rstrip('/')}/{seed_pool['pool_id']}/.well-known/jwks.json"
    kids_before = {k["kid"] for k in requests.get(jwks_url, timeout=10).json()["keys"]}

    server.stop()
    server.start()

    c = make_client(server.endpoint)
    jwks_url = f"{server.endpoint.rstrip('/')}/{seed_pool['pool_id']}/.well-known/jwks.json"
    kids_after = {k["kid"] for k in requests.get(jwks_url, timeout=10).json()["keys"]}
    assert kids_after == kids_before, "signing keys must persist across restarts"

    got = c.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    assert got["UserStatus"] == "CONFIRMED"
    assert c.describe_user_pool_client(UserPoolId=seed_pool["pool_id"],
                                       ClientId=seed_pool["client_id"])["UserPoolClient"]
    assert c.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    refreshed = refresh(c, seed_pool["client_id"], ar["RefreshToken"])["AuthenticationResult"]
    assert c.get_user(AccessToken=refreshed["AccessToken"])["Username"] == user.sub
    assert password_auth(c, seed_pool["client_id"], user.email, user.password)["AuthenticationResult"]


def test_two_nodes_share_one_postgres_database(server, seed_pool, server_factory):
    if server.backend != "postgres":
        pytest.skip("clustering is only supported on PostgreSQL")
    node2 = server_factory(database_of=server)
    cognito = make_client(server.endpoint)  # node 1 (fresh client: the restart test may move it)
    c2 = make_client(node2.endpoint)

    email_addr, password = new_email(), new_password()
    sub = sign_up(cognito, seed_pool["client_id"], email_addr, password)["UserSub"]
    code = server.smtp.wait_for_code(email_addr)
    c2.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr, ConfirmationCode=code)
    ar = password_auth(c2, seed_pool["client_id"], email_addr, password)["AuthenticationResult"]

    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == sub
    assert refresh(cognito, seed_pool["client_id"], ar["RefreshToken"])["AuthenticationResult"]
    # Revocation on one node is seen by the other.
    c2.global_sign_out(AccessToken=ar["AccessToken"])
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=ar["AccessToken"])
    # Both nodes publish the same keys.
    k1 = requests.get(f"{server.endpoint.rstrip('/')}/{seed_pool['pool_id']}/.well-known/jwks.json", timeout=10).json()
    k2 = requests.get(f"{node2.endpoint.rstrip('/')}/{seed_pool['pool_id']}/.well-known/jwks.json", timeout=10).json()
    assert {k["kid"] for k in k1["keys"]} == {k["kid"] for k in k2["keys"]}


# --------------------------------------------------------------------------------------------
# One issuer per deployment: the database records the public URL and every node uses it
# --------------------------------------------------------------------------------------------

def _issuer(node, pool_id):
    """The issuer `node` announces for the pool (OIDC discovery)."""
    url = f"{node.endpoint}/{pool_id}/.well-known/openid-configuration"
    return requests.get(url, timeout=10).json()["issuer"]


@pytest.mark.skipif("postgres" not in backends_from_env(), reason="PostgreSQL not selected")
def test_nodes_without_public_url_on_one_postgres_database_share_one_issuer(server_factory):
    node_a = server_factory(backend="postgres")
    node_b = server_factory(database_of=node_a)
    assert node_a.public_url is None and node_b.public_url is None
    a, b = make_client(node_a.endpoint), make_client(node_b.endpoint)
    pool = create_seed_pool(a)
    user = sign_up_and_confirm(node_a, a, pool)
    ar = sign_in(a, user)

    # The first node's address is the deployment's issuer, on both nodes.
    issuer = f"{node_a.endpoint}/{pool['pool_id']}"
    assert jwt_claims(ar["AccessToken"])["iss"] == issuer
    assert _issuer(node_b, pool["pool_id"]) == issuer
    # A token issued through node A works on node B, GlobalSignOut included, and the sign-out
    # holds on node A.
    assert b.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    b.global_sign_out(AccessToken=ar["AccessToken"])
    with pytest.raises(a.exceptions.NotAuthorizedException):
        a.get_user(AccessToken=ar["AccessToken"])


@pytest.mark.skipif("postgres" not in backends_from_env(), reason="PostgreSQL not selected")
def test_a_node_given_another_public_url_refuses_to_start_until_issuer_set(server_factory):
    node_a = server_factory(backend="postgres")
    recorded = node_a.endpoint
    other = "http://issuer.other.example"
    node_b = server_factory(database_of=node_a, public_url=other, start=False)
    with pytest.raises(ServerStartError):
        node_b.start()
    log = node_b.log_path.read_text()
    refusal = f"--public-url is {other}, but the deployment of this database issues tokens as {recorded}"
    assert refusal in log, log[-4000:]
    assert f"cognate issuer set {other}" in log, log[-4000:]

    done = node_b.storage_command("issuer", "set", other + "/")
    assert f"now {other} (it was {recorded})" in done.stdout, done.stdout
    node_b.start()
    b = make_client(node_b.endpoint)
    pool = create_seed_pool(b)
    user = sign_up_and_confirm(node_b, b, pool)
    ar = sign_in(b, user)
    assert jwt_claims(ar["AccessToken"])["iss"] == f"{other}/{pool['pool_id']}"
    assert b.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    # Node A, given no --public-url, takes the new URL when it restarts.
    node_a.restart()
    a = make_client(node_a.endpoint)
    assert _issuer(node_a, pool["pool_id"]) == f"{other}/{pool['pool_id']}"
    assert a.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub


@pytest.mark.skipif("sqlite" not in backends_from_env(), reason="SQLite not selected")
def test_a_restart_on_another_port_keeps_the_issuer(server_factory):
    node = server_factory(backend="sqlite")
    first = node.endpoint
    c = make_client(node.endpoint)
    pool = create_seed_pool(c)
    user = sign_up_and_confirm(node, c, pool)
    ar = sign_in(c, user)

    node.stop()
    node.port = free_port()
    node.start()
    assert node.endpoint != first
    c = make_client(node.endpoint)
    assert _issuer(node, pool["pool_id"]) == f"{first}/{pool['pool_id']}"
    assert c.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    refreshed = refresh(c, pool["client_id"], ar["RefreshToken"])["AuthenticationResult"]
    assert jwt_claims(refreshed["AccessToken"])["iss"] == f"{first}/{pool['pool_id']}"
    assert c.get_user(AccessToken=refreshed["AccessToken"])["Username"] == user.sub
