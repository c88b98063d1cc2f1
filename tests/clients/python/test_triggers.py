"""A pool's Lambda triggers, called through the AWS Lambda Invoke API as Cognito calls them:
handlers written as for Lambda (`def handler(event, context)`) run in an Invoke-compatible
stand-in that Cognate reaches with `--lambda-endpoint-url`, signing each call with SigV4.
PreSignUp confirms, verifies or refuses; PostConfirmation runs once per confirmation;
PreTokenGeneration (versions 1 and 2) adds and suppresses claims and scopes and replaces the
groups; a handler that raises, hangs or answers nonsense gives Cognito's error. Both backends.
"""

from __future__ import annotations

import time
import uuid

import pytest

from helpers import (
    admin_create_confirmed_user,
    attrs_dict,
    attrs_list,
    call_error,
    create_client,
    create_pool,
    jwt_claims,
    make_client,
    new_email,
    new_password,
    refresh,
    sign_in,
)
from harness import make_aws_cli, run_node_test
from lambda_standin import LambdaStandIn


@pytest.fixture(scope="module")
def lambdas():
    standin = LambdaStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def cognate(server, server_factory, lambdas):
    """A server on this module's backend whose triggers reach the stand-in."""
    return server_factory(*lambdas.server_args(), backend=server.backend, env=lambdas.server_env())


def _pool(cognito, lambda_config: dict) -> dict:
    pool_id = create_pool(cognito, LambdaConfig=lambda_config)
    client_id = create_client(cognito, pool_id)["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def _sign_up(cognito, pool: dict, email: str, **extra) -> dict:
    return cognito.sign_up(
        ClientId=pool["client_id"], Username=email, Password=new_password(),
        UserAttributes=attrs_list({"email": email, "name": "Trigger Test"}), **extra,
    )


def test_pre_sign_up_confirms_verifies_and_refuses(cognate, lambdas):
    cognito = make_client(cognate.endpoint)

    def handler(event, context):
        email = event["request"]["userAttributes"]["email"]
        if email.endswith("@blocked.example"):
            raise Exception("Registration from this domain is not allowed.")
        if email.startswith("auto"):
            event["response"]["autoConfirmUser"] = True
            event["response"]["autoVerifyEmail"] = True
        return event

    name = _name("pre-sign-up")
    pool = _pool(cognito, {"PreSignUp": lambdas.add(name, handler)})

    auto = new_email("auto")
    out = _sign_up(cognito, pool, auto, ValidationData=[{"Name": "invite", "Value": "42"}],
                   ClientMetadata={"source": "test"})
    assert out["UserConfirmed"] is True
    assert "CodeDeliveryDetails" not in out
    user = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=auto)
    assert user["UserStatus"] == "CONFIRMED"
    assert attrs_dict(user["UserAttributes"])["email_verified"] == "true"
    assert cognate.smtp.messages_to(auto) == []

    event = lambdas.events(name)[-1]
    assert event["triggerSource"] == "PreSignUp_SignUp"
    assert event["userPoolId"] == pool["pool_id"]
    assert event["region"] == pool["pool_id"].split("_")[0]
    assert event["callerContext"]["clientId"] == pool["client_id"]
    assert event["request"]["validationData"] == {"invite": "42"}
    assert event["request"]["clientMetadata"] == {"source": "test"}
    assert event["request"]["userAttributes"]["email"] == auto

    plain = new_email("plain")
    out = _sign_up(cognito, pool, plain)
    assert out["UserConfirmed"] is False
    assert cognate.smtp.wait_for_code(plain)

    blocked = f"someone-{uuid.uuid4().hex[:6]}@blocked.example"
    e = call_error(_sign_up, cognito, pool, blocked)
    assert _error(e) == (
        "UserLambdaValidationException",
        "PreSignUp failed with error Registration from this domain is not allowed..",
    )
    e = call_error(cognito.admin_get_user, UserPoolId=pool["pool_id"], Username=blocked)
    assert _error(e)[0] == "UserNotFoundException"

    # AdminCreateUser runs it too, with its own source.
    e = call_error(cognito.admin_create_user, UserPoolId=pool["pool_id"], Username=blocked,
                   UserAttributes=attrs_list({"email": blocked, "name": "Blocked"}),
                   MessageAction="SUPPRESS")
    assert _error(e)[0] == "UserLambdaValidationException"
    assert lambdas.events(name)[-1]["triggerSource"] == "PreSignUp_AdminCreateUser"


