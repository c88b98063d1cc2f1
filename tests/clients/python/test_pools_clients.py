"""User pools and app clients: Create/Describe/Update/List/Delete as Cognito does them.

Pool arguments come from seed 001 (CLI create-user-pool) and seed 002 (Terraform). Every
test creates its own pool so that it does not depend on the state other tests leave behind.
"""

import datetime as dt
import re

import pytest

from helpers import (
    POOL_ID_RE,
    SEED001_CLIENT_ARGS,
    SEED001_POOL_ARGS,
    SEED002_MFA_CONFIG_ARGS,
    SEED002_POOL_ARGS,
    STANDARD_ATTRIBUTES,
    create_client,
    create_pool,
    err_msg,
    jwt_claims,
    new_email,
    new_password,
    sign_up_and_confirm,
)


def _assert_recent(ts, what):
    assert isinstance(ts, dt.datetime), f"{what} should parse as a datetime, got {ts!r}"
    now = dt.datetime.now(dt.timezone.utc)
    assert ts.tzinfo is not None, f"{what} must be timezone-aware (epoch seconds on the wire)"
    assert abs((now - ts).total_seconds()) < 600, (
        f"{what}={ts.isoformat()} is not 'now' ({now.isoformat()}): the wire value must be epoch "
        "seconds (a millisecond value would land thousands of years away)"
    )


def _schema(pool):
    return {a["Name"]: a for a in pool["SchemaAttributes"]}


# --------------------------------------------------------------------------------------------
# Pools
# --------------------------------------------------------------------------------------------

def test_create_user_pool_id_name_and_timestamps(cognito):
    resp = cognito.create_user_pool(**SEED001_POOL_ARGS)
    pool = resp["UserPool"]
    assert POOL_ID_RE.match(pool["Id"]), f"pool id {pool['Id']!r} is not us-east-1_ + 9 alnum"
    assert pool["Name"] == "mfa-sms-pool"
    _assert_recent(pool["CreationDate"], "CreationDate")
    _assert_recent(pool["LastModifiedDate"], "LastModifiedDate")
    # Two pools never share an id, and pool names need not be unique.
    other = cognito.create_user_pool(**SEED001_POOL_ARGS)["UserPool"]
    assert other["Id"] != pool["Id"]
    assert other["Name"] == pool["Name"]


def test_describe_user_pool_returns_seed001_create_arguments(cognito):
    pool_id = create_pool(cognito)
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]

    assert pool["Id"] == pool_id
    assert pool["Name"] == "mfa-sms-pool"
    pp = pool["Policies"]["PasswordPolicy"]
    assert pp["MinimumLength"] == 8
    assert pp["RequireUppercase"] is True
    assert pp["RequireLowercase"] is True
    assert pp["RequireNumbers"] is True
    assert pp["RequireSymbols"] is False
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["SmsAuthenticationMessage"] == "Your MFA code is {####}"
    assert pool["SmsConfiguration"]["SnsCallerArn"] == "arn:aws:iam::123456789012:role/CognitoMFASMSRole"
    assert pool["SmsConfiguration"]["ExternalId"] == "mfa-sms-external-id"
    assert pool["EmailConfiguration"]["EmailSendingAccount"] == "COGNITO_DEFAULT"
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert "AliasAttributes" not in pool or not pool["AliasAttributes"]

    schema = _schema(pool)
    for name, required in (("email", True), ("name", True), ("phone_number", False)):
        attr = schema[name]
        assert attr["AttributeDataType"] == "String", name
        assert attr["Mutable"] is True, name
        assert attr["Required"] is required, name
    _assert_recent(pool["CreationDate"], "CreationDate")


def test_describe_user_pool_returns_seed002_terraform_arguments(cognito):
    pool_id = cognito.create_user_pool(**SEED002_POOL_ARGS)["UserPool"]["Id"]
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]

    assert pool["Name"] == "my-app-user-pool"
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["SmsConfiguration"] == {
        "ExternalId": "cognito-sms-external",
        "SnsCallerArn": "arn:aws:iam::123456789012:role/cognito-sms-role",
        "SnsRegion": "us-east-1",
    }
    assert pool["SmsAuthenticationMessage"] == "Your sign-in code for MyApp is {####}"
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    pp = pool["Policies"]["PasswordPolicy"]
    assert pp["MinimumLength"] == 12
    assert pp["RequireLowercase"] is True
    assert pp["RequireUppercase"] is True
    assert pp["RequireNumbers"] is True
    assert pp["RequireSymbols"] is True
    assert pp["TemporaryPasswordValidityDays"] == 7
    assert pool["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": True,
    }


