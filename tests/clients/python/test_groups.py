"""User-pool groups as Cognito keeps them: CreateGroup, GetGroup, UpdateGroup, DeleteGroup,
ListGroups, AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser and
ListUsersInGroup through boto3 and the AWS CLI, and the `cognito:groups`, `cognito:roles` and
`cognito:preferred_role` claims they put in tokens (checked by aws-jwt-verify's own Cognito
claim checks in Node), on both backends.
"""

import uuid

import pytest

from harness import run_node_test
from helpers import (
    admin_create_confirmed_user,
    attrs_dict,
    call_error,
    jwt_claims,
    make_client,
    refresh,
    sign_in,
)

ADMINS_ROLE = "arn:aws:iam::123456789012:role/AdminsRole"
READERS_ROLE = "arn:aws:iam::123456789012:role/ReadersRole"


def _name(prefix: str = "g") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def test_group_lifecycle(cognito, seed_pool):
    pool_id = seed_pool["pool_id"]
    name = _name()
    created = cognito.create_group(
        GroupName=name,
        UserPoolId=pool_id,
        Description="People who run things",
        RoleArn=ADMINS_ROLE,
        Precedence=1,
    )["Group"]
    assert created["GroupName"] == name
    assert created["UserPoolId"] == pool_id
    assert created["Description"] == "People who run things"
    assert created["RoleArn"] == ADMINS_ROLE
    assert created["Precedence"] == 1
    assert created["CreationDate"] == created["LastModifiedDate"]

    got = cognito.get_group(GroupName=name, UserPoolId=pool_id)["Group"]
    assert got == created

    # Only the members sent change.
    updated = cognito.update_group(GroupName=name, UserPoolId=pool_id, Precedence=7)["Group"]
    assert updated["Precedence"] == 7
    assert updated["Description"] == "People who run things"
    assert updated["RoleArn"] == ADMINS_ROLE
    assert updated["LastModifiedDate"] >= created["LastModifiedDate"]

    # A group without the optional members shows none of them.
    bare = cognito.create_group(GroupName=_name(), UserPoolId=pool_id)["Group"]
    assert not {"Description", "RoleArn", "Precedence"} & set(bare)

    cognito.delete_group(GroupName=name, UserPoolId=pool_id)
    e = call_error(cognito.get_group, GroupName=name, UserPoolId=pool_id)
    assert _error(e) == ("ResourceNotFoundException", "Group not found.")
    e = call_error(cognito.delete_group, GroupName=name, UserPoolId=pool_id)
    assert _error(e)[0] == "ResourceNotFoundException"
    e = call_error(cognito.update_group, GroupName=name, UserPoolId=pool_id, Precedence=1)
    assert _error(e)[0] == "ResourceNotFoundException"