def test_post_confirmation_runs_once_per_confirmation(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    name = _name("post-confirmation")
    pool = _pool(cognito, {"PostConfirmation": lambdas.add(name, lambda event, context: event)})
    email = new_email("confirm")
    sub = _sign_up(cognito, pool, email)["UserSub"]
    assert lambdas.events(name) == []
    code = cognate.smtp.wait_for_code(email)
    cognito.confirm_sign_up(ClientId=pool["client_id"], Username=email, ConfirmationCode=code,
                            ClientMetadata={"campaign": "winter"})
    events = lambdas.events(name)
    assert len(events) == 1
    event = events[0]
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert event["request"]["clientMetadata"] == {"campaign": "winter"}
    assert event["request"]["userAttributes"]["sub"] == sub
    assert event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert event["request"]["userAttributes"]["email_verified"] == "true"

    other = new_email("admin-confirm")
    _sign_up(cognito, pool, other)
    cognito.admin_confirm_sign_up(UserPoolId=pool["pool_id"], Username=other)
    assert len(lambdas.events(name)) == 2


def test_pre_token_generation_v1_changes_the_id_token(cognate, lambdas):
    cognito = make_client(cognate.endpoint)

    def handler(event, context):
        assert event["version"] == "1"
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"tenant": "acme", "sub": "not-allowed"},
            "claimsToSuppress": ["name"],
            "groupOverrideDetails": {"groupsToOverride": ["from-lambda"]},
        }
        return event

    name = _name("pre-token-v1")
    pool = _pool(cognito, {"PreTokenGeneration": lambdas.add(name, handler)})
    user = admin_create_confirmed_user(cognito, pool)
    tokens = sign_in(cognito, user)
    id_claims, access = jwt_claims(tokens["IdToken"]), jwt_claims(tokens["AccessToken"])
    assert id_claims["tenant"] == "acme"
    assert id_claims["sub"] == user.sub
    assert "name" not in id_claims
    assert id_claims["cognito:groups"] == ["from-lambda"]
    assert access["cognito:groups"] == ["from-lambda"]
    assert "tenant" not in access
    event = lambdas.events(name)[-1]
    assert event["triggerSource"] == "TokenGeneration_Authentication"
    assert event["request"]["groupConfiguration"]["groupsToOverride"] == []

    refresh(cognito, pool["client_id"], tokens["RefreshToken"])
    assert lambdas.events(name)[-1]["triggerSource"] == "TokenGeneration_RefreshTokens"


def test_pre_token_generation_v2_changes_both_tokens_and_scopes(cognate, lambdas, node_bin):
    cognito = make_client(cognate.endpoint)

    def handler(event, context):
        assert event["version"] == "2"
        assert event["request"]["scopes"] == ["aws.cognito.signin.user.admin"]
        assert event["request"]["groupConfiguration"]["groupsToOverride"] == ["staff"]
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "idTokenGeneration": {"claimsToAddOrOverride": {"plan": "gold"}},
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"tenant": "acme", "roles": ["reader", "writer"]},
                "scopesToAdd": ["orders/read"],
            },
            "groupOverrideDetails": {"groupsToOverride": ["staff", "beta"]},
        }
        return event

    name = _name("pre-token-v2")
    pool = _pool(cognito, {"PreTokenGenerationConfig": {
        "LambdaVersion": "V2_0", "LambdaArn": lambdas.add(name, handler)}})
    user = admin_create_confirmed_user(cognito, pool)
    cognito.create_group(GroupName="staff", UserPoolId=pool["pool_id"])
    cognito.admin_add_user_to_group(UserPoolId=pool["pool_id"], Username=user.email, GroupName="staff")
    tokens = sign_in(cognito, user)
    id_claims, access = jwt_claims(tokens["IdToken"]), jwt_claims(tokens["AccessToken"])
    assert id_claims["plan"] == "gold"
    assert "plan" not in access
    assert access["tenant"] == "acme"
    assert access["roles"] == ["reader", "writer"]
    assert access["scope"] == "aws.cognito.signin.user.admin orders/read"
    assert access["cognito:groups"] == ["staff", "beta"]
    # The access token still works for the user-pool API.
    assert cognito.get_user(AccessToken=tokens["AccessToken"])["Username"]
    # aws-jwt-verify's groups check accepts a group only the function added.
    proc = run_node_test(node_bin, "groups.test.mjs", {
        "COGNATE_ENDPOINT": cognate.endpoint, "POOL_ID": pool["pool_id"],
        "CLIENT_ID": pool["client_id"], "USERNAME": user.email, "PASSWORD": user.password,
        "GROUP": "beta",
    })
    assert proc.returncode == 0, f"node --test failed\n{proc.stdout}\n{proc.stderr}"


