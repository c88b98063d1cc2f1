"""A pool's attribute schema as Cognito builds and checks it: the standard attributes with
their default constraints in CreateUserPool and DescribeUserPool, the schemas Cognito refuses,
custom and developer-only attributes, AddCustomAttributes, and values held to their
attribute's constraints; boto3 and the AWS CLI, both backends.
"""

import uuid

import pytest

from helpers import attrs_list, call_error, make_client


@pytest.fixture
def loose(server):
    """A client that leaves the checking to the server."""
    return make_client(server.endpoint, parameter_validation=False)


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def _by_name(schema: list[dict]) -> dict[str, dict]:
    return {a["Name"]: a for a in schema}


def test_a_new_pool_describes_the_standard_schema(cognito):
    created = cognito.create_user_pool(PoolName=f"schema-{uuid.uuid4().hex[:6]}")["UserPool"]
    described = cognito.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    for schema in (created["SchemaAttributes"], described["SchemaAttributes"]):
        attrs = _by_name(schema)
        assert attrs["sub"]["StringAttributeConstraints"] == {"MinLength": "1", "MaxLength": "2048"}
        assert attrs["sub"]["Required"] is True and attrs["sub"]["Mutable"] is False
        assert attrs["birthdate"]["StringAttributeConstraints"] == {"MinLength": "10", "MaxLength": "10"}
        assert attrs["email"]["StringAttributeConstraints"] == {"MinLength": "0", "MaxLength": "2048"}
        assert attrs["updated_at"]["NumberAttributeConstraints"] == {"MinValue": "0"}
        assert "StringAttributeConstraints" not in attrs["email_verified"]
        assert all(a["DeveloperOnlyAttribute"] is False for a in schema)
        assert len(schema) == 20


@pytest.mark.parametrize(("schema", "message"), [
    ([{"Name": "custom", "AttributeDataType": "Banana"}],
     "1 validation error detected: Value 'Banana' at 'schema.1.member.attributeDataType' failed to "
     "satisfy constraint: Member must satisfy enum value set: [Boolean, Number, String, DateTime]"),
    ([{"Name": "custom"}],
     "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."),
    ([{"Name": "banana", "AttributeDataType": "String", "Required": True}],
     "Required custom attributes are not supported currently."),
    ([{"Name": "email", "AttributeDataType": "Number"}],
     "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email"),
    ([{"Name": "email", "DeveloperOnlyAttribute": True}],
     "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email"),
    ([{"Name": "email", "AttributeDataType": "String", "StringAttributeConstraints": {"MinLength": "x"}}],
     "Invalid StringAttributeConstraints for schema attribute email"),
    ([{"Name": "updated_at", "AttributeDataType": "Number", "NumberAttributeConstraints": {"MaxValue": "x"}}],
     "Invalid NumberAttributeConstraints for schema attribute updated_at"),
    ([{"Name": "email", "AttributeDataType": "String", "StringAttributeConstraints": {"MaxLength": "2049"}}],
     "user.email: String attributes cannot have a length of more than 2048"),
    ([{"Name": "email", "AttributeDataType": "String",
       "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "1"}}],
     "user.email: Max length cannot be less than min length."),
    ([{"Name": "updated_at", "AttributeDataType": "Number",
       "NumberAttributeConstraints": {"MinValue": "2", "MaxValue": "1"}}],
     "user.updated_at: Max value cannot be less than min value."),
])
def test_schemas_cognito_refuses(loose, schema, message):
    name = f"bad-{uuid.uuid4().hex[:6]}"
    e = call_error(loose.create_user_pool, PoolName=name, Schema=schema)
    assert _error(e) == ("InvalidParameterException", message)
    pools = loose.list_user_pools(MaxResults=60)["UserPools"]
    assert name not in [p["Name"] for p in pools]


def test_custom_attributes_and_their_constraints(cognito, loose):
    pool_id = cognito.create_user_pool(
        PoolName=f"custom-{uuid.uuid4().hex[:6]}",
        Schema=[
            {"Name": "team", "AttributeDataType": "String",
             "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "8"},
             "NumberAttributeConstraints": {"MinValue": "1"}},
            {"Name": "level", "AttributeDataType": "Number",
             "NumberAttributeConstraints": {"MinValue": "1", "MaxValue": "9"}},
            {"Name": "secret", "AttributeDataType": "String", "DeveloperOnlyAttribute": True},
        ],
    )["UserPool"]["Id"]
    attrs = _by_name(cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"])
    assert attrs["custom:team"]["StringAttributeConstraints"] == {"MinLength": "2", "MaxLength": "8"}
    assert "NumberAttributeConstraints" not in attrs["custom:team"]
    assert attrs["custom:level"]["NumberAttributeConstraints"] == {"MinValue": "1", "MaxValue": "9"}
    assert attrs["dev:custom:secret"]["DeveloperOnlyAttribute"] is True
    assert attrs["custom:team"]["Mutable"] is True and attrs["custom:team"]["Required"] is False

    # Values are held to their attribute's lengths.
    for team, ok in [("ops", True), ("x", False), ("far-too-long", False)]:
        call = lambda: cognito.admin_create_user(  # noqa: E731
            UserPoolId=pool_id, Username=f"u{uuid.uuid4().hex[:8]}", MessageAction="SUPPRESS",
            UserAttributes=attrs_list({"custom:team": team}))
        if ok:
            call()
        else:
            with pytest.raises(cognito.exceptions.InvalidParameterException):
                call()

    cognito.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[
        {"Name": "region", "AttributeDataType": "String"}])
    attrs = _by_name(cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"])
    assert attrs["custom:region"]["AttributeDataType"] == "String"

    e = call_error(cognito.add_custom_attributes, UserPoolId=pool_id, CustomAttributes=[
        {"Name": "secret", "AttributeDataType": "String", "DeveloperOnlyAttribute": True}])
    assert _error(e) == ("InvalidParameterException",
                         "custom:secret: Existing attribute already has name dev:custom:secret.")
    e = call_error(loose.add_custom_attributes, UserPoolId=pool_id, CustomAttributes=[
        {"Name": "colour", "AttributeDataType": "Banana"}])
    assert _error(e)[0] == "InvalidParameterException"
    many = [{"Name": f"a{i}", "AttributeDataType": "String"} for i in range(47)]
    e = call_error(cognito.add_custom_attributes, UserPoolId=pool_id, CustomAttributes=many)
    assert _error(e)[0] == "InvalidParameterException"
    # Nothing of a refused request was kept.
    names = {a["Name"] for a in cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]}
    assert "custom:colour" not in names and "custom:a0" not in names


def test_add_custom_attributes_through_the_aws_cli(aws_cli, cognito):
    pool_id = cognito.create_user_pool(PoolName=f"cli-{uuid.uuid4().hex[:6]}")["UserPool"]["Id"]
    aws_cli(f"cognito-idp add-custom-attributes --user-pool-id {pool_id} "
            "--custom-attributes Name=tier,AttributeDataType=String")
    out = aws_cli(f"cognito-idp describe-user-pool --user-pool-id {pool_id}")
    assert "custom:tier" in {a["Name"] for a in out["UserPool"]["SchemaAttributes"]}