def test_groups_list_in_pages_with_sealed_tokens(server, cognito, seed_pool):
    pool_id = seed_pool["pool_id"]
    loose = make_client(server.endpoint, parameter_validation=False)
    names = sorted(_name("p") for _ in range(5))
    for name in names:
        cognito.create_group(GroupName=name, UserPoolId=pool_id)
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"UserPoolId": pool_id, "Limit": 2}
        if token:
            kwargs["NextToken"] = token
        page = cognito.list_groups(**kwargs)
        pages += 1
        seen += [g["GroupName"] for g in page["Groups"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == names
    assert pages == 3
    everything = cognito.list_groups(UserPoolId=pool_id)
    assert [g["GroupName"] for g in everything["Groups"]] == names
    assert "NextToken" not in everything
    # The paginator boto3 users reach for walks the same pages.
    paged = cognito.get_paginator("list_groups").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
    )
    assert [g["GroupName"] for p in paged for g in p["Groups"]] == names

    e = call_error(cognito.list_groups, UserPoolId=pool_id, NextToken="bm90LWEtdG9rZW4")
    assert _error(e) == (
        "InvalidParameterException",
        "Paging marker bm90LWEtdG9rZW4 is invalid for request.",
    )
    e = call_error(loose.list_groups, UserPoolId=pool_id, Limit=61)
    assert _error(e)[0] == "InvalidParameterException"


def test_bad_group_requests_change_nothing(server, cognito, seed_pool):
    pool_id = seed_pool["pool_id"]
    # boto3 would refuse some of these itself; the server must refuse them too.
    loose = make_client(server.endpoint, parameter_validation=False)
    name = _name()
    cognito.create_group(GroupName=name, UserPoolId=pool_id, Precedence=3)
    e = call_error(cognito.create_group, GroupName=name, UserPoolId=pool_id, Precedence=9)
    assert _error(e) == ("GroupExistsException", "A group with the name already exists.")
    assert cognito.get_group(GroupName=name, UserPoolId=pool_id)["Group"]["Precedence"] == 3

    for kwargs, member in [
        ({"GroupName": "two words"}, "groupName"),
        ({"GroupName": _name(), "Precedence": -1}, "precedence"),
        ({"GroupName": _name(), "RoleArn": "arn:aws:iam:::role/no-account"}, "roleArn"),
        ({"GroupName": _name(), "Description": "x" * 2049}, "description"),
    ]:
        e = call_error(loose.create_group, UserPoolId=pool_id, **kwargs)
        code, message = _error(e)
        assert code == "InvalidParameterException", message
        assert f"at '{member}'" in message, message
    e = call_error(loose.update_group, GroupName=name, UserPoolId=pool_id, Precedence=-5)
    assert _error(e)[0] == "InvalidParameterException"
    assert cognito.get_group(GroupName=name, UserPoolId=pool_id)["Group"]["Precedence"] == 3
    listed = [g["GroupName"] for g in cognito.list_groups(UserPoolId=pool_id)["Groups"]]
    assert listed == [name]

    e = call_error(cognito.create_group, GroupName=_name(), UserPoolId="us-east-1_nothere")
    assert _error(e)[0] == "ResourceNotFoundException"


def test_memberships_both_ways(server, cognito, seed_pool):
    pool_id = seed_pool["pool_id"]
    loose = make_client(server.endpoint, parameter_validation=False)
    alice = admin_create_confirmed_user(cognito, seed_pool, name="Alice")
    bob = admin_create_confirmed_user(cognito, seed_pool, name="Bob")
    a, b = sorted([_name("team"), _name("team")])
    for name in (a, b):
        cognito.create_group(GroupName=name, UserPoolId=pool_id)

    # Users are named by their sign-in e-mail here (the pool signs in by e-mail).
    for name, user in [(a, alice), (b, alice), (a, bob), (a, alice)]:
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=user.email, GroupName=name)

    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=alice.email)
    assert [g["GroupName"] for g in groups["Groups"]] == [a, b]
    first = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=alice.email, Limit=1)
    assert [g["GroupName"] for g in first["Groups"]] == [a]
    rest = cognito.admin_list_groups_for_user(
        UserPoolId=pool_id, Username=alice.email, Limit=1, NextToken=first["NextToken"]
    )
    assert [g["GroupName"] for g in rest["Groups"]] == [b]
    assert "NextToken" not in rest
    # A token of one listing does not continue another.
    e = call_error(cognito.list_groups, UserPoolId=pool_id, NextToken=first["NextToken"])
    assert _error(e)[0] == "InvalidParameterException"

    members = cognito.list_users_in_group(UserPoolId=pool_id, GroupName=a)["Users"]
    assert sorted(attrs_dict(u["Attributes"])["email"] for u in members) == sorted(
        [alice.email, bob.email]
    )
    assert {u["UserStatus"] for u in members} == {"CONFIRMED"}
    assert all(u["Enabled"] for u in members)

    # Removing twice is fine; deleting a user or a group ends its memberships.
    for _ in range(2):
        cognito.admin_remove_user_from_group(UserPoolId=pool_id, Username=alice.email, GroupName=b)
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=alice.email)
    assert [g["GroupName"] for g in groups["Groups"]] == [a]
    cognito.admin_delete_user(UserPoolId=pool_id, Username=bob.email)
    members = cognito.list_users_in_group(UserPoolId=pool_id, GroupName=a)["Users"]
    assert [attrs_dict(u["Attributes"])["email"] for u in members] == [alice.email]
    cognito.delete_group(GroupName=a, UserPoolId=pool_id)
    assert cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username=alice.email)["Groups"] == []

    e = call_error(cognito.admin_add_user_to_group, UserPoolId=pool_id,
                   Username="nobody@example.com", GroupName=b)
    assert _error(e) == ("UserNotFoundException", "User does not exist.")
    e = call_error(cognito.admin_add_user_to_group, UserPoolId=pool_id,
                   Username=alice.email, GroupName="no-such-group")
    assert _error(e) == ("ResourceNotFoundException", "Group not found.")
    e = call_error(cognito.list_users_in_group, UserPoolId=pool_id, GroupName="no-such-group")
    assert _error(e)[0] == "ResourceNotFoundException"
    e = call_error(loose.admin_add_user_to_group, UserPoolId=pool_id, Username=alice.email)
    assert _error(e)[0] == "InvalidParameterException"


