"""A pool's identity providers as Cognito keeps them: CreateIdentityProvider,
DescribeIdentityProvider, UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders
and GetIdentityProviderByIdentifier through boto3 and the AWS CLI, and app clients naming them in
SupportedIdentityProviders, on both backends. These are the records only: nobody signs in
through a provider here.
"""

import json
import uuid

import pytest

from helpers import call_error, create_client, create_pool, make_client

GOOGLE = {
    "client_id": "1example23456789.apps.googleusercontent.com",
    "client_secret": "google-app-secret",
    "authorize_scopes": "email profile openid",
}
OIDC = {
    "client_id": "oidc-client",
    "client_secret": "oidc-app-secret",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://idp.example.com",
    "authorize_scopes": "openid email",
}
APPLE = {
    "client_id": "com.example.cognito",
    "team_id": "TEAM123456",
    "key_id": "KEY1234567",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----",
    "authorize_scopes": "email name",
}
SAML = {"MetadataURL": "https://idp.example.com/saml/metadata", "IDPSignout": "true"}


def _name(prefix: str = "idp") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def _oidc(cognito, pool_id: str, name: str, **extra) -> dict:
    return cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName=name, ProviderType="OIDC", ProviderDetails=OIDC, **extra
    )["IdentityProvider"]


def _listed(cognito, pool_id: str) -> list[str]:
    return [p["ProviderName"] for p in cognito.list_identity_providers(UserPoolId=pool_id)["Providers"]]


def test_oidc_provider_lifecycle(cognito):
    pool_id = create_pool(cognito)
    name = _name("okta")
    created = _oidc(
        cognito,
        pool_id,
        name,
        AttributeMapping={"email": "email"},
        IdpIdentifiers=["example.com", "Okta Prod"],
    )
    assert created["UserPoolId"] == pool_id
    assert created["ProviderName"] == name
    assert created["ProviderType"] == "OIDC"
    # The details as given (the client secret too), and the one Cognito sets itself.
    assert created["ProviderDetails"] == {**OIDC, "attributes_url_add_attributes": "false"}
    # Cognito maps `username` to the provider's `sub` unless told otherwise.
    assert created["AttributeMapping"] == {"email": "email", "username": "sub"}
    assert created["IdpIdentifiers"] == ["example.com", "Okta Prod"]
    assert created["CreationDate"] == created["LastModifiedDate"]

    described = cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName=name)
    assert described["IdentityProvider"] == created
    by_identifier = cognito.get_identity_provider_by_identifier(
        UserPoolId=pool_id, IdpIdentifier="Okta Prod"
    )["IdentityProvider"]
    assert by_identifier == created

    # Only the members sent change.
    updated = cognito.update_identity_provider(
        UserPoolId=pool_id, ProviderName=name, AttributeMapping={"email": "mail", "username": "sub"}
    )["IdentityProvider"]
    assert updated["AttributeMapping"] == {"email": "mail", "username": "sub"}
    assert updated["ProviderDetails"] == created["ProviderDetails"]
    assert updated["IdpIdentifiers"] == created["IdpIdentifiers"]
    assert updated["CreationDate"] == created["CreationDate"]
    assert updated["LastModifiedDate"] >= created["LastModifiedDate"]

    new_details = {**OIDC, "authorize_scopes": "openid email profile"}
    del new_details["client_secret"]
    updated = cognito.update_identity_provider(
        UserPoolId=pool_id,
        ProviderName=name,
        ProviderDetails=new_details,
        IdpIdentifiers=["example.org"],
    )["IdentityProvider"]
    assert updated["ProviderDetails"] == {**new_details, "attributes_url_add_attributes": "false"}
    assert updated["IdpIdentifiers"] == ["example.org"]
    assert updated["AttributeMapping"] == {"email": "mail", "username": "sub"}
    e = call_error(
        cognito.get_identity_provider_by_identifier, UserPoolId=pool_id, IdpIdentifier="example.com"
    )
    assert _error(e)[0] == "ResourceNotFoundException"
    found = cognito.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier="example.org")
    assert found["IdentityProvider"]["ProviderName"] == name

    cognito.delete_identity_provider(UserPoolId=pool_id, ProviderName=name)
    assert _listed(cognito, pool_id) == []
    for call, kwargs in [
        (cognito.describe_identity_provider, {"ProviderName": name}),
        (cognito.delete_identity_provider, {"ProviderName": name}),
        (cognito.update_identity_provider, {"ProviderName": name, "IdpIdentifiers": []}),
        (cognito.get_identity_provider_by_identifier, {"IdpIdentifier": "example.org"}),
    ]:
        e = call_error(call, UserPoolId=pool_id, **kwargs)
        assert _error(e)[0] == "ResourceNotFoundException", call.__name__


