"""SignUp, ConfirmSignUp and ResendConfirmationCode against the seed 001 pool/client."""

import pytest

from helpers import (
    CODE_RE,
    UUID_RE,
    attrs_dict,
    attrs_list,
    err_code,
    err_msg,
    new_email,
    new_password,
    password_auth,
    sign_up,
    wrong_code,
)


def _assert_masked_email(destination: str, email_addr: str):
    assert destination != email_addr, "Destination must be masked, not the plain address"
    assert "***" in destination, f"masked destination expected, got {destination!r}"
    assert destination[0] == email_addr[0], destination
    assert "@" in destination, destination


def test_sign_up_returns_unconfirmed_user_and_emails_code(server, cognito, seed_pool):
    email_addr = new_email()
    resp = sign_up(cognito, seed_pool["client_id"], email_addr, new_password())

    assert UUID_RE.match(resp["UserSub"]), f"UserSub must be a UUID v4, got {resp['UserSub']!r}"
    assert resp["UserConfirmed"] is False
    cdd = resp["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "EMAIL"
    assert cdd["AttributeName"] == "email"
    _assert_masked_email(cdd["Destination"], email_addr)
    assert resp["ResponseMetadata"]["RequestId"]

    code = server.smtp.wait_for_code(email_addr)
    assert CODE_RE.match(code)

    user = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)
    assert user["UserStatus"] == "UNCONFIRMED"
    assert user["Username"] == resp["UserSub"], "email-as-username pools use the sub as Username"
    attrs = attrs_dict(user["UserAttributes"])
    assert attrs["sub"] == resp["UserSub"]
    assert attrs["email"] == email_addr
    assert attrs["name"] == "Test User"
    assert attrs.get("email_verified", "false") == "false"


def test_sign_up_duplicate_email_is_username_exists(server, cognito, seed_pool):
    email_addr = new_email()
    sign_up(cognito, seed_pool["client_id"], email_addr, new_password())
    # Even while the first account is still UNCONFIRMED.
    with pytest.raises(cognito.exceptions.UsernameExistsException) as ei:
        sign_up(cognito, seed_pool["client_id"], email_addr, new_password())
    assert err_msg(ei) == "An account with the given email already exists."
    # The pool is case-insensitive: a differently-cased address is the same account.
    with pytest.raises(cognito.exceptions.UsernameExistsException):
        sign_up(cognito, seed_pool["client_id"], email_addr.upper(), new_password())


@pytest.mark.parametrize(
    "password, rule",
    [
        ("Ab1cdef", "Password not long enough"),
        ("abcdefgh1", "Password must have uppercase characters"),
        ("ABCDEFGH1", "Password must have lowercase characters"),
        ("Abcdefghi", "Password must have numeric characters"),
    ],
)
def test_sign_up_password_policy_violation(cognito, seed_pool, password, rule):
    email_addr = new_email()
    with pytest.raises(cognito.exceptions.InvalidPasswordException) as ei:
        sign_up(cognito, seed_pool["client_id"], email_addr, password)
    assert err_msg(ei) == f"Password did not conform with policy: {rule}"
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)


def test_sign_up_symbol_rule_in_seed002_policy(cognito):
    from helpers import SEED002_POOL_ARGS

    pool_id = cognito.create_user_pool(**SEED002_POOL_ARGS)["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
    email_addr = new_email()
    with pytest.raises(cognito.exceptions.InvalidPasswordException) as ei:
        cognito.sign_up(ClientId=client_id, Username=email_addr, Password="Abcdefghijk1",
                        UserAttributes=attrs_list({"email": email_addr}))
    assert err_msg(ei) == "Password did not conform with policy: Password must have symbol characters"
    with pytest.raises(cognito.exceptions.InvalidPasswordException) as ei:
        cognito.sign_up(ClientId=client_id, Username=email_addr, Password="Abcdefgh1!x",
                        UserAttributes=attrs_list({"email": email_addr}))
    assert err_msg(ei) == "Password did not conform with policy: Password not long enough"
    ok = cognito.sign_up(ClientId=client_id, Username=email_addr, Password="Abcdefgh1!xy",
                         UserAttributes=attrs_list({"email": email_addr}))
    assert ok["UserConfirmed"] is False


def test_sign_up_missing_required_attribute(cognito, seed_pool):
    email_addr = new_email()
    with pytest.raises(cognito.exceptions.InvalidParameterException) as ei:
        sign_up(cognito, seed_pool["client_id"], email_addr, new_password(), name=None)
    assert "name: The attribute is required" in err_msg(ei), err_msg(ei)
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)


