"""MFA with boto3 against the real server, both backends: preferences and GetUser, software
tokens (AssociateSoftwareToken / VerifySoftwareToken), SMS_MFA and SOFTWARE_TOKEN_MFA challenges
with USER_PASSWORD_AUTH, SRP and ADMIN_USER_PASSWORD_AUTH, SELECT_MFA_TYPE, MFA_SETUP in an
MFA-required pool, and the admin reset of seed 002.

Expected behaviour is Cognito's (cognito-protocol-notes.md §4, §5.2, §5.5-5.7, §9). TOTP codes are
computed here (RFC 6238) from the SecretCode the server hands out; SMS codes are read from the
webhook the server posts to.
"""

from __future__ import annotations

import json
import time

import pytest

from helpers import (
    admin_create_confirmed_user,
    attrs_dict,
    create_client,
    create_pool,
    jwt_claims,
    new_phone,
    password_auth,
    sign_up_and_confirm,
    wrong_code,
)
from mfa_helpers import (
    BASE32_RE,
    SEED001_SMS_MFA_CONFIGURATION,
    Authenticator,
    assert_code,
    code_of,
    enable_software_token,
    error_of,
    mask_phone,
    msg_of,
    sms_mfa_message,
    wrong_totp,
)

MFA_KEYS = ("UserMFASettingList", "PreferredMfaSetting", "MFAOptions")
SMS_OPTION = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]


# ============================================================================================
# helpers
# ============================================================================================


def tokens_of(out: dict, user) -> dict:
    """AuthenticationResult of a finished sign-in, checked to belong to `user`."""
    assert "ChallengeName" not in out, f"expected tokens, got a challenge: {out!r}"
    ar = out.get("AuthenticationResult")
    assert ar and ar.get("AccessToken") and ar.get("IdToken") and ar.get("RefreshToken"), out
    assert ar["TokenType"] == "Bearer"
    assert jwt_claims(ar["AccessToken"])["sub"] == user.sub
    assert jwt_claims(ar["IdToken"])["sub"] == user.sub
    return ar


def challenge_of(out: dict, name: str) -> dict:
    assert out.get("ChallengeName") == name, f"expected the {name} challenge, got {out!r}"
    assert "AuthenticationResult" not in out, out
    assert isinstance(out.get("Session"), str) and out["Session"], out
    return out


def respond(cognito, user, name: str, session: str, **responses) -> dict:
    return cognito.respond_to_auth_challenge(
        ClientId=user.client_id, ChallengeName=name, Session=session,
        ChallengeResponses={"USERNAME": user.email, **responses})


def access_token(cognito, user) -> str:
    out = password_auth(cognito, user.client_id, user.email, user.password)
    return tokens_of(out, user)["AccessToken"]


def mfa_members(doc: dict) -> dict:
    return {k: doc[k] for k in MFA_KEYS if k in doc}


def enable_sms(cognito, user, preferred: bool = True) -> None:
    cognito.admin_set_user_mfa_preference(
        UserPoolId=user.pool_id, Username=user.email,
        SMSMfaSettings={"Enabled": True, "PreferredMfa": preferred})


def setup_totp(cognito, token: str) -> Authenticator:
    """AssociateSoftwareToken + VerifySoftwareToken with the access token → the authenticator."""
    secret = cognito.associate_software_token(AccessToken=token)["SecretCode"]
    app = Authenticator(secret)
    out = cognito.verify_software_token(AccessToken=token, UserCode=app.code(), FriendlyDeviceName="pytest")
    assert out["Status"] == "SUCCESS", out
    return app


# ============================================================================================
# fixtures
# ============================================================================================


@pytest.fixture
def totp_pool(cognito, seed_pool):
    """The seed-001 pool with software-token MFA switched on (SetUserPoolMfaConfig, as seed 002)."""
    enable_software_token(cognito, seed_pool["pool_id"])
    return seed_pool


@pytest.fixture
def phone_user(server, cognito, seed_pool):
    """A confirmed user with a (not yet verified) phone_number, signed up as in seed 001."""
    return sign_up_and_confirm(server, cognito, seed_pool, phone_number=new_phone())