def test_social_providers_show_their_endpoints(cognito):
    pool_id = create_pool(cognito)
    google = cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName="Google", ProviderType="Google", ProviderDetails=GOOGLE
    )["IdentityProvider"]
    # As in the API reference's DescribeIdentityProvider example for Google.
    assert google["ProviderDetails"] == {
        **GOOGLE,
        "attributes_url": "https://people.googleapis.com/v1/people/me?personFields=",
        "attributes_url_add_attributes": "true",
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "oidc_issuer": "https://accounts.google.com",
        "token_request_method": "POST",
        "token_url": "https://www.googleapis.com/oauth2/v4/token",
    }
    assert google["AttributeMapping"] == {"username": "sub"}

    facebook = cognito.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Facebook",
        ProviderType="Facebook",
        ProviderDetails={**GOOGLE, "api_version": "v17.0", "authorize_scopes": "public_profile, email"},
    )["IdentityProvider"]
    details = facebook["ProviderDetails"]
    assert details["token_url"] == "https://graph.facebook.com/v17.0/oauth/access_token"
    assert details["authorize_url"] == "https://www.facebook.com/v17.0/dialog/oauth"
    assert details["token_request_method"] == "GET"
    assert facebook["AttributeMapping"] == {"username": "id"}

    amazon = cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName="LoginWithAmazon", ProviderType="LoginWithAmazon",
        ProviderDetails={**GOOGLE, "authorize_scopes": "profile postal_code"},
    )["IdentityProvider"]
    assert amazon["ProviderDetails"]["attributes_url"] == "https://api.amazon.com/user/profile"
    assert amazon["AttributeMapping"] == {"username": "user_id"}

    # Apple's private key is kept but never shown, and an update may leave it out.
    apple = cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName="SignInWithApple", ProviderType="SignInWithApple",
        ProviderDetails=APPLE,
    )["IdentityProvider"]
    assert "private_key" not in apple["ProviderDetails"]
    assert apple["ProviderDetails"]["oidc_issuer"] == "https://appleid.apple.com"
    kept = {k: v for k, v in APPLE.items() if k != "private_key"}
    updated = cognito.update_identity_provider(
        UserPoolId=pool_id, ProviderName="SignInWithApple",
        ProviderDetails={**kept, "authorize_scopes": "email"},
    )["IdentityProvider"]
    assert updated["ProviderDetails"]["authorize_scopes"] == "email"
    assert "private_key" not in updated["ProviderDetails"]

    saml = cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName=_name("saml"), ProviderType="SAML", ProviderDetails=SAML
    )["IdentityProvider"]
    assert saml["ProviderDetails"] == SAML
    assert saml["AttributeMapping"] == {}

    listed = cognito.list_identity_providers(UserPoolId=pool_id)["Providers"]
    assert {p["ProviderType"] for p in listed} == {
        "Google", "Facebook", "LoginWithAmazon", "SignInWithApple", "SAML"
    }
    for p in listed:
        assert set(p) == {"ProviderName", "ProviderType", "LastModifiedDate", "CreationDate"}


