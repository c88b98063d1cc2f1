"""Self-service profile operations with an access token: GetUser, UpdateUserAttributes,
attribute verification (e-mail via SMTP, phone via the SMS webhook), DeleteUserAttributes,
DeleteUser, and app-client ReadAttributes/WriteAttributes."""

import pytest

from helpers import (
    CODE_RE,
    admin_create_confirmed_user,
    attrs_dict,
    attrs_list,
    create_client,
    call_error,
    create_pool,
    err_code,
    err_msg,
    jwt_claims,
    messages_to,
    new_email,
    new_phone,
    password_auth,
    sign_in,
    sign_up_and_confirm,
    wrong_code,
)


@pytest.fixture
def user(server, cognito, seed_pool):
    return sign_up_and_confirm(server, cognito, seed_pool)


@pytest.fixture
def token(cognito, user):
    return sign_in(cognito, user)["AccessToken"]


def _attrs(cognito, token):
    return attrs_dict(cognito.get_user(AccessToken=token)["UserAttributes"])


def test_get_user(cognito, user, token):
    resp = cognito.get_user(AccessToken=token)
    assert resp["Username"] == user.sub
    attrs = attrs_dict(resp["UserAttributes"])
    assert attrs["sub"] == user.sub
    assert attrs["email"] == user.email
    assert attrs["email_verified"] == "true"
    assert attrs["name"] == "Test User"
    assert not resp.get("MFAOptions")
    assert not resp.get("UserMFASettingList")


def test_update_user_attributes_name(cognito, seed_pool, user, token):
    resp = cognito.update_user_attributes(AccessToken=token,
                                          UserAttributes=attrs_list({"name": "New Name"}))
    assert not resp.get("CodeDeliveryDetailsList"), "no verification needed for name"
    assert _attrs(cognito, token)["name"] == "New Name"
    admin = attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                              Username=user.email)["UserAttributes"])
    assert admin["name"] == "New Name"
    assert jwt_claims(sign_in(cognito, user)["IdToken"])["name"] == "New Name"

    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.update_user_attributes(AccessToken=token,
                                       UserAttributes=attrs_list({"phone_number": "(555) 123-4567"}))


def test_update_email_unverifies_and_sends_code(server, cognito, seed_pool, user, token):
    new_addr = new_email()
    resp = cognito.update_user_attributes(AccessToken=token,
                                          UserAttributes=attrs_list({"email": new_addr}))
    details = resp["CodeDeliveryDetailsList"]
    assert len(details) == 1
    d = details[0]
    assert d["DeliveryMedium"] == "EMAIL"
    assert d["AttributeName"] == "email"
    assert d["Destination"] != new_addr and "***" in d["Destination"]
    assert d["Destination"][0] == new_addr[0]

    attrs = _attrs(cognito, token)
    assert attrs["email"] == new_addr
    assert attrs["email_verified"] == "false"

    code = server.smtp.wait_for_code(new_addr)
    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.verify_user_attribute(AccessToken=token, AttributeName="email", Code=wrong_code(code))
    cognito.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    assert _attrs(cognito, token)["email_verified"] == "true"

    # The new address is now the sign-in identifier.
    res = password_auth(cognito, seed_pool["client_id"], new_addr, user.password)
    assert jwt_claims(res["AuthenticationResult"]["IdToken"])["email"] == new_addr
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)