@pytest.fixture
def sms_user(cognito, phone_user):
    """phone_user with SMS MFA enabled and preferred."""
    enable_sms(cognito, phone_user)
    return phone_user


def phone_of(cognito, user) -> str:
    got = cognito.admin_get_user(UserPoolId=user.pool_id, Username=user.email)
    return attrs_dict(got["UserAttributes"])["phone_number"]


# ============================================================================================
# Preferences and GetUser / AdminGetUser
# ============================================================================================


def test_get_user_without_mfa_omits_mfa_members(cognito, phone_user):
    token = access_token(cognito, phone_user)
    assert mfa_members(cognito.get_user(AccessToken=token)) == {}
    assert mfa_members(cognito.admin_get_user(UserPoolId=phone_user.pool_id, Username=phone_user.email)) == {}


def test_set_user_mfa_preference_sms(cognito, phone_user):
    token = access_token(cognito, phone_user)
    cognito.set_user_mfa_preference(AccessToken=token, SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    expected = {"UserMFASettingList": ["SMS_MFA"], "PreferredMfaSetting": "SMS_MFA", "MFAOptions": SMS_OPTION}
    assert mfa_members(cognito.get_user(AccessToken=token)) == expected
    assert mfa_members(cognito.admin_get_user(UserPoolId=phone_user.pool_id, Username=phone_user.email)) == expected


def test_admin_set_user_mfa_preference_sms_enabled_not_preferred(server, cognito, phone_user):
    enable_sms(cognito, phone_user, preferred=False)
    got = cognito.admin_get_user(UserPoolId=phone_user.pool_id, Username=phone_user.email)
    assert got.get("UserMFASettingList") == ["SMS_MFA"], got
    assert got.get("MFAOptions") == SMS_OPTION, got
    assert "PreferredMfaSetting" not in got, got
    # the only enabled factor is used without being preferred
    out = password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password)
    phone = phone_of(cognito, phone_user)
    assert_sms_challenge(out, phone)
    code = sms_mfa_message(server.sms, phone).code
    tokens_of(respond(cognito, phone_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code), phone_user)