@pytest.mark.parametrize(
    "name, kind, details",
    [
        ("MyGoogle", "Google", GOOGLE),
        ("Facebook", "OIDC", OIDC),
        ("Google", "SAML", SAML),
        ("COGNITO", "OIDC", OIDC),
    ],
)
def test_names_cognito_keeps_for_a_type_are_refused(cognito, name, kind, details):
    pool_id = create_pool(cognito)
    e = call_error(
        cognito.create_identity_provider,
        UserPoolId=pool_id, ProviderName=name, ProviderType=kind, ProviderDetails=details,
    )
    assert _error(e) == ("InvalidParameterException", f"Provider {name} cannot be of type {kind}.")
    assert _listed(cognito, pool_id) == []


@pytest.mark.parametrize(
    "name, kind, details, message",
    [
        (
            "Google", "Google", {k: v for k, v in GOOGLE.items() if k != "client_secret"},
            "client_id, client_secret and authorize_scopes are all required idp details.",
        ),
        (
            "LoginWithAmazon",
            "LoginWithAmazon",
            {k: v for k, v in GOOGLE.items() if k != "authorize_scopes"},
            "client_id, client_secret and authorize_scopes are all required idp details.",
        ),
        (
            "SignInWithApple", "SignInWithApple", {k: v for k, v in APPLE.items() if k != "private_key"},
            "client_id, team_id, key_id, private_key and authorize_scopes are all required idp details.",
        ),
        (
            "Okta", "OIDC", {k: v for k, v in OIDC.items() if k != "oidc_issuer"},
            "client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required "
            "idp details.",
        ),
        ("Okta", "OIDC", {**OIDC, "attributes_request_method": "PUT"}, None),
        ("Corp", "SAML", {"IDPSignout": "true"}, None),
        ("Corp", "SAML", {**SAML, "MetadataFile": "<EntityDescriptor/>"}, None),
    ],
)
def test_missing_details_are_refused(cognito, name, kind, details, message):
    pool_id = create_pool(cognito)
    e = call_error(
        cognito.create_identity_provider,
        UserPoolId=pool_id, ProviderName=name, ProviderType=kind, ProviderDetails=details,
    )
    code, text = _error(e)
    assert code == "InvalidParameterException", text
    if message is not None:
        assert text == message
    assert _listed(cognito, pool_id) == []


def test_names_and_identifiers_are_taken_once_per_pool(cognito):
    pool_id = create_pool(cognito)
    okta = _name("okta")
    _oidc(cognito, pool_id, okta, IdpIdentifiers=["okta.example.com"])

    e = call_error(_oidc, cognito, pool_id, okta)
    assert _error(e) == ("DuplicateProviderException", f"{okta} already exists in user pool {pool_id}")
    other = _name("azure")
    e = call_error(_oidc, cognito, pool_id, other, IdpIdentifiers=["azure.example.com", "okta.example.com"])
    assert _error(e)[0] == "DuplicateProviderException"
    assert _listed(cognito, pool_id) == [okta]
    e = call_error(
        cognito.get_identity_provider_by_identifier, UserPoolId=pool_id, IdpIdentifier="azure.example.com"
    )
    assert _error(e)[0] == "ResourceNotFoundException"

    # An update cannot take another provider's identifier either, and then changes nothing.
    _oidc(cognito, pool_id, other, IdpIdentifiers=["azure.example.com"])
    e = call_error(
        cognito.update_identity_provider,
        UserPoolId=pool_id, ProviderName=other, IdpIdentifiers=["okta.example.com"],
        AttributeMapping={"email": "email"},
    )
    assert _error(e)[0] == "DuplicateProviderException"
    kept = cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName=other)["IdentityProvider"]
    assert kept["IdpIdentifiers"] == ["azure.example.com"]
    assert kept["AttributeMapping"] == {"username": "sub"}
    holder = cognito.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier="okta.example.com")
    assert holder["IdentityProvider"]["ProviderName"] == okta

    e = call_error(_oidc, cognito, pool_id, _name(), IdpIdentifiers=["same", "same"])
    assert _error(e)[0] == "InvalidParameterException"

    # Another pool has its own names and identifiers.
    elsewhere = create_pool(cognito)
    _oidc(cognito, elsewhere, okta, IdpIdentifiers=["okta.example.com"])
    assert _listed(cognito, elsewhere) == [okta]


