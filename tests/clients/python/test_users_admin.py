"""Administrative user management: Admin* user operations, AdminCreateUser invitations and the
NEW_PASSWORD_REQUIRED challenge, password resets and ListUsers."""

import datetime as dt
import json

import pytest

from helpers import (
    UUID_RE,
    admin_create_confirmed_user,
    attrs_dict,
    attrs_list,
    assert_no_message,
    call_error,
    create_seed_pool,
    err_code,
    err_msg,
    jwt_claims,
    new_email,
    new_password,
    new_phone,
    password_auth,
    sign_in,
    sign_up,
    sign_up_and_confirm,
    wait_for_message,
)

INCORRECT = "Incorrect username or password."


@pytest.fixture
def user(server, cognito, seed_pool):
    return sign_up_and_confirm(server, cognito, seed_pool)


def _now():
    return dt.datetime.now(dt.timezone.utc)


# --------------------------------------------------------------------------------------------
# AdminGetUser / Disable / Enable / Delete
# --------------------------------------------------------------------------------------------

def test_admin_get_user(cognito, seed_pool, user):
    for username in (user.email, user.email.upper(), user.sub):
        got = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=username)
        assert got["Username"] == user.sub, username
        assert got["UserStatus"] == "CONFIRMED"
        assert got["Enabled"] is True
        for key in ("UserCreateDate", "UserLastModifiedDate"):
            ts = got[key]
            assert isinstance(ts, dt.datetime) and ts.tzinfo is not None, key
            assert abs((_now() - ts).total_seconds()) < 600, f"{key} must be epoch seconds: {ts}"
        attrs = attrs_dict(got["UserAttributes"])
        assert attrs["sub"] == user.sub and UUID_RE.match(attrs["sub"])
        assert attrs["email"] == user.email
        assert attrs["email_verified"] == "true"
        assert attrs["name"] == "Test User"
        assert not got.get("MFAOptions")

    with pytest.raises(cognito.exceptions.UserNotFoundException) as ei:
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=new_email())
    assert err_msg(ei) == "User does not exist."


def test_admin_disable_and_enable_user(cognito, seed_pool, user):
    cognito.admin_disable_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    got = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    assert got["Enabled"] is False
    assert got["UserStatus"] == "CONFIRMED"
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == "User is disabled."

    cognito.admin_enable_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)["Enabled"] is True
    assert sign_in(cognito, user)["AccessToken"]

    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_disable_user(UserPoolId=seed_pool["pool_id"], Username=new_email())


def test_admin_delete_user(server, cognito, seed_pool, user):
    tokens = sign_in(cognito, user)
    cognito.admin_delete_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == INCORRECT
    with pytest.raises(cognito.exceptions.ClientError):
        cognito.get_user(AccessToken=tokens["AccessToken"])
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_delete_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    # The address is free again.
    again = sign_up_and_confirm(server, cognito, seed_pool, email_addr=user.email)
    assert again.sub != user.sub


def test_admin_confirm_sign_up(server, cognito, seed_pool):
    email_addr, password = new_email(), new_password()
    sign_up(cognito, seed_pool["client_id"], email_addr, password)
    cognito.admin_confirm_sign_up(UserPoolId=seed_pool["pool_id"], Username=email_addr)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=email_addr)["UserStatus"] == "CONFIRMED"
    assert password_auth(cognito, seed_pool["client_id"], email_addr, password)["AuthenticationResult"]


# --------------------------------------------------------------------------------------------
# Attributes
# --------------------------------------------------------------------------------------------