def test_sms_mfa_without_phone_number_is_refused(server, cognito, seed_pool):
    user = sign_up_and_confirm(server, cognito, seed_pool)  # no phone_number
    token = access_token(cognito, user)
    e = error_of(cognito.set_user_mfa_preference, AccessToken=token,
                 SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert_code(e, "InvalidParameterException")
    e = error_of(cognito.admin_set_user_mfa_preference, UserPoolId=user.pool_id, Username=user.email,
                 SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert_code(e, "InvalidParameterException")
    assert mfa_members(cognito.get_user(AccessToken=token)) == {}


def test_software_token_preference_needs_verified_token(cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    e = error_of(cognito.set_user_mfa_preference, AccessToken=token,
                 SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert_code(e, "InvalidParameterException")
    assert "User has not verified software token mfa" in msg_of(e)
    # associated but not verified is still not enough
    cognito.associate_software_token(AccessToken=token)
    e = error_of(cognito.admin_set_user_mfa_preference, UserPoolId=phone_user.pool_id, Username=phone_user.email,
                 SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert_code(e, "InvalidParameterException")
    assert mfa_members(cognito.get_user(AccessToken=token)) == {}


def test_preferring_one_factor_clears_the_other(cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    setup_totp(cognito, token)
    cognito.set_user_mfa_preference(AccessToken=token, SMSMfaSettings={"Enabled": True, "PreferredMfa": True},
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": False})
    got = cognito.get_user(AccessToken=token)
    assert sorted(got["UserMFASettingList"]) == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], got
    assert got["PreferredMfaSetting"] == "SMS_MFA"
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    got = cognito.get_user(AccessToken=token)
    assert got["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA", got
    assert sorted(got["UserMFASettingList"]) == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], "omitted member = unchanged"
    # disabling the preferred factor clears the preference
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": False})
    got = cognito.get_user(AccessToken=token)
    assert got.get("UserMFASettingList") == ["SMS_MFA"], got
    assert got.get("PreferredMfaSetting") in (None, "SMS_MFA"), got


# ============================================================================================
# AssociateSoftwareToken / VerifySoftwareToken
# ============================================================================================


def test_associate_and_verify_software_token(cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    out = cognito.associate_software_token(AccessToken=token)
    secret = out["SecretCode"]
    assert BASE32_RE.match(secret) and len(secret) >= 16, out
    assert not out.get("Session"), "no Session when called with an access token"

    e = error_of(cognito.verify_software_token, AccessToken=token, UserCode=wrong_totp(secret),
                 FriendlyDeviceName="phone")
    assert_code(e, "EnableSoftwareTokenMFAException")

    app = Authenticator(secret)
    out = cognito.verify_software_token(AccessToken=token, UserCode=app.code(), FriendlyDeviceName="phone")
    assert out["Status"] == "SUCCESS", out

    # verified: now it can be enabled
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    got = cognito.get_user(AccessToken=token)
    assert got.get("UserMFASettingList") == ["SOFTWARE_TOKEN_MFA"], got
    assert got.get("PreferredMfaSetting") == "SOFTWARE_TOKEN_MFA", got
    assert "MFAOptions" not in got, "MFAOptions is the legacy SMS setting only"


def test_software_token_mfa_not_enabled_for_pool(cognito, seed_pool, phone_user):
    out = enable_software_token(cognito, seed_pool["pool_id"], totp_enabled=False)
    assert out["SoftwareTokenMfaConfiguration"] == {"Enabled": False}, out
    token = access_token(cognito, phone_user)
    e = error_of(cognito.associate_software_token, AccessToken=token)
    assert_code(e, "SoftwareTokenMFANotFoundException")
    e = error_of(cognito.verify_software_token, AccessToken=token, UserCode="123456")
    assert_code(e, "SoftwareTokenMFANotFoundException")


# ============================================================================================
# SMS_MFA
# ============================================================================================


def assert_sms_challenge(out: dict, phone: str) -> dict:
    challenge_of(out, "SMS_MFA")
    p = out["ChallengeParameters"]
    assert p.get("CODE_DELIVERY_DELIVERY_MEDIUM") == "SMS", p
    assert p.get("CODE_DELIVERY_DESTINATION") == mask_phone(phone), p
    return p


def assert_mfa_sms(server, phone: str, pool_id: str) -> str:
    """The MFA SMS: the pool's SmsAuthenticationMessage with the code, purpose "mfa"."""
    m = sms_mfa_message(server.sms, phone)
    assert m.body == f"Your MFA code is {m.code}", m
    assert m.purpose == "mfa", m
    assert m.user_pool_id == pool_id, m
    return m.code


def test_sms_mfa_user_password_auth(server, cognito, sms_user):
    phone = phone_of(cognito, sms_user)
    out = password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password)
    assert_sms_challenge(out, phone)
    code = assert_mfa_sms(server, phone, sms_user.pool_id)

    before = attrs_dict(cognito.admin_get_user(UserPoolId=sms_user.pool_id, Username=sms_user.email)["UserAttributes"])
    assert before.get("phone_number_verified") != "true"

    done = respond(cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code)
    ar = tokens_of(done, sms_user)
    assert jwt_claims(ar["AccessToken"])["client_id"] == sms_user.client_id
    after = attrs_dict(cognito.admin_get_user(UserPoolId=sms_user.pool_id, Username=sms_user.email)["UserAttributes"])
    assert after.get("phone_number_verified") == "true", "a successful SMS MFA verifies the phone number"
    assert cognito.get_user(AccessToken=ar["AccessToken"])["PreferredMfaSetting"] == "SMS_MFA"


def test_sms_mfa_wrong_code_then_right_code_then_no_replay(server, cognito, sms_user):
    phone = phone_of(cognito, sms_user)
    out = password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password)
    assert_sms_challenge(out, phone)
    code = sms_mfa_message(server.sms, phone).code

    e = error_of(respond, cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=wrong_code(code))
    assert_code(e, "CodeMismatchException")
    # a wrong code does not consume the session
    done = respond(cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code)
    tokens_of(done, sms_user)
    # the session is spent once it produced tokens
    e = error_of(respond, cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code)
    assert_code(e, "NotAuthorizedException")


def test_sms_mfa_code_of_another_session_is_refused(server, cognito, sms_user):
    phone = phone_of(cognito, sms_user)
    first = password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password)
    first_code = sms_mfa_message(server.sms, phone).code
    second = password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password)
    second_code = sms_mfa_message(server.sms, phone).code
    if first_code != second_code:
        e = error_of(respond, cognito, sms_user, "SMS_MFA", second["Session"], SMS_MFA_CODE=first_code)
        assert_code(e, "CodeMismatchException")
    tokens_of(respond(cognito, sms_user, "SMS_MFA", second["Session"], SMS_MFA_CODE=second_code), sms_user)
    assert first["Session"] != second["Session"]


def test_sms_mfa_wrong_codes_are_bounded(server, cognito, sms_user):
    """Brute force on one challenge ends within 10 wrong codes: the session dies or the user is
    locked (AWS: exponential lockout after 5 failed MFA attempts)."""
    phone = phone_of(cognito, sms_user)
    out = password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password)
    assert_sms_challenge(out, phone)
    code = sms_mfa_message(server.sms, phone).code
    answers = []
    for i in range(10):
        e = error_of(respond, cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=wrong_code(code))
        answers.append(f"{e.response['Error']['Code']}: {msg_of(e)}")
        assert_code(e, "CodeMismatchException", "NotAuthorizedException")
    try:
        late = respond(cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code)
    except Exception as e:  # noqa: BLE001 - any refusal is the bound we want
        from botocore.exceptions import ClientError
        assert isinstance(e, ClientError), e
        assert_code(e, "NotAuthorizedException", "CodeMismatchException", "ExpiredCodeException")
        print(f"answers to 10 wrong codes: {answers}; then the right code: {code_of(e)}: {msg_of(e)}")
        return
    pytest.fail(f"the right code still worked after 10 wrong ones (no attempt bound): {late!r}\n"
                f"answers to the wrong codes: {answers}")


def test_sms_mfa_with_srp(server, cognito, sms_user):
    from test_srp_clients import Srp

    phone = phone_of(cognito, sms_user)
    s = Srp(cognito, sms_user.pool_id, sms_user.client_id, sms_user.email, sms_user.password)
    s.initiate()
    out = s.respond(session=True)
    p = assert_sms_challenge(out, phone)
    code = assert_mfa_sms(server, phone, sms_user.pool_id)
    # SRP clients answer with the internal username (USER_ID_FOR_SRP = the sub here)
    done = cognito.respond_to_auth_challenge(
        ClientId=sms_user.client_id, ChallengeName="SMS_MFA", Session=out["Session"],
        ChallengeResponses={"USERNAME": s.params["USER_ID_FOR_SRP"], "SMS_MFA_CODE": code})
    tokens_of(done, sms_user)
    assert p.get("USER_ID_FOR_SRP", sms_user.sub) == sms_user.sub


def test_admin_initiate_auth_sms_mfa(server, cognito, sms_user):
    client = create_client(cognito, sms_user.pool_id, ClientName="admin-flow",
                           ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    phone = phone_of(cognito, sms_user)
    out = cognito.admin_initiate_auth(
        UserPoolId=sms_user.pool_id, ClientId=client["ClientId"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": sms_user.email, "PASSWORD": sms_user.password})
    assert_sms_challenge(out, phone)
    code = assert_mfa_sms(server, phone, sms_user.pool_id)
    e = error_of(cognito.admin_respond_to_auth_challenge, UserPoolId=sms_user.pool_id, ClientId=client["ClientId"],
                 ChallengeName="SMS_MFA", Session=out["Session"],
                 ChallengeResponses={"USERNAME": sms_user.email, "SMS_MFA_CODE": wrong_code(code)})
    assert_code(e, "CodeMismatchException")
    done = cognito.admin_respond_to_auth_challenge(
        UserPoolId=sms_user.pool_id, ClientId=client["ClientId"], ChallengeName="SMS_MFA", Session=out["Session"],
        ChallengeResponses={"USERNAME": sms_user.email, "SMS_MFA_CODE": code})
    ar = tokens_of(done, sms_user)
    assert jwt_claims(ar["AccessToken"])["client_id"] == client["ClientId"]


# ============================================================================================
# SOFTWARE_TOKEN_MFA
# ============================================================================================


def test_software_token_mfa_sign_in(cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    app = setup_totp(cognito, token)
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})

    out = challenge_of(password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password),
                       "SOFTWARE_TOKEN_MFA")
    e = error_of(respond, cognito, phone_user, "SOFTWARE_TOKEN_MFA", out["Session"],
                 SOFTWARE_TOKEN_MFA_CODE=wrong_totp(app.secret))
    assert_code(e, "CodeMismatchException")
    code = app.code()
    tokens_of(respond(cognito, phone_user, "SOFTWARE_TOKEN_MFA", out["Session"], SOFTWARE_TOKEN_MFA_CODE=code),
              phone_user)

    # the same code again, in its time step: refused as Cognito does
    again = challenge_of(password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password),
                         "SOFTWARE_TOKEN_MFA")
    e = error_of(respond, cognito, phone_user, "SOFTWARE_TOKEN_MFA", again["Session"], SOFTWARE_TOKEN_MFA_CODE=code)
    assert_code(e, "ExpiredCodeException")
    assert e.response["Error"]["Message"] == "Your software token has already been used once."
    # a code of an unused step works on that same session
    tokens_of(respond(cognito, phone_user, "SOFTWARE_TOKEN_MFA", again["Session"],
                      SOFTWARE_TOKEN_MFA_CODE=app.code()), phone_user)


def test_software_token_code_used_for_verification_cannot_sign_in(cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    app = setup_totp(cognito, token)
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    out = challenge_of(password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password),
                       "SOFTWARE_TOKEN_MFA")
    e = error_of(respond, cognito, phone_user, "SOFTWARE_TOKEN_MFA", out["Session"],
                 SOFTWARE_TOKEN_MFA_CODE=app.last_code())
    assert_code(e, "ExpiredCodeException")


# ============================================================================================
# SELECT_MFA_TYPE
# ============================================================================================


def test_select_mfa_type(server, cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    app = setup_totp(cognito, token)
    cognito.set_user_mfa_preference(AccessToken=token, SMSMfaSettings={"Enabled": True, "PreferredMfa": False},
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": False})
    got = cognito.get_user(AccessToken=token)
    assert sorted(got.get("UserMFASettingList", [])) == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], got
    assert "PreferredMfaSetting" not in got, got
    phone = phone_of(cognito, phone_user)

    # choose the authenticator
    out = challenge_of(password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password),
                       "SELECT_MFA_TYPE")
    raw = out["ChallengeParameters"].get("MFAS_CAN_CHOOSE")
    assert isinstance(raw, str), out
    assert sorted(json.loads(raw)) == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], raw
    assert raw == '["SMS_MFA","SOFTWARE_TOKEN_MFA"]', f"compact JSON string expected, got {raw!r}"
    server.sms.assert_nothing_sent_to(phone)
    nxt = challenge_of(respond(cognito, phone_user, "SELECT_MFA_TYPE", out["Session"], ANSWER="SOFTWARE_TOKEN_MFA"),
                       "SOFTWARE_TOKEN_MFA")
    assert nxt["Session"] != out["Session"]
    tokens_of(respond(cognito, phone_user, "SOFTWARE_TOKEN_MFA", nxt["Session"], SOFTWARE_TOKEN_MFA_CODE=app.code()),
              phone_user)
    server.sms.assert_nothing_sent_to(phone)

    # choose SMS: the code goes out only now
    out = challenge_of(password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password),
                       "SELECT_MFA_TYPE")
    time.sleep(0.5)
    server.sms.assert_nothing_sent_to(phone)
    nxt = respond(cognito, phone_user, "SELECT_MFA_TYPE", out["Session"], ANSWER="SMS_MFA")
    assert_sms_challenge(nxt, phone)
    code = assert_mfa_sms(server, phone, phone_user.pool_id)
    tokens_of(respond(cognito, phone_user, "SMS_MFA", nxt["Session"], SMS_MFA_CODE=code), phone_user)