def test_seed002_software_token_mfa_config_round_trips(cognito):
    """Terraform applies software_token_mfa_configuration with SetUserPoolMfaConfig."""
    pool_id = cognito.create_user_pool(**SEED002_POOL_ARGS)["UserPool"]["Id"]
    set_resp = cognito.set_user_pool_mfa_config(UserPoolId=pool_id, **SEED002_MFA_CONFIG_ARGS)
    assert set_resp["MfaConfiguration"] == "OPTIONAL"
    assert set_resp["SoftwareTokenMfaConfiguration"] == {"Enabled": True}

    got = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert got["MfaConfiguration"] == "OPTIONAL"
    assert got["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    sms = got["SmsMfaConfiguration"]
    assert sms["SmsAuthenticationMessage"] == "Your sign-in code for MyApp is {####}"
    assert sms["SmsConfiguration"]["ExternalId"] == "cognito-sms-external"
    assert sms["SmsConfiguration"]["SnsCallerArn"] == "arn:aws:iam::123456789012:role/cognito-sms-role"
    assert sms["SmsConfiguration"]["SnsRegion"] == "us-east-1"

    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["SmsAuthenticationMessage"] == "Your sign-in code for MyApp is {####}"


def test_schema_attributes_include_standard_attributes(cognito):
    pool_id = create_pool(cognito)
    schema = _schema(cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"])
    missing = [a for a in STANDARD_ATTRIBUTES if a not in schema]
    assert not missing, f"standard attributes missing from SchemaAttributes: {missing}"

    sub = schema["sub"]
    assert sub["AttributeDataType"] == "String"
    assert sub["Mutable"] is False
    assert sub["Required"] is True
    assert schema["email_verified"]["AttributeDataType"] == "Boolean"
    assert schema["phone_number_verified"]["AttributeDataType"] == "Boolean"
    assert schema["updated_at"]["AttributeDataType"] == "Number"
    # Standard attributes the seed did not mention are optional and mutable.
    assert schema["given_name"]["Required"] is False
    assert schema["given_name"]["Mutable"] is True
    # Constraint values are strings in the API (NumberAttributeConstraints/StringAttributeConstraints).
    for attr in schema.values():
        for key in ("StringAttributeConstraints", "NumberAttributeConstraints"):
            for v in (attr.get(key) or {}).values():
                assert isinstance(v, str), f"{attr['Name']}.{key} values must be strings, got {v!r}"


def test_update_user_pool_changes_settings(cognito):
    pool_id = cognito.create_user_pool(**SEED002_POOL_ARGS)["UserPool"]["Id"]
    before = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]

    cognito.update_user_pool(
        UserPoolId=pool_id,
        Policies={"PasswordPolicy": {
            "MinimumLength": 10, "RequireUppercase": False, "RequireLowercase": True,
            "RequireNumbers": False, "RequireSymbols": False, "TemporaryPasswordValidityDays": 3,
        }},
        MfaConfiguration="OPTIONAL",
        SmsConfiguration={
            "SnsCallerArn": "arn:aws:iam::123456789012:role/other-sms-role",
            "ExternalId": "other-external-id",
            "SnsRegion": "eu-west-1",
        },
        SmsAuthenticationMessage="Code: {####}",
        AutoVerifiedAttributes=["email"],
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": False,
        },
    )
    after = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    pp = after["Policies"]["PasswordPolicy"]
    assert pp["MinimumLength"] == 10
    assert pp["RequireUppercase"] is False
    assert pp["RequireNumbers"] is False
    assert pp["RequireSymbols"] is False
    assert pp["TemporaryPasswordValidityDays"] == 3
    assert after["SmsConfiguration"] == {
        "SnsCallerArn": "arn:aws:iam::123456789012:role/other-sms-role",
        "ExternalId": "other-external-id",
        "SnsRegion": "eu-west-1",
    }
    assert after["SmsAuthenticationMessage"] == "Code: {####}"
    assert after["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": False,
        "DeviceOnlyRememberedOnUserPrompt": False,
    }
    # Immutable settings survive; the id and creation date do not change.
    assert after["Id"] == pool_id
    assert after["UsernameAttributes"] == ["email"]
    assert after["CreationDate"] == before["CreationDate"]
    assert after["LastModifiedDate"] >= before["LastModifiedDate"]

    cognito.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OFF",
                             AutoVerifiedAttributes=["email"])
    assert cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"] == "OFF"