def test_tokens_carry_groups_and_roles(cognito, seed_pool):
    pool_id = seed_pool["pool_id"]
    user = admin_create_confirmed_user(cognito, seed_pool)
    loner = admin_create_confirmed_user(cognito, seed_pool)
    admins, readers, plain = _name("admins"), _name("readers"), _name("plain")
    cognito.create_group(GroupName=readers, UserPoolId=pool_id, RoleArn=READERS_ROLE, Precedence=5)
    cognito.create_group(GroupName=admins, UserPoolId=pool_id, RoleArn=ADMINS_ROLE, Precedence=1)
    cognito.create_group(GroupName=plain, UserPoolId=pool_id)
    for name in (readers, admins, plain):
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=user.email, GroupName=name)

    tokens = sign_in(cognito, user)
    id_claims, access_claims = jwt_claims(tokens["IdToken"]), jwt_claims(tokens["AccessToken"])
    # In precedence order, groups without one last.
    assert id_claims["cognito:groups"] == [admins, readers, plain]
    assert access_claims["cognito:groups"] == [admins, readers, plain]
    assert id_claims["cognito:roles"] == [ADMINS_ROLE, READERS_ROLE]
    assert id_claims["cognito:preferred_role"] == ADMINS_ROLE
    assert "cognito:roles" not in access_claims

    # Groups without a role and a user in no group add nothing of the kind.
    lone = sign_in(cognito, loner)
    for token in (lone["IdToken"], lone["AccessToken"]):
        assert not {"cognito:groups", "cognito:roles", "cognito:preferred_role"} & set(
            jwt_claims(token)
        )

    # Refreshed tokens carry the groups as they are now; a tie between roles has no winner.
    cognito.update_group(GroupName=readers, UserPoolId=pool_id, Precedence=1)
    cognito.admin_remove_user_from_group(UserPoolId=pool_id, Username=user.email, GroupName=plain)
    again = refresh(cognito, user.client_id, tokens["RefreshToken"])["AuthenticationResult"]
    claims = jwt_claims(again["IdToken"])
    assert sorted(claims["cognito:groups"]) == sorted([admins, readers])
    assert "cognito:preferred_role" not in claims
    assert jwt_claims(again["AccessToken"])["cognito:groups"] == claims["cognito:groups"]


@pytest.mark.js
def test_aws_jwt_verify_checks_groups(server, cognito, seed_pool, node_bin):
    pool_id = seed_pool["pool_id"]
    user = admin_create_confirmed_user(cognito, seed_pool)
    group = _name("editors")
    cognito.create_group(GroupName=group, UserPoolId=pool_id)
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=user.email, GroupName=group)
    proc = run_node_test(
        node_bin,
        "groups.test.mjs",
        {
            "COGNATE_ENDPOINT": server.endpoint,
            "POOL_ID": pool_id,
            "CLIENT_ID": seed_pool["client_id"],
            "USERNAME": user.email,
            "PASSWORD": user.password,
            "GROUP": group,
        },
    )
    assert proc.returncode == 0, f"node --test failed\n{proc.stdout}\n{proc.stderr}"


def test_groups_through_the_aws_cli(aws_cli, cognito, seed_pool):
    pool_id = seed_pool["pool_id"]
    user = admin_create_confirmed_user(cognito, seed_pool)
    name = _name("cli")
    out = aws_cli(
        f"cognito-idp create-group --group-name {name} --user-pool-id {pool_id} "
        f"--description 'Made from the CLI' --precedence 2 --role-arn {ADMINS_ROLE}"
    )
    assert out["Group"]["GroupName"] == name
    assert out["Group"]["Precedence"] == 2
    aws_cli(f"cognito-idp update-group --group-name {name} --user-pool-id {pool_id} --precedence 4")
    got = aws_cli(f"cognito-idp get-group --group-name {name} --user-pool-id {pool_id}")
    assert got["Group"]["Precedence"] == 4
    assert got["Group"]["Description"] == "Made from the CLI"
    listed = aws_cli(f"cognito-idp list-groups --user-pool-id {pool_id}")
    assert [g["GroupName"] for g in listed["Groups"]] == [name]
    aws_cli(
        f"cognito-idp admin-add-user-to-group --user-pool-id {pool_id} "
        f"--username {user.email} --group-name {name}"
    )
    mine = aws_cli(
        f"cognito-idp admin-list-groups-for-user --user-pool-id {pool_id} --username {user.email}"
    )
    assert [g["GroupName"] for g in mine["Groups"]] == [name]
    members = aws_cli(f"cognito-idp list-users-in-group --user-pool-id {pool_id} --group-name {name}")
    assert [u["Username"] for u in members["Users"]] == [user.sub]
    aws_cli(
        f"cognito-idp admin-remove-user-from-group --user-pool-id {pool_id} "
        f"--username {user.email} --group-name {name}"
    )
    aws_cli(f"cognito-idp delete-group --group-name {name} --user-pool-id {pool_id}")
    failed = aws_cli(f"cognito-idp get-group --group-name {name} --user-pool-id {pool_id}", check=False)
    assert (failed.error_code, failed.error_message) == ("ResourceNotFoundException", "Group not found.")