# ============================================================================================
# MFA_SETUP (pool MFA ON)
# ============================================================================================


@pytest.fixture
def mfa_on_pool(cognito):
    pool_id = create_pool(cognito, PoolName="mfa-required", MfaConfiguration="ON")
    out = enable_software_token(cognito, pool_id, mfa="ON")
    assert out["MfaConfiguration"] == "ON", out
    client = create_client(cognito, pool_id)
    yield {"pool_id": pool_id, "client_id": client["ClientId"]}
    try:
        cognito.delete_user_pool(UserPoolId=pool_id)
    except Exception:
        pass


def test_mfa_on_pool_mfa_setup_with_software_token(cognito, mfa_on_pool):
    user = admin_create_confirmed_user(cognito, mfa_on_pool)  # no phone_number, no factor
    out = challenge_of(password_auth(cognito, user.client_id, user.email, user.password), "MFA_SETUP")
    can = json.loads(out["ChallengeParameters"]["MFAS_CAN_SETUP"])
    assert "SOFTWARE_TOKEN_MFA" in can, out

    assoc = cognito.associate_software_token(Session=out["Session"])
    secret = assoc["SecretCode"]
    assert BASE32_RE.match(secret) and len(secret) >= 16, assoc
    assert assoc.get("Session"), f"AssociateSoftwareToken(Session) returns a Session: {assoc!r}"
    app = Authenticator(secret)
    ver = cognito.verify_software_token(Session=assoc["Session"], UserCode=app.code(), FriendlyDeviceName="setup")
    assert ver["Status"] == "SUCCESS", ver
    assert ver.get("Session"), f"VerifySoftwareToken(Session) returns a Session: {ver!r}"
    done = respond(cognito, user, "MFA_SETUP", ver["Session"])
    ar = tokens_of(done, user)
    assert "SOFTWARE_TOKEN_MFA" in cognito.get_user(AccessToken=ar["AccessToken"]).get("UserMFASettingList", [])

    nxt = challenge_of(password_auth(cognito, user.client_id, user.email, user.password), "SOFTWARE_TOKEN_MFA")
    tokens_of(respond(cognito, user, "SOFTWARE_TOKEN_MFA", nxt["Session"], SOFTWARE_TOKEN_MFA_CODE=app.code()), user)


