"""A pool's OAuth 2.0 configuration as Cognito takes it: domains (prefix and custom), resource
servers with custom scopes, and the OAuth settings of app clients (flows, scopes, callback URLs),
through boto3 and the AWS CLI on both backends.
"""

import uuid

import pytest

from helpers import call_error, create_client, create_pool

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000000"


def _prefix() -> str:
    return f"app-{uuid.uuid4().hex[:12]}"


def _code(e) -> str:
    return e.response["Error"]["Code"]


# --------------------------------------------------------------------------------------------
# Domains
# --------------------------------------------------------------------------------------------

def test_prefix_domain_lifecycle(cognito):
    pool_id = create_pool(cognito)
    domain = _prefix()
    created = cognito.create_user_pool_domain(Domain=domain, UserPoolId=pool_id)
    assert created["ManagedLoginVersion"] == 1
    assert "CloudFrontDomain" not in created
    desc = cognito.describe_user_pool_domain(Domain=domain)["DomainDescription"]
    assert desc["UserPoolId"] == pool_id
    assert desc["Domain"] == domain
    assert desc["Status"] == "ACTIVE"
    assert desc["AWSAccountId"].isdigit()
    assert "CustomDomainConfig" not in desc
    assert cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == domain

    updated = cognito.update_user_pool_domain(
        Domain=domain, UserPoolId=pool_id, ManagedLoginVersion=2
    )
    assert updated["ManagedLoginVersion"] == 2
    desc = cognito.describe_user_pool_domain(Domain=domain)["DomainDescription"]
    assert desc["ManagedLoginVersion"] == 2

    cognito.delete_user_pool_domain(Domain=domain, UserPoolId=pool_id)
    # An unknown domain is described as an empty object, as Cognito does.
    assert cognito.describe_user_pool_domain(Domain=domain)["DomainDescription"] == {}
    assert "Domain" not in cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def test_domain_names_are_unique_and_one_per_pool(cognito):
    first, second = create_pool(cognito), create_pool(cognito)
    domain = _prefix()
    cognito.create_user_pool_domain(Domain=domain, UserPoolId=first)
    e = call_error(cognito.create_user_pool_domain, Domain=domain, UserPoolId=second)
    assert _code(e) == "InvalidParameterException"
    assert e.response["Error"]["Message"] == "Domain already associated with another user pool."
    e = call_error(cognito.create_user_pool_domain, Domain=_prefix(), UserPoolId=first)
    assert _code(e) == "InvalidParameterException"
    assert "already has a domain" in e.response["Error"]["Message"]
    # Deleting the pool frees its domain.
    cognito.delete_user_pool(UserPoolId=first)
    assert cognito.describe_user_pool_domain(Domain=domain)["DomainDescription"] == {}
    cognito.create_user_pool_domain(Domain=domain, UserPoolId=second)


@pytest.mark.parametrize("bad", ["Upper", "-lead", "trail-", "dot.ted", "under_score", "mycognito"])
def test_bad_prefix_domains_are_refused(cognito, bad):
    pool_id = create_pool(cognito)
    e = call_error(cognito.create_user_pool_domain, Domain=bad, UserPoolId=pool_id)
    assert _code(e) == "InvalidParameterException"
    assert cognito.describe_user_pool_domain(Domain=bad)["DomainDescription"] == {}


def test_custom_domain_with_certificate(cognito):
    pool_id = create_pool(cognito)
    name = f"auth-{uuid.uuid4().hex[:8]}.example.com"
    created = cognito.create_user_pool_domain(
        Domain=name, UserPoolId=pool_id, CustomDomainConfig={"CertificateArn": CERT}
    )
    assert created["CloudFrontDomain"]
    desc = cognito.describe_user_pool_domain(Domain=name)["DomainDescription"]
    assert desc["CustomDomainConfig"]["CertificateArn"] == CERT
    assert cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["CustomDomain"] == name
    other = CERT.replace("0c0ffee0", "0decade0")
    cognito.update_user_pool_domain(
        Domain=name, UserPoolId=pool_id, CustomDomainConfig={"CertificateArn": other}
    )
    desc = cognito.describe_user_pool_domain(Domain=name)["DomainDescription"]
    assert desc["CustomDomainConfig"]["CertificateArn"] == other
    e = call_error(
        cognito.create_user_pool_domain,
        Domain="single-label-but-custom",
        UserPoolId=create_pool(cognito),
        CustomDomainConfig={"CertificateArn": CERT},
    )
    assert _code(e) == "InvalidParameterException"


