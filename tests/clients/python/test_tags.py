"""Tags of user pools as Cognito keeps them: `UserPoolTags` at CreateUserPool and
UpdateUserPool, and TagResource, UntagResource and ListTagsForResource by the pool's ARN,
through boto3 and the AWS CLI on both backends.
"""

from helpers import call_error, create_pool, make_client


def _arn(cognito, pool_id: str) -> str:
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Arn"]


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def test_tags_from_create_to_untag(cognito):
    pool_id = create_pool(cognito, UserPoolTags={"Environment": "dev", "Team": "identity"})
    arn = _arn(cognito, pool_id)
    assert arn.endswith(f":userpool/{pool_id}")
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
        "Environment": "dev",
        "Team": "identity",
    }
    assert cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]["UserPoolTags"] == {
        "Environment": "dev",
        "Team": "identity",
    }

    cognito.tag_resource(ResourceArn=arn, Tags={"Environment": "prod", "CostCentre": "42"})
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
        "Environment": "prod",
        "Team": "identity",
        "CostCentre": "42",
    }
    cognito.untag_resource(ResourceArn=arn, TagKeys=["Team", "NotThere"])
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
        "Environment": "prod",
        "CostCentre": "42",
    }

    # UpdateUserPool without UserPoolTags keeps the tags; with them, replaces them.
    cognito.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OFF")
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
        "Environment": "prod",
        "CostCentre": "42",
    }
    cognito.update_user_pool(UserPoolId=pool_id, UserPoolTags={"Only": "this"})
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Only": "this"}

    cognito.untag_resource(ResourceArn=arn, TagKeys=["Only"])
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {}


def test_bad_tags_change_nothing(server, cognito):
    # boto3 would refuse some of these itself; the server must refuse them too.
    cognito = make_client(server.endpoint, parameter_validation=False)
    pool_id = create_pool(cognito, UserPoolTags={"Keep": "me"})
    arn = _arn(cognito, pool_id)
    for tags in [{"aws:owner": "x"}, {"bad*key": "x"}, {"k": "v" * 257},
                 {f"k{i}": "v" for i in range(50)}]:
        e = call_error(cognito.tag_resource, ResourceArn=arn, Tags=tags)
        assert _error(e)[0] == "InvalidParameterException", tags
    assert cognito.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Keep": "me"}

    e = call_error(cognito.create_user_pool, PoolName="tagged", UserPoolTags={"aws:x": "y"})
    assert _error(e)[0] == "InvalidParameterException"

    missing = arn.rsplit("/", 1)[0] + "/us-east-1_nothere"
    e = call_error(cognito.list_tags_for_resource, ResourceArn=missing)
    assert _error(e)[0] == "ResourceNotFoundException"
    e = call_error(cognito.list_tags_for_resource, ResourceArn="arn:aws:s3:::bucket")
    assert _error(e)[0] == "InvalidParameterException"


def test_tags_through_the_aws_cli(aws_cli, cognito):
    pool_id = create_pool(cognito)
    arn = _arn(cognito, pool_id)
    aws_cli(f"cognito-idp tag-resource --resource-arn {arn} --tags Environment=dev,Owner=ops")
    out = aws_cli(f"cognito-idp list-tags-for-resource --resource-arn {arn}")
    assert out["Tags"] == {"Environment": "dev", "Owner": "ops"}
    aws_cli(f"cognito-idp untag-resource --resource-arn {arn} --tag-keys Owner")
    out = aws_cli(f"cognito-idp list-tags-for-resource --resource-arn {arn}")
    assert out["Tags"] == {"Environment": "dev"}
    # Tags given at creation, in a region the CLI names: the pool lives there.
    created = aws_cli("cognito-idp create-user-pool --pool-name cli-tagged --region eu-central-1 "
                      "--user-pool-tags Team=platform")["UserPool"]
    assert created["Id"].startswith("eu-central-1_"), created["Id"]
    assert created["UserPoolTags"] == {"Team": "platform"}
    assert created["Arn"].startswith("arn:aws:cognito-idp:eu-central-1:")
    out = aws_cli(f"cognito-idp list-tags-for-resource --resource-arn {created['Arn']}")
    assert out["Tags"] == {"Team": "platform"}


def test_pools_live_in_the_region_their_request_was_signed_for(server, server_factory):
    """One server answers clients configured for any region: a pool created by a request signed
    for eu-west-2 has an `eu-west-2_…` id and ARN; the account in ARNs is --account-id."""
    node = server_factory("--account-id", "123456789012", backend=server.backend)
    london = make_client(node.endpoint, region="eu-west-2")
    pool_id = create_pool(london, UserPoolTags={"Team": "uk"})
    assert pool_id.startswith("eu-west-2_"), pool_id
    arn = _arn(london, pool_id)
    assert arn == f"arn:aws:cognito-idp:eu-west-2:123456789012:userpool/{pool_id}"
    # Any client reaches the pool by its id or ARN, whatever region it is configured for.
    virginia = make_client(node.endpoint)
    assert virginia.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"Team": "uk"}
    assert create_pool(virginia).startswith("us-east-1_")
    # An ARN of another account names nothing here.
    other = arn.replace("123456789012", "000000000000")
    e = call_error(virginia.list_tags_for_resource, ResourceArn=other)
    assert _error(e)[0] == "InvalidParameterException"