def test_failing_handlers_give_cognitos_errors(cognate, lambdas):
    cognito = make_client(cognate.endpoint)

    def slow(event, context):
        time.sleep(6)
        return event

    def nonsense(event, context):
        return "not an event"

    for handler, expected in [
        (slow, ("UnexpectedLambdaException",
                "PreSignUp failed with error Socket timeout while invoking Lambda function.")),
        (nonsense, ("InvalidLambdaResponseException", "Unrecognizable lambda output")),
    ]:
        pool = _pool(cognito, {"PreSignUp": lambdas.add(_name(handler.__name__), handler)})
        email = new_email("fail")
        e = call_error(_sign_up, cognito, pool, email)
        assert _error(e) == expected
        e = call_error(cognito.admin_get_user, UserPoolId=pool["pool_id"], Username=email)
        assert _error(e)[0] == "UserNotFoundException"

    # A function that does not exist.
    pool = _pool(cognito, {"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:missing"})
    e = call_error(_sign_up, cognito, pool, new_email("missing"))
    assert _error(e)[0] == "UnexpectedLambdaException"
    # Every call was signed with the server's credentials.
    assert all(i.signed for i in lambdas.invocations)


def test_custom_message_rewrites_emails_and_sms(cognate, lambdas):
    cognito = make_client(cognate.endpoint)

    def handler(event, context):
        source = event["triggerSource"]
        code = event["request"]["codeParameter"]
        if source == "CustomMessage_SignUp":
            event["response"]["emailSubject"] = "Welcome to Acme"
            event["response"]["emailMessage"] = f"Your Acme sign-up code is {code}."
        elif source == "CustomMessage_ForgotPassword":
            # Leaves out the code: the pool's own message goes instead.
            event["response"]["emailMessage"] = "Click somewhere."
        elif source == "CustomMessage_AdminCreateUser":
            user = event["request"]["usernameParameter"]
            event["response"]["emailMessage"] = f"Sign in to Acme as {user} with {code}."
        return event

    name = _name("custom-message")
    pool = _pool(cognito, {"CustomMessage": lambdas.add(name, handler)})
    email = new_email("custom")
    _sign_up(cognito, pool, email, ClientMetadata={"campaign": "winter"})
    message = cognate.smtp.wait_for_message(email)
    assert message.subject == "Welcome to Acme"
    assert message.body.strip().startswith("Your Acme sign-up code is ")
    assert message.code
    event = lambdas.events(name)[-1]
    assert event["triggerSource"] == "CustomMessage_SignUp"
    assert event["request"]["usernameParameter"] is None
    assert event["request"]["userAttributes"]["email"] == email
    assert message.code not in str(event["request"])  # the function never sees the code itself
    assert event["request"]["codeParameter"] == "{####}"
    assert event["request"]["clientMetadata"] == {"campaign": "winter"}

    code = message.code
    cognito.confirm_sign_up(ClientId=pool["client_id"], Username=email, ConfirmationCode=code)
    cognito.forgot_password(ClientId=pool["client_id"], Username=email,
                            ClientMetadata={"from": "reset-page"})
    reset = cognate.smtp.wait_for_message(email)
    assert "Click somewhere" not in reset.body
    assert reset.code
    event = lambdas.events(name)[-1]
    assert event["triggerSource"] == "CustomMessage_ForgotPassword"
    assert event["request"]["clientMetadata"] == {"from": "reset-page"}

    # The administrator's reset passes its ClientMetadata too; without any, the function gets {}.
    cognito.admin_reset_user_password(UserPoolId=pool["pool_id"], Username=email,
                                      ClientMetadata={"by": "helpdesk"})
    cognate.smtp.wait_for_message(email)
    assert lambdas.events(name)[-1]["request"]["clientMetadata"] == {"by": "helpdesk"}
    cognito.admin_reset_user_password(UserPoolId=pool["pool_id"], Username=email)
    cognate.smtp.wait_for_message(email)
    assert lambdas.events(name)[-1]["request"]["clientMetadata"] == {}

    invited = new_email("invited")
    cognito.admin_create_user(UserPoolId=pool["pool_id"], Username=invited,
                              UserAttributes=attrs_list({"email": invited, "name": "Invited"}))
    invitation = cognate.smtp.wait_for_message(invited)
    assert f"Sign in to Acme as {invited} with " in invitation.body
    assert lambdas.events(name)[-1]["triggerSource"] == "CustomMessage_AdminCreateUser"