def test_admin_update_user_attributes(cognito, seed_pool, user):
    phone = new_phone()
    before = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    cognito.admin_update_user_attributes(
        UserPoolId=seed_pool["pool_id"], Username=user.email,
        UserAttributes=attrs_list({"phone_number": phone, "name": "Renamed"}))
    attrs = attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                              Username=user.email)["UserAttributes"])
    assert attrs["phone_number"] == phone
    assert attrs["name"] == "Renamed"
    assert attrs.get("phone_number_verified", "false") == "false"

    # Seed 001 troubleshooting: "Admin verify phone (for testing)".
    cognito.admin_update_user_attributes(
        UserPoolId=seed_pool["pool_id"], Username=user.email,
        UserAttributes=attrs_list({"phone_number_verified": "true"}))
    after = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=user.email)
    attrs = attrs_dict(after["UserAttributes"])
    assert attrs["phone_number_verified"] == "true"
    assert attrs["phone_number"] == phone
    assert after["UserLastModifiedDate"] >= before["UserLastModifiedDate"]

    # The ID token reflects the change (phone_number_verified is a JSON boolean there).
    idc = jwt_claims(sign_in(cognito, user)["IdToken"])
    assert idc["phone_number"] == phone
    assert idc["phone_number_verified"] is True
    assert idc["name"] == "Renamed"

    # Invalid values are rejected; sub is immutable.
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.admin_update_user_attributes(
            UserPoolId=seed_pool["pool_id"], Username=user.email,
            UserAttributes=attrs_list({"phone_number": "5551234567"}))
    with pytest.raises((cognito.exceptions.InvalidParameterException,
                        cognito.exceptions.NotAuthorizedException)):
        cognito.admin_update_user_attributes(
            UserPoolId=seed_pool["pool_id"], Username=user.email,
            UserAttributes=attrs_list({"sub": "00000000-0000-4000-8000-000000000000"}))
    assert attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                             Username=user.email)["UserAttributes"])["sub"] == user.sub


def test_admin_delete_user_attributes(cognito, seed_pool, user):
    cognito.admin_update_user_attributes(
        UserPoolId=seed_pool["pool_id"], Username=user.email,
        UserAttributes=attrs_list({"phone_number": new_phone(), "given_name": "Given"}))
    cognito.admin_delete_user_attributes(
        UserPoolId=seed_pool["pool_id"], Username=user.email,
        UserAttributeNames=["phone_number", "given_name"])
    attrs = attrs_dict(cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                              Username=user.email)["UserAttributes"])
    assert "phone_number" not in attrs
    assert "given_name" not in attrs
    assert attrs["email"] == user.email and attrs["name"] == "Test User"


# --------------------------------------------------------------------------------------------
# Passwords set by an administrator
# --------------------------------------------------------------------------------------------

def test_admin_set_user_password_permanent(cognito, seed_pool, user):
    new = new_password()
    cognito.admin_set_user_password(UserPoolId=seed_pool["pool_id"], Username=user.email,
                                    Password=new, Permanent=True)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=user.email)["UserStatus"] == "CONFIRMED"
    assert password_auth(cognito, seed_pool["client_id"], user.email, new)["AuthenticationResult"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == INCORRECT

    with pytest.raises(cognito.exceptions.InvalidPasswordException) as ei:
        cognito.admin_set_user_password(UserPoolId=seed_pool["pool_id"], Username=user.email,
                                        Password="short1A", Permanent=True)
    assert err_msg(ei).startswith("Password did not conform with policy: ")


def test_admin_set_user_password_temporary(cognito, seed_pool, user):
    temp = new_password()
    cognito.admin_set_user_password(UserPoolId=seed_pool["pool_id"], Username=user.email,
                                    Password=temp, Permanent=False)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=user.email)["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    resp = password_auth(cognito, seed_pool["client_id"], user.email, temp)
    assert resp["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert "AuthenticationResult" not in resp
    final = new_password()
    done = cognito.respond_to_auth_challenge(
        ClientId=seed_pool["client_id"], ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=resp["Session"], ChallengeResponses={"USERNAME": user.email, "NEW_PASSWORD": final})
    assert done["AuthenticationResult"]["AccessToken"]
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=user.email)["UserStatus"] == "CONFIRMED"


def test_admin_reset_user_password(server, cognito, seed_pool, user):
    cognito.admin_reset_user_password(UserPoolId=seed_pool["pool_id"], Username=user.email)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=user.email)["UserStatus"] == "RESET_REQUIRED"
    code = server.smtp.wait_for_code(user.email)

    with pytest.raises(cognito.exceptions.PasswordResetRequiredException) as ei:
        password_auth(cognito, seed_pool["client_id"], user.email, user.password)
    assert err_msg(ei) == "Password reset required for the user"

    new = new_password()
    cognito.confirm_forgot_password(ClientId=seed_pool["client_id"], Username=user.email,
                                    ConfirmationCode=code, Password=new)
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=user.email)["UserStatus"] == "CONFIRMED"
    assert password_auth(cognito, seed_pool["client_id"], user.email, new)["AuthenticationResult"]