def test_mfa_on_pool_mfa_setup_wrong_code(cognito, mfa_on_pool):
    user = admin_create_confirmed_user(cognito, mfa_on_pool)
    out = challenge_of(password_auth(cognito, user.client_id, user.email, user.password), "MFA_SETUP")
    assoc = cognito.associate_software_token(Session=out["Session"])
    e = error_of(cognito.verify_software_token, Session=assoc["Session"], UserCode=wrong_totp(assoc["SecretCode"]))
    assert_code(e, "EnableSoftwareTokenMFAException", "CodeMismatchException")
    # MFA_SETUP cannot be completed without a verified token
    e = error_of(respond, cognito, user, "MFA_SETUP", assoc["Session"])
    assert_code(e, "InvalidParameterException", "NotAuthorizedException", "MFAMethodNotFoundException",
                "SoftwareTokenMFANotFoundException", "CodeMismatchException")


def test_mfa_on_sms_only_pool_user_without_phone(server, cognito):
    """MFA ON with SMS as the only factor: a user without a phone number gets MFA_SETUP offering
    SMS_MFA, which cannot be completed in the challenge; once a phone number is on the account,
    the next sign-in is an SMS_MFA challenge to it."""
    pool_id = create_pool(cognito, PoolName="sms-required", MfaConfiguration="ON")
    pool = {"pool_id": pool_id, "client_id": create_client(cognito, pool_id)["ClientId"]}
    user = admin_create_confirmed_user(cognito, pool)
    out = challenge_of(password_auth(cognito, user.client_id, user.email, user.password), "MFA_SETUP")
    assert json.loads(out["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SMS_MFA"], out
    e = error_of(respond, cognito, user, "MFA_SETUP", out["Session"])
    assert_code(e, "InvalidParameterException")

    phone = new_phone()
    cognito.admin_update_user_attributes(UserPoolId=pool_id, Username=user.email,
                                         UserAttributes=[{"Name": "phone_number", "Value": phone}])
    ch = challenge_of(password_auth(cognito, user.client_id, user.email, user.password), "SMS_MFA")
    assert ch["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == mask_phone(phone), ch
    done = respond(cognito, user, "SMS_MFA", ch["Session"], SMS_MFA_CODE=server.sms.wait_for_code(phone))
    tokens_of(done, user)


def test_get_user_pool_mfa_config_after_set(cognito, seed_pool):
    out = enable_software_token(cognito, seed_pool["pool_id"])
    got = cognito.get_user_pool_mfa_config(UserPoolId=seed_pool["pool_id"])
    for doc in (out, got):
        assert doc["MfaConfiguration"] == "OPTIONAL", doc
        assert doc["SoftwareTokenMfaConfiguration"] == {"Enabled": True}, doc
        sms = doc["SmsMfaConfiguration"]
        assert sms["SmsAuthenticationMessage"] == SEED001_SMS_MFA_CONFIGURATION["SmsAuthenticationMessage"], doc
        for k, v in SEED001_SMS_MFA_CONFIGURATION["SmsConfiguration"].items():
            assert sms["SmsConfiguration"][k] == v, doc


# ============================================================================================
# OPTIONAL pool without a factor, and the admin reset (seed 002 resetUserMFA)
# ============================================================================================


def test_optional_pool_user_without_mfa_gets_tokens(server, cognito, phone_user):
    out = password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password)
    tokens_of(out, phone_user)
    assert out.get("ChallengeParameters") == {}, out
    time.sleep(0.3)
    server.sms.assert_nothing_sent_to(phone_of(cognito, phone_user))


def test_admin_reset_user_mfa(server, cognito, totp_pool, sms_user):
    token = access_token_via_sms(server, cognito, sms_user)
    setup_totp(cognito, token)
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenge_of(password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password), "SOFTWARE_TOKEN_MFA")

    # seed 002 resetUserMFA
    cognito.admin_set_user_mfa_preference(
        UserPoolId=sms_user.pool_id, Username=sms_user.email,
        SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
        SMSMfaSettings={"Enabled": False, "PreferredMfa": False})
    got = cognito.admin_get_user(UserPoolId=sms_user.pool_id, Username=sms_user.email)
    assert mfa_members(got) == {}, got
    tokens_of(password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password), sms_user)