def test_bad_requests_are_refused_with_the_member_named(server, cognito):
    pool_id = create_pool(cognito)
    # boto3 would refuse some of these itself; the server must refuse them too.
    loose = make_client(server.endpoint, parameter_validation=False)
    for kwargs, member in [
        ({"ProviderName": "ab"}, "providerName"),
        ({"ProviderName": "has space"}, "providerName"),
        ({"ProviderName": "under_score"}, "providerName"),
        ({"ProviderName": "n" * 33}, "providerName"),
        ({"ProviderType": "Twitter"}, "providerType"),
        ({"IdpIdentifiers": ["bad/slash"]}, "idpIdentifiers"),
        ({"IdpIdentifiers": ["x" * 41]}, "idpIdentifiers"),
        ({"IdpIdentifiers": [f"id{i}" for i in range(51)]}, "idpIdentifiers"),
        ({"AttributeMapping": {"k" * 33: "sub"}}, "attributeMapping"),
    ]:
        args = {
            "UserPoolId": pool_id,
            "ProviderName": _name(),
            "ProviderType": "OIDC",
            "ProviderDetails": OIDC,
            **kwargs,
        }
        e = call_error(loose.create_identity_provider, **args)
        code, message = _error(e)
        assert code == "InvalidParameterException", message
        assert f"at '{member}'" in message, message
    e = call_error(
        loose.create_identity_provider, UserPoolId=pool_id, ProviderName=_name(), ProviderType="OIDC"
    )
    assert _error(e)[0] == "InvalidParameterException"
    e = call_error(loose.get_identity_provider_by_identifier, UserPoolId=pool_id, IdpIdentifier="a/b")
    assert _error(e)[0] == "InvalidParameterException"
    assert _listed(cognito, pool_id) == []

    nowhere = "us-east-1_NoSuchPool"
    for call, kwargs in [
        (
            cognito.create_identity_provider,
            {"ProviderName": "Okta", "ProviderType": "OIDC", "ProviderDetails": OIDC},
        ),
        (cognito.describe_identity_provider, {"ProviderName": "Okta"}),
        (cognito.update_identity_provider, {"ProviderName": "Okta"}),
        (cognito.delete_identity_provider, {"ProviderName": "Okta"}),
        (cognito.list_identity_providers, {}),
        (cognito.get_identity_provider_by_identifier, {"IdpIdentifier": "okta"}),
    ]:
        e = call_error(call, UserPoolId=nowhere, **kwargs)
        expected = ("ResourceNotFoundException", f"User pool {nowhere} does not exist.")
        assert _error(e) == expected, call.__name__