def test_update_user_pool_policy_is_enforced(server, cognito):
    """A tightened password policy applies to the next SignUp."""
    pool_id = create_pool(cognito)
    client_id = create_client(cognito, pool_id)["ClientId"]
    cognito.update_user_pool(
        UserPoolId=pool_id,
        AutoVerifiedAttributes=["email"],
        Policies={"PasswordPolicy": {"MinimumLength": 20, "RequireUppercase": True,
                                     "RequireLowercase": True, "RequireNumbers": True,
                                     "RequireSymbols": False}},
    )
    email_addr = new_email()
    with pytest.raises(cognito.exceptions.InvalidPasswordException) as ei:
        cognito.sign_up(ClientId=client_id, Username=email_addr, Password="Abcdefgh1234",
                        UserAttributes=[{"Name": "email", "Value": email_addr},
                                        {"Name": "name", "Value": "X"}])
    assert err_msg(ei) == "Password did not conform with policy: Password not long enough"


def test_list_user_pools_paginates_with_next_token(cognito):
    created = {create_pool(cognito, PoolName=f"list-{i}") for i in range(3)}
    seen = []
    pages = 0
    kwargs = {"MaxResults": 1}
    while True:
        resp = cognito.list_user_pools(**kwargs)
        pages += 1
        assert len(resp["UserPools"]) <= 1, "MaxResults=1 must return at most one pool per page"
        for p in resp["UserPools"]:
            assert set(p) >= {"Id", "Name"}
            if p["Id"] in created:
                assert p["Name"].startswith("list-")
                assert "CreationDate" in p and "LastModifiedDate" in p
        seen.extend(p["Id"] for p in resp["UserPools"])
        token = resp.get("NextToken")
        if not token:
            break
        kwargs = {"MaxResults": 1, "NextToken": token}
        assert pages < 10_000
    assert len(seen) == len(set(seen)), "a pool was returned on two pages"
    assert created <= set(seen), f"pools missing from the listing: {created - set(seen)}"
    assert pages >= 3

    # MaxResults=60 (the maximum) returns the same set.
    everything, token = [], None
    while True:
        resp = cognito.list_user_pools(MaxResults=60, **({"NextToken": token} if token else {}))
        everything.extend(p["Id"] for p in resp["UserPools"])
        token = resp.get("NextToken")
        if not token:
            break
    assert set(everything) == set(seen)


def test_delete_user_pool(cognito):
    pool_id = create_pool(cognito)
    cognito.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.describe_user_pool(UserPoolId=pool_id)
    listed = []
    token = None
    while True:
        resp = cognito.list_user_pools(MaxResults=60, **({"NextToken": token} if token else {}))
        listed.extend(p["Id"] for p in resp["UserPools"])
        token = resp.get("NextToken")
        if not token:
            break
    assert pool_id not in listed
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.delete_user_pool(UserPoolId=pool_id)


def test_unknown_user_pool_is_resource_not_found(cognito):
    bogus = "us-east-1_Nope12345"
    with pytest.raises(cognito.exceptions.ResourceNotFoundException) as ei:
        cognito.describe_user_pool(UserPoolId=bogus)
    assert err_msg(ei) == f"User pool {bogus} does not exist."
    for call in (
        lambda: cognito.update_user_pool(UserPoolId=bogus, AutoVerifiedAttributes=["email"]),
        lambda: cognito.delete_user_pool(UserPoolId=bogus),
        lambda: cognito.create_user_pool_client(UserPoolId=bogus, ClientName="x"),
        lambda: cognito.list_user_pool_clients(UserPoolId=bogus, MaxResults=10),
        lambda: cognito.admin_get_user(UserPoolId=bogus, Username="someone@example.com"),
        lambda: cognito.list_users(UserPoolId=bogus),
    ):
        with pytest.raises(cognito.exceptions.ResourceNotFoundException):
            call()


# --------------------------------------------------------------------------------------------
# App clients
# --------------------------------------------------------------------------------------------

def test_create_client_with_secret_and_describe_returns_it(cognito):
    pool_id = create_pool(cognito)
    created = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="with-secret", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    client_id = created["ClientId"]
    assert re.fullmatch(r"[\w+]{1,128}", client_id), client_id
    secret = created.get("ClientSecret")
    assert secret and len(secret) >= 32, f"GenerateSecret must return a ClientSecret, got {secret!r}"
    assert created["UserPoolId"] == pool_id
    assert created["ClientName"] == "with-secret"
    _assert_recent(created["CreationDate"], "CreationDate")

    described = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert described["ClientSecret"] == secret
    assert described["ClientId"] == client_id

    plain = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="no-secret")["UserPoolClient"]
    assert not plain.get("ClientSecret")
    assert plain["ClientId"] != client_id
    assert not cognito.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=plain["ClientId"])["UserPoolClient"].get("ClientSecret")