def test_domain_of_another_pool_cannot_be_deleted_or_updated(cognito):
    owner, other = create_pool(cognito), create_pool(cognito)
    domain = _prefix()
    cognito.create_user_pool_domain(Domain=domain, UserPoolId=owner)
    for call in (cognito.delete_user_pool_domain, cognito.update_user_pool_domain):
        e = call_error(call, Domain=domain, UserPoolId=other)
        assert _code(e) == "InvalidParameterException"
        assert e.response["Error"]["Message"] == "No such domain or user pool exists."
    assert cognito.describe_user_pool_domain(Domain=domain)["DomainDescription"]["UserPoolId"] == owner


def test_domain_through_the_aws_cli(aws_cli, cognito):
    pool_id = create_pool(cognito)
    domain = _prefix()
    aws_cli(f"cognito-idp create-user-pool-domain --domain {domain} --user-pool-id {pool_id}")
    out = aws_cli(f"cognito-idp describe-user-pool-domain --domain {domain}")
    assert out["DomainDescription"]["UserPoolId"] == pool_id
    aws_cli(f"cognito-idp delete-user-pool-domain --domain {domain} --user-pool-id {pool_id}")


# --------------------------------------------------------------------------------------------
# Resource servers
# --------------------------------------------------------------------------------------------

SCOPES = [
    {"ScopeName": "read", "ScopeDescription": "Read orders"},
    {"ScopeName": "write", "ScopeDescription": "Write orders"},
]


def test_resource_server_lifecycle(cognito):
    pool_id = create_pool(cognito)
    ident = "https://orders.example.com"
    rs = cognito.create_resource_server(
        UserPoolId=pool_id, Identifier=ident, Name="Orders API", Scopes=SCOPES
    )["ResourceServer"]
    assert rs == {"UserPoolId": pool_id, "Identifier": ident, "Name": "Orders API", "Scopes": SCOPES}
    assert cognito.describe_resource_server(UserPoolId=pool_id, Identifier=ident)["ResourceServer"] == rs

    updated = cognito.update_resource_server(
        UserPoolId=pool_id, Identifier=ident, Name="Orders", Scopes=SCOPES[:1]
    )["ResourceServer"]
    assert updated["Name"] == "Orders" and updated["Scopes"] == SCOPES[:1]

    e = call_error(cognito.create_resource_server, UserPoolId=pool_id, Identifier=ident, Name="Again")
    assert _code(e) == "InvalidParameterException"

    cognito.delete_resource_server(UserPoolId=pool_id, Identifier=ident)
    e = call_error(cognito.describe_resource_server, UserPoolId=pool_id, Identifier=ident)
    assert _code(e) == "ResourceNotFoundException"
    e = call_error(cognito.delete_resource_server, UserPoolId=pool_id, Identifier=ident)
    assert _code(e) == "ResourceNotFoundException"


def test_resource_servers_page_in_identifier_order(cognito):
    pool_id = create_pool(cognito)
    idents = [f"api-{i:02d}" for i in range(7)]
    for ident in reversed(idents):
        cognito.create_resource_server(UserPoolId=pool_id, Identifier=ident, Name=ident)
    seen, token = [], None
    while True:
        kwargs = {"UserPoolId": pool_id, "MaxResults": 3}
        if token:
            kwargs["NextToken"] = token
        page = cognito.list_resource_servers(**kwargs)
        assert len(page["ResourceServers"]) <= 3
        seen += [rs["Identifier"] for rs in page["ResourceServers"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == idents
    # boto3's paginator walks the same pages.
    paginator = cognito.get_paginator("list_resource_servers")
    walked = [
        rs["Identifier"]
        for page in paginator.paginate(UserPoolId=pool_id, PaginationConfig={"PageSize": 2})
        for rs in page["ResourceServers"]
    ]
    assert walked == idents


@pytest.mark.parametrize(
    "scopes",
    [
        [{"ScopeName": "has space", "ScopeDescription": "x"}],
        [{"ScopeName": "a/b", "ScopeDescription": "x"}],
        [{"ScopeName": "dup", "ScopeDescription": "x"}, {"ScopeName": "dup", "ScopeDescription": "y"}],
    ],
)
def test_bad_scopes_are_refused_and_nothing_is_kept(cognito, scopes):
    pool_id = create_pool(cognito)
    e = call_error(
        cognito.create_resource_server, UserPoolId=pool_id, Identifier="api", Name="API", Scopes=scopes
    )
    assert _code(e) == "InvalidParameterException"
    assert cognito.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"] == []


def test_resource_server_in_unknown_pool(cognito):
    e = call_error(
        cognito.create_resource_server, UserPoolId="us-east-1_NoSuchPool", Identifier="api", Name="API"
    )
    assert _code(e) == "ResourceNotFoundException"


# --------------------------------------------------------------------------------------------
# App-client OAuth settings
# --------------------------------------------------------------------------------------------

def _oauth_client(cognito, pool_id, **overrides):
    args = {
        "ClientName": "web",
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": ["openid", "email"],
        "CallbackURLs": ["https://app.example.com/callback", "http://localhost:3000/callback"],
        "LogoutURLs": ["https://app.example.com/"],
        "DefaultRedirectURI": "https://app.example.com/callback",
        "SupportedIdentityProviders": ["COGNITO"],
    }
    args.update(overrides)
    return cognito.create_user_pool_client(UserPoolId=pool_id, **args)["UserPoolClient"]


def test_code_flow_client_is_kept_as_sent(cognito):
    pool_id = create_pool(cognito)
    client = _oauth_client(cognito, pool_id)
    described = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])[
        "UserPoolClient"
    ]
    assert described["AllowedOAuthFlows"] == ["code"]
    assert described["AllowedOAuthScopes"] == ["openid", "email"]
    assert described["CallbackURLs"][1] == "http://localhost:3000/callback"
    assert described["AllowedOAuthFlowsUserPoolClient"] is True