# --------------------------------------------------------------------------------------------
# AdminCreateUser and NEW_PASSWORD_REQUIRED
# --------------------------------------------------------------------------------------------

def _admin_create(cognito, pool, email_addr, temp, **kw):
    return cognito.admin_create_user(
        UserPoolId=pool["pool_id"], Username=email_addr, TemporaryPassword=temp,
        UserAttributes=attrs_list({"email": email_addr, "email_verified": "true", "name": "Invited"}),
        **kw)["User"]


def test_admin_create_user_new_password_required_flow(server, cognito, seed_pool):
    email_addr, temp = new_email(), "Tmp" + new_password()
    created = _admin_create(cognito, seed_pool, email_addr, temp, DesiredDeliveryMediums=["EMAIL"])
    sub = attrs_dict(created["Attributes"])["sub"]
    assert created["Username"] == sub
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert created["Enabled"] is True
    assert isinstance(created["UserCreateDate"], dt.datetime)

    # The invitation e-mail carries the temporary password.
    invite = wait_for_message(server.smtp, email_addr, contains=temp)
    assert temp in invite

    resp = password_auth(cognito, seed_pool["client_id"], email_addr, temp)
    assert resp["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert "AuthenticationResult" not in resp
    assert isinstance(resp["Session"], str) and len(resp["Session"]) >= 20
    params = resp["ChallengeParameters"]
    assert params["USER_ID_FOR_SRP"] == sub
    required = json.loads(params["requiredAttributes"])
    assert isinstance(required, list)
    assert all(r.startswith("userAttributes.") for r in required), required
    assert "userAttributes.email" not in required and "userAttributes.name" not in required, (
        "attributes that already have a value are not required again")
    user_attrs = json.loads(params["userAttributes"])
    assert isinstance(user_attrs, dict)
    assert user_attrs["email"] == email_addr

    final = new_password()
    with pytest.raises(cognito.exceptions.InvalidPasswordException):
        cognito.respond_to_auth_challenge(
            ClientId=seed_pool["client_id"], ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=resp["Session"],
            ChallengeResponses={"USERNAME": email_addr, "NEW_PASSWORD": "weak"})
    # A failed policy check does not consume the session in a way that blocks a retry from
    # a fresh sign-in.
    resp = password_auth(cognito, seed_pool["client_id"], email_addr, temp)
    done = cognito.respond_to_auth_challenge(
        ClientId=seed_pool["client_id"], ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=resp["Session"], ChallengeResponses={"USERNAME": email_addr, "NEW_PASSWORD": final})
    assert done["ChallengeParameters"] == {}
    ar = done["AuthenticationResult"]
    assert ar["AccessToken"] and ar["IdToken"] and ar["RefreshToken"]
    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == sub

    got = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email_addr)
    assert got["UserStatus"] == "CONFIRMED"
    assert password_auth(cognito, seed_pool["client_id"], email_addr, final)["AuthenticationResult"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        password_auth(cognito, seed_pool["client_id"], email_addr, temp)
    # A challenge session is single-use.
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.respond_to_auth_challenge(
            ClientId=seed_pool["client_id"], ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=resp["Session"],
            ChallengeResponses={"USERNAME": email_addr, "NEW_PASSWORD": new_password()})


def test_admin_create_user_suppress_sends_no_message(server, cognito, seed_pool):
    email_addr, temp = new_email(), "Tmp" + new_password()
    created = _admin_create(cognito, seed_pool, email_addr, temp, MessageAction="SUPPRESS",
                            DesiredDeliveryMediums=["EMAIL"])
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert_no_message(server.smtp, email_addr)
    # The temporary password still works.
    resp = password_auth(cognito, seed_pool["client_id"], email_addr, temp)
    assert resp["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_admin_create_user_duplicate(cognito, seed_pool, user):
    with pytest.raises(cognito.exceptions.UsernameExistsException):
        cognito.admin_create_user(
            UserPoolId=seed_pool["pool_id"], Username=user.email, MessageAction="SUPPRESS",
            UserAttributes=attrs_list({"email": user.email, "name": "Dup"}))


def test_admin_respond_to_auth_challenge_new_password(cognito, seed_pool):
    client_id = cognito.create_user_pool_client(
        UserPoolId=seed_pool["pool_id"], ClientName="admin-flow",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    email_addr, temp = new_email(), "Tmp" + new_password()
    sub = attrs_dict(_admin_create(cognito, seed_pool, email_addr, temp,
                                   MessageAction="SUPPRESS")["Attributes"])["sub"]

    resp = cognito.admin_initiate_auth(
        UserPoolId=seed_pool["pool_id"], ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email_addr, "PASSWORD": temp})
    assert resp["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert resp["ChallengeParameters"]["USER_ID_FOR_SRP"] == sub
    json.loads(resp["ChallengeParameters"]["requiredAttributes"])
    json.loads(resp["ChallengeParameters"]["userAttributes"])

    final = new_password()
    done = cognito.admin_respond_to_auth_challenge(
        UserPoolId=seed_pool["pool_id"], ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=resp["Session"], ChallengeResponses={"USERNAME": email_addr, "NEW_PASSWORD": final})
    ar = done["AuthenticationResult"]
    assert ar["AccessToken"] and ar["RefreshToken"]
    assert cognito.admin_get_user(UserPoolId=seed_pool["pool_id"],
                                  Username=email_addr)["UserStatus"] == "CONFIRMED"
    again = cognito.admin_initiate_auth(
        UserPoolId=seed_pool["pool_id"], ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email_addr, "PASSWORD": final})
    assert again["AuthenticationResult"]["AccessToken"]


# --------------------------------------------------------------------------------------------
# ListUsers
# --------------------------------------------------------------------------------------------

def _list_all(cognito, pool_id, **kw):
    users, token, pages = [], None, 0
    while True:
        resp = cognito.list_users(UserPoolId=pool_id, **kw, **({"PaginationToken": token} if token else {}))
        pages += 1
        users.extend(resp["Users"])
        token = resp.get("PaginationToken")
        if not token:
            return users, pages
        assert pages < 1000


def _emails(users):
    return sorted(attrs_dict(u["Attributes"])["email"] for u in users)


def test_list_users_filter_by_email(cognito):
    pool = create_seed_pool(cognito)
    a = admin_create_confirmed_user(cognito, pool)
    admin_create_confirmed_user(cognito, pool)
    users, _ = _list_all(cognito, pool["pool_id"], Filter=f'email = "{a.email}"')
    assert len(users) == 1
    u = users[0]
    assert u["Username"] == a.sub
    assert attrs_dict(u["Attributes"])["email"] == a.email
    assert u["UserStatus"] == "CONFIRMED"
    assert u["Enabled"] is True
    assert isinstance(u["UserCreateDate"], dt.datetime)
    assert isinstance(u["UserLastModifiedDate"], dt.datetime)
    none, _ = _list_all(cognito, pool["pool_id"], Filter='email = "nobody@example.com"')
    assert none == []
    by_sub, _ = _list_all(cognito, pool["pool_id"], Filter=f'sub = "{a.sub}"')
    assert [u["Username"] for u in by_sub] == [a.sub]
    by_username, _ = _list_all(cognito, pool["pool_id"], Filter=f'username = "{a.sub}"')
    assert [u["Username"] for u in by_username] == [a.sub]


def test_list_users_filter_by_email_prefix(cognito):
    pool = create_seed_pool(cognito)
    prefix = new_email("pre").split("@")[0]
    mine = [admin_create_confirmed_user(cognito, pool, email_addr=f"{prefix}{i}@example.com")
            for i in range(3)]
    admin_create_confirmed_user(cognito, pool)  # not matching
    users, _ = _list_all(cognito, pool["pool_id"], Filter=f'email ^= "{prefix}"')
    assert _emails(users) == sorted(u.email for u in mine)


def test_list_users_filter_by_status(server, cognito):
    pool = create_seed_pool(cognito)
    confirmed = [admin_create_confirmed_user(cognito, pool) for _ in range(2)]
    pending_email = new_email()
    sign_up(cognito, pool["client_id"], pending_email, new_password())  # UNCONFIRMED
    forced_email = new_email()
    _admin_create(cognito, pool, forced_email, "Tmp" + new_password(), MessageAction="SUPPRESS")

    users, _ = _list_all(cognito, pool["pool_id"], Filter='cognito:user_status = "CONFIRMED"')
    assert _emails(users) == sorted(u.email for u in confirmed)
    assert all(u["UserStatus"] == "CONFIRMED" for u in users)

    users, _ = _list_all(cognito, pool["pool_id"], Filter='cognito:user_status = "UNCONFIRMED"')
    assert _emails(users) == [pending_email]
    users, _ = _list_all(cognito, pool["pool_id"], Filter='cognito:user_status = "FORCE_CHANGE_PASSWORD"')
    assert _emails(users) == [forced_email]

    cognito.admin_disable_user(UserPoolId=pool["pool_id"], Username=confirmed[0].email)
    users, _ = _list_all(cognito, pool["pool_id"], Filter='status = "Disabled"')
    assert _emails(users) == [confirmed[0].email]
    assert users[0]["Enabled"] is False
    e = call_error(cognito.list_users, UserPoolId=pool["pool_id"], Filter='email = ')
    assert (err_code(e), err_msg(e)) == ("InvalidParameterException", "Error while parsing filter")


def test_list_users_pagination_returns_each_user_once(cognito):
    pool = create_seed_pool(cognito)
    created = sorted(admin_create_confirmed_user(cognito, pool).email for _ in range(7))
    seen, pages = [], 0
    token = None
    while True:
        resp = cognito.list_users(UserPoolId=pool["pool_id"], Limit=3,
                                  **({"PaginationToken": token} if token else {}))
        pages += 1
        assert len(resp["Users"]) <= 3
        seen.extend(attrs_dict(u["Attributes"])["email"] for u in resp["Users"])
        token = resp.get("PaginationToken")
        if not token:
            break
        assert pages < 20
    assert sorted(seen) == created, "every user exactly once"
    assert pages >= 3

    everyone, _ = _list_all(cognito, pool["pool_id"])
    assert _emails(everyone) == created

    only_email, _ = _list_all(cognito, pool["pool_id"], AttributesToGet=["email"])
    assert len(only_email) == 7
    for u in only_email:
        assert {a["Name"] for a in u["Attributes"]} == {"email"}, u["Attributes"]


@pytest.mark.parametrize("bad_filter", [
    "email = unquoted@example.com",
    'email ~ "x"',
    "nonsense",
    'email = "a" and name = "b"',
])
def test_list_users_bad_filter(cognito, seed_pool, bad_filter):
    with pytest.raises(cognito.exceptions.InvalidParameterException):
        cognito.list_users(UserPoolId=seed_pool["pool_id"], Filter=bad_filter)