def test_providers_list_by_name_in_pages(server, cognito):
    pool_id = create_pool(cognito)
    loose = make_client(server.endpoint, parameter_validation=False)
    names = sorted(_name("p") for _ in range(5))
    for name in reversed(names):
        _oidc(cognito, pool_id, name)
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"UserPoolId": pool_id, "MaxResults": 2}
        if token:
            kwargs["NextToken"] = token
        page = cognito.list_identity_providers(**kwargs)
        pages += 1
        seen += [p["ProviderName"] for p in page["Providers"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == names
    assert pages == 3
    everything = cognito.list_identity_providers(UserPoolId=pool_id, MaxResults=60)
    assert [p["ProviderName"] for p in everything["Providers"]] == names
    assert "NextToken" not in everything
    paged = cognito.get_paginator("list_identity_providers").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
    )
    assert [p["ProviderName"] for page in paged for p in page["Providers"]] == names

    e = call_error(cognito.list_identity_providers, UserPoolId=pool_id, NextToken="bm90LWEtdG9rZW4")
    assert _error(e) == (
        "InvalidParameterException",
        "Paging marker bm90LWEtdG9rZW4 is invalid for request.",
    )
    e = call_error(loose.list_identity_providers, UserPoolId=pool_id, MaxResults=61)
    assert _error(e)[0] == "InvalidParameterException"


def test_app_clients_may_name_the_pools_providers(cognito):
    pool_id = create_pool(cognito)
    e = call_error(create_client, cognito, pool_id, SupportedIdentityProviders=["COGNITO", "Google"])
    assert _error(e) == (
        "InvalidParameterException",
        f"The provider Google does not exist for User Pool {pool_id}",
    )
    assert cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=10)["UserPoolClients"] == []

    cognito.create_identity_provider(
        UserPoolId=pool_id, ProviderName="Google", ProviderType="Google", ProviderDetails=GOOGLE
    )
    client = create_client(cognito, pool_id, SupportedIdentityProviders=["COGNITO", "Google"])
    assert client["SupportedIdentityProviders"] == ["COGNITO", "Google"]

    okta = _name("okta")
    update = {
        "UserPoolId": pool_id,
        "ClientId": client["ClientId"],
        "ClientName": "mfa-sms-client",
        "SupportedIdentityProviders": ["Google", okta],
    }
    e = call_error(cognito.update_user_pool_client, **update)
    assert _error(e) == (
        "InvalidParameterException",
        f"The provider {okta} does not exist for User Pool {pool_id}",
    )
    # A provider of another pool does not count.
    _oidc(cognito, create_pool(cognito), okta)
    e = call_error(cognito.update_user_pool_client, **update)
    assert _error(e)[0] == "InvalidParameterException"

    _oidc(cognito, pool_id, okta)
    updated = cognito.update_user_pool_client(**update)["UserPoolClient"]
    assert updated["SupportedIdentityProviders"] == ["Google", okta]
    described = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])
    assert described["UserPoolClient"]["SupportedIdentityProviders"] == ["Google", okta]


def test_identity_providers_through_the_aws_cli(aws_cli, cognito):
    pool_id = create_pool(cognito)
    name = _name("cli")
    details = json.dumps(OIDC)
    out = aws_cli(
        f"cognito-idp create-identity-provider --user-pool-id {pool_id} --provider-name {name} "
        f"--provider-type OIDC --provider-details '{details}' "
        f"--attribute-mapping email=email --idp-identifiers cli.example.com"
    )
    provider = out["IdentityProvider"]
    assert provider["ProviderName"] == name
    assert provider["ProviderDetails"]["oidc_issuer"] == OIDC["oidc_issuer"]
    assert provider["AttributeMapping"] == {"email": "email", "username": "sub"}
    got = aws_cli(
        f"cognito-idp get-identity-provider-by-identifier --user-pool-id {pool_id} "
        f"--idp-identifier cli.example.com"
    )
    assert got["IdentityProvider"]["ProviderName"] == name
    aws_cli(
        f"cognito-idp update-identity-provider --user-pool-id {pool_id} --provider-name {name} "
        f"--idp-identifiers cli.example.org"
    )
    described = aws_cli(
        f"cognito-idp describe-identity-provider --user-pool-id {pool_id} --provider-name {name}"
    )
    assert described["IdentityProvider"]["IdpIdentifiers"] == ["cli.example.org"]
    listed = aws_cli(f"cognito-idp list-identity-providers --user-pool-id {pool_id} --max-results 10")
    assert [p["ProviderName"] for p in listed["Providers"]] == [name]
    aws_cli(f"cognito-idp delete-identity-provider --user-pool-id {pool_id} --provider-name {name}")
    failed = aws_cli(
        f"cognito-idp describe-identity-provider --user-pool-id {pool_id} --provider-name {name}", check=False
    )
    assert failed.error_code == "ResourceNotFoundException"