def access_token_via_sms(server, cognito, user) -> str:
    phone = phone_of(cognito, user)
    out = password_auth(cognito, user.client_id, user.email, user.password)
    assert_sms_challenge(out, phone)
    code = sms_mfa_message(server.sms, phone).code
    return tokens_of(respond(cognito, user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code), user)["AccessToken"]


# ============================================================================================
# More edges
# ============================================================================================


def test_pool_mfa_config_needs_a_factor(cognito):
    """OPTIONAL/ON with neither SMS nor software-token MFA configured → InvalidParameterException."""
    bare = cognito.create_user_pool(PoolName="bare-pool")["UserPool"]["Id"]
    try:
        e = error_of(cognito.set_user_pool_mfa_config, UserPoolId=bare, MfaConfiguration="OPTIONAL",
                     SoftwareTokenMfaConfiguration={"Enabled": False})
        assert_code(e, "InvalidParameterException")
        assert msg_of(e) == ("At least one of [SmsMfaConfiguration] or "
                             "[SoftwareTokenMfaConfiguration] must be provided.")
        # Cognito's words for an SMS factor without its SMS configuration, and a bad mode.
        e = error_of(cognito.set_user_pool_mfa_config, UserPoolId=bare, MfaConfiguration="ON",
                     SmsMfaConfiguration={})
        assert msg_of(e) == "[SmsConfiguration] is a required member of [SoftwareTokenMfaConfiguration]."
        e = error_of(cognito.set_user_pool_mfa_config, UserPoolId=bare, MfaConfiguration="Maybe",
                     SoftwareTokenMfaConfiguration={"Enabled": True})
        assert msg_of(e) == "[MfaConfiguration] must be one of 'ON', 'OFF', or 'OPTIONAL'."
        assert cognito.get_user_pool_mfa_config(UserPoolId=bare)["MfaConfiguration"] == "OFF"
    finally:
        cognito.delete_user_pool(UserPoolId=bare)