def test_verify_email_attribute(server, cognito, seed_pool, user, token):
    cognito.admin_update_user_attributes(UserPoolId=seed_pool["pool_id"], Username=user.email,
                                         UserAttributes=attrs_list({"email_verified": "false"}))
    assert _attrs(cognito, token)["email_verified"] == "false"

    resp = cognito.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    cdd = resp["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "EMAIL"
    assert cdd["AttributeName"] == "email"
    assert "***" in cdd["Destination"]
    code = server.smtp.wait_for_code(user.email)
    assert CODE_RE.match(code)

    with pytest.raises(cognito.exceptions.CodeMismatchException) as ei:
        cognito.verify_user_attribute(AccessToken=token, AttributeName="email", Code=wrong_code(code))
    assert err_msg(ei) == "Invalid verification code provided, please try again."
    cognito.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    assert _attrs(cognito, token)["email_verified"] == "true"


def test_verify_phone_number_attribute_via_sms(server, cognito, seed_pool, user, token):
    phone = new_phone()
    cognito.update_user_attributes(AccessToken=token, UserAttributes=attrs_list({"phone_number": phone}))
    attrs = _attrs(cognito, token)
    assert attrs["phone_number"] == phone
    assert attrs.get("phone_number_verified", "false") == "false"

    resp = cognito.get_user_attribute_verification_code(AccessToken=token, AttributeName="phone_number")
    cdd = resp["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "SMS"
    assert cdd["AttributeName"] == "phone_number"
    assert cdd["Destination"] != phone and cdd["Destination"].endswith(phone[-4:])
    assert "*" in cdd["Destination"]

    code = server.sms.wait_for_code(phone)
    assert CODE_RE.match(code)
    sms = messages_to(server.sms, phone)
    assert any(seed_pool["pool_id"] in m for m in sms), (
        f"the SMS webhook payload should name the user pool: {sms!r}")
    assert any(code in m for m in sms)

    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.verify_user_attribute(AccessToken=token, AttributeName="phone_number",
                                      Code=wrong_code(code))
    cognito.verify_user_attribute(AccessToken=token, AttributeName="phone_number", Code=code)
    attrs = _attrs(cognito, token)
    assert attrs["phone_number_verified"] == "true"
    assert jwt_claims(sign_in(cognito, user)["IdToken"])["phone_number_verified"] is True


def test_delete_user_attributes(cognito, user, token):
    cognito.update_user_attributes(
        AccessToken=token, UserAttributes=attrs_list({"phone_number": new_phone(), "given_name": "G"}))
    assert "given_name" in _attrs(cognito, token)
    cognito.delete_user_attributes(AccessToken=token, UserAttributeNames=["given_name", "phone_number"])
    attrs = _attrs(cognito, token)
    assert "given_name" not in attrs
    assert "phone_number" not in attrs
    assert attrs["email"] == user.email
    # An attribute outside the schema: Cognito's words, and nothing deleted.
    e = call_error(cognito.delete_user_attributes, AccessToken=token,
                   UserAttributeNames=["email", "custom:nope"])
    assert err_code(e) == "InvalidParameterException"
    assert err_msg(e) == "Invalid user attributes: user.custom:nope: Attribute does not exist in the schema.\n"
    e = call_error(cognito.delete_user_attributes, AccessToken=token,
                   UserAttributeNames=["custom:nope", "email", "custom:nada"])
    assert err_msg(e) == ("Invalid user attributes: user.custom:nope: Attribute does not exist in the schema.\n"
                          "user.custom:nada: Attribute does not exist in the schema.\n")
    assert _attrs(cognito, token)["email"] == user.email


def test_delete_user(cognito, seed_pool, user, token):
    cognito.delete_user(AccessToken=token)
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == "Incorrect username or password."
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    with pytest.raises(cognito.exceptions.ClientError):
        cognito.get_user(AccessToken=token)


def test_token_ops_reject_bad_access_token(cognito):
    for call in (
        lambda: cognito.update_user_attributes(AccessToken="garbage",
                                               UserAttributes=attrs_list({"name": "x"})),
        lambda: cognito.delete_user_attributes(AccessToken="garbage", UserAttributeNames=["name"]),
        lambda: cognito.get_user_attribute_verification_code(AccessToken="garbage", AttributeName="email"),
        lambda: cognito.verify_user_attribute(AccessToken="garbage", AttributeName="email", Code="123456"),
        lambda: cognito.delete_user(AccessToken="garbage"),
        lambda: cognito.global_sign_out(AccessToken="garbage"),
        lambda: cognito.change_password(AccessToken="garbage", PreviousPassword="Aa1aaaaa",
                                        ProposedPassword="Bb2bbbbb"),
    ):
        with pytest.raises(cognito.exceptions.NotAuthorizedException):
            call()


# --------------------------------------------------------------------------------------------
# App-client attribute permissions
# --------------------------------------------------------------------------------------------

@pytest.fixture
def restricted(cognito):
    """A pool where only email is required, with a client that may read and write only email
    (required attributes must stay writable, so `name` is optional in this pool)."""
    pool_id = create_pool(cognito, Schema=[
        {"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": True},
    ])
    full = create_client(cognito, pool_id, ClientName="full")
    limited = create_client(cognito, pool_id, ClientName="limited",
                            ReadAttributes=["email"], WriteAttributes=["email"])
    d = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=limited["ClientId"])["UserPoolClient"]
    assert d["ReadAttributes"] == ["email"] and d["WriteAttributes"] == ["email"]
    pool = {"pool_id": pool_id, "client_id": full["ClientId"]}
    u = admin_create_confirmed_user(cognito, pool)
    cognito.admin_update_user_attributes(
        UserPoolId=pool_id, Username=u.email,
        UserAttributes=attrs_list({"phone_number": new_phone(), "given_name": "Hidden"}))
    return pool, limited["ClientId"], u


def test_read_attributes_limit_get_user(cognito, restricted):
    pool, limited_id, u = restricted
    full_token = sign_in(cognito, u)["AccessToken"]
    full_attrs = _attrs(cognito, full_token)
    assert {"sub", "email", "name", "given_name", "phone_number"} <= set(full_attrs)

    ar = sign_in(cognito, u, client_id=limited_id)
    attrs = _attrs(cognito, ar["AccessToken"])
    assert attrs["sub"] == u.sub, "sub is always returned"
    assert attrs["email"] == u.email
    assert set(attrs) <= {"sub", "email", "email_verified"}, attrs
    # The ID token is filtered the same way.
    idc = jwt_claims(ar["IdToken"])
    for hidden in ("name", "given_name", "phone_number"):
        assert hidden not in idc, f"{hidden} is not readable by this client"


def test_write_attributes_limit_update(server, cognito, restricted):
    pool, limited_id, u = restricted
    token = sign_in(cognito, u, client_id=limited_id)["AccessToken"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        cognito.update_user_attributes(AccessToken=token, UserAttributes=attrs_list({"name": "Nope"}))
    assert "unauthorized attribute" in err_msg(ei), err_msg(ei)
    admin = attrs_dict(cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=u.email)["UserAttributes"])
    assert admin["name"] == "Test User", "a refused update must not change anything"

    new_addr = new_email()
    resp = cognito.update_user_attributes(AccessToken=token, UserAttributes=attrs_list({"email": new_addr}))
    assert resp["CodeDeliveryDetailsList"][0]["AttributeName"] == "email"
    server.smtp.wait_for_code(new_addr)


# --------------------------------------------------------------------------------------------
# AttributesRequireVerificationBeforeUpdate: a new email waits for its code
# --------------------------------------------------------------------------------------------

KEEP_UNTIL_VERIFIED = {"AttributesRequireVerificationBeforeUpdate": ["email"]}


@pytest.fixture
def verify_first_pool(cognito):
    pool_id = create_pool(cognito, UserAttributeUpdateSettings=KEEP_UNTIL_VERIFIED)
    client = create_client(cognito, pool_id)
    return {"pool_id": pool_id, "client_id": client["ClientId"]}


def test_update_settings_stored_and_checked(cognito, verify_first_pool):
    pool = cognito.describe_user_pool(UserPoolId=verify_first_pool["pool_id"])["UserPool"]
    assert pool["UserAttributeUpdateSettings"] == KEEP_UNTIL_VERIFIED
    # the attribute must be verified automatically, and only email / phone_number qualify
    for settings, auto in ((KEEP_UNTIL_VERIFIED, []),
                           ({"AttributesRequireVerificationBeforeUpdate": ["name"]}, ["email"])):
        with pytest.raises(cognito.exceptions.InvalidParameterException):
            create_pool(cognito, UserAttributeUpdateSettings=settings, AutoVerifiedAttributes=auto)


def test_new_email_waits_for_verification(server, cognito, verify_first_pool):
    pool = verify_first_pool
    user = sign_up_and_confirm(server, cognito, pool)
    token = sign_in(cognito, user)["AccessToken"]
    new_addr = new_email()
    resp = cognito.update_user_attributes(AccessToken=token, UserAttributes=attrs_list({"email": new_addr}))
    (d,) = resp["CodeDeliveryDetailsList"]
    assert (d["AttributeName"], d["DeliveryMedium"], d["Destination"][0]) == ("email", "EMAIL", new_addr[0])
    code = server.smtp.wait_for_code(new_addr)

    # the old, verified address stays in force until the code comes back
    attrs = _attrs(cognito, token)
    assert (attrs["email"], attrs["email_verified"]) == (user.email, "true")
    password_auth(cognito, pool["client_id"], user.email, user.password)
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        password_auth(cognito, pool["client_id"], new_addr, user.password)

    # asking again sends a new code to the new address; the first one is void
    cognito.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    second = server.smtp.wait_for_code(new_addr)
    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.verify_user_attribute(AccessToken=token, AttributeName="email",
                                      Code=code if code != second else wrong_code(code))
    cognito.verify_user_attribute(AccessToken=token, AttributeName="email", Code=second)

    attrs = _attrs(cognito, token)
    assert (attrs["email"], attrs["email_verified"]) == (new_addr, "true")
    res = password_auth(cognito, pool["client_id"], new_addr, user.password)
    assert jwt_claims(res["AuthenticationResult"]["IdToken"])["email"] == new_addr
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        password_auth(cognito, pool["client_id"], user.email, user.password)


def test_pending_email_taken_by_another_user(server, cognito, verify_first_pool):
    pool = verify_first_pool
    user = sign_up_and_confirm(server, cognito, pool)
    other = admin_create_confirmed_user(cognito, pool)
    token = sign_in(cognito, user)["AccessToken"]
    with pytest.raises(cognito.exceptions.AliasExistsException):
        cognito.update_user_attributes(AccessToken=token, UserAttributes=attrs_list({"email": other.email}))
    assert _attrs(cognito, token)["email"] == user.email


def test_admin_update_marked_verified_applies_at_once(server, cognito, verify_first_pool):
    pool = verify_first_pool
    user = sign_up_and_confirm(server, cognito, pool)
    held, direct = new_email(), new_email()
    # without email_verified the admin's change waits like the user's
    cognito.admin_update_user_attributes(UserPoolId=pool["pool_id"], Username=user.email,
                                         UserAttributes=attrs_list({"email": held}))
    got = attrs_dict(cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=user.sub)["UserAttributes"])
    assert got["email"] == user.email
    server.smtp.wait_for_code(held)
    # with email_verified=true it applies at once, verified
    cognito.admin_update_user_attributes(UserPoolId=pool["pool_id"], Username=user.email,
                                         UserAttributes=attrs_list({"email": direct, "email_verified": "true"}))
    got = attrs_dict(cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=user.sub)["UserAttributes"])
    assert (got["email"], got["email_verified"]) == (direct, "true")
    password_auth(cognito, pool["client_id"], direct, user.password)