def test_custom_scopes_need_their_resource_server(cognito):
    pool_id = create_pool(cognito)
    e = call_error(_oauth_client, cognito, pool_id, AllowedOAuthScopes=["openid", "orders/read"])
    assert _code(e) == "ScopeDoesNotExistException"
    cognito.create_resource_server(UserPoolId=pool_id, Identifier="orders", Name="Orders", Scopes=SCOPES)
    client = _oauth_client(cognito, pool_id, AllowedOAuthScopes=["openid", "orders/read"])
    assert client["AllowedOAuthScopes"] == ["openid", "orders/read"]


def test_client_credentials_rules(cognito):
    pool_id = create_pool(cognito)
    cognito.create_resource_server(UserPoolId=pool_id, Identifier="orders", Name="Orders", Scopes=SCOPES)
    args = {
        "UserPoolId": pool_id,
        "ClientName": "machine",
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["client_credentials"],
        "AllowedOAuthScopes": ["orders/read"],
        "SupportedIdentityProviders": ["COGNITO"],
    }
    e = call_error(cognito.create_user_pool_client, **args)
    assert _code(e) == "InvalidOAuthFlowException"
    assert "client secret" in e.response["Error"]["Message"]
    client = cognito.create_user_pool_client(GenerateSecret=True, **args)["UserPoolClient"]
    assert client["AllowedOAuthFlows"] == ["client_credentials"]
    for bad in ({"AllowedOAuthFlows": ["client_credentials", "code"]}, {"AllowedOAuthScopes": ["openid"]}):
        e = call_error(cognito.create_user_pool_client, GenerateSecret=True, **{**args, **bad})
        assert _code(e) == "InvalidOAuthFlowException"


@pytest.mark.parametrize(
    "overrides",
    [
        {"CallbackURLs": ["http://app.example.com/callback"], "DefaultRedirectURI": "http://app.example.com/callback"},
        {"CallbackURLs": ["https://app.example.com/cb#fragment"], "DefaultRedirectURI": "https://app.example.com/cb#fragment"},
        {"LogoutURLs": ["http://app.example.com/"]},
        {"DefaultRedirectURI": "https://elsewhere.example.com/"},
        {"AllowedOAuthFlows": ["token"]},
        {"SupportedIdentityProviders": ["Google"]},
        {"CallbackURLs": [], "DefaultRedirectURI": "https://app.example.com/callback"},
    ],
)
def test_bad_oauth_settings_are_refused_and_nothing_is_created(cognito, overrides):
    pool_id = create_pool(cognito)
    e = call_error(_oauth_client, cognito, pool_id, **overrides)
    assert _code(e) == "InvalidParameterException", e.response["Error"]
    assert cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=10)["UserPoolClients"] == []


def test_update_checks_oauth_settings_and_keeps_the_old_ones(cognito):
    pool_id = create_pool(cognito)
    client = create_client(cognito, pool_id)
    e = call_error(
        cognito.update_user_pool_client,
        UserPoolId=pool_id,
        ClientId=client["ClientId"],
        ClientName="x",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["openid"],
    )
    assert _code(e) == "InvalidOAuthFlowException"
    kept = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])[
        "UserPoolClient"
    ]
    assert "AllowedOAuthFlows" not in kept or kept["AllowedOAuthFlows"] == []
