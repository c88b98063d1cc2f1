"""ChangePassword, ForgotPassword and ConfirmForgotPassword."""

import pytest

from helpers import (
    CODE_RE,
    attrs_list,
    assert_no_message,
    err_msg,
    messages_to,
    new_email,
    new_password,
    password_auth,
    sign_in,
    sign_up_and_confirm,
    wrong_code,
)

INCORRECT = "Incorrect username or password."


@pytest.fixture
def user(server, cognito, seed_pool):
    return sign_up_and_confirm(server, cognito, seed_pool)


@pytest.fixture
def legacy_client(cognito, seed_pool):
    return cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="legacy", PreventUserExistenceErrors="LEGACY",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]


def test_change_password(cognito, seed_pool, user):
    token = sign_in(cognito, user)["AccessToken"]
    new = new_password()

    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.change_password(AccessToken=token, PreviousPassword="Wrong" + user.password,
                                ProposedPassword=new)
    assert err_msg(ei) == INCORRECT

    with pytest.raises(cognito.exceptions.InvalidPasswordException) as ei:
        cognito.change_password(AccessToken=token, PreviousPassword=user.password,
                                ProposedPassword="alllowercase1")
    assert err_msg(ei) == "Password did not conform with policy: Password must have uppercase characters"

    resp = cognito.change_password(AccessToken=token, PreviousPassword=user.password,
                                   ProposedPassword=new)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200

    assert password_auth(cognito, seed_pool["client_id"], user.email, new)["AuthenticationResult"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == INCORRECT


def test_forgot_password_flow(server, cognito, seed_pool, user):
    resp = cognito.forgot_password(ClientId=seed_pool["client_id"], Username=user.email)
    cdd = resp["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "EMAIL"
    assert cdd["AttributeName"] == "email"
    assert cdd["Destination"] != user.email and "***" in cdd["Destination"]
    assert cdd["Destination"][0] == user.email[0]
    code = server.smtp.wait_for_code(user.email)
    assert CODE_RE.match(code)

    new = new_password()
    with pytest.raises(cognito.exceptions.CodeMismatchException) as ei:
        cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                        ConfirmationCode=wrong_code(code), Password=new)
    assert err_msg(ei) == "Invalid verification code provided, please try again."
    with pytest.raises(cognito.exceptions.InvalidPasswordException):
        cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                        ConfirmationCode=code, Password="weak")
    # Until confirmed, the old password still works.
    assert sign_in(cognito, user)["AccessToken"]

    cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                    ConfirmationCode=code, Password=new)
    assert password_auth(cognito, seed_pool["client_id"], user.email, new)["AuthenticationResult"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=user.email)["UserStatus"] == "CONFIRMED"

    # A used code cannot be replayed.
    with pytest.raises((cognito.exceptions.CodeMismatchException,
                        cognito.exceptions.ExpiredCodeException)):
        cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                        ConfirmationCode=code, Password=new_password())


def test_forgot_password_newest_code_wins(server, cognito, seed_pool, user):
    cognito.forgot_password(ClientId=seed_pool["client_id"], Username=user.email)
    first = server.smtp.wait_for_code(user.email)
    cognito.forgot_password(ClientId=seed_pool["client_id"], Username=user.email)
    second = server.smtp.wait_for_code(user.email)
    if first != second:
        with pytest.raises((cognito.exceptions.CodeMismatchException,
                            cognito.exceptions.ExpiredCodeException)):
            cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                            ConfirmationCode=first, Password=new_password())
    new = new_password()
    cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                    ConfirmationCode=second, Password=new)
    assert password_auth(cognito, seed_pool["client_id"], user.email, new)["AuthenticationResult"]


def test_forgot_password_without_verified_contact_legacy_client(server, cognito, seed_pool, user,
                                                                legacy_client):
    cognito.admin_update_user_attributes(UserPoolId=seed_pool["pool_id"], Username=user.email,
                                         UserAttributes=attrs_list({"email_verified": "false"}))
    before = len(messages_to(server.smtp, user.email))
    with pytest.raises(cognito.exceptions.InvalidParameterException) as ei:
        cognito.forgot_password(ClientId=legacy_client, Username=user.email)
    assert err_msg(ei) == ("Cannot reset password for the user as there is no registered/verified "
                           "email or phone_number")
    assert_no_message(server.smtp, user.email, wait=1.0, before=before)


def test_forgot_password_without_verified_contact_enabled_client(server, cognito, seed_pool, user):
    """PreventUserExistenceErrors=ENABLED, existing user without a verified contact.

    AWS documents two answers: the 2023 developer guide ("When a user isn't found, is
    deactivated, or doesn't have a verified delivery mechanism ... Cognito returns
    CodeDeliveryDetails with a simulated delivery medium") and the current guide/API reference
    (ENABLED makes recovery APIs "alternate between" a simulated response and
    InvalidParameterException; ForgotPassword throws InvalidParameterException when neither a
    verified phone nor email exists). Either is accepted; no code may be sent."""
    cognito.admin_update_user_attributes(UserPoolId=seed_pool["pool_id"], Username=user.email,
                                         UserAttributes=attrs_list({"email_verified": "false"}))
    before = len(messages_to(server.smtp, user.email))
    try:
        resp = cognito.forgot_password(ClientId=seed_pool["client_id"], Username=user.email)
    except cognito.exceptions.InvalidParameterException as e:
        assert err_msg(e) == ("Cannot reset password for the user as there is no registered/verified "
                              "email or phone_number")
    else:
        assert resp["CodeDeliveryDetails"]["DeliveryMedium"] in ("EMAIL", "SMS")
    assert_no_message(server.smtp, user.email, before=before)


def test_forgot_password_unknown_user_enabled_client(server, cognito, seed_pool):
    ghost = new_email()
    resp = cognito.forgot_password(ClientId=seed_pool["client_id"], Username=ghost)
    cdd = resp["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "EMAIL", "simulated medium follows the username format (email)"
    assert cdd["AttributeName"] == "email"
    assert cdd.get("Destination") and "***" in cdd["Destination"]
    assert_no_message(server.smtp, ghost)

    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=ghost,
                                        ConfirmationCode="123456", Password=new_password())


def test_forgot_password_unknown_user_legacy_client(cognito, legacy_client):
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.forgot_password(ClientId=legacy_client, Username=new_email())


def test_confirm_forgot_password_without_request(cognito, seed_pool, user):
    with pytest.raises(cognito.exceptions.ExpiredCodeException):
        cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                        ConfirmationCode="123456", Password=new_password())
    assert sign_in(cognito, user)["AccessToken"]


def test_forgot_password_in_an_admin_only_pool(server, cognito, seed_pool, user):
    """With `admin_only` recovery, ForgotPassword refuses known and unknown users alike, with
    Cognito's words and before looking the user up."""
    cognito.update_user_pool(
        UserPoolId=seed_pool["pool_id"], AutoVerifiedAttributes=["email"],
        AccountRecoverySetting={"RecoveryMechanisms": [{"Name": "admin_only", "Priority": 1}]})
    for who in (user.email, new_email("ghost")):
        with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
            cognito.forgot_password(ClientId=seed_pool["client_id"], Username=who)
        assert err_msg(ei) == "Contact administrator to reset password."