def test_reset_code_goes_to_the_verified_email_while_a_new_one_waits(server, cognito, verify_first_pool):
    pool = verify_first_pool
    user = sign_up_and_confirm(server, cognito, pool)
    token = sign_in(cognito, user)["AccessToken"]
    new_addr = new_email()
    cognito.update_user_attributes(AccessToken=token, UserAttributes=attrs_list({"email": new_addr}))
    server.smtp.wait_for_code(new_addr)

    cognito.forgot_password(ClientId=pool["client_id"], Username=user.email)
    code = server.smtp.wait_for_code(user.email)
    server.smtp.assert_nothing_sent_to(new_addr)
    cognito.confirm_forgot_password(ClientId=pool["client_id"], Username=user.email,
                                    ConfirmationCode=code, Password=user.password + "x")
    password_auth(cognito, pool["client_id"], user.email, user.password + "x")


def test_verified_flags_take_true_and_false_in_any_case(cognito, seed_pool):
    """Cognito takes `email_verified`/`phone_number_verified` as true/false in any case (boto3
    users often send Python's "True") and keeps them in lower case."""
    email = new_email("case")
    cognito.admin_create_user(
        UserPoolId=seed_pool["pool_id"], Username=email, MessageAction="SUPPRESS",
        UserAttributes=attrs_list({"email": email, "email_verified": "True", "name": "Case"}),
    )
    got = attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email)["UserAttributes"])
    assert got["email_verified"] == "true"
    cognito.admin_update_user_attributes(
        UserPoolId=seed_pool["pool_id"], Username=email,
        UserAttributes=attrs_list({"email_verified": "FALSE"}),
    )
    got = attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email)["UserAttributes"])
    assert got["email_verified"] == "false"
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.admin_update_user_attributes(
            UserPoolId=seed_pool["pool_id"], Username=email,
            UserAttributes=attrs_list({"email_verified": "yes"}),
        )