def test_user_migration_moves_a_user_with_their_password(cognate, lambdas):
    """The handler checks the password against another pool standing in for the Cognito pool a
    team leaves (AdminInitiateAuth), as the README's handler does, and returns the attributes."""
    cognito = make_client(cognate.endpoint)
    old_pool = create_pool(cognito)
    old_client = create_client(cognito, old_pool, ExplicitAuthFlows=[
        "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["ClientId"]
    old = admin_create_confirmed_user(cognito, {"pool_id": old_pool, "client_id": old_client},
                                      name="Old Timer")

    def migrate(event, context):
        source = event["triggerSource"]
        username = event["userName"]
        if source == "UserMigration_Authentication":
            # Raises NotAuthorizedException for a wrong password: the user stays unknown.
            cognito.admin_initiate_auth(
                UserPoolId=old_pool, ClientId=old_client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": event["request"]["password"]})
        found = cognito.admin_get_user(UserPoolId=old_pool, Username=username)
        attributes = {a["Name"]: a["Value"] for a in found["UserAttributes"] if a["Name"] != "sub"}
        event["response"]["userAttributes"] = attributes
        event["response"]["finalUserStatus"] = (
            "CONFIRMED" if source == "UserMigration_Authentication" else "RESET_REQUIRED")
        event["response"]["messageAction"] = "SUPPRESS"
        return event

    name = _name("migrate")
    pool = _pool(cognito, {"UserMigration": lambdas.add(name, migrate)})

    # A wrong password migrates nobody and looks like any failed sign-in.
    e = call_error(cognito.initiate_auth, ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                   AuthParameters={"USERNAME": old.email, "PASSWORD": "Wrong-Pass-123"})
    assert _error(e) == ("NotAuthorizedException", "Incorrect username or password.")
    e = call_error(cognito.admin_get_user, UserPoolId=pool["pool_id"], Username=old.email)
    assert _error(e)[0] == "UserNotFoundException"

    tokens = sign_in(cognito, old, client_id=pool["client_id"])
    moved = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=old.email)
    assert moved["UserStatus"] == "CONFIRMED"
    attrs = attrs_dict(moved["UserAttributes"])
    assert attrs["name"] == "Old Timer"
    assert attrs["email_verified"] == "true"
    assert jwt_claims(tokens["IdToken"])["email"] == old.email
    event = lambdas.events(name)[-1]
    assert event["triggerSource"] == "UserMigration_Authentication"
    assert event["callerContext"]["clientId"] == pool["client_id"]
    # Migrated once: the next sign-in is an ordinary one.
    sign_in(cognito, old, client_id=pool["client_id"])
    assert len([e for e in lambdas.events(name) if e["request"].get("password")]) == 2

    # A password reset of a user not yet moved brings them in RESET_REQUIRED with a code.
    other = admin_create_confirmed_user(cognito, {"pool_id": old_pool, "client_id": old_client})
    cognito.forgot_password(ClientId=pool["client_id"], Username=other.email)
    assert lambdas.events(name)[-1]["triggerSource"] == "UserMigration_ForgotPassword"
    moved = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=other.email)
    assert moved["UserStatus"] == "RESET_REQUIRED"
    code = cognate.smtp.wait_for_code(other.email)
    cognito.confirm_forgot_password(ClientId=pool["client_id"], Username=other.email,
                                    ConfirmationCode=code, Password="New-Pass-456")
    other.password = "New-Pass-456"
    assert sign_in(cognito, other, client_id=pool["client_id"])["AccessToken"]


def test_user_migration_response_members(cognate, lambdas):
    """`enableSMSMFA` turns SMS MFA on for a user with a phone number; a migration that asks for
    it without one, or answers a `messageAction` or delivery medium Cognito does not know, fails
    with InvalidLambdaResponseException and brings nobody in."""
    cognito = make_client(cognate.endpoint)

    def migrate(event, context):
        username = event["userName"]
        attributes = {"email": username, "email_verified": "true", "name": "Moved"}
        response = event["response"]
        response.update(finalUserStatus="CONFIRMED", messageAction="SUPPRESS",
                        desiredDeliveryMediums=["EMAIL"], forceAliasCreation=False)
        if username.startswith("sms"):
            attributes["phone_number"] = "+15555550123"
            response["enableSMSMFA"] = True
        elif username.startswith("nophone"):
            response["enableSMSMFA"] = True
        elif username.startswith("shout"):
            response["messageAction"] = "SHOUT"
        elif username.startswith("pigeon"):
            response["desiredDeliveryMediums"] = ["PIGEON"]
        response["userAttributes"] = attributes
        return event

    pool = _pool(cognito, {"UserMigration": lambdas.add(_name("migrate-members"), migrate)})

    def first_sign_in(prefix: str):
        return cognito.initiate_auth(
            ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": new_email(prefix), "PASSWORD": new_password()})

    # The pool's MFA is optional: the migrated user's SMS factor is asked for at once.
    answer = first_sign_in("sms")
    assert answer["ChallengeName"] == "SMS_MFA"
    username = answer["ChallengeParameters"]["USER_ID_FOR_SRP"]
    moved = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)
    assert moved["UserMFASettingList"] == ["SMS_MFA"]
    assert attrs_dict(moved["UserAttributes"])["phone_number"] == "+15555550123"

    for prefix in ("nophone", "shout", "pigeon"):
        e = call_error(first_sign_in, prefix)
        assert _error(e) == ("InvalidLambdaResponseException", "Unrecognizable lambda output")
    users = cognito.list_users(UserPoolId=pool["pool_id"])["Users"]
    assert [u["Username"] for u in users] == [username]


def test_pre_and_post_authentication(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    blocked_email = new_email("blocked")

    def pre(event, context):
        if event["request"]["userAttributes"].get("email") == blocked_email:
            raise Exception("This account is suspended")
        return event

    post_calls = []

    def post(event, context):
        post_calls.append(event)
        if event["request"]["userAttributes"].get("name") == "Refuse After":
            raise Exception("Not today")
        return event

    pre_name, post_name = _name("pre-auth"), _name("post-auth")
    pool = _pool(cognito, {"PreAuthentication": lambdas.add(pre_name, pre),
                           "PostAuthentication": lambdas.add(post_name, post)})
    ok = admin_create_confirmed_user(cognito, pool)
    blocked = admin_create_confirmed_user(cognito, pool, email_addr=blocked_email)
    refused_after = admin_create_confirmed_user(cognito, pool, name="Refuse After")

    tokens = sign_in(cognito, ok)
    assert tokens["AccessToken"]
    pre_event = lambdas.events(pre_name)[-1]
    assert pre_event["triggerSource"] == "PreAuthentication_Authentication"
    assert pre_event["request"]["userNotFound"] is False
    post_event = post_calls[-1]
    assert post_event["triggerSource"] == "PostAuthentication_Authentication"
    assert post_event["request"]["userAttributes"]["sub"] == ok.sub
    assert post_event["request"]["newDeviceUsed"] is False

    e = call_error(sign_in, cognito, blocked)
    assert _error(e) == ("UserLambdaValidationException",
                         "PreAuthentication failed with error This account is suspended.")
    # Refused before the password was looked at: a wrong password gets the same answer.
    e = call_error(cognito.initiate_auth, ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                   AuthParameters={"USERNAME": blocked.email, "PASSWORD": "Wrong-Pass-1"})
    assert _error(e)[0] == "UserLambdaValidationException"

    e = call_error(sign_in, cognito, refused_after)
    assert _error(e) == ("UserLambdaValidationException",
                         "PostAuthentication failed with error Not today.")

    # An unknown user reaches PreAuthentication only as userNotFound, where the client hides
    # which users exist (the seed client does), and still gets the ordinary answer.
    e = call_error(cognito.initiate_auth, ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                   AuthParameters={"USERNAME": new_email("nobody"), "PASSWORD": "Any-Pass-123"})
    assert _error(e) == ("NotAuthorizedException", "Incorrect username or password.")
    assert lambdas.events(pre_name)[-1]["request"]["userNotFound"] is True
    # Refreshing a session does not sign in again.
    before = len(post_calls)
    refresh(cognito, pool["client_id"], tokens["RefreshToken"])
    assert len(post_calls) == before


def test_triggers_through_the_aws_cli(cognate, lambdas, tmp_path):
    """LambdaConfig set, read back and changed with the AWS CLI; the functions it names run for
    the CLI's own sign-up and ClientMetadata."""
    aws_cli = make_aws_cli(cognate.endpoint, tmp_path / "aws")

    def confirm(event, context):
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
        return event

    def refuse(event, context):
        raise Exception(f"sign-ups are closed for {event['request']['clientMetadata']['team']}")

    confirm_arn = lambdas.add(_name("cli-confirm"), confirm)
    refuse_arn = lambdas.add(_name("cli-refuse"), refuse)
    pool = aws_cli(f"cognito-idp create-user-pool --pool-name {_name('cli-triggers')} "
                   f"--username-attributes email --lambda-config PreSignUp={confirm_arn}")["UserPool"]
    assert pool["LambdaConfig"] == {"PreSignUp": confirm_arn}
    pool_id = pool["Id"]
    client_id = aws_cli(f"cognito-idp create-user-pool-client --user-pool-id {pool_id} "
                        "--client-name cli")["UserPoolClient"]["ClientId"]
    email = new_email("cli-trigger")
    signed_up = aws_cli(f"cognito-idp sign-up --client-id {client_id} --username {email} "
                        f"--password {new_password()} --user-attributes Name=email,Value={email}")
    assert signed_up["UserConfirmed"] is True

    aws_cli(f"cognito-idp update-user-pool --user-pool-id {pool_id} "
            f"--lambda-config PreSignUp={refuse_arn}")
    described = aws_cli(f"cognito-idp describe-user-pool --user-pool-id {pool_id}")["UserPool"]
    assert described["LambdaConfig"] == {"PreSignUp": refuse_arn}
    refused = aws_cli(f"cognito-idp sign-up --client-id {client_id} --username {new_email('no')} "
                      f"--password {new_password()} --client-metadata team=blue", check=False)
    assert not refused.ok
    assert "UserLambdaValidationException" in refused.stderr
    assert "PreSignUp failed with error sign-ups are closed for blue." in refused.stderr

    bad = aws_cli(f"cognito-idp update-user-pool --user-pool-id {pool_id} "
                  "--lambda-config PreSignUp=this-is-not-an-arn-at-all", check=False)
    assert not bad.ok
    assert "InvalidParameterException" in bad.stderr