def test_seed001_client_settings_are_echoed(cognito):
    pool_id = create_pool(cognito)
    created = cognito.create_user_pool_client(UserPoolId=pool_id, **SEED001_CLIENT_ARGS)["UserPoolClient"]
    described = cognito.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=created["ClientId"])["UserPoolClient"]
    for c in (created, described):
        assert c["ClientName"] == "mfa-sms-client"
        assert not c.get("ClientSecret")
        assert sorted(c["ExplicitAuthFlows"]) == sorted(SEED001_CLIENT_ARGS["ExplicitAuthFlows"])
        assert c["PreventUserExistenceErrors"] == "ENABLED"
        assert c["EnableTokenRevocation"] is True
        assert c["AuthSessionValidity"] == 3
        assert c["AccessTokenValidity"] == 60
        assert c["IdTokenValidity"] == 60
        assert c["RefreshTokenValidity"] == 30
        assert c["TokenValidityUnits"] == {
            "AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}


def test_client_defaults(server, cognito):
    pool_id = create_pool(cognito)
    c = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="defaults")["UserPoolClient"]
    assert c["AuthSessionValidity"] == 3
    assert c["EnableTokenRevocation"] is True
    assert c.get("PreventUserExistenceErrors", "LEGACY") == "LEGACY"
    # Refresh token: 30 days by default (unit days).
    units = c.get("TokenValidityUnits") or {}
    assert c["RefreshTokenValidity"] == 30
    assert units.get("RefreshToken", "days") == "days"
    # Access/ID tokens: one hour, whether the API spells it out or leaves it implicit.
    seconds = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
    for key in ("AccessToken", "IdToken"):
        if f"{key}Validity" in c:
            assert c[f"{key}Validity"] * seconds[units.get(key, "hours")] == 3600, (key, c)
    # ReadAttributes/WriteAttributes are only echoed when explicitly set.
    assert not c.get("ReadAttributes")
    assert not c.get("WriteAttributes")
    # Default flows: SRP + refresh + custom; USER_PASSWORD_AUTH is not among them.
    flows = set(c.get("ExplicitAuthFlows") or [])
    if flows:
        assert flows == {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"}
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.initiate_auth(ClientId=c["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "x@example.com", "PASSWORD": "Whatever1"})

    # And the defaults are the ones applied: a 1-hour access token.
    cognito.update_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"],
                                    ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                       "ALLOW_REFRESH_TOKEN_AUTH"])
    pool = {"pool_id": pool_id, "client_id": c["ClientId"]}
    user = sign_up_and_confirm(server, cognito, pool)
    res = cognito.initiate_auth(ClientId=c["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    assert res["AuthenticationResult"]["ExpiresIn"] == 3600
    access = jwt_claims(res["AuthenticationResult"]["AccessToken"])
    assert access["exp"] - access["iat"] == 3600


def test_token_validity_units_are_echoed_and_applied(server, cognito):
    pool_id = create_pool(cognito)
    c = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="units",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AccessTokenValidity=2, IdTokenValidity=5400, RefreshTokenValidity=120,
        TokenValidityUnits={"AccessToken": "hours", "IdToken": "seconds", "RefreshToken": "minutes"},
    )["UserPoolClient"]
    d = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])["UserPoolClient"]
    for x in (c, d):
        assert x["AccessTokenValidity"] == 2
        assert x["IdTokenValidity"] == 5400
        assert x["RefreshTokenValidity"] == 120
        assert x["TokenValidityUnits"] == {
            "AccessToken": "hours", "IdToken": "seconds", "RefreshToken": "minutes"}

    user = sign_up_and_confirm(server, cognito, {"pool_id": pool_id, "client_id": c["ClientId"]})
    res = cognito.initiate_auth(ClientId=c["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    ar = res["AuthenticationResult"]
    assert ar["ExpiresIn"] == 7200
    access, idt = jwt_claims(ar["AccessToken"]), jwt_claims(ar["IdToken"])
    assert access["exp"] - access["iat"] == 7200
    assert idt["exp"] - idt["iat"] == 5400


def test_client_token_validity_out_of_range_is_rejected(cognito):
    pool_id = create_pool(cognito)
    # Access/ID tokens: 5 minutes .. 1 day. Refresh tokens: 60 minutes .. 10 years.
    for kwargs in (
        {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}},
        {"IdTokenValidity": 25, "TokenValidityUnits": {"IdToken": "hours"}},
        {"AccessTokenValidity": 1, "TokenValidityUnits": {"AccessToken": "minutes"}},
        {"RefreshTokenValidity": 11, "TokenValidityUnits": {"RefreshToken": "minutes"}},
    ):
        with pytest.raises(cognito.exceptions.InvalidParameterException):
            cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="bad", **kwargs)