def test_sign_up_rejects_attributes_outside_the_schema(cognito, seed_pool):
    email_addr = new_email()
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        sign_up(cognito, seed_pool["client_id"], email_addr, new_password(), **{"custom:nope": "x"})
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        sign_up(cognito, seed_pool["client_id"], email_addr, new_password(), not_an_attribute="x")
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)


@pytest.mark.parametrize("phone", ["5551234567", "(555) 123-4567"])
def test_sign_up_rejects_non_e164_phone(cognito, seed_pool, phone):
    email_addr = new_email()
    with pytest.raises(cognito.exceptions.InvalidParameterException) as ei:
        sign_up(cognito, seed_pool["client_id"], email_addr, new_password(), phone_number=phone)
    assert "phone" in err_msg(ei).lower(), err_msg(ei)
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)


def test_sign_up_accepts_e164_phone(server, cognito, seed_pool):
    email_addr = new_email()
    sign_up(cognito, seed_pool["client_id"], email_addr, new_password(), phone_number="+15551234567")
    attrs = attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                              Username=email_addr)["UserAttributes"])
    assert attrs["phone_number"] == "+15551234567"
    assert attrs.get("phone_number_verified", "false") == "false"


def test_sign_up_username_must_be_an_email(cognito, seed_pool):
    with pytest.raises(cognito.exceptions.InvalidParameterException) as ei:
        cognito.sign_up(ClientId=seed_pool["client_id"], Username="not-an-email",
                        Password=new_password(),
                        UserAttributes=attrs_list({"email": new_email(), "name": "X"}))
    assert "email" in err_msg(ei).lower(), err_msg(ei)


def test_email_sign_in_is_case_insensitive(server, cognito, seed_pool):
    local = new_email().split("@")[0]
    mixed = f"Foo{local}@Example.com"
    password = new_password()
    resp = sign_up(cognito, seed_pool["client_id"], mixed, password)
    code = server.smtp.wait_for_code(mixed)
    cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=mixed.lower(), ConfirmationCode=code)

    res = password_auth(cognito, seed_pool["client_id"], mixed.lower(), password)
    assert "AccessToken" in res["AuthenticationResult"]
    res = password_auth(cognito, seed_pool["client_id"], mixed.upper(), password)
    assert "AccessToken" in res["AuthenticationResult"]
    got = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=mixed.lower())
    assert got["Username"] == resp["UserSub"]


# --------------------------------------------------------------------------------------------
# ConfirmSignUp / ResendConfirmationCode
# --------------------------------------------------------------------------------------------

def test_confirm_sign_up_wrong_code_then_right_code(server, cognito, seed_pool):
    email_addr, password = new_email(), new_password()
    sign_up(cognito, seed_pool["client_id"], email_addr, password)
    code = server.smtp.wait_for_code(email_addr)

    with pytest.raises(cognito.exceptions.CodeMismatchException) as ei:
        cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                                ConfirmationCode=wrong_code(code))
    assert err_msg(ei) == "Invalid verification code provided, please try again."
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=email_addr)["UserStatus"] == "UNCONFIRMED"

    resp = cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                                   ConfirmationCode=code)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    user = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)
    assert user["UserStatus"] == "CONFIRMED"
    assert attrs_dict(user["UserAttributes"])["email_verified"] == "true"
    # And the account can now sign in.
    res = password_auth(cognito, seed_pool["client_id"], email_addr, password)
    assert "AccessToken" in res["AuthenticationResult"]


def test_confirm_sign_up_code_reuse_after_confirmation(server, cognito, seed_pool):
    email_addr = new_email()
    sign_up(cognito, seed_pool["client_id"], email_addr, new_password())
    code = server.smtp.wait_for_code(email_addr)
    cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr, ConfirmationCode=code)
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                                ConfirmationCode=code)
    assert err_msg(ei) == "User cannot be confirmed. Current status is CONFIRMED"