def test_sms_mfa_with_client_secret_needs_secret_hash(server, cognito, sms_user):
    from helpers import secret_hash

    c = create_client(cognito, sms_user.pool_id, ClientName="with-secret", GenerateSecret=True)
    cid, csecret = c["ClientId"], c["ClientSecret"]
    sh = secret_hash(sms_user.email, cid, csecret)
    phone = phone_of(cognito, sms_user)
    out = cognito.initiate_auth(ClientId=cid, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": sms_user.email, "PASSWORD": sms_user.password, "SECRET_HASH": sh})
    assert_sms_challenge(out, phone)
    code = sms_mfa_message(server.sms, phone).code
    e = error_of(cognito.respond_to_auth_challenge, ClientId=cid, ChallengeName="SMS_MFA", Session=out["Session"],
                 ChallengeResponses={"USERNAME": sms_user.email, "SMS_MFA_CODE": code})
    assert_code(e, "NotAuthorizedException")
    done = cognito.respond_to_auth_challenge(
        ClientId=cid, ChallengeName="SMS_MFA", Session=out["Session"],
        ChallengeResponses={"USERNAME": sms_user.email, "SMS_MFA_CODE": code, "SECRET_HASH": sh})
    assert jwt_claims(tokens_of(done, sms_user)["AccessToken"])["client_id"] == cid


def test_refresh_after_mfa_sign_in_has_no_challenge(server, cognito, sms_user):
    from helpers import refresh

    phone = phone_of(cognito, sms_user)
    out = password_auth(cognito, sms_user.client_id, sms_user.email, sms_user.password)
    code = sms_mfa_message(server.sms, phone).code
    ar = tokens_of(respond(cognito, sms_user, "SMS_MFA", out["Session"], SMS_MFA_CODE=code), sms_user)
    again = refresh(cognito, sms_user.client_id, ar["RefreshToken"])
    assert "ChallengeName" not in again, again
    assert jwt_claims(again["AuthenticationResult"]["AccessToken"])["sub"] == sms_user.sub
    time.sleep(0.3)
    server.sms.assert_nothing_sent_to(phone)


def test_new_association_does_not_replace_verified_token_until_verified(cognito, totp_pool, phone_user):
    token = access_token(cognito, phone_user)
    app = setup_totp(cognito, token)
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    pending = Authenticator(cognito.associate_software_token(AccessToken=token)["SecretCode"])
    assert pending.secret != app.secret, "each AssociateSoftwareToken hands out a new secret"

    out = challenge_of(password_auth(cognito, phone_user.client_id, phone_user.email, phone_user.password),
                       "SOFTWARE_TOKEN_MFA")
    e = error_of(respond, cognito, phone_user, "SOFTWARE_TOKEN_MFA", out["Session"],
                 SOFTWARE_TOKEN_MFA_CODE=pending.code())
    assert_code(e, "CodeMismatchException")
    tokens_of(respond(cognito, phone_user, "SOFTWARE_TOKEN_MFA", out["Session"], SOFTWARE_TOKEN_MFA_CODE=app.code()),
              phone_user)