def test_update_user_pool_client(cognito):
    pool_id = create_pool(cognito)
    c = create_client(cognito, pool_id)
    cognito.update_user_pool_client(
        UserPoolId=pool_id, ClientId=c["ClientId"], ClientName="renamed",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="LEGACY", EnableTokenRevocation=True, AuthSessionValidity=10,
        AccessTokenValidity=30, IdTokenValidity=45, RefreshTokenValidity=7,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        ReadAttributes=["email", "name"], WriteAttributes=["email", "name"],
    )
    d = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])["UserPoolClient"]
    assert d["ClientName"] == "renamed"
    assert sorted(d["ExplicitAuthFlows"]) == ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert d["PreventUserExistenceErrors"] == "LEGACY"
    assert d["AuthSessionValidity"] == 10
    assert d["AccessTokenValidity"] == 30
    assert d["IdTokenValidity"] == 45
    assert d["RefreshTokenValidity"] == 7
    assert sorted(d["ReadAttributes"]) == ["email", "name"]
    assert sorted(d["WriteAttributes"]) == ["email", "name"]
    assert d["ClientId"] == c["ClientId"]
    assert d["CreationDate"] == c["CreationDate"]
    assert d["LastModifiedDate"] >= c["LastModifiedDate"]
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.update_user_pool_client(UserPoolId=pool_id, ClientId="nosuchclient0000000000000",
                                        ClientName="x")


def test_list_user_pool_clients_paginates(cognito):
    pool_id = create_pool(cognito)
    created = {create_client(cognito, pool_id, ClientName=f"c{i}")["ClientId"] for i in range(3)}
    seen, pages, kwargs = [], 0, {}
    while True:
        resp = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=1, **kwargs)
        pages += 1
        assert len(resp["UserPoolClients"]) <= 1
        for c in resp["UserPoolClients"]:
            assert c["UserPoolId"] == pool_id
            assert c["ClientName"].startswith("c")
            assert "ClientSecret" not in c, "ListUserPoolClients never returns secrets"
        seen.extend(c["ClientId"] for c in resp["UserPoolClients"])
        if not resp.get("NextToken"):
            break
        kwargs = {"NextToken": resp["NextToken"]}
        assert pages < 100
    assert sorted(seen) == sorted(created), "each client exactly once"


def test_delete_user_pool_client(server, cognito):
    pool_id = create_pool(cognito)
    c = create_client(cognito, pool_id)
    cognito.delete_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])
    listed = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert c["ClientId"] not in [x["ClientId"] for x in listed]
    # A deleted client can no longer be used for public operations.
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.sign_up(ClientId=c["ClientId"], Username=new_email(), Password=new_password(),
                        UserAttributes=[{"Name": "name", "Value": "x"}])


def test_unknown_client_is_resource_not_found(cognito):
    pool_id = create_pool(cognito)
    bogus = "abcdefghijklmnopqrstuvwxyz"
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=bogus)
    with pytest.raises(cognito.exceptions.ResourceNotFoundException) as ei:
        cognito.initiate_auth(ClientId=bogus, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "a@example.com", "PASSWORD": "Passw0rd"})
    assert bogus in err_msg(ei)
    # A client of another pool is not found through this pool.
    other_pool = create_pool(cognito)
    other = create_client(cognito, other_pool)
    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=other["ClientId"])


def test_verification_messages_and_their_template_are_kept_in_step(cognito):
    """The older `*VerificationMessage`/`EmailVerificationSubject` members and
    `VerificationMessageTemplate` each fill what the other leaves out, as Cognito's do."""
    from_template = cognito.create_user_pool(PoolName="template", VerificationMessageTemplate={
        "DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailMessage": "foo {####} bar",
        "EmailSubject": "foobar {####}", "SmsMessage": "{####} baz",
    })["UserPool"]
    assert from_template["SmsVerificationMessage"] == "{####} baz"
    assert from_template["EmailVerificationMessage"] == "foo {####} bar"
    assert from_template["EmailVerificationSubject"] == "foobar {####}"
    from_members = cognito.create_user_pool(
        PoolName="members", SmsVerificationMessage="Your code {####}",
        EmailVerificationMessage="Code: {####}", EmailVerificationSubject="Your code")["UserPool"]
    template = from_members["VerificationMessageTemplate"]
    assert (template["SmsMessage"], template["EmailMessage"], template["EmailSubject"]) == (
        "Your code {####}", "Code: {####}", "Your code")
    for pool in (from_template, from_members):
        cognito.delete_user_pool(UserPoolId=pool["Id"])