def test_resend_confirmation_code_replaces_old_code(server, cognito, seed_pool):
    email_addr = new_email()
    sign_up(cognito, seed_pool["client_id"], email_addr, new_password())
    old = server.smtp.wait_for_code(email_addr)

    resp = cognito.resend_confirmation_code(ClientId=seed_pool["client_id"], Username=email_addr)
    cdd = resp["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "EMAIL"
    assert cdd["AttributeName"] == "email"
    _assert_masked_email(cdd["Destination"], email_addr)
    new = server.smtp.wait_for_code(email_addr)
    assert CODE_RE.match(new)

    if new != old:  # 1-in-a-million collision: nothing to check then
        with pytest.raises((cognito.exceptions.CodeMismatchException,
                            cognito.exceptions.ExpiredCodeException)):
            cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                                    ConfirmationCode=old)
    cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr, ConfirmationCode=new)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=email_addr)["UserStatus"] == "CONFIRMED"


def test_resend_confirmation_code_for_confirmed_user_is_refused(server, cognito, seed_pool):
    email_addr = new_email()
    sign_up(cognito, seed_pool["client_id"], email_addr, new_password())
    cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                            ConfirmationCode=server.smtp.wait_for_code(email_addr))
    with pytest.raises(cognito.exceptions.InvalidParameterException) as ei:
        cognito.resend_confirmation_code(ClientId=seed_pool["client_id"], Username=email_addr)
    assert "User is already confirmed." in err_msg(ei), err_msg(ei)


def test_confirm_sign_up_attempts_are_bounded(server, cognito, seed_pool):
    email_addr = new_email()
    sign_up(cognito, seed_pool["client_id"], email_addr, new_password())
    code = server.smtp.wait_for_code(email_addr)
    bad = wrong_code(code)

    codes = []
    for _ in range(10):
        try:
            cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                                    ConfirmationCode=bad)
        except cognito.exceptions.ClientError as e:
            codes.append(err_code(e))
            if codes[-1] in ("LimitExceededException", "TooManyFailedAttemptsException"):
                break
        else:
            pytest.fail("a wrong confirmation code was accepted")
    assert codes[0] == "CodeMismatchException", codes
    assert codes[-1] in ("LimitExceededException", "TooManyFailedAttemptsException"), (
        f"no attempt bound after 10 wrong codes: {codes}"
    )
    # Once the bound is hit, even the right code is refused.
    with pytest.raises(cognito.exceptions.ClientError) as ei:
        cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=email_addr,
                                ConfirmationCode=code)
    assert err_code(ei) in ("LimitExceededException", "TooManyFailedAttemptsException",
                            "CodeMismatchException", "ExpiredCodeException"), err_code(ei)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=email_addr)["UserStatus"] == "UNCONFIRMED"


def test_confirm_sign_up_unknown_user_does_not_reveal_existence(cognito, seed_pool):
    """PreventUserExistenceErrors=ENABLED: ConfirmSignUp for a nonexistent user never says
    UserNotFoundException."""
    with pytest.raises(cognito.exceptions.ClientError) as ei:
        cognito.confirm_sign_up(ClientId=seed_pool["client_id"], Username=new_email(),
                                ConfirmationCode="123456")
    assert err_code(ei) != "UserNotFoundException"
    assert err_code(ei) in ("CodeMismatchException", "ExpiredCodeException",
                            "NotAuthorizedException"), err_code(ei)


def test_resend_confirmation_code_unknown_user_legacy_vs_enabled(server, cognito, seed_pool):
    ghost = new_email()
    resp = cognito.resend_confirmation_code(ClientId=seed_pool["client_id"], Username=ghost)
    assert resp["CodeDeliveryDetails"]["DeliveryMedium"] in ("EMAIL", "SMS")

    legacy = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="legacy", PreventUserExistenceErrors="LEGACY",
    )["UserPoolClient"]["ClientId"]
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.resend_confirmation_code(ClientId=legacy, Username=ghost)
